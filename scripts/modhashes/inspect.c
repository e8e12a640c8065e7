// SPDX-License-Identifier: GPL-2.0
/*
 * Inspecting a module: load it (decompressed), parse its trailer exactly
 * as the kernel does (include/linux/module_hashes.h), and with a trusted
 * root compare and walk.  The verdict names are the kernel's.
 */

#include "inspect.h"

#include "elf.h"
#include "hash.h"

/* What a trailer of another kind than a proof is, for messages. */
const char *trailer_kind(const struct module_signature *ms)
{
	switch (ms->id_type) {
	case PKEY_ID_PKCS7:
		return "a PKCS#7 signature";
	case MODULE_HASHES_ID_TYPE:
		return "a module hash proof";
	}
	return "an unknown signature type";
}

/* Does a PKCS#7 trailer's length fit the file, as mod_check_sig() asks? */
static bool pkcs7_fits(const struct inspection *in)
{
	size_t body = in->trailer - sizeof(in->ms);

	return in->ms.id_type == PKEY_ID_PKCS7 && be32toh(in->ms.sig_len) &&
	       be32toh(in->ms.sig_len) < body;
}

static void parse_trailer(const struct buf *data, struct inspection *in,
			  struct module_hashes_parsed *p)
{
	in->trailer = module_hashes_trailer(data->p, data->len, &in->ms);
	in->pkcs7 = in->trailer > 0 && pkcs7_fits(in);
	in->parse = module_hashes_parse(data->p, data->len, p);
	if (in->parse) {
		in->verdict = module_hashes_parse_verdict(in->parse);
		return;
	}
	memcpy(&in->head, p->proof, sizeof(in->head));
	in->path_len = p->path_len;
	in->mod_len = p->mod_len;
}

/* The verdict of a well-formed proof against @trusted. */
static int check_proof(const struct buf *data, const struct module_hashes_parsed *p,
		       const struct module_hashes_root *trusted,
		       struct inspection *in, char *err)
{
	struct module_hash leaf;
	int herr;

	if (!leaf_hash(data->p, p->mod_len, &leaf)) {
		snprintf(err, ERR_LEN, "SHA-256 failed");
		return -1;
	}
	in->verdict = module_hashes_check(p, &leaf, trusted, &herr);
	if (herr) {
		snprintf(err, ERR_LEN, "SHA-256 failed");
		return -1;
	}
	return 0;
}

/**
 * inspect() - what a module file carries
 * @path: the file, plain or compressed
 * @trusted: the root to check a proof against, or NULL to only parse
 * @in: the result
 * @err: ERR_LEN bytes for the reason on failure
 *
 * Return: 0, or -1 with @err set when the file cannot be read.
 */
int inspect(const char *path, const struct module_hashes_root *trusted,
	    struct inspection *in, char *err)
{
	struct module_hashes_parsed p;
	struct buf data = { 0 };
	struct stat st;
	int ret = -1;

	memset(in, 0, sizeof(*in));
	if (input_load(path, true, &data, &st, &in->comp, err))
		goto out;
	in->not_module = elf_module_problem(data.p, data.len);
	parse_trailer(&data, in, &p);
	ret = 0;
	if (!in->parse && trusted)
		ret = check_proof(&data, &p, trusted, in, err);
out:
	buf_free(&data);
	return ret;
}
