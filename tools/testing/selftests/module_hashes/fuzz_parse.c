// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the trailer parser and the RFC 9162 walk of
 * include/linux/module_hashes.h.  Input: a 40-byte trusted descriptor
 * followed by a module file.  Besides the sanitizers, it checks what the
 * parser promises: an accepted trailer lies inside the file, has exactly
 * the RFC 9162 path length, and only VERIFIED comes with a matching root.
 */

#include <endian.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../../../include/linux/module_hashes.h"

static int node_hash(void *ctx, const struct module_hash *l,
		     const struct module_hash *r, struct module_hash *out)
{
	unsigned char buf[65];

	(void)ctx;
	buf[0] = MODULE_HASHES_NODE_PREFIX;
	memcpy(buf + 1, l, 32);
	memcpy(buf + 33, r, 32);
	return EVP_Digest(buf, sizeof(buf), out->b, NULL, EVP_sha256(), NULL) ? 0 : -1;
}

static void leaf_hash(const uint8_t *data, size_t len, struct module_hash *out)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char prefix = MODULE_HASHES_LEAF_PREFIX;

	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL) ||
	    !EVP_DigestUpdate(md, &prefix, 1) || !EVP_DigestUpdate(md, data, len) ||
	    !EVP_DigestFinal_ex(md, out->b, NULL))
		abort();
	EVP_MD_CTX_free(md);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct module_hashes_proof *proof;
	struct module_hashes_root trusted;
	enum module_hashes_verdict v;
	struct module_hash leaf, computed;
	size_t mod_len = (size_t)-1, len;
	uint8_t *file;
	int err, k;

	if (size < sizeof(trusted))
		return 0;
	memcpy(&trusted, data, sizeof(trusted));
	len = size - sizeof(trusted);
	/* A copy of exactly the file's length, so ASan sees any overread. */
	file = malloc(len ? len : 1);
	if (!file)
		return 0;
	memcpy(file, data + sizeof(trusted), len);

	v = module_hashes_parse(file, len, &mod_len);
	if (v != MODULE_HASHES_VERIFIED)
		goto out;
	if (mod_len == 0 || mod_len >= len)
		abort();
	proof = module_hashes_proof_of(file, mod_len);
	k = module_hashes_path_len(le32toh(proof->leaf_index), le32toh(proof->tree_size));
	if (k < 0 || mod_len + MODULE_HASHES_TRAILER_SIZE((size_t)k) != len)
		abort();
	leaf_hash(file, mod_len, &leaf);
	v = module_hashes_check(proof, &leaf, &trusted, node_hash, NULL, &err);
	if (err)
		abort();
	if (v == MODULE_HASHES_VERIFIED &&
	    (module_hashes_walk(&leaf, le32toh(proof->leaf_index),
				le32toh(proof->tree_size), proof->path, k,
				node_hash, NULL, &computed) ||
	     memcmp(&computed, &trusted.root, sizeof(computed))))
		abort();
out:
	free(file);
	return 0;
}
