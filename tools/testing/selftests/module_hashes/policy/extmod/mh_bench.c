// SPDX-License-Identifier: GPL-2.0
/*
 * Time the authentication step of module loading, in the kernel, for module
 * files carrying a PKCS#7 signature or a hash proof:
 *
 *   insmod mh_bench.ko files=/a.ko,/b.ko iterations=300
 *
 * For a proof, the step is module_hashes_proven(): the loader's check (one
 * SHA-256 pass over the module bytes, which with the trailer also gives the
 * whole file's digest, then the leaf and the path's node hashes, then, when
 * the blacklist holds a binary hash, the lookup of both digests).  Its
 * anchor, timed in the same rounds, is a bare SHA-256 of the same module
 * bytes.  For a signature, it is what mod_verify_sig() does:
 * verify_pkcs7_signature() against the trusted keys (one SHA-256 pass and
 * the public-key operation), then, as Debian's kernel does, hash the whole
 * file again with a freshly allocated transform to look it up in the
 * blacklist.  Each file is checked "iterations" times; the median and
 * minimum are logged.
 *
 * Times are read with get_cycles() and converted with a rate measured
 * against the kernel clock over one second first: under QEMU without ACPI
 * the kernel clock is jiffies, far too coarse for one check.  The module does
 * nothing else; it stays loaded, so that insmod does not try again.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/kernel_read_file.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/module_hashes.h>
#include <linux/module_signature.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/delay.h>
#include <linux/timex.h>
#include <linux/vmalloc.h>
#include <linux/verification.h>
#include <crypto/hash.h>
#include <keys/system_keyring.h>

static char *files[12];
static int nfiles;
module_param_array(files, charp, &nfiles, 0);
static int iterations = 300;
module_param(iterations, int, 0);

/* get_cycles() per millisecond, measured at load. */
static u64 cycles_per_ms;

static void calibrate(void)
{
	u64 t0, t1;
	cycles_t c0, c1;

	t0 = ktime_get_ns();
	c0 = get_cycles();
	msleep(1000);
	c1 = get_cycles();
	t1 = ktime_get_ns();
	cycles_per_ms = div64_u64((u64)(c1 - c0) * NSEC_PER_MSEC, t1 - t0) ?: 1;
}

static u64 cycles_to_ns(u64 c)
{
	return div64_u64(c * NSEC_PER_MSEC, cycles_per_ms);
}

static int blacklist_check(const void *data, size_t len)
{
	struct crypto_shash *tfm = crypto_alloc_shash("sha256", 0, 0);
	u8 digest[32];
	int ret;

	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	ret = crypto_shash_tfm_digest(tfm, data, len, digest);
	crypto_free_shash(tfm);
	if (ret)
		return ret;
	return is_hash_blacklisted(digest, sizeof(digest), BLACKLIST_HASH_BINARY);
}

/* One authentication of a whole module file; *what says which kind. */
static int authenticate(const u8 *data, size_t len, const char **what,
			unsigned int *path)
{
	struct module_hashes_parsed p;
	struct module_signature ms;
	size_t body, sig_len;
	int ret;

	ret = module_hashes_parse(data, len, &p);
	if (!ret) {
		*what = "merkle";
		*path = p.path_len;
		return module_hashes_proven(data, len) ? 0 : -EKEYREJECTED;
	}
	*what = "pkcs7";
	*path = 0;
	if (ret != -ENOPKG)
		return ret;

	/* A trailer of another kind, which the parse has found. */
	body = module_hashes_trailer(data, len, &ms) - sizeof(ms);
	sig_len = be32_to_cpu(ms.sig_len);
	if (ms.id_type != MODULE_HASHES_ID_PKCS7)
		return -ENOPKG;
	if (sig_len >= body)
		return -EBADMSG;
	body -= sig_len;
	return verify_pkcs7_signature(data, body, data + body, sig_len,
				      VERIFY_USE_SECONDARY_KEYRING,
				      VERIFYING_MODULE_SIGNATURE, NULL, NULL) ?:
	       blacklist_check(data, len);
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *name, const char *what, size_t len,
		   unsigned int path, u64 *ns)
{
	sort(ns, iterations, sizeof(*ns), cmp_u64, NULL);
	pr_info("mh_bench: %s method=%s bytes=%zu path=%u n=%d median_ns=%llu min_ns=%llu\n",
		name, what, len, path, iterations, ns[iterations / 2], ns[0]);
}

/*
 * The floor of a proof's check: one bare SHA-256 pass over the module
 * bytes, through the same crypto API and with a transform allocated
 * beforehand, as the loader's is after its first use.
 */
static int time_sha256(struct crypto_shash *tfm, const u8 *data, size_t len,
		       u64 *ns)
{
	u8 digest[32];
	cycles_t c0 = get_cycles();
	int ret = crypto_shash_tfm_digest(tfm, data, len, digest);

	*ns = cycles_to_ns(get_cycles() - c0);
	return ret;
}

/*
 * Each round times the check, then (for a proof) the bare SHA-256 of the
 * same module bytes, so that both see the same load on the host: under
 * TCG on a busy machine, times drift over a run.
 */
static void bench_file(const char *name, u64 *ns, u64 *base)
{
	struct crypto_shash *tfm = NULL;
	struct module_hashes_parsed p;
	unsigned int path = 0;
	const char *what = "?";
	void *buf = NULL;
	ssize_t len;
	int i, ret = 0;

	len = kernel_read_file_from_path(name, 0, &buf, INT_MAX, NULL,
					 READING_UNKNOWN);
	if (len < 0) {
		pr_err("mh_bench: %s: cannot read: %zd\n", name, len);
		return;
	}
	if (!module_hashes_parse(buf, len, &p)) {
		tfm = crypto_alloc_shash("sha256", 0, 0);
		if (IS_ERR(tfm)) {
			pr_err("mh_bench: %s: no sha256: %ld\n", name, PTR_ERR(tfm));
			goto out;
		}
	}
	for (i = 0; i < iterations && !ret; i++) {
		cycles_t c0 = get_cycles();

		ret = authenticate(buf, len, &what, &path);
		ns[i] = cycles_to_ns(get_cycles() - c0);
		if (!ret && tfm)
			ret = time_sha256(tfm, buf, p.mod_len, &base[i]);
		cond_resched();
	}
	if (ret) {
		pr_err("mh_bench: %s: %s: authentication failed: %d\n", name,
		       what, ret);
	} else {
		report(name, what, len, path, ns);
		if (tfm)
			report(name, "sha256", len, 0, base);
	}
	if (!IS_ERR_OR_NULL(tfm))
		crypto_free_shash(tfm);
out:
	vfree(buf);
}

static int __init mh_bench_init(void)
{
	u64 *ns;
	int i;

	if (iterations < 1)
		return -EINVAL;
	ns = kvmalloc_array(2 * iterations, sizeof(*ns), GFP_KERNEL);
	if (!ns)
		return -ENOMEM;
	calibrate();
	pr_info("mh_bench: %llu cycles per ms\n", cycles_per_ms);
	for (i = 0; i < nfiles; i++)
		bench_file(files[i], ns, ns + iterations);
	kvfree(ns);
	return 0;
}
module_init(mh_bench_init);

MODULE_DESCRIPTION("time module authentication: PKCS#7 against hash proofs");
MODULE_LICENSE("GPL");
