/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SHA-256 for kernel/module/hashes.c: the SHA-256 library, which uses the
 * architecture's accelerated code where there is one, allocates nothing and
 * cannot fail.  (Linux 6.12 has no such library; kernels/6.12/ of the
 * overlay uses the crypto API there.)
 *
 * Included by hashes.c only; it provides module_hashes_sha256() and
 * module_hashes_sha256_file().
 */

#include <crypto/sha2.h>

/*
 * SHA-256(@prefix || @a || @b): the one computation behind leaves and nodes.
 *
 * Return: 0.
 */
static int module_hashes_sha256(u8 prefix, const void *a, size_t alen,
				const void *b, size_t blen, u8 *out)
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, &prefix, 1);
	sha256_update(&ctx, a, alen);
	sha256_update(&ctx, b, blen);
	sha256_final(&ctx, out);
	return 0;
}

/*
 * The digest of the @mod_len module bytes of @data into @d->body and, with
 * @file, of all @len bytes into @d->file, in one pass: a copy of the state
 * after the module bytes is finished over the trailer, a few hundred bytes.
 *
 * Return: 0.
 */
static int module_hashes_sha256_file(const void *data, size_t len,
				     size_t mod_len, bool file,
				     struct module_hashes_digests *d)
{
	struct sha256_ctx ctx, after_module;

	sha256_init(&ctx);
	sha256_update(&ctx, data, mod_len);
	if (file) {
		after_module = ctx;
		sha256_update(&after_module, data + mod_len, len - mod_len);
		sha256_final(&after_module, d->file.b);
	}
	sha256_final(&ctx, d->body.b);
	return 0;
}
