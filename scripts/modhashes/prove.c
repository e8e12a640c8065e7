// SPDX-License-Identifier: GPL-2.0
/*
 * "build", stage 4: the outputs.  Each module's proof is made from the
 * tree, checked against the root before anything is written, and staged
 * as the output mode says: a sidecar file, the module with the proof
 * appended (in place or in another directory), recompressed as the input
 * was.  The descriptor is staged last; build.c commits them all.
 */

#include "build.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "tree.h"

/* A proof trailer: proof, information block, marker. */
union trailer {
	struct module_hashes_proof proof;
	u8 b[MODULE_HASHES_MAX_TRAILER];
};

/* The trailer of leaf @i of the @n-leaf tree @nodes; returns its length. */
static size_t make_trailer(const struct module_hash *nodes, __u32 n, __u32 i,
			   union trailer *t)
{
	struct module_signature ms = { .id_type = MODULE_HASHES_ID_TYPE };
	unsigned int k;
	size_t len;

	t->proof.leaf_index = htole32(i);
	t->proof.tree_size = htole32(n);
	t->proof.root = *tree_root(nodes, n);
	k = tree_path(nodes, n, i, t->proof.path);
	len = MODULE_HASHES_PROOF_HEAD_SIZE + k * MODULE_HASHES_DIGEST_SIZE;
	ms.sig_len = htobe32(len);
	memcpy(t->b + len, &ms, sizeof(ms));
	len += sizeof(ms);
	memcpy(t->b + len, MODULE_SIG_STRING, MODULE_HASHES_MARKER_LEN);
	return len + MODULE_HASHES_MARKER_LEN;
}

/* Never emit a proof that does not lead back to the root. */
static bool proof_checks(const struct module_hash *leaf, const union trailer *t,
			 const struct module_hash *root)
{
	__u32 i = le32toh(t->proof.leaf_index), n = le32toh(t->proof.tree_size);
	struct module_hash computed;

	return !module_hashes_walk(leaf, i, n, t->proof.path,
				   module_hashes_path_len(i, n), &computed) &&
	       !module_hashes_differ(&computed, root);
}

/*
 * A compressed module is read again, checked to be what was hashed, cut
 * to its leaf data, given its proof and compressed as it was.  Holding
 * every decompressed module from hashing until now would take the size
 * of the whole tree in memory.
 */
static int recompress(const struct build_rec *r, const union trailer *t,
		      size_t tlen, struct buf *out, char *err)
{
	struct buf data = { 0 };
	struct module_hash leaf;
	struct stat st;
	enum comp comp;
	int ret = -1;

	if (input_load(r->ref->path, true, &data, &st, &comp, err))
		goto out;
	if (comp != r->comp || data.len != r->size ||
	    !leaf_hash(data.p, r->mod_len, NULL, &leaf) ||
	    module_hashes_differ(&leaf, &r->leaf)) {
		snprintf(err, ERR_LEN, "changed while being processed");
		goto out;
	}
	data.len = r->mod_len;
	buf_append(&data, t->b, tlen);
	ret = comp_encode(r->comp, data.p, data.len, out, err);
out:
	buf_free(&data);
	return ret;
}

/* Where module @r's output goes; NULL without module outputs. */
static char *output_path(const struct build_opts *o, const struct build_rec *r)
{
	switch (o->out) {
	case OUT_SIDECAR:
		return xasprintf("%s.proof", r->ref->path);
	case OUT_INPLACE:
		return xstrdup(r->ref->path);
	case OUT_DIR:
		return path_join(o->out_dir, r->ref->name);
	case OUT_NONE:
		break;
	}
	return NULL;
}

static int stage_module(struct build *b, size_t i, const union trailer *t,
			size_t tlen, char *err)
{
	const struct build_rec *r = &b->recs[i];
	struct stage_out so = { .data = t->b, .len = tlen, .mode = 0644 };
	struct buf packed = { 0 };
	int ret = -1;

	so.dest = output_path(b->o, r);
	if (!so.dest)
		return 0;
	if (b->o->out == OUT_DIR && mkdir_parents(so.dest, err))
		goto out;
	if (b->o->out != OUT_SIDECAR) {
		so.mode = r->st.st_mode & 07777;
		if (r->comp == COMP_NONE) {
			/* The module's leaf data straight from the file, then the proof. */
			so.copy_from = r->ref->path;
			so.copy_len = r->mod_len;
			so.copy_size = r->st.st_size;
		} else {
			if (recompress(r, t, tlen, &packed, err))
				goto out;
			so.data = packed.p;
			so.len = packed.len;
		}
	}
	ret = stage_write(&b->stage, i, &so, err);
out:
	buf_free(&packed);
	free((char *)so.dest);
	return ret;
}

/* One worker job: make, check and stage the proof of module @i. */
static void prove_one(void *arg, size_t i)
{
	struct build *b = arg;
	struct build_rec *r = &b->recs[i];
	char err[ERR_LEN] = "";
	union trailer t;
	size_t tlen;

	tlen = make_trailer(b->nodes, b->refs.n, i, &t);
	if (!proof_checks(&r->leaf, &t, tree_root(b->nodes, b->refs.n)))
		snprintf(err, ERR_LEN, "internal error: proof does not verify");
	else
		stage_module(b, i, &t, tlen, err);
	if (err[0])
		r->err = xstrdup(err);
}

/**
 * write_outputs() - stage every output of a build
 * @b: a build whose tree is built
 *
 * Modules are staged in parallel, each in its own slot; the root
 * descriptor takes the last slot.
 *
 * Return: 0 with everything staged; -1 after reporting every error, with
 * nothing left behind.
 */
int write_outputs(struct build *b)
{
	size_t n = b->refs.n;
	struct module_hashes_root desc = {
		.algo = htole32(MODULE_HASHES_ALGO_SHA256),
		.tree_size = htole32(n),
		.root = *tree_root(b->nodes, n),
	};
	struct stage_out so = {
		.dest = b->o->root_out, .data = &desc, .len = sizeof(desc), .mode = 0644,
	};
	char err[ERR_LEN];

	stage_init(&b->stage, n + 1);
	run_parallel(n, b->o->jobs, prove_one, b);
	if (report_errors(b))
		goto fail;
	if (stage_write(&b->stage, n, &so, err)) {
		error_msg(so.dest, "%s", err);
		goto fail;
	}
	return 0;
fail:
	stage_abort(&b->stage);
	return -1;
}
