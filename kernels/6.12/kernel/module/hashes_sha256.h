/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SHA-256 for kernel/module/hashes.c, Linux 6.12: the crypto API's
 * "sha256" shash, so that it reaches the accelerated implementations.
 * Linux 7.2 has the SHA-256 library instead (kernels/7.2/ of the overlay).
 *
 * Included by hashes.c only; it provides module_hashes_sha256() and
 * module_hashes_sha256_file().
 */

#include <linux/mutex.h>
#include <crypto/hash.h>
#include <crypto/sha2.h>

/*
 * SHA-256, allocated by the first load that needs it and kept, so that later
 * loads never allocate a transform.  Not at boot: a first allocation that
 * fails is tried again by the next load, and the path of that failure is
 * exercised where it can happen (the stress suite faults it).
 */
static struct crypto_shash *module_hashes_tfm;
static DEFINE_MUTEX(module_hashes_tfm_lock);

/* Return the transform, allocating it on first use; an ERR_PTR on failure. */
static struct crypto_shash *module_hashes_get_tfm(void)
{
	struct crypto_shash *tfm;

	/* Pairs with the release below: a transform seen is initialised. */
	tfm = smp_load_acquire(&module_hashes_tfm);

	if (tfm)
		return tfm;

	mutex_lock(&module_hashes_tfm_lock);
	tfm = module_hashes_tfm;
	if (!tfm) {
		tfm = crypto_alloc_shash("sha256", 0, 0);
		if (!IS_ERR(tfm)) {
			/* Publish only a fully allocated transform. */
			smp_store_release(&module_hashes_tfm, tfm);
		}
	}
	mutex_unlock(&module_hashes_tfm_lock);
	return tfm;
}

/*
 * SHA-256(@prefix || @a || @b): the one computation behind leaves and nodes.
 *
 * Return: 0, or a negative error from the crypto API.
 */
static int module_hashes_sha256(u8 prefix, const void *a, size_t alen,
				const void *b, size_t blen, u8 *out)
{
	struct crypto_shash *tfm = module_hashes_get_tfm();
	int ret;

	if (IS_ERR(tfm))
		return PTR_ERR(tfm);

	{
		SHASH_DESC_ON_STACK(desc, tfm);

		desc->tfm = tfm;
		ret = crypto_shash_init(desc);
		if (!ret)
			ret = crypto_shash_update(desc, &prefix, 1);
		if (!ret && alen)
			ret = crypto_shash_update(desc, a, alen);
		if (!ret)
			ret = crypto_shash_finup(desc, b, blen, out);
		shash_desc_zero(desc);
	}
	return ret;
}

/*
 * Finish @desc, which has hashed the module bytes, into @d->body; with
 * @file, save the state first and finish it once more over the trailer
 * into @d->file.  The trailer is a few hundred bytes, so the whole-file
 * digest costs no second pass over the module.
 */
static int module_hashes_finish(struct shash_desc *desc, const void *trailer,
				size_t trailer_len, bool file,
				struct module_hashes_digests *d)
{
	struct sha256_state state;
	int ret;

	/* sha256's exported state; the transform is always sha256. */
	if (file && WARN_ON_ONCE(crypto_shash_statesize(desc->tfm) > sizeof(state)))
		return -EINVAL;
	ret = file ? crypto_shash_export(desc, &state) : 0;
	ret = ret ?: crypto_shash_final(desc, d->body.b);
	if (!ret && file)
		ret = crypto_shash_import(desc, &state) ?:
		      crypto_shash_finup(desc, trailer, trailer_len, d->file.b);
	memzero_explicit(&state, sizeof(state));
	return ret;
}

/*
 * The digest of the @mod_len module bytes of @data into @d->body and, with
 * @file, of all @len bytes into @d->file, in one pass.
 *
 * Return: 0, or a negative error from the crypto API.
 */
static int module_hashes_sha256_file(const void *data, size_t len,
				     size_t mod_len, bool file,
				     struct module_hashes_digests *d)
{
	struct crypto_shash *tfm = module_hashes_get_tfm();
	int ret;

	if (IS_ERR(tfm))
		return PTR_ERR(tfm);

	{
		SHASH_DESC_ON_STACK(desc, tfm);

		desc->tfm = tfm;
		ret = crypto_shash_init(desc) ?:
		      crypto_shash_update(desc, data, mod_len) ?:
		      module_hashes_finish(desc, data + mod_len, len - mod_len,
					   file, d);
		shash_desc_zero(desc);
	}
	return ret;
}
