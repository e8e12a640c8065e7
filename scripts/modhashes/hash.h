/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SHA-256 for module-hashes: the format's leaf and node hashes and module
 * digests, the only part of the tool that links libcrypto.  A leaf_hasher
 * streams a module's bytes into its digest, then makes the leaf of it.
 */
#ifndef MODHASHES_HASH_H
#define MODHASHES_HASH_H

#include "util.h"

struct leaf_hasher;

struct leaf_hasher *leaf_start(void);
bool leaf_update(struct leaf_hasher *h, const void *p, size_t n);
bool leaf_finish(struct leaf_hasher *h, struct module_hash *digest,
		 struct module_hash *leaf);
void leaf_free(struct leaf_hasher *h);
bool leaf_hash(const void *p, size_t n, struct module_hash *digest,
	       struct module_hash *leaf);

#endif /* MODHASHES_HASH_H */
