/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hash-based module authentication: the on-disk format.
 *
 * This header is the one definition of the format, shared by the kernel
 * (kernel/module/hashes.c) and the host tool (scripts/module-hashes.c).  It
 * holds every byte layout and constant, and the logic both sides must agree
 * on: locating a proof in a module's signature trailer, the RFC 9162 path
 * length, the tree construction and the inclusion-proof walk.  Each side
 * supplies SHA-256 through a node-hash callback.  The normative description
 * is Documentation/admin-guide/module-hashes.rst.
 *
 * A module file carrying a proof looks like this:
 *
 *	[module bytes][proof][struct module_signature][MODULE_SIG_STRING]
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

/* Host copy of the trailer layout of include/linux/module_signature.h. */
#define MODULE_SIG_STRING "~Module signature appended~\n"

enum pkey_id_type {
	PKEY_ID_PGP,
	PKEY_ID_X509,
	PKEY_ID_PKCS7,
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

#define MODULE_HASHES_LE32(x)	le32toh((__u32)(x))
#define MODULE_HASHES_BE32(x)	be32toh((__u32)(x))
#endif

/* module_signature.id_type of a Merkle inclusion proof (SHA-256 tree). */
#define MODULE_HASHES_ID_TYPE		3

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

/* Domain-separation prefixes of RFC 9162 section 2.1.1. */
#define MODULE_HASHES_LEAF_PREFIX	0x00
#define MODULE_HASHES_NODE_PREFIX	0x01

/* A tree of at most 2^32 - 1 leaves has paths of at most 32 hashes. */
#define MODULE_HASHES_MAX_PATH		32

#define MODULE_HASHES_MARKER_LEN	(sizeof(MODULE_SIG_STRING) - 1)

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
 * Lives in the vmlinux section ".module_hashes"; 40 bytes, no padding.
 */
struct module_hashes_root {
	__le32 algo;
	__le32 tree_size;
	struct module_hash root;
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
 * typedef module_hashes_node_fn - hash an inner node
 * @ctx: the caller's hashing context
 * @left: left child
 * @right: right child
 * @out: SHA-256(MODULE_HASHES_NODE_PREFIX || @left || @right)
 *
 * Return: 0, or a negative error from the hash implementation.
 */
typedef int (*module_hashes_node_fn)(void *ctx, const struct module_hash *left,
				     const struct module_hash *right,
				     struct module_hash *out);

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

/*
 * The RFC 9162 section 2.1.3.2 walk, and why it works.
 *
 * fn is the index of the node we hold within its level, sn the index of the
 * last node of that level.  At each step the sibling is on the left when fn
 * is odd, and on the right when fn is even and a right sibling exists
 * (fn < sn).  When fn == sn and fn is even, our node has no sibling on this
 * level: it was promoted unchanged, so we shift fn and sn up until fn is odd
 * (it is then a right child) or fn is zero (we reached the root).  Every
 * step consumes exactly one path hash and ends by moving up one level; the
 * path has the right length exactly when sn reaches zero together with the
 * last hash.  module_hashes_path_len() runs the same steps without hashing.
 */

/**
 * module_hashes_step() - advance the walk by one path hash
 * @fn: index of the node held, within its level; updated
 * @sn: index of the last node of that level; updated
 *
 * Return: true if the sibling (the path hash) is the left child.
 */
static inline bool module_hashes_step(__u32 *fn, __u32 *sn)
{
	bool left = *fn & 1;

	if (!left && *fn == *sn) {
		left = true;	/* fn is even and last: the sibling is left of an ancestor */
		while (!(*fn & 1) && *fn) {
			*fn >>= 1;
			*sn >>= 1;
		}
	}
	*fn >>= 1;
	*sn >>= 1;
	return left;
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
	__u32 fn = index, sn;
	int k = 0;

	if (size == 0 || index >= size)
		return -1;
	sn = size - 1;
	while (sn) {
		module_hashes_step(&fn, &sn);
		k++;
	}
	return k;
}

/**
 * module_hashes_walk() - compute the root an inclusion path leads to
 * @leaf: hash of the leaf
 * @index: leaf index
 * @size: tree size
 * @path: @k path hashes, leaf upward
 * @k: number of path hashes
 * @node: node-hash callback
 * @ctx: its context
 * @out: the computed root
 *
 * Return: 0 on success; -EINVAL if @k is not the exact RFC 9162 path length
 * for (@index, @size); a negative error from @node otherwise.
 */
static inline int module_hashes_walk(const struct module_hash *leaf,
				     __u32 index, __u32 size,
				     const struct module_hash *path,
				     unsigned int k, module_hashes_node_fn node,
				     void *ctx, struct module_hash *out)
{
	__u32 fn = index, sn;
	unsigned int i;
	int ret;

	if (size == 0 || index >= size)
		return -EINVAL;
	sn = size - 1;
	*out = *leaf;
	for (i = 0; i < k; i++) {
		if (!sn)
			return -EINVAL;
		if (module_hashes_step(&fn, &sn))
			ret = node(ctx, &path[i], out, out);
		else
			ret = node(ctx, out, &path[i], out);
		if (ret)
			return ret;
	}
	return sn ? -EINVAL : 0;
}

/**
 * module_hashes_trailer() - find the module-signature trailer of a file
 * @data: the whole file
 * @len: its length
 * @ms: where to copy the trailer's information block
 *
 * Return: the length of the file without the marker string when the file
 * ends in MODULE_SIG_STRING and has room for @ms; 0 when there is no marker;
 * -EBADMSG when there is a marker but no room for an information block.
 */
static inline long module_hashes_trailer(const void *data, size_t len,
					 struct module_signature *ms)
{
	const __u8 *p = data;

	if (len < MODULE_HASHES_MARKER_LEN ||
	    memcmp(p + len - MODULE_HASHES_MARKER_LEN, MODULE_SIG_STRING,
		   MODULE_HASHES_MARKER_LEN))
		return 0;
	len -= MODULE_HASHES_MARKER_LEN;
	if (len <= sizeof(*ms))
		return -EBADMSG;
	memcpy(ms, p + len - sizeof(*ms), sizeof(*ms));
	return len;
}

/**
 * module_hashes_parse() - validate a proof trailer exactly, then locate it
 * @data: the whole module file, trailer included
 * @len: its length
 * @mod_len: set to the length of the module bytes (the leaf data)
 *
 * Checks, before any value is trusted: the marker, id_type, every reserved
 * field zero, sig_len within the file, the tree size and index in range,
 * and sig_len equal to the proof head plus exactly the RFC 9162 path length.
 *
 * Return: MODULE_HASHES_VERIFIED when the trailer is a well-formed proof
 * (nothing is verified yet: the caller then compares roots and walks), with
 * @mod_len set; MODULE_HASHES_NO_PROOF or MODULE_HASHES_MALFORMED otherwise.
 */
static inline enum module_hashes_verdict
module_hashes_parse(const void *data, size_t len, size_t *mod_len)
{
	const struct module_hashes_proof *proof;
	struct module_signature ms;
	long body = module_hashes_trailer(data, len, &ms);
	size_t sig_len;
	__u32 index, size;

	if (body == 0)
		return MODULE_HASHES_NO_PROOF;
	if (body < 0)
		return MODULE_HASHES_MALFORMED;
	if (ms.id_type != MODULE_HASHES_ID_TYPE)
		return MODULE_HASHES_NO_PROOF;
	if (ms.algo || ms.hash || ms.signer_len || ms.key_id_len ||
	    ms.__pad[0] || ms.__pad[1] || ms.__pad[2])
		return MODULE_HASHES_MALFORMED;

	body -= sizeof(ms);
	sig_len = MODULE_HASHES_BE32(ms.sig_len);
	if (sig_len < MODULE_HASHES_PROOF_HEAD_SIZE || sig_len >= (size_t)body)
		return MODULE_HASHES_MALFORMED;

	proof = (const void *)((const __u8 *)data + body - sig_len);
	index = MODULE_HASHES_LE32(proof->leaf_index);
	size = MODULE_HASHES_LE32(proof->tree_size);
	if (module_hashes_path_len(index, size) < 0 ||
	    sig_len != MODULE_HASHES_PROOF_HEAD_SIZE +
		       (size_t)module_hashes_path_len(index, size) *
		       MODULE_HASHES_DIGEST_SIZE)
		return MODULE_HASHES_MALFORMED;

	*mod_len = body - sig_len;
	return MODULE_HASHES_VERIFIED;
}

/**
 * module_hashes_proof_of() - the proof of a module that passed parsing
 * @data: the module file given to module_hashes_parse()
 * @mod_len: the length module_hashes_parse() returned
 *
 * Return: the proof, which starts right after the module bytes.
 */
static inline const struct module_hashes_proof *
module_hashes_proof_of(const void *data, size_t mod_len)
{
	return (const void *)((const __u8 *)data + mod_len);
}

/**
 * module_hashes_check() - compare a parsed proof with the trusted root
 * @proof: a proof that passed module_hashes_parse()
 * @leaf: hash of the module bytes
 * @trusted: the root descriptor of the running kernel
 * @node: node-hash callback
 * @ctx: its context
 * @err: set to a negative error from @node, 0 otherwise
 *
 * A different tree size or root means the module comes from another build;
 * only when both match is the path walked.
 *
 * Return: MODULE_HASHES_VERIFIED, _OTHER_BUILD or _TAMPERED; when *@err is
 * set the verdict is meaningless.
 */
static inline enum module_hashes_verdict
module_hashes_check(const struct module_hashes_proof *proof,
		    const struct module_hash *leaf,
		    const struct module_hashes_root *trusted,
		    module_hashes_node_fn node, void *ctx, int *err)
{
	__u32 index = MODULE_HASHES_LE32(proof->leaf_index);
	__u32 size = MODULE_HASHES_LE32(proof->tree_size);
	struct module_hash computed;
	unsigned int k = module_hashes_path_len(index, size);

	*err = 0;
	if (MODULE_HASHES_LE32(trusted->algo) != MODULE_HASHES_ALGO_SHA256 ||
	    MODULE_HASHES_LE32(trusted->tree_size) != size ||
	    memcmp(&trusted->root, &proof->root, sizeof(proof->root)))
		return MODULE_HASHES_OTHER_BUILD;

	*err = module_hashes_walk(leaf, index, size, proof->path, k, node, ctx,
				  &computed);
	if (*err)
		return MODULE_HASHES_TAMPERED;
	if (module_hashes_differ(&computed, &trusted->root))
		return MODULE_HASHES_TAMPERED;
	return MODULE_HASHES_VERIFIED;
}

/**
 * module_hashes_tree_nodes() - storage for all levels of a tree
 * @n: number of leaves, > 0
 *
 * Return: the number of hashes module_hashes_build_tree() stores: the
 * leaves, every inner level and the root, which comes last.
 */
static inline size_t module_hashes_tree_nodes(__u32 n)
{
	size_t total = n;

	while (n > 1) {
		n = (n + 1) / 2;
		total += n;
	}
	return total;
}

/**
 * module_hashes_build_tree() - hash every level of an RFC 9162 tree
 * @nodes: module_hashes_tree_nodes(@n) hashes; the first @n are the leaf
 *	hashes on entry, the last is the root on return
 * @n: number of leaves, > 0
 * @node: node-hash callback
 * @ctx: its context
 *
 * Builds bottom-up: pairs are hashed, and a last unpaired node is promoted
 * to the next level unchanged, never duplicated.  This gives the same tree
 * as RFC 9162's split at the largest power of two below n.
 *
 * Return: 0, or a negative error from @node.
 */
static inline int module_hashes_build_tree(struct module_hash *nodes, __u32 n,
					   module_hashes_node_fn node, void *ctx)
{
	struct module_hash *level = nodes;
	__u32 i;
	int ret;

	while (n > 1) {
		struct module_hash *up = level + n;

		for (i = 0; i + 1 < n; i += 2) {
			ret = node(ctx, &level[i], &level[i + 1], &up[i / 2]);
			if (ret)
				return ret;
		}
		if (n & 1)
			up[n / 2] = level[n - 1];
		level = up;
		n = (n + 1) / 2;
	}
	return 0;
}

/**
 * module_hashes_tree_path() - the inclusion path of one leaf
 * @nodes: a tree built by module_hashes_build_tree()
 * @n: its number of leaves
 * @index: the leaf, < @n
 * @path: MODULE_HASHES_MAX_PATH hashes of room; filled leaf upward
 *
 * Return: the number of hashes written, module_hashes_path_len(@index, @n).
 */
static inline unsigned int module_hashes_tree_path(const struct module_hash *nodes,
						   __u32 n, __u32 index,
						   struct module_hash *path)
{
	unsigned int k = 0;

	while (n > 1) {
		__u32 sibling = index ^ 1;

		if (sibling < n)
			path[k++] = nodes[sibling];
		nodes += n;
		index >>= 1;
		n = (n + 1) / 2;
	}
	return k;
}

#endif /* _LINUX_MODULE_HASHES_H */
