// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of include/linux/module_hashes.h: RFC 6962 known answers,
 * every index of many tree sizes against an independent recursive
 * reference of RFC 9162, and a table of hostile trailers with the verdict
 * each must get.  Prints TAP.
 */

#include <endian.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../../../include/linux/module_hashes.h"
#include "../../../../scripts/modhashes/tree.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __printf(a, b)	__attribute__((__format__(printf, a, b)))

typedef unsigned char u8;

static int test_no;
static int failures;

static void result(int ok, const char *fmt, ...) __printf(2, 3);

static void result(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", ok ? "ok" : "not ok", ++test_no);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok)
		failures++;
}

/* ---------------------------------------------------- SHA-256, reference */

static void sha256(const void *a, size_t alen, const void *b, size_t blen,
		   u8 prefix, struct module_hash *out)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL) ||
	    !EVP_DigestUpdate(md, &prefix, 1) || !EVP_DigestUpdate(md, a, alen) ||
	    !EVP_DigestUpdate(md, b, blen) || !EVP_DigestFinal_ex(md, out->b, NULL)) {
		fprintf(stderr, "SHA-256 failed\n");
		exit(1);
	}
	EVP_MD_CTX_free(md);
}

/* RFC 9162's leaf hash of any data. */
static void leaf_hash(const void *data, size_t len, struct module_hash *out)
{
	sha256(data, len, NULL, 0, MODULE_HASHES_LEAF_PREFIX, out);
}

int module_hashes_leaf(const struct module_hash *digest, struct module_hash *out)
{
	struct module_hash tmp;

	leaf_hash(digest, sizeof(*digest), &tmp);
	*out = tmp;
	return 0;
}

/* SHA-256 of @len bytes, no prefix: a module's digest. */
static void digest_of(const void *data, size_t len, struct module_hash *out)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL) ||
	    !EVP_DigestUpdate(md, data, len) || !EVP_DigestFinal_ex(md, out->b, NULL)) {
		fprintf(stderr, "SHA-256 failed\n");
		exit(1);
	}
	EVP_MD_CTX_free(md);
}

/* A module's leaf: the leaf hash of its digest. */
static void module_leaf(const void *data, size_t len, struct module_hash *out)
{
	struct module_hash d;

	digest_of(data, len, &d);
	module_hashes_leaf(&d, out);
}

int module_hashes_node(const struct module_hash *l,
		       const struct module_hash *r, struct module_hash *out)
{
	struct module_hash tmp;

	sha256(l, sizeof(*l), r, sizeof(*r), MODULE_HASHES_NODE_PREFIX, &tmp);
	*out = tmp;
	return 0;
}

static unsigned int split(unsigned int n)	/* largest power of two < n */
{
	unsigned int k = 1;

	while (2 * k < n)
		k *= 2;
	return k;
}

/* RFC 9162 2.1.1 MTH(D[n]), written from the definition. */
static void ref_mth(const struct module_hash *leaves, unsigned int n,
		    struct module_hash *out)
{
	struct module_hash l, r;
	unsigned int k;

	if (n == 1) {
		*out = leaves[0];
		return;
	}
	k = split(n);
	ref_mth(leaves, k, &l);
	ref_mth(leaves + k, n - k, &r);
	module_hashes_node(&l, &r, out);
}

/* RFC 9162 2.1.3.1 PATH(m, D[n]), written from the definition. */
static unsigned int ref_path(const struct module_hash *leaves, unsigned int n,
			     unsigned int m, struct module_hash *path)
{
	unsigned int k, len;

	if (n == 1)
		return 0;
	k = split(n);
	if (m < k) {
		len = ref_path(leaves, k, m, path);
		ref_mth(leaves + k, n - k, &path[len]);
	} else {
		len = ref_path(leaves + k, n - k, m - k, path);
		ref_mth(leaves, k, &path[len]);
	}
	return len + 1;
}

/* ------------------------------------------------------- known answers */

static const char *const rfc_leaves[] = {
	"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
	"606162636465666768696a6b6c6d6e6f",
};

/* Roots for n = 1..8; n = 1 and 8 are RFC 6962's, the others pinned here. */
static const char *const rfc_roots[] = {
	"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
	"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
	"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
	"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
	"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

static void from_hex(const char *s, u8 *out, size_t *len)
{
	size_t i, n = strlen(s) / 2;

	for (i = 0; i < n; i++)
		if (sscanf(s + 2 * i, "%2hhx", &out[i]) != 1)
			exit(2);
	*len = n;
}

static void build(struct module_hash *nodes, unsigned int n)
{
	if (tree_build(nodes, n)) {
		fprintf(stderr, "tree_build() failed\n");
		exit(1);
	}
}

static const struct module_hash *root_of(const struct module_hash *nodes,
					 unsigned int n)
{
	return tree_root(nodes, n);
}

static void test_known_answers(void)
{
	struct module_hash nodes[16], want;
	unsigned int n, i;
	u8 data[16];
	size_t len;

	for (n = 1; n <= 8; n++) {
		for (i = 0; i < n; i++) {
			from_hex(rfc_leaves[i], data, &len);
			leaf_hash(data, len, &nodes[i]);
		}
		build(nodes, n);
		from_hex(rfc_roots[n - 1], want.b, &len);
		result(!memcmp(root_of(nodes, n), &want, sizeof(want)),
		       "RFC 6962 test data: root of %u leaves", n);
	}
}

/*
 * The example of Documentation/admin-guide/module-hashes.rst, computed with
 * python hashlib and openssl dgst: three modules, each one's digest and
 * leaf, and the root of their tree, built with tree.c.
 */
static void test_spec_example(void)
{
	static const char *const body[] = { "module 0", "module 1", "module 2" };
	static const char *const digest[] = {
		"53763b045051d7284dcd880306db736e5edaedb276d2866ffeca8266db40525f",
		"444906af2819cdac27778b93799f22d04a31e1256c4f0f4f84c4072c326c3996",
		"6e5456dd9ebc00386f73beaf944cef7fb4668b043e9ae60389935d6cf33bd67a",
	};
	static const char *const leaf[] = {
		"9af692dc49f248dda716ec5ecf62d13e036cef0d5fe2d87b854dc751858a28bd",
		"41ca6f4013c56c9463fa8d79c9057def8592cdddd6c073775026041e880ee7ee",
		"12ae66d944e605bd9a01d9fb6cfa6ba501489cb68c98c7316c0c1898558bacb0",
	};
	static const char *const root =
		"b45571135610c284ce5d0fba56303e85db4934edc51fb12b217fda2183e7bbc1";
	struct module_hash nodes[8], d, want;
	unsigned int i;
	size_t len;

	for (i = 0; i < 3; i++) {
		digest_of(body[i], strlen(body[i]), &d);
		from_hex(digest[i], want.b, &len);
		result(!memcmp(&d, &want, sizeof(d)), "spec example: digest of \"%s\"",
		       body[i]);
		module_leaf(body[i], strlen(body[i]), &nodes[i]);
		from_hex(leaf[i], want.b, &len);
		result(!memcmp(&nodes[i], &want, sizeof(want)),
		       "spec example: leaf of \"%s\"", body[i]);
	}
	build(nodes, 3);
	from_hex(root, want.b, &len);
	result(!memcmp(root_of(nodes, 3), &want, sizeof(want)),
	       "spec example: root of the 3 modules");
}

/* [A,B,C] and [A,B,C,C] must differ: a last node is promoted, not doubled. */
static void test_no_duplication(void)
{
	static const char *const want3 =
		"7c464dec964a78bed0b50ae2102c4b3f93362198148dfac451c671a128e28265";
	static const char *const want4 =
		"4d628fb71f90cb99f9c0c5b349fac86eb25218ed4448c1aaf7f25926713299c6";
	struct module_hash a[8], b[8], w3, w4;
	unsigned int i;
	u8 data[4];
	size_t len;

	for (i = 0; i < 4; i++) {
		from_hex(rfc_leaves[1 + (i < 3 ? i : 2)], data, &len);
		leaf_hash(data, len, &a[i]);
		b[i] = a[i];
	}
	build(a, 3);
	build(b, 4);
	from_hex(want3, w3.b, &len);
	from_hex(want4, w4.b, &len);
	result(!memcmp(root_of(a, 3), &w3, 32) && !memcmp(root_of(b, 4), &w4, 32) &&
	       memcmp(root_of(a, 3), root_of(b, 4), 32),
	       "[A,B,C] and [A,B,C,C] have the pinned, different roots");
}

/* -------------------------------------------- every index of every size */

static int check_size(unsigned int n)
{
	struct module_hash *leaves = calloc(n, sizeof(*leaves));
	struct module_hash *nodes = calloc(tree_nodes(n), sizeof(*nodes));
	struct module_hash path[MODULE_HASHES_MAX_PATH], ref[MODULE_HASHES_MAX_PATH];
	struct module_hash want, got;
	unsigned int i, k, rk;
	int ok = 1;

	for (i = 0; i < n; i++) {
		leaf_hash(&i, sizeof(i), &leaves[i]);
		nodes[i] = leaves[i];
	}
	build(nodes, n);
	ref_mth(leaves, n, &want);
	ok &= !memcmp(root_of(nodes, n), &want, sizeof(want));
	for (i = 0; ok && i < n; i++) {
		k = tree_path(nodes, n, i, path);
		rk = ref_path(leaves, n, i, ref);
		ok &= k == rk && (int)k == module_hashes_path_len(i, n) &&
		      !memcmp(path, ref, k * sizeof(*path));
		ok &= !module_hashes_walk(&leaves[i], i, n, path, k, &got) &&
		      !memcmp(&got, &want, sizeof(got));
		/* One hash short or long is never accepted by the walk. */
		ok &= module_hashes_walk(&leaves[i], i, n, path, k + 1, &got) == -EINVAL;
		if (k)
			ok &= module_hashes_walk(&leaves[i], i, n, path, k - 1, &got) == -EINVAL;
	}
	free(leaves);
	free(nodes);
	return ok;
}

static void test_every_index(void)
{
	static const unsigned int pow2[] = { 16, 64, 128, 256, 1024, 4096 };
	unsigned int n, i;

	for (n = 1; n <= 70; n++)
		result(check_size(n), "every index of a tree of %u leaves matches RFC 9162", n);
	for (i = 0; i < ARRAY_SIZE(pow2); i++)
		for (n = pow2[i] - 1; n <= pow2[i] + 1; n++)
			if (n > 70)
				result(check_size(n),
				       "every index of a tree of %u leaves matches RFC 9162", n);
	result(module_hashes_path_len(0, 0) < 0 && module_hashes_path_len(5, 5) < 0 &&
	       module_hashes_path_len(0, 0xffffffff) == MODULE_HASHES_MAX_PATH &&
	       module_hashes_path_len(0xfffffffe, 0xffffffff) == 31 &&
	       module_hashes_path_len(0, 0x80000000u) == 31,
	       "path length bounds (size 0, index = size, size 2^32 - 1, 2^31)");
}

/* ------------------------------------------------------ hostile trailers */

/*
 * The rows are kernel/module/hashes_vectors.h, shared with KUnit and the
 * QEMU tests.  Here each step edits the bytes of a laid-out file.
 */
#include "../../../../kernel/module/hashes_vectors.h"

#define MODLEN	200
#define INFO_LEN	sizeof(struct module_signature)
#define TAIL_LEN	(INFO_LEN + MODULE_HASHES_MARKER_LEN)

/* A module file under test: its bytes, and where the proof starts. */
struct fx {
	u8 b[8192];
	size_t len, mod_len;
	struct module_hashes_root trusted;
	struct module_hash nodes[64];
};

static void make_module(u8 *dst, unsigned int i)
{
	memset(dst, MHV_GARBAGE, MODLEN);	/* index/size read from here are huge */
	dst[0] = i;
}

/* The tree of modules 0 .. n - 1 into @nodes. */
static void make_tree(struct module_hash *nodes, unsigned int n)
{
	u8 mod[MODLEN];
	unsigned int i;

	for (i = 0; i < n; i++) {
		make_module(mod, i);
		module_leaf(mod, MODLEN, &nodes[i]);
	}
	build(nodes, n);
}

static size_t append_trailer(u8 *p, const struct module_hash *nodes, unsigned int n,
			     unsigned int i)
{
	struct module_hashes_proof proof = {
		.leaf_index = htole32(i),
		.tree_size = htole32(n),
		.root = *root_of(nodes, n),
	};
	struct module_hash path[MODULE_HASHES_MAX_PATH];
	struct module_signature ms = { .id_type = MODULE_HASHES_ID_TYPE };
	unsigned int k = tree_path(nodes, n, i, path);
	size_t len = 0;

	memcpy(p, &proof, sizeof(proof));
	len += sizeof(proof);
	memcpy(p + len, path, k * sizeof(*path));
	len += k * sizeof(*path);
	ms.sig_len = htobe32(len);
	memcpy(p + len, &ms, sizeof(ms));
	len += sizeof(ms);
	memcpy(p + len, MODULE_SIG_STRING, MODULE_HASHES_MARKER_LEN);
	return len + MODULE_HASHES_MARKER_LEN;
}

/* The proven file of module @idx of a tree of @n. */
static void fx_init_tree(struct fx *f, unsigned int n, unsigned int idx)
{
	memset(f, 0, sizeof(*f));
	make_tree(f->nodes, n);
	f->trusted.algo = htole32(MODULE_HASHES_ALGO_SHA256);
	f->trusted.tree_size = htole32(n);
	f->trusted.root = *root_of(f->nodes, n);
	make_module(f->b, idx);
	f->mod_len = MODLEN;
	f->len = MODLEN + append_trailer(f->b + MODLEN, f->nodes, n, idx);
}

/* The fixture of the vectors. */
static void fx_init(struct fx *f, unsigned int idx)
{
	fx_init_tree(f, MHV_FIX_SIZE, idx);
}

static struct module_hashes_proof *proof(struct fx *f)
{
	return (void *)(f->b + f->mod_len);
}

static size_t info_at(struct fx *f)
{
	return f->len - TAIL_LEN;
}

static struct module_signature *info(struct fx *f)
{
	return (void *)(f->b + info_at(f));
}

static void set_sig_len(struct fx *f, __u32 v)
{
	info(f)->sig_len = htobe32(v);
}

static __u32 sig_len(struct fx *f)
{
	return be32toh(info(f)->sig_len);
}

/* Insert (@n > 0) or remove (@n < 0) bytes at @at. */
static void splice(struct fx *f, size_t at, long n, u8 fill)
{
	memmove(f->b + at + n, f->b + at, f->len - at);
	if (n > 0)
		memset(f->b + at, fill, n);
	f->len += n;
}

/* Where byte field @field starts, and its length. */
static u8 *field_bytes(struct fx *f, unsigned int field, size_t *len)
{
	switch (field) {
	case MHV_F_BODY:
		*len = f->mod_len;
		return f->b;
	case MHV_F_ROOT:
		*len = sizeof(proof(f)->root);
		return proof(f)->root.b;
	case MHV_F_PATH:
		*len = info_at(f) - f->mod_len - MODULE_HASHES_PROOF_HEAD_SIZE;
		return (u8 *)proof(f)->path;
	case MHV_F_INFO:
		*len = offsetof(struct module_signature, sig_len);
		return (u8 *)info(f);
	case MHV_F_MARKER:
		*len = MODULE_HASHES_MARKER_LEN;
		return f->b + f->len - MODULE_HASHES_MARKER_LEN;
	case MHV_F_TRUSTED_ROOT:
		*len = sizeof(f->trusted.root);
		return f->trusted.root.b;
	}
	fprintf(stderr, "no byte field %u\n", field);
	exit(2);
}

static u8 *field_byte(struct fx *f, const struct mhv_step *s)
{
	size_t len;
	u8 *p = field_bytes(f, s->field, &len);
	long off = s->off < 0 ? (long)len + s->off : s->off;

	if (off < 0 || off >= (long)len) {
		fprintf(stderr, "byte %d of a field of %zu\n", s->off, len);
		exit(2);
	}
	return p + off;
}

/* 32-bit fields, little-endian except sig_len; all unaligned. */
static u8 *field32(struct fx *f, unsigned int field)
{
	switch (field) {
	case MHV_F_INDEX:
		return f->b + f->mod_len;
	case MHV_F_SIZE:
		return f->b + f->mod_len + 4;
	case MHV_F_SIG_LEN:
		return (u8 *)&info(f)->sig_len;
	case MHV_F_TRUSTED_ALGO:
		return (u8 *)&f->trusted.algo;
	case MHV_F_TRUSTED_SIZE:
		return (u8 *)&f->trusted.tree_size;
	}
	fprintf(stderr, "no 32-bit field %u\n", field);
	exit(2);
}

static __u32 get32(struct fx *f, unsigned int field)
{
	__u32 v;

	memcpy(&v, field32(f, field), 4);
	return field == MHV_F_SIG_LEN ? be32toh(v) : le32toh(v);
}

static void set32(struct fx *f, unsigned int field, __u32 v)
{
	v = field == MHV_F_SIG_LEN ? htobe32(v) : htole32(v);
	memcpy(field32(f, field), &v, 4);
}

/* Path hashes added at its end (copies of path[0]) or removed. */
static void resize_path(struct fx *f, int delta, int adjust)
{
	for (; delta > 0; delta--) {
		splice(f, info_at(f), 32, 0);
		memcpy(f->b + info_at(f) - 32, proof(f)->path, 32);
		if (adjust)
			set_sig_len(f, sig_len(f) + 32);
	}
	for (; delta < 0; delta++) {
		splice(f, info_at(f) - 32, -32, 0);
		if (adjust)
			set_sig_len(f, sig_len(f) - 32);
	}
}

static void insert(struct fx *f, unsigned int at, size_t n)
{
	switch (at) {
	case MHV_F_START:
		splice(f, 0, n, MHV_GARBAGE);
		f->mod_len += n;
		return;
	case MHV_F_PROOF:
		splice(f, f->mod_len, n, MHV_GARBAGE);
		f->mod_len += n;
		return;
	case MHV_F_INFO:
		splice(f, info_at(f), n, MHV_GARBAGE);
		return;
	case MHV_F_END:
		splice(f, f->len, n, MHV_GARBAGE);
		return;
	}
	fprintf(stderr, "garbage cannot go at place %u\n", at);
	exit(2);
}

/* Replace everything after the body by an id_type 2 trailer of @n bytes. */
static void pkcs7(struct fx *f, size_t n)
{
	struct module_signature ms = { .id_type = PKEY_ID_PKCS7 };

	f->len = f->mod_len;
	splice(f, f->len, n, MHV_GARBAGE);
	ms.sig_len = htobe32(n);
	memcpy(f->b + f->len, &ms, sizeof(ms));
	memcpy(f->b + f->len + sizeof(ms), MODULE_SIG_STRING, MODULE_HASHES_MARKER_LEN);
	f->len += TAIL_LEN;
}

static void step(struct fx *f, const struct mhv_step *s)
{
	struct module_hash other[64];
	int k;

	switch (s->op) {
	case MHV_OP_NONE:
		return;
	case MHV_OP_XOR:
		*field_byte(f, s) ^= s->val;
		return;
	case MHV_OP_SET8:
		*field_byte(f, s) = s->val;
		return;
	case MHV_OP_SET32:
		set32(f, s->field, s->val);
		return;
	case MHV_OP_ADD32:
		set32(f, s->field, get32(f, s->field) + s->val);
		return;
	case MHV_OP_XOR32:
		set32(f, s->field, get32(f, s->field) ^ s->val);
		return;
	case MHV_OP_COPY32:
		set32(f, s->field, get32(f, s->val));
		return;
	case MHV_OP_SIG_LEN_TO_START:
		set_sig_len(f, info_at(f) + s->off);
		return;
	case MHV_OP_DROP_HASH:
		resize_path(f, -1, s->val);
		return;
	case MHV_OP_ADD_HASH:
		resize_path(f, 1, s->val);
		return;
	case MHV_OP_FIT_PATH:
		k = module_hashes_path_len(get32(f, MHV_F_INDEX), get32(f, MHV_F_SIZE));
		if (k >= 0)
			resize_path(f, k - (int)((info_at(f) - f->mod_len -
						  MODULE_HASHES_PROOF_HEAD_SIZE) / 32), 1);
		return;
	case MHV_OP_INSERT:
		insert(f, s->field, s->off);
		return;
	case MHV_OP_CUT:
		f->len -= s->off;
		return;
	case MHV_OP_NO_TRAILER:
		f->len = f->mod_len;
		return;
	case MHV_OP_PKCS7:
		pkcs7(f, s->off);
		return;
	case MHV_OP_SWAP_PROOF:
		f->len = MODLEN + append_trailer(f->b + MODLEN, f->nodes, MHV_FIX_SIZE,
						 MHV_FIX_OTHER);
		return;
	case MHV_OP_SWAP_BODY:
		make_module(f->b, MHV_FIX_OTHER);
		return;
	case MHV_OP_OTHER_TREE:
		make_tree(other, MHV_FIX_SIZE + 1);
		f->len = MODLEN + append_trailer(f->b + MODLEN, other, MHV_FIX_SIZE + 1,
						 MHV_FIX_INDEX);
		return;
	}
	fprintf(stderr, "unknown op %u\n", s->op);
	exit(2);
}

static enum module_hashes_verdict judge(struct fx *f)
{
	struct module_hashes_parsed p;
	struct module_hash leaf;
	enum module_hashes_verdict v;
	int err;

	err = module_hashes_parse(f->b, f->len, &p);
	if (err)
		return module_hashes_parse_verdict(err);
	module_leaf(f->b, p.mod_len, &leaf);
	v = module_hashes_check(&p, &leaf, &f->trusted, &err);
	return err ? (enum module_hashes_verdict)-1 : v;
}

static void test_hostile(void)
{
	struct fx f;
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(mhv_vectors); i++) {
		const struct mhv_vector *v = &mhv_vectors[i];
		enum module_hashes_verdict got;

		fx_init(&f, MHV_FIX_INDEX);
		for (j = 0; j < ARRAY_SIZE(v->step); j++)
			step(&f, &v->step[j]);
		got = judge(&f);
		result(got == v->want, "%s: %s", v->name,
		       module_hashes_verdict_name(v->want));
		if (got != v->want)
			printf("# %s: got %s\n", v->what, module_hashes_verdict_name(got));
	}
}

/* Every file of 0..40 bytes taken from the end of a proven module. */
static void test_short_files(void)
{
	struct fx f, g;
	size_t n;
	int ok = 1;

	fx_init(&f, MHV_FIX_INDEX);
	for (n = 0; n <= 40; n++) {
		enum module_hashes_verdict want = MODULE_HASHES_NO_PROOF;

		memset(&g, 0, sizeof(g));
		g.trusted = f.trusted;
		memcpy(g.b, f.b + f.len - n, n);
		g.len = n;
		/* Only the marker is no trailer, as for module_sig_check(). */
		if (n > MODULE_HASHES_MARKER_LEN)
			want = MODULE_HASHES_MALFORMED;
		ok &= judge(&g) == want;
	}
	result(ok, "files of 0..40 bytes: no-proof up to the marker alone, else malformed");
}

/*
 * A "module" made of two child hashes must not pass for their parent:
 * leaves and nodes are hashed with different prefixes, and the tree size
 * fixes how deep a leaf sits.
 */
#define CONF_N	5

static void test_leaf_node_confusion(void)
{
	struct fx f;
	struct module_hash parent, fake;
	struct module_hashes_proof *p;
	struct module_signature ms = { .id_type = MODULE_HASHES_ID_TYPE };
	u8 pair[64];
	size_t len;

	fx_init_tree(&f, CONF_N, 0);
	memcpy(pair, &f.nodes[0], 32);
	memcpy(pair + 32, &f.nodes[1], 32);
	module_hashes_node(&f.nodes[0], &f.nodes[1], &parent);
	module_leaf(pair, sizeof(pair), &fake);
	result(memcmp(&parent, &fake, 32) != 0,
	       "leaf of a module left||right differs from their node hash");

	/* The fake at index 0 with the parent's one-hash path (sibling N23). */
	memcpy(f.b, pair, sizeof(pair));
	f.mod_len = sizeof(pair);
	p = proof(&f);
	p->leaf_index = 0;
	p->tree_size = htole32(CONF_N);
	p->root = f.trusted.root;
	/* level 1 of the 5-leaf tree: N01 N23 L4; the parent's sibling is N23 */
	p->path[0] = f.nodes[CONF_N + 1];
	p->path[1] = f.nodes[CONF_N + 3 + 1];	/* level 2: N0123 L4 */
	len = MODULE_HASHES_PROOF_HEAD_SIZE + 2 * 32;
	ms.sig_len = htobe32(len);
	memcpy(f.b + f.mod_len + len, &ms, sizeof(ms));
	memcpy(f.b + f.mod_len + len + sizeof(ms), MODULE_SIG_STRING,
	       MODULE_HASHES_MARKER_LEN);
	f.len = f.mod_len + len + sizeof(ms) + MODULE_HASHES_MARKER_LEN;
	result(judge(&f) == MODULE_HASHES_MALFORMED,
	       "inner node passed off as a leaf with a short path: malformed");

	/* Same, padded to the right path length: the walk cannot reach the root. */
	memmove(f.b + f.mod_len + MODULE_HASHES_PROOF_HEAD_SIZE + 32,
		f.b + f.mod_len + MODULE_HASHES_PROOF_HEAD_SIZE,
		f.len - f.mod_len - MODULE_HASHES_PROOF_HEAD_SIZE);
	f.len += 32;
	p->path[0] = f.nodes[1];
	set_sig_len(&f, len + 32);
	result(judge(&f) == MODULE_HASHES_TAMPERED,
	       "inner node passed off as a leaf, full-length path: tampered");
}

int main(void)
{
	printf("TAP version 13\n");
	test_known_answers();
	test_spec_example();
	test_no_duplication();
	test_every_index();
	test_hostile();
	test_short_files();
	test_leaf_node_confusion();
	printf("1..%d\n", test_no);
	return failures ? 1 : 0;
}
