// SPDX-License-Identifier: GPL-2.0
/*
 * Inspecting a module: read it (decompressed), parse its trailer exactly
 * as the kernel does (include/linux/module_hashes.h), and with a trusted
 * root compare and walk.  The verdict names are the kernel's.
 */

#include "inspect.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "elf.h"
#include "view.h"

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
static bool pkcs7_fits(const struct inspection *in, size_t before)
{
	size_t body = before + in->trailer - sizeof(in->ms);

	return in->ms.id_type == PKEY_ID_PKCS7 && be32toh(in->ms.sig_len) &&
	       be32toh(in->ms.sig_len) < body;
}

/* Parse the trailer in the view's tail; lengths are made the file's. */
static void parse_trailer(const struct module_view *v, struct inspection *in,
			  struct module_hashes_parsed *p)
{
	size_t before = v->size - v->tail_len;

	in->trailer = module_hashes_trailer(v->tail, v->tail_len, &in->ms);
	in->pkcs7 = in->trailer > 0 && pkcs7_fits(in, before);
	in->parse = module_hashes_parse(v->tail, v->tail_len, p);
	if (in->parse) {
		in->verdict = module_hashes_parse_verdict(in->parse);
		return;
	}
	memcpy(&in->head, p->proof, sizeof(in->head));
	in->path_len = p->path_len;
	in->mod_len = before + p->mod_len;
}

/*
 * The module bytes of a file whose trailer is known: before a proof, before
 * a PKCS#7 signature that fits, or the whole file without a trailer.
 * Return: false for a trailer that breaks its format.
 */
static bool module_bytes(const struct module_view *v,
			 const struct inspection *in, size_t *len)
{
	if (in->trailer == 0)
		*len = v->size;
	else if (!in->parse)
		*len = in->mod_len;
	else if (in->pkcs7)
		*len = v->size - MODULE_HASHES_MARKER_LEN - sizeof(in->ms) -
		       be32toh(in->ms.sig_len);
	else
		return false;
	return true;
}

/* The digest of the module bytes, when the trailer says where they end. */
static int hash_module(struct module_view *v, struct inspection *in, char *err)
{
	struct module_hash leaf;
	size_t len;

	if (!module_bytes(v, in, &len))
		return 0;
	if (view_hash(v, len, &in->digest, &leaf, err))
		return -1;
	in->have_digest = true;
	return 0;
}

/*
 * The verdict of a well-formed proof against @trusted.  The tree is
 * compared before the module is hashed, as module_hashes_check() compares
 * it first: another build's proof is answered without reading the module
 * bytes (a plain file's; a compressed one was read to find its trailer).
 */
static int check_proof(struct module_view *v, const struct module_hashes_parsed *p,
		       const struct module_hashes_root *trusted,
		       struct inspection *in, char *err)
{
	struct module_hash leaf;
	int herr;

	if (!module_hashes_same_tree(p, trusted)) {
		in->verdict = MODULE_HASHES_OTHER_BUILD;
		return 0;
	}
	if (view_hash(v, in->mod_len, &in->digest, &leaf, err))
		return -1;
	in->have_digest = true;
	in->verdict = module_hashes_check(p, &leaf, trusted, &herr);
	if (herr) {
		snprintf(err, ERR_LEN, "SHA-256 failed");
		return -1;
	}
	return 0;
}

/**
 * inspect_digest() - what a module file carries, and its module digest
 * @path: the file, plain or compressed
 * @trusted: the root to check a proof against, or NULL
 * @digest: hash the module bytes (into @in->digest) even without @trusted
 * @in: the result
 * @err: ERR_LEN bytes for the reason on failure
 *
 * Return: 0, or -1 with @err set when the file cannot be read.
 */
int inspect_digest(const char *path, const struct module_hashes_root *trusted,
		   bool digest, struct inspection *in, char *err)
{
	struct module_hashes_parsed p;
	struct module_view v;
	int ret = 0;

	memset(in, 0, sizeof(*in));
	if (view_open(&v, path, err)) {
		view_close(&v);
		return -1;
	}
	in->comp = v.comp;
	in->not_module = elf_module_problem(v.head, v.head_len);
	parse_trailer(&v, in, &p);
	/* A file that is no module has no proof and no module bytes to hash. */
	if (!in->not_module && !in->parse && trusted)
		ret = check_proof(&v, &p, trusted, in, err);
	else if (!in->not_module && digest)
		ret = hash_module(&v, in, err);
	view_close(&v);
	return ret;
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
	return inspect_digest(path, trusted, false, in, err);
}

/*
 * Read a sidecar proof file into @buf (MODULE_HASHES_MAX_TRAILER bytes).
 * Return: 1 if there is none, 0 with *@len set (SIZE_MAX: longer than
 * any proof trailer), or -1 with @err set.
 */
static int read_sidecar(const char *proof, u8 *buf, size_t *len, char *err)
{
	char why[ERR_LEN];
	struct stat st;
	int fd = input_open(proof, &st, why);
	ssize_t r;

	if (fd < 0) {
		if (access(proof, F_OK) && errno == ENOENT)
			return 1;
		snprintf(err, ERR_LEN, "%s: %.200s", proof, why);
		return -1;
	}
	if ((size_t)st.st_size > MODULE_HASHES_MAX_TRAILER) {
		*len = SIZE_MAX;
		close(fd);
		return 0;
	}
	*len = st.st_size;
	r = read_full(fd, buf, *len);
	close(fd);
	if (r == (ssize_t)*len)
		return 0;
	snprintf(err, ERR_LEN, "%s: read failed: %s", proof,
		 r < 0 ? strerror(errno) : "file changed size");
	return -1;
}

/* @joined: the tail of module @v with @len proof bytes appended. */
static void join_tail(const struct module_view *v, const u8 *proof, size_t len,
		      struct module_view *joined)
{
	size_t keep = VIEW_TAIL - len;

	if (keep > v->tail_len)
		keep = v->tail_len;
	joined->size = v->size + len;
	joined->tail_len = keep + len;
	memcpy(joined->tail, v->tail + v->tail_len - keep, keep);
	memcpy(joined->tail + keep, proof, len);
}

/**
 * inspect_sidecar() - what a module will carry once its sidecar proof is
 *	appended, as modules_install appends it
 * @path: the module file, as "build --sidecar" hashed it
 * @proof: the proof file beside it, <module>.ko.proof
 * @trusted: the root to check the proof against
 * @in: the result; in->sidecar_missing when @proof does not exist
 * @err: ERR_LEN bytes for the reason on failure
 *
 * The installed module is @path followed by @proof.  The proof file must
 * be exactly one proof trailer, so that the leaf data is the whole module
 * file; then the verdict is the one the kernel will give the installed
 * module.
 *
 * Return: 0, or -1 with @err set when a file cannot be read.
 */
int inspect_sidecar(const char *path, const char *proof,
		    const struct module_hashes_root *trusted,
		    struct inspection *in, char *err)
{
	u8 buf[MODULE_HASHES_MAX_TRAILER];
	struct module_view v, joined = { .fd = -1 };
	struct module_hashes_parsed p;
	size_t len;
	int ret;

	memset(in, 0, sizeof(*in));
	ret = read_sidecar(proof, buf, &len, err);
	if (ret < 0)
		return -1;
	if (view_open(&v, path, err)) {
		view_close(&v);
		return -1;
	}
	in->comp = v.comp;
	in->not_module = elf_module_problem(v.head, v.head_len);
	in->sidecar_missing = ret;
	in->parse = ret ? -ENODATA : -EBADMSG;
	if (!ret && len != SIZE_MAX) {
		join_tail(&v, buf, len, &joined);
		parse_trailer(&joined, in, &p);
	}
	/* Anything but one trailer would move where the leaf data ends. */
	if (!in->parse && in->mod_len != v.size)
		in->parse = -EBADMSG;
	ret = 0;
	if (in->parse)
		in->verdict = module_hashes_parse_verdict(in->parse);
	else
		ret = check_proof(&v, &p, trusted, in, err);
	view_close(&v);
	return ret;
}
