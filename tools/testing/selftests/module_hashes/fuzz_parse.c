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

int module_hashes_node(const struct module_hash *l,
		     const struct module_hash *r, struct module_hash *out)
{
	unsigned char buf[65];

	buf[0] = MODULE_HASHES_NODE_PREFIX;
	memcpy(buf + 1, l, 32);
	memcpy(buf + 33, r, 32);
	return EVP_Digest(buf, sizeof(buf), out->b, NULL, EVP_sha256(), NULL) ? 0 : -1;
}

int module_hashes_leaf(const struct module_hash *digest, struct module_hash *out)
{
	unsigned char buf[33];

	buf[0] = MODULE_HASHES_LEAF_PREFIX;
	memcpy(buf + 1, digest, 32);
	return EVP_Digest(buf, sizeof(buf), out->b, NULL, EVP_sha256(), NULL) ? 0 : -1;
}

/* A module's leaf: the leaf hash of SHA-256 of its bytes. */
static void leaf_hash(const uint8_t *data, size_t len, struct module_hash *out)
{
	struct module_hash digest;

	if (!EVP_Digest(data, len, digest.b, NULL, EVP_sha256(), NULL) ||
	    module_hashes_leaf(&digest, out))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct module_hashes_parsed p;
	struct module_hashes_root trusted;
	enum module_hashes_verdict v;
	struct module_hash leaf, computed;
	size_t len;
	uint8_t *file;
	int err;

	if (size < sizeof(trusted))
		return 0;
	memcpy(&trusted, data, sizeof(trusted));
	len = size - sizeof(trusted);
	/* A copy of exactly the file's length, so ASan sees any overread. */
	file = malloc(len ? len : 1);
	if (!file)
		return 0;
	memcpy(file, data + sizeof(trusted), len);

	err = module_hashes_parse(file, len, &p);
	if (err) {
		if (err != -ENODATA && err != -ENOPKG && err != -EBADMSG)
			abort();
		goto out;
	}
	if (p.mod_len == 0 || p.mod_len >= len ||
	    p.mod_len + MODULE_HASHES_TRAILER_SIZE((size_t)p.path_len) != len)
		abort();
	leaf_hash(file, p.mod_len, &leaf);
	v = module_hashes_check(&p, &leaf, &trusted, &err);
	if (err)
		abort();
	if (v == MODULE_HASHES_VERIFIED &&
	    (module_hashes_walk(&leaf, p.leaf_index, p.tree_size, p.proof->path,
				p.path_len, &computed) ||
	     memcmp(&computed, &trusted.root, sizeof(computed))))
		abort();
out:
	free(file);
	return 0;
}
