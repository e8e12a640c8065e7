// SPDX-License-Identifier: GPL-2.0
/*
 * SHA-256 with libcrypto: the node hash that include/linux/module_hashes.h
 * leaves to each side, and the leaf hash SHA-256(0x00 || module bytes),
 * fed in pieces because modules are streamed.
 */

#include "hash.h"

#include <openssl/evp.h>

/* The node hash the format's walk and tree_build() call. */
int module_hashes_node(const struct module_hash *left,
		       const struct module_hash *right, struct module_hash *out)
{
	u8 buf[1 + 2 * MODULE_HASHES_DIGEST_SIZE];

	buf[0] = MODULE_HASHES_NODE_PREFIX;
	memcpy(buf + 1, left, sizeof(*left));
	memcpy(buf + 1 + sizeof(*left), right, sizeof(*right));
	return EVP_Digest(buf, sizeof(buf), out->b, NULL, EVP_sha256(), NULL) ?
	       0 : -EIO;
}

/* A leaf hash under way: the 0x00 prefix is already fed. */
struct leaf_hasher *leaf_start(void)
{
	static const u8 prefix = MODULE_HASHES_LEAF_PREFIX;
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) &&
	    EVP_DigestUpdate(md, &prefix, 1))
		return (struct leaf_hasher *)md;
	EVP_MD_CTX_free(md);
	return NULL;
}

bool leaf_update(struct leaf_hasher *h, const void *p, size_t n)
{
	return !n || EVP_DigestUpdate((EVP_MD_CTX *)h, p, n);
}

bool leaf_finish(struct leaf_hasher *h, struct module_hash *leaf)
{
	return EVP_DigestFinal_ex((EVP_MD_CTX *)h, leaf->b, NULL);
}

void leaf_free(struct leaf_hasher *h)
{
	EVP_MD_CTX_free((EVP_MD_CTX *)h);
}

/* The leaf hash of module bytes held in memory. */
bool leaf_hash(const void *p, size_t n, struct module_hash *leaf)
{
	struct leaf_hasher *h = leaf_start();
	bool ok = h && leaf_update(h, p, n) && leaf_finish(h, leaf);

	leaf_free(h);
	return ok;
}
