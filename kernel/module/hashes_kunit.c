// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for hash-based module authentication (CONFIG_MODULE_HASHES).
 *
 * Four tables drive the suite:
 *
 *  - RFC 6962 known answers: the roots of the first 1..8 leaves of the
 *    RFC's test data, and one whole module file with its proof, all
 *    computed independently of this code;
 *  - every leaf of every tree of 1..MH_MAX_TREE leaves, each wrapped in a
 *    full module file with its proof, must verify;
 *  - hostile variations of one good module, one row each, with the verdict
 *    the format requires;
 *  - the verdict to errno mapping;
 *
 * and three checks of the edges: files of 0..40 bytes, a module posing as
 * an inner node, and a last odd node promoted rather than duplicated.
 *
 * Module files are laid out here byte by byte from struct mh_file, and
 * trees and paths are built here from the recursive definitions of
 * RFC 9162 (mh_mth(), mh_path()), not with any helper of the code under
 * test, so a layout or tree bug on either side shows.
 */

#include <kunit/test.h>
#include <linux/hex.h>
#include <linux/module.h>
#include <linux/module_hashes.h>
#include <linux/string.h>

#include "internal.h"

#define MH_MAX_TREE	70	/* every index of every tree size up to this */
#define MH_MAX_BODY	160	/* longest module body mh_make_body() makes */
#define MH_GARBAGE	0xa5

/* The fixture of the hostile cases: leaf MH_FIX_INDEX of a MH_FIX_SIZE tree. */
#define MH_FIX_SIZE	11
#define MH_FIX_INDEX	6
#define MH_FIX_PATH	4	/* RFC 9162 path length of leaf 6 of 11 */
#define MH_FIX_OTHER	3	/* another leaf, for swapped proofs */

/**
 * struct mh_file - the parts of one module file, in file order
 * @body: the module bytes (the leaf data)
 * @body_len: their length
 * @before: garbage bytes between the body and the proof
 * @index: proof head leaf_index, CPU order
 * @size: proof head tree_size, CPU order
 * @root: proof head root
 * @path: path hashes; one spare slot so a test can make the path too long
 * @k: number of path hashes written
 * @gap: garbage bytes between the path and the information block
 * @ms: the information block; @ms.sig_len is written from @sig_len
 * @sig_len: proof length to record, CPU order
 * @marker: the closing marker (MODULE_SIG_STRING unless damaged)
 * @after: garbage bytes after the marker
 */
struct mh_file {
	const u8 *body;
	size_t body_len;
	size_t before;
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

/* The largest power of two below @n (n > 1): where RFC 9162 splits D[n]. */
static u32 mh_split(u32 n)
{
	u32 k = 1;

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
		KUNIT_ASSERT_EQ(test, module_hashes_leaf(t->body[i],
							 t->body_len[i],
							 &t->leaves[i]), 0);
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
	f->index = index;
	f->size = t->n;
	f->root = t->trusted.root;
	f->k = mh_path(test, t->leaves, t->n, index, f->path);
	f->ms.id_type = MODULE_HASHES_ID_TYPE;
	f->sig_len = MODULE_HASHES_PROOF_HEAD_SIZE + f->k * MODULE_HASHES_DIGEST_SIZE;
	strscpy(f->marker, MODULE_SIG_STRING, sizeof(f->marker));
}

static size_t mh_file_len(const struct mh_file *f)
{
	return f->body_len + f->before + MODULE_HASHES_PROOF_HEAD_SIZE +
	       f->k * MODULE_HASHES_DIGEST_SIZE + f->gap + sizeof(f->ms) +
	       MODULE_HASHES_MARKER_LEN + f->after;
}

/* Lay @f out byte by byte into a new buffer; returns it, length in @len. */
static u8 *mh_file_build(struct kunit *test, const struct mh_file *f, size_t *len)
{
	struct module_signature ms = f->ms;
	__le32 head[2] = { cpu_to_le32(f->index), cpu_to_le32(f->size) };
	u8 *buf, *p;

	/* Exactly the file, so that KASAN sees any read past its end. */
	*len = mh_file_len(f);
	buf = kunit_kmalloc(test, *len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	p = buf;
	memcpy(p, f->body, f->body_len);
	p += f->body_len;
	memset(p, MH_GARBAGE, f->before);
	p += f->before;
	memcpy(p, head, sizeof(head));
	p += sizeof(head);
	memcpy(p, &f->root, sizeof(f->root));
	p += sizeof(f->root);
	memcpy(p, f->path, f->k * sizeof(f->path[0]));
	p += f->k * sizeof(f->path[0]);
	memset(p, MH_GARBAGE, f->gap);
	p += f->gap;
	ms.sig_len = cpu_to_be32(f->sig_len);
	memcpy(p, &ms, sizeof(ms));
	p += sizeof(ms);
	memcpy(p, f->marker, MODULE_HASHES_MARKER_LEN);
	p += MODULE_HASHES_MARKER_LEN;
	memset(p, MH_GARBAGE, f->after);
	return buf;
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

/* ---- RFC 6962 known answers ---------------------------------------- */

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
		KUNIT_ASSERT_EQ(test, module_hashes_leaf(data, mh_rfc_leaf(test, i, data),
							 &leaves[i]), 0);
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
 * A whole module file, made independently (python hashlib and struct):
 * leaf 6 of the first 7 RFC 6962 leaves with its proof, part by part.
 */
static const char * const mh_golden_file_hex[] = {
	/* the module bytes: RFC 6962 leaf 6 */
	"5051525354555657",
	/* leaf_index 6, little-endian */
	"06000000",
	/* tree_size 7, little-endian */
	"07000000",
	/* root of the 7 leaves */
	"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
	/* path[0]: MTH(D[4:6]) */
	"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
	/* path[1]: MTH(D[0:4]) */
	"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	/* info block: id_type 3, sig_len 104, big-endian */
	"000003000000000000000068",
	/* MODULE_SIG_STRING */
	"7e4d6f64756c65207369676e617475726520617070656e6465647e0a",
};

#define MH_GOLDEN_N	7
#define MH_GOLDEN_INDEX	6

static void mh_golden_file(struct kunit *test)
{
	struct module_hash *leaves = mh_rfc_leaves_of(test, MH_GOLDEN_N);
	size_t len = 0, built_len, mod_len;
	struct module_hashes_root trusted = {
		.algo = cpu_to_le32(MODULE_HASHES_ALGO_SHA256),
		.tree_size = cpu_to_le32(MH_GOLDEN_N),
	};
	u8 *golden, *built, *body;
	struct mh_file *f;
	unsigned int i;

	golden = kunit_kmalloc(test, 256, GFP_KERNEL);
	body = kunit_kmalloc(test, 16, GFP_KERNEL);
	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, golden);
	KUNIT_ASSERT_NOT_NULL(test, body);
	KUNIT_ASSERT_NOT_NULL(test, f);
	for (i = 0; i < ARRAY_SIZE(mh_golden_file_hex); i++) {
		size_t n = strlen(mh_golden_file_hex[i]) / 2;

		KUNIT_ASSERT_LE(test, len + n, 256);
		KUNIT_ASSERT_EQ(test, hex2bin(golden + len, mh_golden_file_hex[i], n), 0);
		len += n;
	}
	KUNIT_ASSERT_EQ(test, hex2bin(trusted.root.b, mh_kats[MH_GOLDEN_N - 1].root,
				      sizeof(trusted.root.b)), 0);

	KUNIT_EXPECT_EQ(test, mh_verify(test, golden, len, &trusted, &mod_len),
			MODULE_HASHES_VERIFIED);
	KUNIT_EXPECT_EQ(test, mod_len, mh_rfc_leaf(test, MH_GOLDEN_INDEX, body));

	/* The same bytes from mh_mth(), mh_path() and mh_file_build(). */
	f->body = body;
	f->body_len = mh_rfc_leaf(test, MH_GOLDEN_INDEX, body);
	f->index = MH_GOLDEN_INDEX;
	f->size = MH_GOLDEN_N;
	mh_mth(test, leaves, MH_GOLDEN_N, &f->root);
	f->k = mh_path(test, leaves, MH_GOLDEN_N, MH_GOLDEN_INDEX, f->path);
	f->ms.id_type = MODULE_HASHES_ID_TYPE;
	f->sig_len = MODULE_HASHES_PROOF_HEAD_SIZE + f->k * MODULE_HASHES_DIGEST_SIZE;
	strscpy(f->marker, MODULE_SIG_STRING, sizeof(f->marker));
	built = mh_file_build(test, f, &built_len);
	KUNIT_ASSERT_EQ(test, built_len, len);
	KUNIT_EXPECT_MEMEQ(test, built, golden, len);
}

/* ---- every leaf of every small tree ----------------------------------- */

static const void *mh_tree_size_gen(const void *prev, char *desc)
{
	unsigned long n = (unsigned long)prev + 1;

	if (n > MH_MAX_TREE)
		return NULL;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%lu leaves", n);
	return (const void *)n;
}

static void mh_every_index(struct kunit *test)
{
	u32 n = (unsigned long)test->param_value;
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

/**
 * struct mh_case - one hostile case
 * @name: what is done to the module
 * @edit: does it, to the file @f of leaf MH_FIX_INDEX or to @trusted
 * @arg: which byte, field or hash
 * @want: the verdict the format requires
 */
struct mh_case {
	const char *name;
	void (*edit)(struct kunit *test, struct mh_tree *t, struct mh_file *f,
		     struct module_hashes_root *trusted, unsigned long arg);
	unsigned long arg;
	enum module_hashes_verdict want;
};

#define MH_EDIT(fn)							\
	static void fn(struct kunit *test, struct mh_tree *t,		\
		       struct mh_file *f, struct module_hashes_root *trusted, \
		       unsigned long arg)

MH_EDIT(mh_none) { }

/* The body is copied so that the tree's bodies stay intact. */
MH_EDIT(mh_flip_body)
{
	u8 *body = kunit_kmalloc(test, f->body_len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, body);
	memcpy(body, f->body, f->body_len);
	body[arg / 8 % f->body_len] ^= BIT(arg % 8);
	f->body = body;
}

/* Last body byte, bit 7. */
MH_EDIT(mh_flip_body_end)
{
	mh_flip_body(test, t, f, trusted, (f->body_len - 1) * 8 + 7);
}

MH_EDIT(mh_flip_path) { f->path[arg].b[arg * 11 % MODULE_HASHES_DIGEST_SIZE] ^= 0x01; }
MH_EDIT(mh_flip_root) { f->root.b[31] ^= 0x80; }
MH_EDIT(mh_xor_index) { f->index ^= arg; }
MH_EDIT(mh_xor_size) { f->size ^= arg; }
MH_EDIT(mh_add_index) { f->index += arg; }
MH_EDIT(mh_sub_index) { f->index -= arg; }
MH_EDIT(mh_set_index) { f->index = arg; }
MH_EDIT(mh_set_size) { f->size = arg; }
MH_EDIT(mh_double_size) { f->size *= 2; }
MH_EDIT(mh_halve_size) { f->size /= 2; }
MH_EDIT(mh_index_is_size) { f->index = f->size; }

/* size x2 with a path of the length that size needs: a well-formed proof. */
MH_EDIT(mh_double_size_fit)
{
	f->size *= 2;
	f->k = module_hashes_path_len(f->index, f->size);
	f->sig_len = MODULE_HASHES_PROOF_HEAD_SIZE + f->k * MODULE_HASHES_DIGEST_SIZE;
}

/* @arg != 0: sig_len follows the new path length. */
MH_EDIT(mh_path_short)
{
	f->k--;
	if (arg)
		f->sig_len -= MODULE_HASHES_DIGEST_SIZE;
}

MH_EDIT(mh_path_long)
{
	f->path[f->k++] = f->path[0];
	if (arg)
		f->sig_len += MODULE_HASHES_DIGEST_SIZE;
}

MH_EDIT(mh_garbage_before) { f->before = arg; }
MH_EDIT(mh_garbage_after) { f->after = arg; }

MH_EDIT(mh_garbage_gap)
{
	f->gap = arg;
	f->sig_len += arg;
}

/* The body of MH_FIX_INDEX with the proof of leaf @arg, and vice versa. */
MH_EDIT(mh_swap_proof)
{
	mh_file_init(test, f, t, arg);
	f->body = t->body[MH_FIX_INDEX];
	f->body_len = t->body_len[MH_FIX_INDEX];
}

MH_EDIT(mh_swap_body)
{
	f->body = t->body[arg];
	f->body_len = t->body_len[arg];
}

/* The same module in a build with one module more. */
MH_EDIT(mh_other_tree)
{
	struct mh_tree *other = mh_tree_new(test, t->n + 1);

	mh_file_init(test, f, other, MH_FIX_INDEX);
}

/* Byte @arg of the information block set to 1. */
MH_EDIT(mh_set_ms_byte) { ((u8 *)&f->ms)[arg] = 1; }
MH_EDIT(mh_id_type) { f->ms.id_type = arg; }

MH_EDIT(mh_set_sig_len) { f->sig_len = arg; }
MH_EDIT(mh_add_sig_len) { f->sig_len += arg; }
MH_EDIT(mh_sub_sig_len) { f->sig_len -= arg; }

/* sig_len reaching back @arg bytes before the start of the file. */
MH_EDIT(mh_sig_len_past_start)
{
	f->sig_len += f->body_len + arg;
}

MH_EDIT(mh_flip_marker) { f->marker[arg] ^= 0x20; }

/* A PKCS#7 signature trailer: id_type 2, the usual zero fields, a blob. */
MH_EDIT(mh_pkcs7)
{
	f->ms.id_type = 2;
	f->k = 0;
	f->gap = arg;
	f->sig_len = MODULE_HASHES_PROOF_HEAD_SIZE + arg;
}

MH_EDIT(mh_trusted_algo) { trusted->algo = cpu_to_le32(arg); }
MH_EDIT(mh_trusted_size) { trusted->tree_size = cpu_to_le32(arg); }
MH_EDIT(mh_trusted_root) { trusted->root.b[arg] ^= 0x01; }

#define MS_OFF(field)	offsetof(struct module_signature, field)

static const struct mh_case mh_cases[] = {
	{ "unmodified", mh_none, 0, MODULE_HASHES_VERIFIED },

	{ "body: first bit", mh_flip_body, 0, MODULE_HASHES_TAMPERED },
	{ "body: bit 3 of byte 40", mh_flip_body, 40 * 8 + 3, MODULE_HASHES_TAMPERED },
	{ "body: last bit", mh_flip_body_end, 0, MODULE_HASHES_TAMPERED },
	{ "path[0]: one bit", mh_flip_path, 0, MODULE_HASHES_TAMPERED },
	{ "path[1]: one bit", mh_flip_path, 1, MODULE_HASHES_TAMPERED },
	{ "path[2]: one bit", mh_flip_path, 2, MODULE_HASHES_TAMPERED },
	{ "path[3]: one bit", mh_flip_path, 3, MODULE_HASHES_TAMPERED },
	{ "proof root: one bit", mh_flip_root, 0, MODULE_HASHES_OTHER_BUILD },

	/* 6 ^ 1 = 7 has the same path length: a well-formed wrong walk. */
	{ "index: bit 0", mh_xor_index, BIT(0), MODULE_HASHES_TAMPERED },
	{ "index: bit 3", mh_xor_index, BIT(3), MODULE_HASHES_MALFORMED },
	{ "index: bit 31", mh_xor_index, BIT(31), MODULE_HASHES_MALFORMED },
	{ "index + 1", mh_add_index, 1, MODULE_HASHES_TAMPERED },
	{ "index - 1", mh_sub_index, 1, MODULE_HASHES_TAMPERED },
	{ "index 8: other path length", mh_set_index, 8, MODULE_HASHES_MALFORMED },
	{ "index = size", mh_index_is_size, 0, MODULE_HASHES_MALFORMED },
	{ "index 0xffffffff", mh_set_index, 0xffffffff, MODULE_HASHES_MALFORMED },
	/* 11 ^ 1 = 10 gives leaf 6 the same path length. */
	{ "size: bit 0", mh_xor_size, BIT(0), MODULE_HASHES_OTHER_BUILD },
	{ "size: bit 4", mh_xor_size, BIT(4), MODULE_HASHES_MALFORMED },
	{ "size: bit 31", mh_xor_size, BIT(31), MODULE_HASHES_MALFORMED },
	{ "size 0", mh_set_size, 0, MODULE_HASHES_MALFORMED },
	{ "size x2", mh_double_size, 0, MODULE_HASHES_MALFORMED },
	{ "size x2, path fitted", mh_double_size_fit, 0, MODULE_HASHES_OTHER_BUILD },
	{ "size / 2", mh_halve_size, 0, MODULE_HASHES_MALFORMED },

	/*
	 * With sig_len kept (and sig_len +-32) the proof head is read 32 bytes
	 * off: from body bytes, all >= 0x80, or from the root, and the index
	 * and size found there do not give the length sig_len claims.
	 */
	{ "path short, sig_len adjusted", mh_path_short, 1, MODULE_HASHES_MALFORMED },
	{ "path short, sig_len kept", mh_path_short, 0, MODULE_HASHES_MALFORMED },
	{ "path long, sig_len adjusted", mh_path_long, 1, MODULE_HASHES_MALFORMED },
	{ "path long, sig_len kept", mh_path_long, 0, MODULE_HASHES_MALFORMED },

	{ "garbage before the proof", mh_garbage_before, 16, MODULE_HASHES_TAMPERED },
	{ "garbage inside the trailer", mh_garbage_gap, 32, MODULE_HASHES_MALFORMED },
	{ "garbage after the marker", mh_garbage_after, 16, MODULE_HASHES_NO_PROOF },
	{ "one byte after the marker", mh_garbage_after, 1, MODULE_HASHES_NO_PROOF },

	{ "proof of another module", mh_swap_proof, MH_FIX_OTHER, MODULE_HASHES_TAMPERED },
	{ "body of another module", mh_swap_body, MH_FIX_OTHER, MODULE_HASHES_TAMPERED },
	{ "proof from another build", mh_other_tree, 0, MODULE_HASHES_OTHER_BUILD },

	{ "info: algo set", mh_set_ms_byte, MS_OFF(algo), MODULE_HASHES_MALFORMED },
	{ "info: hash set", mh_set_ms_byte, MS_OFF(hash), MODULE_HASHES_MALFORMED },
	{ "info: signer_len set", mh_set_ms_byte, MS_OFF(signer_len), MODULE_HASHES_MALFORMED },
	{ "info: key_id_len set", mh_set_ms_byte, MS_OFF(key_id_len), MODULE_HASHES_MALFORMED },
	{ "info: __pad[0] set", mh_set_ms_byte, MS_OFF(__pad) + 0, MODULE_HASHES_MALFORMED },
	{ "info: __pad[1] set", mh_set_ms_byte, MS_OFF(__pad) + 1, MODULE_HASHES_MALFORMED },
	{ "info: __pad[2] set", mh_set_ms_byte, MS_OFF(__pad) + 2, MODULE_HASHES_MALFORMED },
	{ "id_type 0", mh_id_type, 0, MODULE_HASHES_NO_PROOF },
	{ "id_type 4", mh_id_type, 4, MODULE_HASHES_NO_PROOF },
	{ "PKCS 7 trailer (id_type 2)", mh_pkcs7, 500, MODULE_HASHES_NO_PROOF },

	{ "sig_len 0", mh_set_sig_len, 0, MODULE_HASHES_MALFORMED },
	{ "sig_len 39", mh_set_sig_len, MODULE_HASHES_PROOF_HEAD_SIZE - 1,
	  MODULE_HASHES_MALFORMED },
	{ "sig_len 0xffffffff", mh_set_sig_len, 0xffffffff, MODULE_HASHES_MALFORMED },
	{ "sig_len + 1", mh_add_sig_len, 1, MODULE_HASHES_MALFORMED },
	{ "sig_len - 1", mh_sub_sig_len, 1, MODULE_HASHES_MALFORMED },
	{ "sig_len + 32", mh_add_sig_len, 32, MODULE_HASHES_MALFORMED },
	{ "sig_len - 32", mh_sub_sig_len, 32, MODULE_HASHES_MALFORMED },
	{ "sig_len leaves no module bytes", mh_sig_len_past_start, 0,
	  MODULE_HASHES_MALFORMED },
	{ "sig_len past the start", mh_sig_len_past_start, 1, MODULE_HASHES_MALFORMED },
	{ "sig_len past the start by 4k", mh_sig_len_past_start, 4096,
	  MODULE_HASHES_MALFORMED },

	{ "marker: first byte", mh_flip_marker, 0, MODULE_HASHES_NO_PROOF },
	{ "marker: last byte", mh_flip_marker, MODULE_HASHES_MARKER_LEN - 1,
	  MODULE_HASHES_NO_PROOF },

	{ "trusted: algo 0 (no tree)", mh_trusted_algo, MODULE_HASHES_ALGO_NONE,
	  MODULE_HASHES_OTHER_BUILD },
	{ "trusted: algo 2", mh_trusted_algo, 2, MODULE_HASHES_OTHER_BUILD },
	{ "trusted: size 10", mh_trusted_size, MH_FIX_SIZE - 1, MODULE_HASHES_OTHER_BUILD },
	{ "trusted: size 12", mh_trusted_size, MH_FIX_SIZE + 1, MODULE_HASHES_OTHER_BUILD },
	{ "trusted: root byte 0", mh_trusted_root, 0, MODULE_HASHES_OTHER_BUILD },
	{ "trusted: root byte 31", mh_trusted_root, 31, MODULE_HASHES_OTHER_BUILD },
};

KUNIT_ARRAY_PARAM_DESC(mh_case, mh_cases, name);

static void mh_hostile(struct kunit *test)
{
	const struct mh_case *c = test->param_value;
	struct mh_tree *t = mh_tree_new(test, MH_FIX_SIZE);
	struct module_hashes_root trusted = t->trusted;
	struct mh_file *f;
	size_t len, mod_len;
	u8 *buf;

	f = kunit_kmalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	mh_file_init(test, f, t, MH_FIX_INDEX);
	KUNIT_ASSERT_EQ(test, f->k, MH_FIX_PATH);

	c->edit(test, t, f, &trusted, c->arg);
	buf = mh_file_build(test, f, &len);
	KUNIT_EXPECT_EQ_MSG(test, mh_verify(test, buf, len, &trusted, &mod_len), c->want,
			    "want %s", module_hashes_verdict_name(c->want));
	if (c->want == MODULE_HASHES_VERIFIED)
		KUNIT_EXPECT_EQ(test, mod_len, f->body_len);
}

/*
 * Files of 0..40 bytes: zeros, or the tail of a good module file.  Each is
 * a buffer of exactly its size, so that KASAN sees a read outside it.
 */
static void mh_short_files(struct kunit *test)
{
	struct mh_tree *t = mh_tree_new(test, MH_FIX_SIZE);
	size_t len, mod_len, n;
	struct mh_file *f;
	u8 *good, *buf;

	f = kunit_kmalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	mh_file_init(test, f, t, MH_FIX_INDEX);
	good = mh_file_build(test, f, &len);

	for (n = 0; n <= 40; n++) {
		/* Ending in the marker but with no room for the info block. */
		enum module_hashes_verdict want = n < MODULE_HASHES_MARKER_LEN ?
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
	KUNIT_ASSERT_EQ(test, module_hashes_leaf(body, 2 * MODULE_HASHES_DIGEST_SIZE,
						 &leaf), 0);
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
	KUNIT_CASE(mh_golden_file),
	KUNIT_CASE_PARAM(mh_every_index, mh_tree_size_gen),
	KUNIT_CASE_PARAM(mh_hostile, mh_case_gen_params),
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
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
