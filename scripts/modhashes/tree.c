// SPDX-License-Identifier: GPL-2.0
/*
 * Building an RFC 9162 tree, level by level, and reading inclusion paths
 * off it.  All levels are kept in one array, leaves first and the root
 * last, so that every path is a lookup and the tree is hashed once.
 */

#include "tree.h"

/**
 * tree_nodes() - storage for all levels of a tree
 * @n: number of leaves, > 0
 *
 * Return: the number of hashes tree_build() stores: the leaves, every
 * inner level and the root, which comes last.
 */
size_t tree_nodes(__u32 n)
{
	size_t total = n;

	while (n > 1) {
		n = (n + 1) / 2;
		total += n;
	}
	return total;
}

/* Hash one level of @n nodes into the next, which follows it in memory. */
static int tree_build_level(struct module_hash *level, __u32 n)
{
	struct module_hash *up = level + n;
	__u32 i;
	int ret;

	for (i = 0; i + 1 < n; i += 2) {
		ret = module_hashes_node(&level[i], &level[i + 1], &up[i / 2]);
		if (ret)
			return ret;
	}
	/* A last node without a partner is promoted, never duplicated. */
	if (n & 1)
		up[n / 2] = level[n - 1];
	return 0;
}

/**
 * tree_build() - hash every level of an RFC 9162 tree
 * @nodes: tree_nodes(@n) hashes; the first @n are the leaf hashes on
 *	entry, the last is the root on return
 * @n: number of leaves, > 0
 *
 * Building bottom-up with promotion gives the same tree as RFC 9162's split
 * at the largest power of two below n.
 *
 * Return: 0, or a negative error from module_hashes_node().
 */
int tree_build(struct module_hash *nodes, __u32 n)
{
	int ret;

	for (; n > 1; nodes += n, n = (n + 1) / 2) {
		ret = tree_build_level(nodes, n);
		if (ret)
			return ret;
	}
	return 0;
}

/* The root of a tree built by tree_build(). */
const struct module_hash *tree_root(const struct module_hash *nodes, __u32 n)
{
	return &nodes[tree_nodes(n) - 1];
}

/**
 * tree_path() - the inclusion path of one leaf
 * @nodes: a tree built by tree_build()
 * @n: its number of leaves
 * @index: the leaf, < @n
 * @path: MODULE_HASHES_MAX_PATH hashes of room; filled leaf upward
 *
 * A level where the node on the path has no sibling contributes nothing:
 * that node was promoted.
 *
 * Return: the number of hashes written, module_hashes_path_len(@index, @n).
 */
unsigned int tree_path(const struct module_hash *nodes, __u32 n, __u32 index,
		       struct module_hash *path)
{
	unsigned int k = 0;

	for (; n > 1; nodes += n, index >>= 1, n = (n + 1) / 2) {
		if ((index ^ 1) < n)
			path[k++] = nodes[index ^ 1];
	}
	return k;
}
