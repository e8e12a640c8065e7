// SPDX-License-Identifier: GPL-2.0
/*
 * SHA-256 with libcrypto: the leaf and node hashes that
 * include/linux/module_hashes.h leaves to each side, and the module digest
 * SHA-256(module bytes) a leaf is made of, fed in pieces because modules
 * are streamed.
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

/* The leaf hash the format's verification and tree_build() call. */
int module_hashes_leaf(const struct module_hash *digest, struct module_hash *out)
{
	u8 buf[1 + MODULE_HASHES_DIGEST_SIZE];

	buf[0] = MODULE_HASHES_LEAF_PREFIX;
	memcpy(buf + 1, digest, sizeof(*digest));
	return EVP_Digest(buf, sizeof(buf), out->b, NULL, EVP_sha256(), NULL) ?
	       0 : -EIO;
}

/* A module digest under way. */
struct leaf_hasher *leaf_start(void)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (md && EVP_DigestInit_ex(md, EVP_sha256(), NULL))
		return (struct leaf_hasher *)md;
	EVP_MD_CTX_free(md);
	return NULL;
}

bool leaf_update(struct leaf_hasher *h, const void *p, size_t n)
{
	return !n || EVP_DigestUpdate((EVP_MD_CTX *)h, p, n);
}

/* The module digest into @digest (unless NULL), and the leaf made of it. */
bool leaf_finish(struct leaf_hasher *h, struct module_hash *digest,
		 struct module_hash *leaf)
{
	struct module_hash d;

	if (!EVP_DigestFinal_ex((EVP_MD_CTX *)h, d.b, NULL))
		return false;
	if (digest)
		*digest = d;
	return !module_hashes_leaf(&d, leaf);
}

void leaf_free(struct leaf_hasher *h)
{
	EVP_MD_CTX_free((EVP_MD_CTX *)h);
}

/* The digest (unless NULL) and leaf of module bytes held in memory. */
bool leaf_hash(const void *p, size_t n, struct module_hash *digest,
	       struct module_hash *leaf)
{
	struct leaf_hasher *h = leaf_start();
	bool ok = h && leaf_update(h, p, n) && leaf_finish(h, digest, leaf);

	leaf_free(h);
	return ok;
}
