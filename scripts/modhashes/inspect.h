/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading what a module carries, for "verify" and "show": its trailer,
 * parsed as the kernel parses it, and with a trusted root the verdict.
 */
#ifndef MODHASHES_INSPECT_H
#define MODHASHES_INSPECT_H

#include "input.h"

/**
 * struct inspection - what one module file carries
 * @comp: how the file was compressed
 * @not_module: why the decompressed bytes are not a module, or NULL
 * @trailer: module_hashes_trailer(): 0 none, < 0 truncated, > 0 present
 * @ms: the trailer's information block, when @trailer > 0
 * @pkcs7: the trailer is a PKCS#7 signature whose length fits the file
 * @parse: module_hashes_parse(): 0 for a well-formed proof
 * @head: the proof's fixed head, when @parse is 0
 * @path_len: its number of path hashes
 * @mod_len: the module bytes before the proof
 * @verdict: against the trusted root, when one was given
 * @digest: SHA-256 of the module bytes, when @have_digest
 * @have_digest: @digest was computed
 * @sidecar_missing: inspect_sidecar() found no proof file
 */
struct inspection {
	enum comp comp;
	const char *not_module;
	long trailer;
	struct module_signature ms;
	bool pkcs7;
	int parse;
	struct module_hashes_proof head;
	unsigned int path_len;
	size_t mod_len;
	enum module_hashes_verdict verdict;
	struct module_hash digest;
	bool have_digest;
	bool sidecar_missing;
};

int inspect(const char *path, const struct module_hashes_root *trusted,
	    struct inspection *in, char *err);
int inspect_digest(const char *path, const struct module_hashes_root *trusted,
		   bool digest, struct inspection *in, char *err);
int inspect_sidecar(const char *path, const char *proof,
		    const struct module_hashes_root *trusted,
		    struct inspection *in, char *err);
const char *trailer_kind(const struct module_signature *ms);

#endif /* MODHASHES_INSPECT_H */
