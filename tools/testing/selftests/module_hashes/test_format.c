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

static void leaf_hash(const void *data, size_t len, struct module_hash *out)
{
	sha256(data, len, NULL, 0, MODULE_HASHES_LEAF_PREFIX, out);
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

#define NMOD	5
#define MODLEN	200
#define CASE_IDX 2

/* A module file under test: bytes, and where its parts are. */
struct fx {
	u8 b[4096];
	size_t len, mod_len;
	struct module_hashes_root trusted;
	struct module_hash nodes[16];
};

static void make_module(u8 *dst, unsigned int i)
{
	memset(dst, 0xa5, MODLEN);	/* index/size read from here are huge */
	dst[0] = i;
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

static void fx_init(struct fx *f, unsigned int idx)
{
	u8 mod[MODLEN];
	unsigned int i;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < NMOD; i++) {
		make_module(mod, i);
		leaf_hash(mod, MODLEN, &f->nodes[i]);
	}
	build(f->nodes, NMOD);
	f->trusted.algo = htole32(MODULE_HASHES_ALGO_SHA256);
	f->trusted.tree_size = htole32(NMOD);
	f->trusted.root = *root_of(f->nodes, NMOD);
	make_module(f->b, idx);
	f->mod_len = MODLEN;
	f->len = MODLEN + append_trailer(f->b + MODLEN, f->nodes, NMOD, idx);
}

static struct module_hashes_proof *proof(struct fx *f)
{
	return (void *)(f->b + f->mod_len);
}

static struct module_signature *info(struct fx *f)
{
	return (void *)(f->b + f->len - MODULE_HASHES_MARKER_LEN - sizeof(struct module_signature));
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

static enum module_hashes_verdict judge(struct fx *f)
{
	struct module_hashes_parsed p;
	struct module_hash leaf;
	enum module_hashes_verdict v;
	int err;

	err = module_hashes_parse(f->b, f->len, &p);
	if (err)
		return module_hashes_parse_verdict(err);
	leaf_hash(f->b, p.mod_len, &leaf);
	v = module_hashes_check(&p, &leaf, &f->trusted, &err);
	return err ? (enum module_hashes_verdict)-1 : v;
}

static void m_none(struct fx *f) { (void)f; }
static void m_body_bit(struct fx *f) { f->b[MODLEN / 2] ^= 0x10; }
static void m_first_byte(struct fx *f) { f->b[0] ^= 1; }
static void m_path0(struct fx *f) { proof(f)->path[0].b[7] ^= 1; }
static void m_path1(struct fx *f) { proof(f)->path[1].b[31] ^= 0x80; }
static void m_path2(struct fx *f) { proof(f)->path[2].b[0] ^= 1; }
static void m_root(struct fx *f) { proof(f)->root.b[3] ^= 1; }
static void m_index_bit(struct fx *f) { proof(f)->leaf_index ^= htole32(1); }
static void m_index_plus(struct fx *f) { proof(f)->leaf_index = htole32(CASE_IDX + 1); }
static void m_index_minus(struct fx *f) { proof(f)->leaf_index = htole32(CASE_IDX - 1); }
static void m_index_eq_size(struct fx *f) { proof(f)->leaf_index = htole32(NMOD); }
static void m_size_bit(struct fx *f) { proof(f)->tree_size ^= htole32(2); }
static void m_size_zero(struct fx *f) { proof(f)->tree_size = htole32(0); }
static void m_size_half(struct fx *f) { proof(f)->tree_size = htole32(NMOD / 2); }
static void m_size_double(struct fx *f) { proof(f)->tree_size = htole32(2 * NMOD); }

/* Size doubled and one more hash, so the proof is well formed again. */
static void m_size_double_fit(struct fx *f)
{
	m_size_double(f);
	splice(f, f->len - 40, 32, 0x11);
	set_sig_len(f, sig_len(f) + 32);
}

static void m_short(struct fx *f)
{
	splice(f, f->len - 40 - 32, -32, 0);
	set_sig_len(f, sig_len(f) - 32);
}

static void m_short_unadjusted(struct fx *f) { splice(f, f->len - 40 - 32, -32, 0); }

static void m_long(struct fx *f)
{
	splice(f, f->len - 40, 32, 0x22);
	set_sig_len(f, sig_len(f) + 32);
}

static void m_long_unadjusted(struct fx *f) { splice(f, f->len - 40, 32, 0x22); }
static void m_garbage_after(struct fx *f) { splice(f, f->len, 7, 0x33); }
static void m_garbage_before(struct fx *f) { splice(f, 0, 7, 0x33); f->mod_len += 7; }
static void m_garbage_between(struct fx *f) { splice(f, f->mod_len, 7, 0x33); }

static void m_swapped(struct fx *f)
{
	/* Module CASE_IDX's bytes with module CASE_IDX + 1's proof. */
	f->len = MODLEN + append_trailer(f->b + MODLEN, f->nodes, NMOD, CASE_IDX + 1);
}

static void m_algo(struct fx *f) { info(f)->algo = 1; }
static void m_hash(struct fx *f) { info(f)->hash = 4; }
static void m_signer(struct fx *f) { info(f)->signer_len = 1; }
static void m_key_id(struct fx *f) { info(f)->key_id_len = 1; }
static void m_pad0(struct fx *f) { info(f)->__pad[0] = 1; }
static void m_pad1(struct fx *f) { info(f)->__pad[1] = 0x80; }
static void m_pad2(struct fx *f) { info(f)->__pad[2] = 0xff; }
static void m_pkcs7(struct fx *f) { info(f)->id_type = 2; }
static void m_id4(struct fx *f) { info(f)->id_type = 4; }
static void m_sig_len0(struct fx *f) { set_sig_len(f, 0); }
static void m_sig_len39(struct fx *f) { set_sig_len(f, 39); }
static void m_sig_len_odd(struct fx *f) { set_sig_len(f, sig_len(f) + 1); }
static void m_sig_len_huge(struct fx *f) { set_sig_len(f, 0xffffffff); }
static void m_sig_len_all(struct fx *f) { set_sig_len(f, f->len - 40); }
static void m_sig_len_over(struct fx *f) { set_sig_len(f, f->len - 39); }
static void m_marker(struct fx *f) { f->b[f->len - 2] ^= 1; }
static void m_no_trailer(struct fx *f) { f->len = f->mod_len; }
static void m_trusted_none(struct fx *f) { f->trusted.algo = htole32(MODULE_HASHES_ALGO_NONE); }
static void m_trusted_size(struct fx *f) { f->trusted.tree_size = htole32(NMOD + 1); }

static const struct hostile {
	const char *name;
	void (*mutate)(struct fx *f);
	enum module_hashes_verdict want;
} hostile[] = {
	{ "unchanged module", m_none, MODULE_HASHES_VERIFIED },
	{ "bit flip in the body", m_body_bit, MODULE_HASHES_TAMPERED },
	{ "first byte of the body", m_first_byte, MODULE_HASHES_TAMPERED },
	{ "bit flip in path hash 0", m_path0, MODULE_HASHES_TAMPERED },
	{ "bit flip in path hash 1", m_path1, MODULE_HASHES_TAMPERED },
	{ "bit flip in path hash 2", m_path2, MODULE_HASHES_TAMPERED },
	{ "bit flip in the proof's root", m_root, MODULE_HASHES_OTHER_BUILD },
	{ "bit flip in the index", m_index_bit, MODULE_HASHES_TAMPERED },
	{ "index + 1", m_index_plus, MODULE_HASHES_TAMPERED },
	{ "index - 1", m_index_minus, MODULE_HASHES_TAMPERED },
	{ "index = size", m_index_eq_size, MODULE_HASHES_MALFORMED },
	{ "size 5 -> 7 (same path length)", m_size_bit, MODULE_HASHES_OTHER_BUILD },
	{ "size 0", m_size_zero, MODULE_HASHES_MALFORMED },
	{ "size / 2", m_size_half, MODULE_HASHES_MALFORMED },
	{ "size x 2, path unchanged", m_size_double, MODULE_HASHES_MALFORMED },
	{ "size x 2, path grown to fit", m_size_double_fit, MODULE_HASHES_OTHER_BUILD },
	{ "path one hash short", m_short, MODULE_HASHES_MALFORMED },
	{ "path one hash short, sig_len kept", m_short_unadjusted, MODULE_HASHES_MALFORMED },
	{ "path one hash long", m_long, MODULE_HASHES_MALFORMED },
	{ "path one hash long, sig_len kept", m_long_unadjusted, MODULE_HASHES_MALFORMED },
	{ "garbage after the trailer", m_garbage_after, MODULE_HASHES_NO_PROOF },
	{ "garbage before the module", m_garbage_before, MODULE_HASHES_TAMPERED },
	{ "garbage between module and proof", m_garbage_between, MODULE_HASHES_TAMPERED },
	{ "proof of another module", m_swapped, MODULE_HASHES_TAMPERED },
	{ "non-zero algo", m_algo, MODULE_HASHES_MALFORMED },
	{ "non-zero hash", m_hash, MODULE_HASHES_MALFORMED },
	{ "non-zero signer_len", m_signer, MODULE_HASHES_MALFORMED },
	{ "non-zero key_id_len", m_key_id, MODULE_HASHES_MALFORMED },
	{ "non-zero pad 0", m_pad0, MODULE_HASHES_MALFORMED },
	{ "non-zero pad 1", m_pad1, MODULE_HASHES_MALFORMED },
	{ "non-zero pad 2", m_pad2, MODULE_HASHES_MALFORMED },
	{ "PKCS#7 id_type", m_pkcs7, MODULE_HASHES_NO_PROOF },
	{ "unknown id_type 4", m_id4, MODULE_HASHES_NO_PROOF },
	{ "sig_len 0", m_sig_len0, MODULE_HASHES_MALFORMED },
	{ "sig_len 39", m_sig_len39, MODULE_HASHES_MALFORMED },
	{ "sig_len + 1", m_sig_len_odd, MODULE_HASHES_MALFORMED },
	{ "sig_len 0xffffffff", m_sig_len_huge, MODULE_HASHES_MALFORMED },
	{ "sig_len covering the whole file", m_sig_len_all, MODULE_HASHES_MALFORMED },
	{ "sig_len beyond the file", m_sig_len_over, MODULE_HASHES_MALFORMED },
	{ "damaged marker", m_marker, MODULE_HASHES_NO_PROOF },
	{ "no trailer", m_no_trailer, MODULE_HASHES_NO_PROOF },
	{ "trusted descriptor is the placeholder", m_trusted_none, MODULE_HASHES_OTHER_BUILD },
	{ "trusted tree one larger", m_trusted_size, MODULE_HASHES_OTHER_BUILD },
};

static void test_hostile(void)
{
	struct fx f;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hostile); i++) {
		enum module_hashes_verdict got;

		fx_init(&f, CASE_IDX);
		hostile[i].mutate(&f);
		got = judge(&f);
		result(got == hostile[i].want, "%s: %s", hostile[i].name,
		       module_hashes_verdict_name(hostile[i].want));
		if (got != hostile[i].want)
			printf("# got %s\n", module_hashes_verdict_name(got));
	}
}

/* Every file of 0..40 bytes taken from the end of a proven module. */
static void test_short_files(void)
{
	struct fx f, g;
	size_t n;
	int ok = 1;

	fx_init(&f, CASE_IDX);
	for (n = 0; n <= 40; n++) {
		enum module_hashes_verdict want = MODULE_HASHES_NO_PROOF;

		memset(&g, 0, sizeof(g));
		g.trusted = f.trusted;
		memcpy(g.b, f.b + f.len - n, n);
		g.len = n;
		if (n >= MODULE_HASHES_MARKER_LEN)
			want = MODULE_HASHES_MALFORMED;
		ok &= judge(&g) == want;
	}
	result(ok, "files of 0..40 bytes: no-proof without a marker, else malformed");
}

/*
 * A "module" made of two child hashes must not pass for their parent:
 * leaves and nodes are hashed with different prefixes, and the tree size
 * fixes how deep a leaf sits.
 */
static void test_leaf_node_confusion(void)
{
	struct fx f;
	struct module_hash parent, fake;
	struct module_hashes_proof *p;
	struct module_signature ms = { .id_type = MODULE_HASHES_ID_TYPE };
	u8 pair[64];
	size_t len;

	fx_init(&f, 0);
	memcpy(pair, &f.nodes[0], 32);
	memcpy(pair + 32, &f.nodes[1], 32);
	module_hashes_node(&f.nodes[0], &f.nodes[1], &parent);
	leaf_hash(pair, sizeof(pair), &fake);
	result(memcmp(&parent, &fake, 32) != 0,
	       "leaf hash of left||right differs from their node hash");

	/* The fake at index 0 with the parent's one-hash path (sibling N23). */
	memcpy(f.b, pair, sizeof(pair));
	f.mod_len = sizeof(pair);
	p = proof(&f);
	p->leaf_index = 0;
	p->tree_size = htole32(NMOD);
	p->root = f.trusted.root;
	/* level 1 of the 5-leaf tree: N01 N23 L4; the parent's sibling is N23 */
	p->path[0] = f.nodes[NMOD + 1];
	p->path[1] = f.nodes[NMOD + 3 + 1];	/* level 2: N0123 L4 */
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
	test_no_duplication();
	test_every_index();
	test_hostile();
	test_short_files();
	test_leaf_node_confusion();
	printf("1..%d\n", test_no);
	return failures ? 1 : 0;
}
