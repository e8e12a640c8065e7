/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building an RFC 9162 tree and its inclusion paths: the tool's side of the
 * format.  The kernel only walks paths (include/linux/module_hashes.h).
 */
#ifndef MODHASHES_TREE_H
#define MODHASHES_TREE_H

#include <stddef.h>

#include "../../include/linux/module_hashes.h"

size_t tree_nodes(__u32 n);
int tree_build(struct module_hash *nodes, __u32 n);
const struct module_hash *tree_root(const struct module_hash *nodes, __u32 n);
unsigned int tree_path(const struct module_hash *nodes, __u32 n, __u32 index,
		       struct module_hash *path);

#endif /* MODHASHES_TREE_H */
