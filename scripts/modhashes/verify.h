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
 * PKCS#7-signed module outside the tree's list, which only the kernel's
 * keyring can check.
 */
#define VERDICT_NOT_MODULE	(MODULE_HASHES_TAMPERED + 1)
#define VERDICT_SIGNED		(MODULE_HASHES_TAMPERED + 2)
#define VERDICT_COUNT		(VERDICT_SIGNED + 1)

/**
 * struct verify_rec - what checking one module found
 * @ref: the module
 * @in: its trailer and verdict
 * @verdict: the kernel's verdict, VERDICT_NOT_MODULE or VERDICT_SIGNED
 * @signed_refused: a PKCS#7 signature --allow-signed did not admit, since
 *	the module is (or may be) one of the tree's own
 * @err: why it could not be checked, or NULL
 */
struct verify_rec {
	const struct module_ref *ref;
	struct inspection in;
	int verdict;
	bool signed_refused;
	char *err;
};

void report_text(const struct verify_rec *r, const struct module_hashes_root *trusted);
void report_json(const struct verify_rec *r);
void report_summary(const size_t *count, bool signed_too, size_t errors);

/*
 * Errors with the same reason are printed ERRORS_SHOWN times, then
 * counted: one wrong flag or one missing library must not bury the answer
 * under a line per module.  Only the first REASONS_KEPT reasons are
 * counted; reasons that name a file differ anyway.
 */
#define ERRORS_SHOWN	20
#define REASONS_KEPT	64

/**
 * struct error_cap - how often each reason was reported
 * @reason: the reasons seen, the first REASONS_KEPT
 * @count: how many errors gave each
 * @n: how many reasons
 */
struct error_cap {
	const char *reason[REASONS_KEPT];
	size_t count[REASONS_KEPT];
	size_t n;
};

void report_error(struct error_cap *cap, const struct verify_rec *r);
void report_errors_not_shown(const struct error_cap *cap);

#endif /* MODHASHES_VERIFY_H */
