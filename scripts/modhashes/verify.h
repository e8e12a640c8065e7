/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "verify": its records and their reports (report.c).
 */
#ifndef MODHASHES_VERIFY_H
#define MODHASHES_VERIFY_H

#include "inspect.h"
#include "modlist.h"

/*
 * The tool's own verdicts, after the kernel's (include/linux/module_hashes.h):
 * a file that is no module at all (empty, not ELF, not ET_REL), which the
 * kernel refuses before it looks for a proof; and with --allow-signed, a
 * PKCS#7-signed module, which only the kernel's keyring can check.
 */
#define VERDICT_NOT_MODULE	(MODULE_HASHES_TAMPERED + 1)
#define VERDICT_SIGNED		(MODULE_HASHES_TAMPERED + 2)
#define VERDICT_COUNT		(VERDICT_SIGNED + 1)

/**
 * struct verify_rec - what checking one module found
 * @ref: the module
 * @in: its trailer and verdict
 * @verdict: the kernel's verdict, VERDICT_NOT_MODULE or VERDICT_SIGNED
 * @err: why it could not be checked, or NULL
 */
struct verify_rec {
	const struct module_ref *ref;
	struct inspection in;
	int verdict;
	char *err;
};

void report_text(const struct verify_rec *r, const struct module_hashes_root *trusted);
void report_json(const struct verify_rec *r);
void report_summary(const size_t *count, bool signed_too, size_t errors);

#endif /* MODHASHES_VERIFY_H */
