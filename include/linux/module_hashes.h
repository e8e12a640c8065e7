/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hash-based module authentication: the on-disk format.
 *
 * This header is the one definition of the format, shared by the kernel
 * (kernel/module/hashes.c) and the host tool (scripts/modhashes/).  It holds
 * every byte layout and constant, and the logic both sides must agree on:
 * locating a proof in a module's signature trailer, the RFC 9162 path
 * length and the inclusion-proof walk.  Each side defines the two hashes
 * of the tree, module_hashes_leaf() and module_hashes_node(); building a
 * tree is the tool's alone.  The normative description is
 * Documentation/admin-guide/module-hashes.rst.
 *
 * A module file carrying a proof looks like this:
 *
 *	[module bytes][proof][struct module_signature][MODULE_HASHES_MARKER]
 *
 * with module_signature.id_type == MODULE_HASHES_ID_TYPE, every other field
 * zero and sig_len (big-endian) the proof's length.  The proof is a
 * struct module_hashes_proof followed by k path hashes, where k is fixed by
 * the leaf index and the tree size.
 */

#ifndef _LINUX_MODULE_HASHES_H
#define _LINUX_MODULE_HASHES_H

#include <linux/types.h>

#ifdef __KERNEL__
#include <linux/bitops.h>
#include <linux/module_signature.h>
#include <linux/string.h>
#include <asm/byteorder.h>
#include <crypto/utils.h>

#define MODULE_HASHES_LE32(x)	le32_to_cpu(x)
#define MODULE_HASHES_BE32(x)	be32_to_cpu(x)
#else
#include <endian.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* Host copy of the trailer layout of the kernel's module_signature.h. */
#define MODULE_SIG_STRING "~Module signature appended~\n"

enum pkey_id_type {
	PKEY_ID_PGP,
	PKEY_ID_X509,
	PKEY_ID_PKCS7,
	PKEY_ID_MERKLE,
};

struct module_signature {
	__u8	algo;
	__u8	hash;
	__u8	id_type;
	__u8	signer_len;
	__u8	key_id_len;
	__u8	__pad[3];
	__be32	sig_len;
};

#ifndef __packed
#define __packed __attribute__((__packed__))
#endif
#ifndef __nonstring
#define __nonstring __attribute__((__nonstring__))
#endif

#define MODULE_HASHES_LE32(x)	le32toh((__u32)(x))
#define MODULE_HASHES_BE32(x)	be32toh((__u32)(x))
#endif

/*
 * The module-signature trailer a proof lives in (struct module_signature):
 * its closing marker, and the id_type of a Merkle inclusion proof (SHA-256
 * tree), 3, and of a PKCS#7 signature, 2.  The kernel names them
 * MODULE_SIGNATURE_MARKER, MODULE_SIGNATURE_TYPE_MERKLE and
 * MODULE_SIGNATURE_TYPE_PKCS7 in include/uapi/linux/module_signature.h
 * (Linux 6.12: MODULE_SIG_STRING, PKEY_ID_MERKLE and PKEY_ID_PKCS7 in
 * include/linux/module_signature.h); the format names them here once.
 */
#define MODULE_HASHES_MARKER		"~Module signature appended~\n"
#define MODULE_HASHES_ID_TYPE		3
#define MODULE_HASHES_ID_PKCS7		2

/* module_hashes_root.algo values. */
#define MODULE_HASHES_ALGO_NONE		0	/* placeholder: no tree */
#define MODULE_HASHES_ALGO_SHA256	1

#define MODULE_HASHES_DIGEST_SIZE	32

#ifdef __KERNEL__
#define module_hashes_differ(a, b)	crypto_memneq(a, b, MODULE_HASHES_DIGEST_SIZE)
#else
static inline int module_hashes_differ(const void *a, const void *b)
{
	const __u8 *x = a, *y = b;
	__u8 d = 0;
	unsigned int i;

	for (i = 0; i < MODULE_HASHES_DIGEST_SIZE; i++)
		d |= x[i] ^ y[i];	/* no early exit */
	return d != 0;
}
#endif

/*
 * Domain-separation prefixes of RFC 9162 section 2.1.1.  A leaf's data is
 * the module's digest, SHA-256 of its module bytes, not the bytes
 * themselves: one pass over a module then gives both its leaf and the
 * digest a blacklist lists it by.
 */
#define MODULE_HASHES_LEAF_PREFIX	0x00
#define MODULE_HASHES_NODE_PREFIX	0x01

/* A tree of at most 2^32 - 1 leaves has paths of at most 32 hashes. */
#define MODULE_HASHES_MAX_PATH		32

#define MODULE_HASHES_MARKER_LEN	(sizeof(MODULE_HASHES_MARKER) - 1)

/**
 * struct module_hash - one SHA-256 digest: a leaf, a node or a root
 * @b: the digest bytes
 */
struct module_hash {
	__u8 b[MODULE_HASHES_DIGEST_SIZE];
};

/**
 * struct module_hashes_root - the root descriptor built into vmlinux
 * @algo: MODULE_HASHES_ALGO_*, little-endian
 * @tree_size: number of leaves (modules), little-endian
 * @root: the Merkle tree hash over all leaves
 *
 * 40 bytes, no padding: the file modules.hashes holds it, the sysfs files
 * show it.  In vmlinux it follows a tag, below.
 */
struct module_hashes_root {
	__le32 algo;
	__le32 tree_size;
	struct module_hash root;
} __packed;

/*
 * The tag before the descriptor in vmlinux: 16 bytes, no NUL stored.  Boot
 * images offer no section headers (an arm64 Image has none; a bzImage keeps
 * its kernel compressed), so a reader finds the descriptor as the 40 bytes
 * after the one and only occurrence of the tag in the decompressed image.
 * The kernel holds the tag nowhere else.
 */
#define MODULE_HASHES_TAG	"~Module hashes~\n"
#define MODULE_HASHES_TAG_LEN	16

/**
 * struct module_hashes_section - the vmlinux section ".module_hashes"
 * @tag: MODULE_HASHES_TAG, without its NUL
 * @root: the descriptor; all zero (algo MODULE_HASHES_ALGO_NONE) as linked,
 *	the real one once the build has hashed the modules
 *
 * 56 bytes, no padding.
 */
struct module_hashes_section {
	char tag[MODULE_HASHES_TAG_LEN] __nonstring;	/* [MODULE_HASHES_TAG] */
	struct module_hashes_root root;			/* [placeholder: 0] */
} __packed;

/**
 * struct module_hashes_proof - fixed head of an inclusion proof
 * @leaf_index: the module's position in modules.order, little-endian
 * @tree_size: number of leaves of the tree, little-endian
 * @root: root of the tree the proof belongs to
 * @path: RFC 9162 inclusion path, leaf upward
 *
 * The number of path hashes is module_hashes_path_len(@leaf_index,
 * @tree_size); nothing else may follow them.  A proof follows the module
 * bytes directly, so it has no alignment: the structure is packed.
 */
struct module_hashes_proof {
	__le32 leaf_index;
	__le32 tree_size;
	struct module_hash root;
	struct module_hash path[];
} __packed;

#define MODULE_HASHES_ROOT_SIZE		40
#define MODULE_HASHES_SECTION_SIZE	56
#define MODULE_HASHES_PROOF_HEAD_SIZE	40
#define MODULE_HASHES_TRAILER_SIZE(k)					\
	(MODULE_HASHES_PROOF_HEAD_SIZE + (k) * MODULE_HASHES_DIGEST_SIZE + \
	 sizeof(struct module_signature) + MODULE_HASHES_MARKER_LEN)
/* The largest trailer a proof can make; tools keep this much of a file's tail. */
#define MODULE_HASHES_MAX_TRAILER	MODULE_HASHES_TRAILER_SIZE(MODULE_HASHES_MAX_PATH)

/**
 * enum module_hashes_verdict - what checking one module found
 * @MODULE_HASHES_VERIFIED: the proof leads to the trusted root
 * @MODULE_HASHES_NO_PROOF: no trailer, or a trailer of another kind
 * @MODULE_HASHES_MALFORMED: a proof trailer that breaks the format
 * @MODULE_HASHES_OTHER_BUILD: a well-formed proof for another tree
 * @MODULE_HASHES_TAMPERED: same tree, but the module or path does not match
 */
enum module_hashes_verdict {
	MODULE_HASHES_VERIFIED,
	MODULE_HASHES_NO_PROOF,
	MODULE_HASHES_MALFORMED,
	MODULE_HASHES_OTHER_BUILD,
	MODULE_HASHES_TAMPERED,
};

/**
 * module_hashes_verdict_name() - the name a verdict is reported by
 * @v: the verdict
 *
 * Return: a short lower-case name, the same in the kernel log and the tool.
 */
static inline const char *module_hashes_verdict_name(enum module_hashes_verdict v)
{
	switch (v) {
	case MODULE_HASHES_VERIFIED:
		return "verified";
	case MODULE_HASHES_NO_PROOF:
		return "no-proof";
	case MODULE_HASHES_MALFORMED:
		return "malformed";
	case MODULE_HASHES_OTHER_BUILD:
		return "other-build";
	case MODULE_HASHES_TAMPERED:
		return "tampered";
	}
	return "unknown";
}

/**
 * module_hashes_leaf() - the leaf of a module
 * @digest: the module digest, SHA-256 of the module bytes
 * @out: SHA-256(MODULE_HASHES_LEAF_PREFIX || @digest); may be the same
 *	object as @digest
 *
 * An RFC 9162 leaf hash whose data is the 32-byte module digest.  Defined
 * by each side, as module_hashes_node() is.
 *
 * Return: 0, or a negative error from the hash implementation.
 */
int module_hashes_leaf(const struct module_hash *digest, struct module_hash *out);

/**
 * module_hashes_node() - hash two children into their parent
 * @left: left child
 * @right: right child
 * @out: SHA-256(MODULE_HASHES_NODE_PREFIX || @left || @right); may be the
 *	same object as @left or @right
 *
 * The one hash the walk below needs.  It is not defined here: the kernel
 * (kernel/module/hashes.c) computes it with the crypto API, the host tool
 * with libcrypto.
 *
 * Return: 0, or a negative error from the hash implementation.
 */
int module_hashes_node(const struct module_hash *left,
		       const struct module_hash *right, struct module_hash *out);

/*
 * The shape of an RFC 9162 inclusion path.
 *
 * The tree over leaves 0 .. size - 1 is built bottom-up: pairs are hashed,
 * and the last node of a level without a partner is promoted unchanged.
 * Write last = size - 1.  Below the level of the highest bit in which
 * index and last differ, the path of index runs inside a complete subtree
 * that lies entirely left of leaf last, so every node on it has a sibling:
 * these inner levels give one path hash each, left when the index bit of
 * that level is 1, right when it is 0.  From that level up, the path runs
 * along the right edge of the tree, where a node that is a left child is
 * the last of its level and is promoted without a hash; a node that is a
 * right child has its sibling on the left.  So the border gives one left
 * hash for each set bit of index above the inner levels, and
 *
 *	path length = inner + border
 *	inner = fls(index ^ last),  border = hweight(index >> inner).
 */

#ifdef __KERNEL__
#define module_hashes_fls(x)		fls(x)
#define module_hashes_hweight(x)	hweight32(x)
#else
static inline unsigned int module_hashes_fls(__u32 x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

#define module_hashes_hweight(x)	((unsigned int)__builtin_popcount(x))
#endif

/* The inner levels of the path of @index in a tree of @size leaves. */
static inline unsigned int module_hashes_inner(__u32 index, __u32 size)
{
	return module_hashes_fls(index ^ (size - 1));
}

/* The border hashes: set bits of @index above the inner levels. */
static inline unsigned int module_hashes_border(__u32 index, unsigned int inner)
{
	return module_hashes_hweight((__u32)((__u64)index >> inner));
}

/**
 * module_hashes_path_len() - RFC 9162 inclusion path length
 * @index: leaf index, < @size
 * @size: tree size, > 0
 *
 * Return: the number of hashes in PATH(@index, D[@size]), or -1 when
 * @index or @size is out of range.
 */
static inline int module_hashes_path_len(__u32 index, __u32 size)
{
	unsigned int inner;

	if (size == 0 || index >= size)
		return -1;
	inner = module_hashes_inner(index, size);
	return inner + module_hashes_border(index, inner);
}

/**
 * module_hashes_walk() - compute the root an inclusion path leads to
 * @leaf: hash of the leaf
 * @index: leaf index
 * @size: tree size
 * @path: @k path hashes, leaf upward
 * @k: number of path hashes
 * @out: the computed root
 *
 * Return: 0 on success; -EINVAL if @index or @size is out of range or @k is
 * not the exact RFC 9162 path length; a negative error from
 * module_hashes_node() otherwise.
 */
static inline int module_hashes_walk(const struct module_hash *leaf,
				     __u32 index, __u32 size,
				     const struct module_hash *path,
				     unsigned int k, struct module_hash *out)
{
	unsigned int inner, i;
	int ret = 0;

	if (module_hashes_path_len(index, size) != (int)k)
		return -EINVAL;
	inner = module_hashes_inner(index, size);
	*out = *leaf;
	for (i = 0; i < k && !ret; i++) {
		/* Inner levels: the index bit says which side we are on. */
		if (i < inner && !((index >> i) & 1))
			ret = module_hashes_node(out, &path[i], out);
		else	/* a right child, inside or on the border */
			ret = module_hashes_node(&path[i], out, out);
	}
	return ret;
}

/**
 * module_hashes_trailer() - find the module-signature trailer of a file
 * @data: the whole file
 * @len: its length
 * @ms: where to copy the trailer's information block
 *
 * A file that is exactly the marker has no trailer, as for
 * module_sig_check(), which looks for one only after at least one byte.
 *
 * Return: the length of the file without the marker string when the file
 * ends in MODULE_HASHES_MARKER and has room for @ms; 0 when there is no marker;
 * -EBADMSG when there is a marker but no room for an information block.
 */
static inline long module_hashes_trailer(const void *data, size_t len,
					 struct module_signature *ms)
{
	const __u8 *p = data;

	if (len <= MODULE_HASHES_MARKER_LEN ||
	    memcmp(p + len - MODULE_HASHES_MARKER_LEN, MODULE_HASHES_MARKER,
		   MODULE_HASHES_MARKER_LEN))
		return 0;
	len -= MODULE_HASHES_MARKER_LEN;
	if (len <= sizeof(*ms))
		return -EBADMSG;
	memcpy(ms, p + len - sizeof(*ms), sizeof(*ms));
	return len;
}

/**
 * struct module_hashes_parsed - a proof trailer that passed parsing
 * @mod_len: length of the module bytes, whose digest is the leaf's data
 * @proof: the proof, right after the module bytes (unaligned)
 * @leaf_index: its leaf index, in CPU order
 * @tree_size: its tree size, in CPU order
 * @path_len: its number of path hashes
 */
struct module_hashes_parsed {
	size_t mod_len;
	const struct module_hashes_proof *proof;
	__u32 leaf_index;
	__u32 tree_size;
	unsigned int path_len;
};

/**
 * module_hashes_parse() - validate a proof trailer exactly, then locate it
 * @data: the whole module file, trailer included
 * @len: its length
 * @p: filled in when the trailer is a well-formed proof
 *
 * Checks, before any value is trusted: the marker, id_type, every reserved
 * field zero, sig_len within the file, the tree size and index in range,
 * and sig_len equal to the proof head plus exactly the RFC 9162 path length.
 * Nothing is verified: module_hashes_check() compares and walks.
 *
 * Return: 0 for a well-formed proof; -ENODATA when the file has no trailer;
 * -ENOPKG when the trailer is of another kind (a PKCS#7 signature);
 * -EBADMSG when it is a proof trailer that breaks the format.
 */
static inline int module_hashes_parse(const void *data, size_t len,
				      struct module_hashes_parsed *p)
{
	struct module_signature ms;
	long body = module_hashes_trailer(data, len, &ms);
	size_t sig_len;
	int k;

	if (body == 0)
		return -ENODATA;
	if (body < 0)
		return -EBADMSG;
	if (ms.id_type != MODULE_HASHES_ID_TYPE)
		return -ENOPKG;
	if (ms.algo || ms.hash || ms.signer_len || ms.key_id_len ||
	    ms.__pad[0] || ms.__pad[1] || ms.__pad[2])
		return -EBADMSG;

	body -= sizeof(ms);
	sig_len = MODULE_HASHES_BE32(ms.sig_len);
	if (sig_len < MODULE_HASHES_PROOF_HEAD_SIZE || sig_len >= (size_t)body)
		return -EBADMSG;

	p->mod_len = body - sig_len;
	p->proof = (const void *)((const __u8 *)data + p->mod_len);
	p->leaf_index = MODULE_HASHES_LE32(p->proof->leaf_index);
	p->tree_size = MODULE_HASHES_LE32(p->proof->tree_size);
	k = module_hashes_path_len(p->leaf_index, p->tree_size);
	if (k < 0 || sig_len != MODULE_HASHES_PROOF_HEAD_SIZE +
				(size_t)k * MODULE_HASHES_DIGEST_SIZE)
		return -EBADMSG;
	p->path_len = k;
	return 0;
}

/**
 * module_hashes_parse_verdict() - the verdict of a trailer that did not parse
 * @err: a non-zero module_hashes_parse() result
 *
 * Return: MODULE_HASHES_MALFORMED for a broken proof trailer,
 * MODULE_HASHES_NO_PROOF for no trailer or one of another kind.
 */
static inline enum module_hashes_verdict module_hashes_parse_verdict(int err)
{
	return err == -EBADMSG ? MODULE_HASHES_MALFORMED : MODULE_HASHES_NO_PROOF;
}

/**
 * module_hashes_same_tree() - is a parsed proof one of the trusted tree?
 * @p: a proof that passed module_hashes_parse()
 * @trusted: the root descriptor of the running kernel
 *
 * It needs no hash of the module: a proof of another tree is answered
 * without reading the module bytes.
 *
 * Return: true when algorithm, tree size and root all match.
 */
static inline bool module_hashes_same_tree(const struct module_hashes_parsed *p,
					   const struct module_hashes_root *trusted)
{
	return MODULE_HASHES_LE32(trusted->algo) == MODULE_HASHES_ALGO_SHA256 &&
	       MODULE_HASHES_LE32(trusted->tree_size) == p->tree_size &&
	       !memcmp(&trusted->root, &p->proof->root, sizeof(trusted->root));
}

/**
 * module_hashes_check() - compare a parsed proof with the trusted root
 * @p: a proof that passed module_hashes_parse()
 * @leaf: its leaf, module_hashes_leaf() of the module digest
 * @trusted: the root descriptor of the running kernel
 * @err: set to a negative error from module_hashes_node(), 0 otherwise
 *
 * A different tree size or root means the module comes from another build;
 * only when both match is the path walked.
 *
 * Return: MODULE_HASHES_VERIFIED, _OTHER_BUILD or _TAMPERED; when *@err is
 * set the verdict is meaningless.
 */
static inline enum module_hashes_verdict
module_hashes_check(const struct module_hashes_parsed *p,
		    const struct module_hash *leaf,
		    const struct module_hashes_root *trusted, int *err)
{
	struct module_hash computed;

	*err = 0;
	if (!module_hashes_same_tree(p, trusted))
		return MODULE_HASHES_OTHER_BUILD;

	*err = module_hashes_walk(leaf, p->leaf_index, p->tree_size,
				  p->proof->path, p->path_len, &computed);
	if (*err || module_hashes_differ(&computed, &trusted->root))
		return MODULE_HASHES_TAMPERED;
	return MODULE_HASHES_VERIFIED;
}

#endif /* _LINUX_MODULE_HASHES_H */
