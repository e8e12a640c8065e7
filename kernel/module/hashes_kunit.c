// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for hash-based module authentication (CONFIG_MODULE_HASHES).
 *
 * Four tables drive the suite:
 *
 *  - known answers: the roots of the first 1..8 leaves of RFC 6962's test
 *    data, and the example of the specification (three modules, their
 *    digests, leaves and root, and one whole file with its proof), all
 *    computed independently of this code;
 *  - every leaf of every tree of 1..MH_MAX_TREE leaves, each wrapped in a
 *    full module file with its proof, must verify;
 *  - hostile variations of one good module, the rows of hashes_vectors.h
 *    (shared with the host and QEMU tests), each with the verdict the
 *    format requires;
 *  - the verdict to errno mapping;
 *
 * and four checks of the edges: files of 0..40 bytes, a module posing as
 * an inner node, a last odd node promoted rather than duplicated, and the
 * one pass giving the digests two passes give.
 *
 * Module files are laid out here byte by byte from struct mh_file, and
 * leaves, trees and paths are made here with the SHA-256 library and from
 * the recursive definitions of RFC 9162 (mh_leaf(), mh_mth(), mh_path()),
 * not with any helper of the code under test, so a layout or tree bug on
 * either side shows.
 */

#include <crypto/sha2.h>
#include <kunit/test.h>
#include <linux/hex.h>
#include <linux/module.h>
#include <linux/module_hashes.h>
#include <linux/string.h>

#include "internal.h"
#include "hashes_vectors.h"

#define MH_MAX_TREE	70	/* every index of every tree size up to this */
#define MH_MAX_BODY	160	/* longest module body mh_make_body() makes */

/**
 * struct mh_file - the parts of one module file, in file order
 * @body: the module bytes, whose digest is the leaf's data
 * @body_len: their length
 * @before: garbage bytes between the body and the proof
 * @head: bytes of proof head written: MODULE_HASHES_PROOF_HEAD_SIZE, or 0
 * @index: proof head leaf_index, CPU order
 * @size: proof head tree_size, CPU order
 * @root: proof head root
 * @path: path hashes; one spare slot so a test can make the path too long
 * @k: number of path hashes written
 * @gap: garbage bytes between the path and the information block
 * @ms: the information block; @ms.sig_len is written from @sig_len
 * @sig_len: proof length to record, CPU order
 * @marker: the closing marker (MODULE_HASHES_MARKER unless damaged)
 * @after: garbage bytes after the marker
 * @cut: bytes cut off the end of the file once laid out
 */
struct mh_file {
	const u8 *body;
	size_t body_len;
	size_t before;
	size_t head;
	u32 index;
	u32 size;
	struct module_hash root;
	struct module_hash path[MODULE_HASHES_MAX_PATH + 1];
	unsigned int k;
	size_t gap;
	struct module_signature ms;
	u32 sig_len;
	char marker[MODULE_HASHES_MARKER_LEN + 1];
	size_t after;
	size_t cut;
};

/**
 * struct mh_tree - a tree of generated module bodies
 * @n: number of leaves
 * @body: each leaf's module bytes
 * @body_len: their lengths
 * @leaves: each leaf's hash
 * @trusted: the root descriptor a kernel built with this tree holds
 */
struct mh_tree {
	u32 n;
	u8 **body;
	size_t *body_len;
	struct module_hash *leaves;
	struct module_hashes_root trusted;
};

/* RFC 9162 section 2.1.1: the leaf hash of @len bytes @data, at most 32. */
static void mh_rfc_leaf_hash(struct kunit *test, const u8 *data, size_t len,
			     struct module_hash *out)
{
	u8 buf[1 + MODULE_HASHES_DIGEST_SIZE];

	KUNIT_ASSERT_LE(test, len, MODULE_HASHES_DIGEST_SIZE);
	buf[0] = MODULE_HASHES_LEAF_PREFIX;
	memcpy(buf + 1, data, len);
	sha256(buf, 1 + len, out->b);
}

/* The leaf of a module: an RFC 9162 leaf whose data is SHA-256(@body). */
static void mh_leaf(struct kunit *test, const u8 *body, size_t len,
		    struct module_hash *out)
{
	struct module_hash digest;

	sha256(body, len, digest.b);
	mh_rfc_leaf_hash(test, digest.b, sizeof(digest.b), out);
}

/* The largest power of two below @n (n > 1): where RFC 9162 splits D[n]. */
static u32 mh_split(u32 n)
{
	u64 k = 1;

	while (k * 2 < n)
		k *= 2;
	return k;
}

/* RFC 9162 section 2.1.1: MTH(D[n]), recursively. */
static void mh_mth(struct kunit *test, const struct module_hash *leaves, u32 n,
		   struct module_hash *out)
{
	struct module_hash left, right;
	u32 k;

	if (n == 1) {
		*out = leaves[0];
		return;
	}
	k = mh_split(n);
	mh_mth(test, leaves, k, &left);
	mh_mth(test, leaves + k, n - k, &right);
	KUNIT_ASSERT_EQ(test, module_hashes_node(&left, &right, out), 0);
}

/*
 * RFC 9162 section 2.1.3.1: PATH(m, D[n]), recursively, leaf upward.
 * Returns the number of hashes written to @path.
 */
static unsigned int mh_path(struct kunit *test, const struct module_hash *leaves,
			    u32 n, u32 m, struct module_hash *path)
{
	unsigned int len;
	u32 k;

	if (n == 1)
		return 0;
	k = mh_split(n);
	if (m < k) {
		len = mh_path(test, leaves, k, m, path);
		mh_mth(test, leaves + k, n - k, &path[len]);
	} else {
		len = mh_path(test, leaves + k, n - k, m - k, path);
		mh_mth(test, leaves, k, &path[len]);
	}
	return len + 1;
}

/* Deterministic bodies, 64..160 bytes, high bit set in every byte. */
static size_t mh_make_body(u8 *buf, u32 index)
{
	size_t len = 64 + (index * 37) % (MH_MAX_BODY - 64 + 1);
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = 0x80 | ((index * 31 + i * 7) & 0x7f);
	return len;
}

static struct mh_tree *mh_tree_new(struct kunit *test, u32 n)
{
	struct mh_tree *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->n = n;
	t->body = kunit_kcalloc(test, n, sizeof(*t->body), GFP_KERNEL);
	t->body_len = kunit_kcalloc(test, n, sizeof(*t->body_len), GFP_KERNEL);
	t->leaves = kunit_kcalloc(test, n, sizeof(*t->leaves), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->body);
	KUNIT_ASSERT_NOT_NULL(test, t->body_len);
	KUNIT_ASSERT_NOT_NULL(test, t->leaves);

	for (i = 0; i < n; i++) {
		t->body[i] = kunit_kmalloc(test, MH_MAX_BODY, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, t->body[i]);
		t->body_len[i] = mh_make_body(t->body[i], i);
		mh_leaf(test, t->body[i], t->body_len[i], &t->leaves[i]);
	}

	t->trusted.algo = cpu_to_le32(MODULE_HASHES_ALGO_SHA256);
	t->trusted.tree_size = cpu_to_le32(n);
	mh_mth(test, t->leaves, n, &t->trusted.root);
	return t;
}

/* The well-formed file of leaf @index of @t. */
static void mh_file_init(struct kunit *test, struct mh_file *f,
			 const struct mh_tree *t, u32 index)
{
	memset(f, 0, sizeof(*f));
	f->body = t->body[index];
	f->body_len = t->body_len[index];
	f->head = MODULE_HASHES_PROOF_HEAD_SIZE;
	f->index = index;
	f->size = t->n;
	f->root = t->trusted.root;
	f->k = mh_path(test, t->leaves, t->n, index, f->path);
	f->ms.id_type = MODULE_HASHES_ID_TYPE;
	f->sig_len = MODULE_HASHES_PROOF_HEAD_SIZE + f->k * MODULE_HASHES_DIGEST_SIZE;
	strscpy(f->marker, MODULE_HASHES_MARKER, sizeof(f->marker));
}

/* The length of @f laid out, before @f->cut. */
static size_t mh_file_len(const struct mh_file *f)
{
	return f->body_len + f->before + f->head +
	       f->k * MODULE_HASHES_DIGEST_SIZE + f->gap + sizeof(f->ms) +
	       MODULE_HASHES_MARKER_LEN + f->after;
}

/* Lay @f out byte by byte into a new buffer; returns it, length in @len. */
static u8 *mh_file_build(struct kunit *test, const struct mh_file *f, size_t *len)
{
	struct module_signature ms = f->ms;
	__le32 head[2] = { cpu_to_le32(f->index), cpu_to_le32(f->size) };
	size_t full = mh_file_len(f);
	u8 *buf, *p, *exact;

	KUNIT_ASSERT_LE(test, f->cut, full);
	buf = kunit_kmalloc(test, full, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	p = buf;
	memcpy(p, f->body, f->body_len);
	p += f->body_len;
	memset(p, MHV_GARBAGE, f->before);
	p += f->before;
	if (f->head) {
		memcpy(p, head, sizeof(head));
		p += sizeof(head);
		memcpy(p, &f->root, sizeof(f->root));
		p += sizeof(f->root);
	}
	memcpy(p, f->path, f->k * sizeof(f->path[0]));
	p += f->k * sizeof(f->path[0]);
	memset(p, MHV_GARBAGE, f->gap);
	p += f->gap;
	ms.sig_len = cpu_to_be32(f->sig_len);
	memcpy(p, &ms, sizeof(ms));
	p += sizeof(ms);
	memcpy(p, f->marker, MODULE_HASHES_MARKER_LEN);
	p += MODULE_HASHES_MARKER_LEN;
	memset(p, MHV_GARBAGE, f->after);

	/* Exactly the file, so that KASAN sees any read past its end. */
	*len = full - f->cut;
	if (!f->cut)
		return buf;
	exact = kunit_kmalloc(test, *len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, exact);
	memcpy(exact, buf, *len);
	kunit_kfree(test, buf);
	return exact;
}

static enum module_hashes_verdict
mh_verify(struct kunit *test, const u8 *buf, size_t len,
	  const struct module_hashes_root *trusted, size_t *mod_len)
{
	enum module_hashes_verdict v;
	int err = 0;

	*mod_len = SIZE_MAX;
	v = module_hashes_verify(buf, len, trusted, mod_len, &err);
	KUNIT_EXPECT_EQ(test, err, 0);
	return v;
}

/* ---- known answers --------------------------------------------------- */

/* The leaf data of RFC 6962's test vectors (certificate-transparency). */
static const char * const mh_rfc_leaves[] = {
	"",
	"00",
	"10",
	"2021",
	"3031",
	"40414243",
	"5051525354555657",
	"606162636465666768696a6b6c6d6e6f",
};

struct mh_kat {
	const char *name;
	u32 n;
	const char *root;
};

/* MTH(D[0:n]), computed with an independent RFC 9162 MTH (python hashlib). */
static const struct mh_kat mh_kats[] = {
	{ "1 leaf", 1, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d" },
	{ "2 leaves", 2, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125" },
	{ "3 leaves", 3, "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77" },
	{ "4 leaves", 4, "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" },
	{ "5 leaves", 5, "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4" },
	{ "6 leaves", 6, "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef" },
	{ "7 leaves", 7, "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c" },
	{ "8 leaves", 8, "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328" },
};

KUNIT_ARRAY_PARAM_DESC(mh_kat, mh_kats, name);

/* Leaf @i of the RFC 6962 test data into @buf; returns its length. */
static size_t mh_rfc_leaf(struct kunit *test, u32 i, u8 *buf)
{
	size_t len = strlen(mh_rfc_leaves[i]) / 2;

	KUNIT_ASSERT_EQ(test, hex2bin(buf, mh_rfc_leaves[i], len), 0);
	return len;
}

/* The leaf hashes of the first @n RFC 6962 leaves. */
static struct module_hash *mh_rfc_leaves_of(struct kunit *test, u32 n)
{
	struct module_hash *leaves;
	u8 data[16];
	u32 i;

	leaves = kunit_kcalloc(test, n, sizeof(*leaves), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, leaves);
	for (i = 0; i < n; i++)
		mh_rfc_leaf_hash(test, data, mh_rfc_leaf(test, i, data), &leaves[i]);
	return leaves;
}

static void mh_rfc6962_root(struct kunit *test)
{
	const struct mh_kat *kat = test->param_value;
	struct module_hash *leaves = mh_rfc_leaves_of(test, kat->n);
	struct module_hash want, root;

	KUNIT_ASSERT_EQ(test, hex2bin(want.b, kat->root, sizeof(want.b)), 0);
	mh_mth(test, leaves, kat->n, &root);
	KUNIT_EXPECT_MEMEQ(test, &root, &want, sizeof(want));
}

/*
 * The example of Documentation/admin-guide/module-hashes.rst, computed
 * independently (python hashlib, and again with openssl dgst): three
 * modules whose bytes are "module 0", "module 1" and "module 2", each
 * module's digest and leaf, and the root of the tree of the three.
 */
static const char * const mh_spec_body[] = { "module 0", "module 1", "module 2" };

static const char * const mh_spec_digest[] = {
	"53763b045051d7284dcd880306db736e5edaedb276d2866ffeca8266db40525f",
	"444906af2819cdac27778b93799f22d04a31e1256c4f0f4f84c4072c326c3996",
	"6e5456dd9ebc00386f73beaf944cef7fb4668b043e9ae60389935d6cf33bd67a",
};

static const char * const mh_spec_leaf[] = {
	"9af692dc49f248dda716ec5ecf62d13e036cef0d5fe2d87b854dc751858a28bd",
	"41ca6f4013c56c9463fa8d79c9057def8592cdddd6c073775026041e880ee7ee",
	"12ae66d944e605bd9a01d9fb6cfa6ba501489cb68c98c7316c0c1898558bacb0",
};

#define MH_SPEC_ROOT "b45571135610c284ce5d0fba56303e85db4934edc51fb12b217fda2183e7bbc1"

/* The file of "module 1", leaf 1 of the 3, with its proof, part by part. */
static const char * const mh_golden_file_hex[] = {
	/* the module bytes: "module 1" */
	"6d6f64756c652031",
	/* leaf_index 1, little-endian */
	"01000000",
	/* tree_size 3, little-endian */
	"03000000",
	/* root of the 3 leaves */
	MH_SPEC_ROOT,
	/* path[0]: the leaf of "module 0" */
	"9af692dc49f248dda716ec5ecf62d13e036cef0d5fe2d87b854dc751858a28bd",
	/* path[1]: the leaf of "module 2" */
	"12ae66d944e605bd9a01d9fb6cfa6ba501489cb68c98c7316c0c1898558bacb0",
	/* info block: id_type 3, sig_len 104, big-endian */
	"000003000000000000000068",
	/* MODULE_HASHES_MARKER */
	"7e4d6f64756c65207369676e617475726520617070656e6465647e0a",
};

#define MH_GOLDEN_N	3
#define MH_GOLDEN_INDEX	1

/* Each module's digest, by the kernel's one pass, and its leaf. */
static void mh_spec_leaves(struct kunit *test)
{
	struct module_hashes_digests d;
	struct module_hash want, leaf;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(mh_spec_body); i++) {
		size_t len = strlen(mh_spec_body[i]);

		KUNIT_ASSERT_EQ(test, module_hashes_digest(mh_spec_body[i], len,
							   len, false, &d), 0);
		KUNIT_ASSERT_EQ(test, hex2bin(want.b, mh_spec_digest[i],
					      sizeof(want.b)), 0);
		KUNIT_EXPECT_MEMEQ_MSG(test, &d.body, &want, sizeof(want),
				       "digest of %s", mh_spec_body[i]);
		KUNIT_ASSERT_EQ(test, module_hashes_leaf(&d.body, &leaf), 0);
		KUNIT_ASSERT_EQ(test, hex2bin(want.b, mh_spec_leaf[i],
					      sizeof(want.b)), 0);
		KUNIT_EXPECT_MEMEQ_MSG(test, &leaf, &want, sizeof(want),
				       "leaf of %s", mh_spec_body[i]);
	}
}

static void mh_golden_file(struct kunit *test)
{
	struct module_hashes_root trusted = {
		.algo = cpu_to_le32(MODULE_HASHES_ALGO_SHA256),
		.tree_size = cpu_to_le32(MH_GOLDEN_N),
	};
	struct module_hash leaves[MH_GOLDEN_N];
	size_t len = 0, built_len, mod_len;
	const char *body = mh_spec_body[MH_GOLDEN_INDEX];
	u8 *golden, *built;
	struct mh_file *f;
	unsigned int i;

	golden = kunit_kmalloc(test, 256, GFP_KERNEL);
	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, golden);
	KUNIT_ASSERT_NOT_NULL(test, f);
	for (i = 0; i < ARRAY_SIZE(mh_golden_file_hex); i++) {
		size_t n = strlen(mh_golden_file_hex[i]) / 2;

		KUNIT_ASSERT_LE(test, len + n, 256);
		KUNIT_ASSERT_EQ(test, hex2bin(golden + len, mh_golden_file_hex[i], n), 0);
		len += n;
	}
	KUNIT_ASSERT_EQ(test, hex2bin(trusted.root.b, MH_SPEC_ROOT,
				      sizeof(trusted.root.b)), 0);

	KUNIT_EXPECT_EQ(test, mh_verify(test, golden, len, &trusted, &mod_len),
			MODULE_HASHES_VERIFIED);
	KUNIT_EXPECT_EQ(test, mod_len, strlen(body));

	/* The same bytes from mh_leaf(), mh_mth(), mh_path(), mh_file_build(). */
	for (i = 0; i < MH_GOLDEN_N; i++)
		mh_leaf(test, (const u8 *)mh_spec_body[i],
			strlen(mh_spec_body[i]), &leaves[i]);
	f->body = (const u8 *)body;
	f->body_len = strlen(body);
	f->head = MODULE_HASHES_PROOF_HEAD_SIZE;
	f->index = MH_GOLDEN_INDEX;
	f->size = MH_GOLDEN_N;
	mh_mth(test, leaves, MH_GOLDEN_N, &f->root);
	KUNIT_EXPECT_MEMEQ(test, &f->root, &trusted.root, sizeof(f->root));
	f->k = mh_path(test, leaves, MH_GOLDEN_N, MH_GOLDEN_INDEX, f->path);
	f->ms.id_type = MODULE_HASHES_ID_TYPE;
	f->sig_len = MODULE_HASHES_PROOF_HEAD_SIZE + f->k * MODULE_HASHES_DIGEST_SIZE;
	strscpy(f->marker, MODULE_HASHES_MARKER, sizeof(f->marker));
	built = mh_file_build(test, f, &built_len);
	KUNIT_ASSERT_EQ(test, built_len, len);
	KUNIT_EXPECT_MEMEQ(test, built, golden, len);
}

/*
 * One pass over a module file gives what two passes give: the digest of
 * the module bytes and, when asked, of the whole file, wherever the module
 * bytes end (on a block boundary or not, with an empty trailer or none).
 */
static void mh_one_pass(struct kunit *test)
{
	static const size_t mod_lens[] = { 0, 1, 55, 56, 63, 64, 65, 127, 128,
					   200, 299, 300 };
	const size_t len = 300;
	struct module_hashes_digests d;
	struct module_hash want;
	unsigned int i;
	u8 *buf;

	buf = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < len; i++)
		buf[i] = i * 13 + 7;
	for (i = 0; i < ARRAY_SIZE(mod_lens); i++) {
		size_t m = mod_lens[i];

		memset(&d, 0, sizeof(d));
		KUNIT_ASSERT_EQ(test, module_hashes_digest(buf, len, m, true, &d), 0);
		sha256(buf, m, want.b);
		KUNIT_EXPECT_MEMEQ_MSG(test, &d.body, &want, sizeof(want),
				       "module bytes %zu of %zu", m, len);
		sha256(buf, len, want.b);
		KUNIT_EXPECT_MEMEQ_MSG(test, &d.file, &want, sizeof(want),
				       "whole file, module bytes %zu of %zu", m, len);
	}
}

/* ---- every leaf of every small tree ----------------------------------- */

static const u32 mh_tree_sizes[] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
	11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
	21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
	31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
	41, 42, 43, 44, 45, 46, 47, 48, 49, 50,
	51, 52, 53, 54, 55, 56, 57, 58, 59, 60,
	61, 62, 63, 64, 65, 66, 67, 68, 69, 70,
};

static_assert(ARRAY_SIZE(mh_tree_sizes) == MH_MAX_TREE);

static void mh_tree_size_desc(const u32 *n, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u leaves", *n);
}

KUNIT_ARRAY_PARAM(mh_tree_size, mh_tree_sizes, mh_tree_size_desc);

static void mh_every_index(struct kunit *test)
{
	u32 n = *(const u32 *)test->param_value;
	struct mh_tree *t = mh_tree_new(test, n);
	struct module_hash walked;
	struct mh_file *f;
	size_t len, mod_len;
	u32 i;

	f = kunit_kmalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	for (i = 0; i < n; i++) {
		u8 *buf;

		mh_file_init(test, f, t, i);
		KUNIT_EXPECT_EQ_MSG(test, f->k, module_hashes_path_len(i, n),
				    "leaf %u of %u", i, n);
		KUNIT_EXPECT_EQ_MSG(test, module_hashes_walk(&t->leaves[i], i, n, f->path,
							     f->k, &walked), 0,
				    "leaf %u of %u", i, n);
		KUNIT_EXPECT_MEMEQ_MSG(test, &walked, &t->trusted.root, sizeof(walked),
				       "leaf %u of %u", i, n);
		buf = mh_file_build(test, f, &len);
		KUNIT_EXPECT_EQ_MSG(test, mh_verify(test, buf, len, &t->trusted, &mod_len),
				    MODULE_HASHES_VERIFIED, "leaf %u of %u", i, n);
		KUNIT_EXPECT_EQ_MSG(test, mod_len, f->body_len, "leaf %u of %u", i, n);
		kunit_kfree(test, buf);
	}
}

/* ---- hostile variations of one good module ---------------------------- */

/*
 * The rows are kernel/module/hashes_vectors.h, shared with the host tests
 * and the QEMU tests; here each step is applied to the parts of the file
 * (struct mh_file) before it is laid out, or to the trusted descriptor.
 */

/* Length of PATH(@m, D[@n]) by the recursion of RFC 9162, or -1. */
static int mh_path_len(u32 m, u32 n)
{
	u32 k;

	if (n == 0 || m >= n)
		return -1;
	if (n == 1)
		return 0;
	k = mh_split(n);
	return 1 + (m < k ? mh_path_len(m, k) : mh_path_len(m - k, n - k));
}

/* The 32-bit field @field of @f or @trusted, in CPU order. */
static u32 mh_get32(struct kunit *test, const struct mh_file *f,
		    const struct module_hashes_root *trusted, unsigned int field)
{
	switch (field) {
	case MHV_F_INDEX:
		return f->index;
	case MHV_F_SIZE:
		return f->size;
	case MHV_F_SIG_LEN:
		return f->sig_len;
	case MHV_F_TRUSTED_ALGO:
		return le32_to_cpu(trusted->algo);
	case MHV_F_TRUSTED_SIZE:
		return le32_to_cpu(trusted->tree_size);
	}
	KUNIT_FAIL_AND_ABORT(test, "no 32-bit field %u", field);
	return 0;
}

static void mh_set32(struct kunit *test, struct mh_file *f,
		     struct module_hashes_root *trusted, unsigned int field, u32 v)
{
	switch (field) {
	case MHV_F_INDEX:
		f->index = v;
		return;
	case MHV_F_SIZE:
		f->size = v;
		return;
	case MHV_F_SIG_LEN:
		f->sig_len = v;
		return;
	case MHV_F_TRUSTED_ALGO:
		trusted->algo = cpu_to_le32(v);
		return;
	case MHV_F_TRUSTED_SIZE:
		trusted->tree_size = cpu_to_le32(v);
		return;
	}
	KUNIT_FAIL_AND_ABORT(test, "no 32-bit field %u", field);
}

/* The bytes of field @field, made writable; their number in @len. */
static u8 *mh_field_bytes(struct kunit *test, struct mh_file *f,
			  struct module_hashes_root *trusted,
			  unsigned int field, size_t *len)
{
	u8 *body;

	switch (field) {
	case MHV_F_BODY:
		/* A copy, so that the tree's bodies stay intact. */
		body = kunit_kmalloc(test, f->body_len, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, body);
		memcpy(body, f->body, f->body_len);
		f->body = body;
		*len = f->body_len;
		return body;
	case MHV_F_ROOT:
		*len = sizeof(f->root);
		return f->root.b;
	case MHV_F_PATH:
		*len = f->k * sizeof(f->path[0]);
		return (u8 *)f->path;
	case MHV_F_INFO:
		/* sig_len is written from f->sig_len: only the bytes before it. */
		*len = offsetof(struct module_signature, sig_len);
		return (u8 *)&f->ms;
	case MHV_F_MARKER:
		*len = MODULE_HASHES_MARKER_LEN;
		return (u8 *)f->marker;
	case MHV_F_TRUSTED_ROOT:
		*len = sizeof(trusted->root);
		return trusted->root.b;
	}
	KUNIT_FAIL_AND_ABORT(test, "no byte field %u", field);
	return NULL;
}

static u8 *mh_field_byte(struct kunit *test, struct mh_file *f,
			 struct module_hashes_root *trusted,
			 const struct mhv_step *s)
{
	size_t len;
	u8 *p = mh_field_bytes(test, f, trusted, s->field, &len);
	long off = s->off < 0 ? (long)len + s->off : s->off;

	KUNIT_ASSERT_TRUE_MSG(test, off >= 0 && off < (long)len,
			      "byte %d of a field of %zu", s->off, len);
	return p + off;
}

/* Bytes from the file's start to the information block. */
static size_t mh_before_info(const struct mh_file *f)
{
	return f->body_len + f->before + f->head +
	       f->k * MODULE_HASHES_DIGEST_SIZE + f->gap;
}

/* @n garbage bytes in front of the body: a new body. */
static void mh_prepend_body(struct kunit *test, struct mh_file *f, size_t n)
{
	u8 *body = kunit_kmalloc(test, f->body_len + n, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, body);
	memset(body, MHV_GARBAGE, n);
	memcpy(body + n, f->body, f->body_len);
	f->body = body;
	f->body_len += n;
}

static void mh_insert(struct kunit *test, struct mh_file *f,
		      const struct mhv_step *s)
{
	switch (s->field) {
	case MHV_F_START:
		mh_prepend_body(test, f, s->off);
		return;
	case MHV_F_PROOF:
		f->before += s->off;
		return;
	case MHV_F_INFO:
		f->gap += s->off;
		return;
	case MHV_F_END:
		f->after += s->off;
		return;
	}
	KUNIT_FAIL_AND_ABORT(test, "no place %u to insert at", s->field);
}

/* Path hashes added (copies of path[0]) or removed until it is @k long. */
static void mh_resize_path(struct kunit *test, struct mh_file *f, unsigned int k)
{
	KUNIT_ASSERT_LE(test, k, ARRAY_SIZE(f->path));
	while (f->k < k) {
		f->path[f->k++] = f->path[0];
		f->sig_len += MODULE_HASHES_DIGEST_SIZE;
	}
	while (f->k > k) {
		f->k--;
		f->sig_len -= MODULE_HASHES_DIGEST_SIZE;
	}
}

/* Apply step @s of a vector to the file @f of leaf MHV_FIX_INDEX of @t. */
static void mh_step(struct kunit *test, const struct mh_tree *t,
		    struct mh_file *f, struct module_hashes_root *trusted,
		    const struct mhv_step *s)
{
	u32 sig_len = f->sig_len;
	int k;

	switch (s->op) {
	case MHV_OP_NONE:
		break;
	case MHV_OP_XOR:
		*mh_field_byte(test, f, trusted, s) ^= s->val;
		break;
	case MHV_OP_SET8:
		*mh_field_byte(test, f, trusted, s) = s->val;
		break;
	case MHV_OP_SET32:
		mh_set32(test, f, trusted, s->field, s->val);
		break;
	case MHV_OP_ADD32:
		mh_set32(test, f, trusted, s->field,
			 mh_get32(test, f, trusted, s->field) + s->val);
		break;
	case MHV_OP_XOR32:
		mh_set32(test, f, trusted, s->field,
			 mh_get32(test, f, trusted, s->field) ^ s->val);
		break;
	case MHV_OP_COPY32:
		mh_set32(test, f, trusted, s->field,
			 mh_get32(test, f, trusted, s->val));
		break;
	case MHV_OP_SIG_LEN_TO_START:
		f->sig_len = mh_before_info(f) + s->off;
		break;
	case MHV_OP_DROP_HASH:
	case MHV_OP_ADD_HASH:
		mh_resize_path(test, f, s->op == MHV_OP_DROP_HASH ? f->k - 1 : f->k + 1);
		if (!s->val)
			f->sig_len = sig_len;
		break;
	case MHV_OP_FIT_PATH:
		k = mh_path_len(f->index, f->size);
		if (k >= 0)
			mh_resize_path(test, f, k);
		break;
	case MHV_OP_INSERT:
		mh_insert(test, f, s);
		break;
	case MHV_OP_CUT:
		f->cut += s->off;
		break;
	case MHV_OP_NO_TRAILER:
		f->cut = mh_file_len(f) - f->body_len;
		break;
	case MHV_OP_PKCS7:
		f->ms.id_type = MODULE_HASHES_ID_PKCS7;
		f->head = 0;
		f->k = 0;
		f->gap = s->off;
		f->sig_len = s->off;
		break;
	case MHV_OP_SWAP_PROOF:
		mh_file_init(test, f, t, MHV_FIX_OTHER);
		f->body = t->body[MHV_FIX_INDEX];
		f->body_len = t->body_len[MHV_FIX_INDEX];
		break;
	case MHV_OP_SWAP_BODY:
		f->body = t->body[MHV_FIX_OTHER];
		f->body_len = t->body_len[MHV_FIX_OTHER];
		break;
	case MHV_OP_OTHER_TREE:
		mh_file_init(test, f, mh_tree_new(test, t->n + 1), MHV_FIX_INDEX);
		break;
	default:
		KUNIT_FAIL_AND_ABORT(test, "unknown step %u", s->op);
	}
}

KUNIT_ARRAY_PARAM_DESC(mhv, mhv_vectors, name);

static void mh_hostile(struct kunit *test)
{
	const struct mhv_vector *v = test->param_value;
	struct mh_tree *t = mh_tree_new(test, MHV_FIX_SIZE);
	struct module_hashes_root trusted = t->trusted;
	struct mh_file *f;
	size_t len, mod_len;
	unsigned int i;
	u8 *buf;

	f = kunit_kmalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	mh_file_init(test, f, t, MHV_FIX_INDEX);
	KUNIT_ASSERT_EQ(test, f->k, MHV_FIX_PATH);

	for (i = 0; i < ARRAY_SIZE(v->step); i++)
		mh_step(test, t, f, &trusted, &v->step[i]);
	buf = mh_file_build(test, f, &len);
	KUNIT_EXPECT_EQ_MSG(test, mh_verify(test, buf, len, &trusted, &mod_len), v->want,
			    "%s: want %s", v->what, module_hashes_verdict_name(v->want));
	if (v->want == MODULE_HASHES_VERIFIED)
		KUNIT_EXPECT_EQ(test, mod_len, f->body_len);
}

/*
 * Files of 0..40 bytes: zeros, or the tail of a good module file.  Each is
 * a buffer of exactly its size, so that KASAN sees a read outside it.
 */
static void mh_short_files(struct kunit *test)
{
	struct mh_tree *t = mh_tree_new(test, MHV_FIX_SIZE);
	size_t len, mod_len, n;
	struct mh_file *f;
	u8 *good, *buf;

	f = kunit_kmalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	mh_file_init(test, f, t, MHV_FIX_INDEX);
	good = mh_file_build(test, f, &len);

	for (n = 0; n <= 40; n++) {
		/*
		 * Only the marker is no trailer (as for module_sig_check());
		 * the marker after 1..12 bytes leaves no room for the info
		 * block.
		 */
		enum module_hashes_verdict want = n <= MODULE_HASHES_MARKER_LEN ?
			MODULE_HASHES_NO_PROOF : MODULE_HASHES_MALFORMED;

		buf = kunit_kzalloc(test, n, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, buf);
		KUNIT_EXPECT_EQ_MSG(test, mh_verify(test, buf, n, &t->trusted, &mod_len),
				    MODULE_HASHES_NO_PROOF, "%zu zero bytes", n);
		memcpy(buf, good + len - n, n);
		KUNIT_EXPECT_EQ_MSG(test, mh_verify(test, buf, n, &t->trusted, &mod_len),
				    want, "last %zu bytes of a module", n);
		kunit_kfree(test, buf);
	}
}

/* ---- tree shape ------------------------------------------------------- */

/*
 * A "module" whose bytes are the two children of an inner node must not
 * pass for that node: a leaf is hashed with 0x00, a node with 0x01.  The
 * forged proof treats the tree of 4 as a tree of 2 whose leaves are the
 * inner nodes, so it would verify if leaves and nodes were hashed alike.
 */
static void mh_leaf_is_not_node(struct kunit *test)
{
	struct mh_tree *t = mh_tree_new(test, 4);
	struct module_hashes_root trusted2 = t->trusted;
	struct module_hash leaf, walked, n01, n23;
	struct mh_file *f;
	size_t len, mod_len;
	u8 *body, *buf;

	mh_mth(test, t->leaves, 2, &n01);
	mh_mth(test, t->leaves + 2, 2, &n23);
	body = kunit_kmalloc(test, 2 * MODULE_HASHES_DIGEST_SIZE, GFP_KERNEL);
	f = kunit_kmalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, body);
	KUNIT_ASSERT_NOT_NULL(test, f);
	memcpy(body, &t->leaves[0], MODULE_HASHES_DIGEST_SIZE);
	memcpy(body + MODULE_HASHES_DIGEST_SIZE, &t->leaves[1], MODULE_HASHES_DIGEST_SIZE);

	/* The forged path is right for n01: only the leaf prefix stops it. */
	KUNIT_ASSERT_EQ(test, module_hashes_walk(&n01, 0, 2, &n23, 1, &walked), 0);
	KUNIT_ASSERT_MEMEQ(test, &walked, &t->trusted.root, sizeof(walked));
	mh_leaf(test, body, 2 * MODULE_HASHES_DIGEST_SIZE, &leaf);
	KUNIT_EXPECT_MEMNEQ(test, &leaf, &n01, sizeof(leaf));

	mh_file_init(test, f, t, 0);
	f->body = body;
	f->body_len = 2 * MODULE_HASHES_DIGEST_SIZE;
	f->size = 2;
	f->path[0] = n23;
	f->k = 1;
	f->sig_len = MODULE_HASHES_PROOF_HEAD_SIZE + MODULE_HASHES_DIGEST_SIZE;
	buf = mh_file_build(test, f, &len);

	trusted2.tree_size = cpu_to_le32(2);
	KUNIT_EXPECT_EQ(test, mh_verify(test, buf, len, &trusted2, &mod_len),
			MODULE_HASHES_TAMPERED);
	KUNIT_EXPECT_EQ(test, mh_verify(test, buf, len, &t->trusted, &mod_len),
			MODULE_HASHES_OTHER_BUILD);
}

/*
 * RFC 9162 promotes a last unpaired node; it never duplicates it, so
 * [A, B, C] and [A, B, C, C] are different trees with different roots.
 */
static void mh_no_duplication(struct kunit *test)
{
	struct mh_tree *t = mh_tree_new(test, 3);
	struct module_hash abcc[4], ab, cc, root3, root4, want3, want4;

	memcpy(abcc, t->leaves, 3 * sizeof(abcc[0]));
	abcc[3] = abcc[2];
	mh_mth(test, t->leaves, 3, &root3);
	mh_mth(test, abcc, 4, &root4);
	KUNIT_EXPECT_MEMNEQ(test, &root3, &root4, sizeof(root3));
	KUNIT_EXPECT_MEMEQ(test, &t->trusted.root, &root3, sizeof(root3));

	/* MTH([A, B, C]) = node(node(A, B), C) and [A,B,C,C] pairs C with C. */
	KUNIT_ASSERT_EQ(test, module_hashes_node(&abcc[0], &abcc[1], &ab), 0);
	KUNIT_ASSERT_EQ(test, module_hashes_node(&ab, &abcc[2], &want3), 0);
	KUNIT_EXPECT_MEMEQ(test, &root3, &want3, sizeof(want3));
	KUNIT_ASSERT_EQ(test, module_hashes_node(&abcc[2], &abcc[2], &cc), 0);
	KUNIT_ASSERT_EQ(test, module_hashes_node(&ab, &cc, &want4), 0);
	KUNIT_EXPECT_MEMEQ(test, &root4, &want4, sizeof(want4));
}

/* ---- verdicts --------------------------------------------------------- */

struct mh_errno {
	const char *name;
	enum module_hashes_verdict verdict;
	int err;
};

static const struct mh_errno mh_errnos[] = {
	{ "verified", MODULE_HASHES_VERIFIED, 0 },
	{ "no-proof", MODULE_HASHES_NO_PROOF, -ENODATA },
	{ "malformed", MODULE_HASHES_MALFORMED, -EBADMSG },
	{ "other-build", MODULE_HASHES_OTHER_BUILD, -ENOKEY },
	{ "tampered", MODULE_HASHES_TAMPERED, -EKEYREJECTED },
};

KUNIT_ARRAY_PARAM_DESC(mh_errno, mh_errnos, name);

static void mh_verdict_errno(struct kunit *test)
{
	const struct mh_errno *e = test->param_value;

	KUNIT_EXPECT_EQ(test, module_hashes_verdict_errno(e->verdict), e->err);
	KUNIT_EXPECT_STREQ(test, module_hashes_verdict_name(e->verdict), e->name);
}

static struct kunit_case module_hashes_test_cases[] = {
	KUNIT_CASE_PARAM(mh_rfc6962_root, mh_kat_gen_params),
	KUNIT_CASE(mh_spec_leaves),
	KUNIT_CASE(mh_golden_file),
	KUNIT_CASE(mh_one_pass),
	KUNIT_CASE_PARAM(mh_every_index, mh_tree_size_gen_params),
	KUNIT_CASE_PARAM(mh_hostile, mhv_gen_params),
	KUNIT_CASE(mh_short_files),
	KUNIT_CASE(mh_leaf_is_not_node),
	KUNIT_CASE(mh_no_duplication),
	KUNIT_CASE_PARAM(mh_verdict_errno, mh_errno_gen_params),
	{}
};

static struct kunit_suite module_hashes_test_suite = {
	.name = "module_hashes",
	.test_cases = module_hashes_test_cases,
};

kunit_test_suite(module_hashes_test_suite);

MODULE_DESCRIPTION("KUnit tests for hash-based module authentication");
MODULE_LICENSE("GPL");
/*
 * MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING), written so that it reads the
 * same whether the namespace is an identifier (Linux 6.12) or a string.
 */
MODULE_INFO(import_ns, "EXPORTED_FOR_KUNIT_TESTING");
