// SPDX-License-Identifier: GPL-2.0
/*
 * Hash-based module authentication (CONFIG_MODULE_HASHES).
 *
 * At build time every in-tree module is a leaf of an RFC 9162 Merkle tree
 * whose root descriptor is written into vmlinux (section .module_hashes).
 * Each module carries its inclusion proof in the module-signature trailer
 * (id_type MODULE_HASHES_ID_TYPE).  Here we hash the module, once, into
 * its digest (the leaf's data, and what the blacklist lists it by), walk
 * the proof and compare with the built-in root; the format itself, and the
 * walk, live in include/linux/module_hashes.h.
 */

#define pr_fmt(fmt) "module_hashes: " fmt

#include <linux/errno.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/module_hashes.h>
#include <linux/sched.h>
#include <linux/security.h>
#include <linux/sysfs.h>
#include <keys/system_keyring.h>
#include <kunit/visibility.h>
#include <uapi/linux/module.h>
#include "internal.h"
#include "hashes_sha256.h"

static_assert(sizeof(struct module_hashes_root) == MODULE_HASHES_ROOT_SIZE);
static_assert(sizeof(struct module_hashes_proof) ==
	      MODULE_HASHES_PROOF_HEAD_SIZE);
static_assert(sizeof(struct module_hashes_section) ==
	      MODULE_HASHES_SECTION_SIZE);

/*
 * The root descriptor, after its tag: a placeholder of algo NONE at link
 * time, so that no proof verifies until scripts/module-hashes writes the
 * real root into vmlinux after all modules are built.  The build changes
 * these bytes after compilation, so they are only read through
 * module_hashes_trusted().  The tag lets a reader find the descriptor in a
 * boot image, which has no section headers; it is initialised here and
 * nowhere else, so that vmlinux holds it exactly once.
 */
static const struct module_hashes_section module_hashes_section
	__section(".module_hashes") __used = {
	.tag = MODULE_HASHES_TAG,
};

/* The root descriptor this kernel was built with. */
static const struct module_hashes_root *module_hashes_trusted(void)
{
	const struct module_hashes_root *root = &module_hashes_section.root;

	/* Keep the compiler from folding the placeholder's zeroes. */
	OPTIMIZER_HIDE_VAR(root);
	return root;
}

/*
 * /sys/kernel/module_hashes/{algo,tree_size,root}: the tree this kernel
 * trusts, read-only, so that user space ("scripts/module-hashes verify
 * --running") can tell whether a module file will load before loading it.
 * The ABI is Documentation/ABI/testing/sysfs-kernel-module_hashes.
 */
static ssize_t algo_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	const struct module_hashes_root *trusted = module_hashes_trusted();
	bool sha256 = le32_to_cpu(trusted->algo) == MODULE_HASHES_ALGO_SHA256;

	return sysfs_emit(buf, "%s\n", sha256 ? "sha256" : "none");
}

static ssize_t tree_size_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n",
			  le32_to_cpu(module_hashes_trusted()->tree_size));
}

static ssize_t root_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%*phN\n", MODULE_HASHES_DIGEST_SIZE,
			  module_hashes_trusted()->root.b);
}

static struct kobj_attribute module_hashes_algo_attr = __ATTR_RO(algo);
static struct kobj_attribute module_hashes_tree_size_attr = __ATTR_RO(tree_size);
static struct kobj_attribute module_hashes_root_attr = __ATTR_RO(root);

static struct attribute *module_hashes_attrs[] = {
	&module_hashes_algo_attr.attr,
	&module_hashes_tree_size_attr.attr,
	&module_hashes_root_attr.attr,
	NULL,
};

static const struct attribute_group module_hashes_attr_group = {
	.attrs = module_hashes_attrs,
};

static int __init module_hashes_sysfs_init(void)
{
	struct kobject *kobj;
	int err;

	kobj = kobject_create_and_add("module_hashes", kernel_kobj);
	if (!kobj)
		return -ENOMEM;
	err = sysfs_create_group(kobj, &module_hashes_attr_group);
	if (err)
		kobject_put(kobj);
	return err;
}

static int __init module_hashes_init(void)
{
	int err;

	err = module_hashes_sysfs_init();
	if (err)
		pr_warn("cannot create /sys/kernel/module_hashes: %d\n", err);
	return 0;
}
late_initcall(module_hashes_init);

/*
 * module_hashes_leaf(), which include/linux/module_hashes.h declares:
 * SHA-256(MODULE_HASHES_LEAF_PREFIX || @digest), written to @out only once
 * computed, so @out may be @digest.
 *
 * Context: process context; may sleep on first use.
 */
int module_hashes_leaf(const struct module_hash *digest, struct module_hash *out)
{
	struct module_hash leaf;
	int ret;

	ret = module_hashes_sha256(MODULE_HASHES_LEAF_PREFIX, NULL, 0,
				   digest->b, sizeof(digest->b), leaf.b);
	if (!ret)
		*out = leaf;
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(module_hashes_leaf);

/*
 * module_hashes_node(), which include/linux/module_hashes.h declares for the
 * walk: SHA-256(MODULE_HASHES_NODE_PREFIX || @left || @right), written to
 * @out only once computed, so @out may be @left or @right.
 *
 * Context: process context; may sleep on first use.
 */
int module_hashes_node(const struct module_hash *left,
		       const struct module_hash *right, struct module_hash *out)
{
	struct module_hash parent;
	int ret;

	ret = module_hashes_sha256(MODULE_HASHES_NODE_PREFIX, left->b,
				   sizeof(left->b), right->b, sizeof(right->b),
				   parent.b);
	if (!ret)
		*out = parent;
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(module_hashes_node);

/**
 * module_hashes_digest() - hash a module file in one pass
 * @data: the whole module file, trailer included
 * @len: its length
 * @mod_len: the length of its module bytes
 * @file: also compute the digest of the whole file
 * @d: the digests
 *
 * Context: process context; may sleep on first use.
 * Return: 0, or a negative error from the crypto API.
 */
int module_hashes_digest(const void *data, size_t len, size_t mod_len,
			 bool file, struct module_hashes_digests *d)
{
	return module_hashes_sha256_file(data, len, mod_len, file, d);
}
EXPORT_SYMBOL_IF_KUNIT(module_hashes_digest);

/*
 * module_hashes_verify(), also giving the module's digests and leaf once
 * computed.  The whole-file digest is computed only when @file: only
 * revocation needs it, and only while the blacklist holds binary hashes.
 */
static enum module_hashes_verdict
module_hashes_verify_digest(const void *data, size_t len,
			    const struct module_hashes_root *trusted,
			    size_t *mod_len, bool file,
			    struct module_hashes_digests *d, int *err)
{
	struct module_hashes_parsed p;
	int ret;

	*err = 0;
	*mod_len = len;
	ret = module_hashes_parse(data, len, &p);
	if (ret)
		return module_hashes_parse_verdict(ret);

	*mod_len = p.mod_len;
	/* Another build's proof is answered without reading the module. */
	if (!module_hashes_same_tree(&p, trusted))
		return MODULE_HASHES_OTHER_BUILD;
	*err = module_hashes_digest(data, len, p.mod_len, file, d) ?:
	       module_hashes_leaf(&d->body, &d->leaf);
	if (*err)
		return MODULE_HASHES_TAMPERED;
	return module_hashes_check(&p, &d->leaf, trusted, err);
}

/**
 * module_hashes_verify() - check a module file against a root descriptor
 * @data: the whole module file, trailer included
 * @len: its length
 * @trusted: the root descriptor to trust, not NULL
 * @mod_len: set to the length of the module bytes when the trailer parses
 *	as a proof; set to @len otherwise
 * @err: set to a negative error when hashing failed, 0 otherwise
 *
 * Parses the trailer exactly, hashes the module bytes into their digest
 * and the digest into a leaf, and walks the proof up to @trusted.
 *
 * Context: process context; may sleep.
 * Return: the verdict; when *@err is non-zero it is meaningless and the
 * caller must fail with *@err.
 */
enum module_hashes_verdict
module_hashes_verify(const void *data, size_t len,
		     const struct module_hashes_root *trusted,
		     size_t *mod_len, int *err)
{
	struct module_hashes_digests d;

	return module_hashes_verify_digest(data, len, trusted, mod_len, false,
					   &d, err);
}
EXPORT_SYMBOL_IF_KUNIT(module_hashes_verify);

/* Is a binary hash of a module file blacklisted? */
static bool module_hashes_listed(const struct module_hash *h)
{
	return is_hash_blacklisted(h->b, sizeof(h->b),
				   BLACKLIST_HASH_BINARY) == -EKEYREJECTED;
}

/*
 * Revocation, as for a signed module: the blacklist keyring's binary hashes
 * (CONFIG_SYSTEM_BLACKLIST_HASH_LIST "bin:" entries, UEFI dbx, MokListX).
 * A signed module is looked up by the SHA-256 of its whole file as loaded
 * where the loader does that (some distribution kernels do, Debian's 6.12
 * among them), and by IMA through the digest of the module bytes its
 * appended signature covers.  A proven module is refused when either is
 * listed, whatever the loader does for signed ones: its module bytes are
 * the same whichever trailer authenticates them, and their digest is the
 * leaf's own data, so it costs no extra pass.
 *
 * @d must hold both digests.
 *
 * Return: 0 if the module may load, -EKEYREJECTED if it is listed.
 */
static int module_hashes_revoked(const struct module_hashes_digests *d)
{
	if (!module_hashes_listed(&d->body) && !module_hashes_listed(&d->file))
		return 0;
	pr_err("module hash %*phN (file %*phN) is blacklisted\n",
	       (int)sizeof(d->body.b), d->body.b,
	       (int)sizeof(d->file.b), d->file.b);
	return -EKEYREJECTED;
}

/*
 * Check a module file against @trusted, revocation included, in one pass.
 * *@err is set when hashing failed, and the verdict is then meaningless;
 * *@revoked is 0, or -EKEYREJECTED for a verified module that is listed.
 * While no binary hash is blacklisted, revocation costs a flag test and
 * the whole-file digest is not computed.
 */
static enum module_hashes_verdict
module_hashes_check_file(const void *data, size_t len,
			 const struct module_hashes_root *trusted,
			 size_t *mod_len, struct module_hashes_digests *d,
			 int *revoked, int *err)
{
	bool listed = blacklist_has_binary_hashes();
	enum module_hashes_verdict v;

	*revoked = 0;
	v = module_hashes_verify_digest(data, len, trusted, mod_len, listed, d,
					err);
	if (v == MODULE_HASHES_VERIFIED && !*err && listed)
		*revoked = module_hashes_revoked(d);
	return v;
}

/**
 * module_hashes_proven() - does a module file carry a valid proof?
 * @data: the whole module file, trailer included
 * @len: its length
 *
 * For other gatekeepers of module loading (IMA): the same check the loader
 * makes, against the root built into this kernel, revocation included, in
 * one pass over the module.
 *
 * Context: process context; may sleep.
 * Return: true only when the verdict is "verified" and the module is not
 * blacklisted.
 */
bool module_hashes_proven(const void *data, size_t len)
{
	struct module_hashes_digests d;
	size_t mod_len;
	int revoked, err;

	return module_hashes_check_file(data, len, module_hashes_trusted(),
					&mod_len, &d, &revoked, &err) ==
	       MODULE_HASHES_VERIFIED && !err && !revoked;
}
EXPORT_SYMBOL_GPL(module_hashes_proven);

/**
 * module_hashes_verdict_errno() - the errno a verdict is reported as
 * @v: the verdict
 *
 * The meanings are those of module signing (kernel/module/signing.c).
 *
 * Return: 0 for VERIFIED, -ENODATA for NO_PROOF, -ENOKEY for OTHER_BUILD,
 * -EBADMSG for MALFORMED and -EKEYREJECTED for TAMPERED.
 */
int module_hashes_verdict_errno(enum module_hashes_verdict v)
{
	switch (v) {
	case MODULE_HASHES_VERIFIED:
		return 0;
	case MODULE_HASHES_NO_PROOF:
		return -ENODATA;
	case MODULE_HASHES_OTHER_BUILD:
		return -ENOKEY;
	case MODULE_HASHES_MALFORMED:
		return -EBADMSG;
	case MODULE_HASHES_TAMPERED:
		return -EKEYREJECTED;
	}
	return -EKEYREJECTED;
}
EXPORT_SYMBOL_IF_KUNIT(module_hashes_verdict_errno);

/* Explain an other-build verdict: both trees, short. */
static void module_hashes_report_other(const char *name, const void *data,
				       size_t mod_len,
				       const struct module_hashes_root *trusted)
{
	/* The verdict came from a parsed proof: it starts after the module. */
	const struct module_hashes_proof *proof = data + mod_len;

	if (le32_to_cpu(trusted->algo) != MODULE_HASHES_ALGO_SHA256) {
		pr_notice("%s: other-build: proof for tree %*phN.. size %u, but this kernel has no tree (algo %u)\n",
			  name, 8, proof->root.b, le32_to_cpu(proof->tree_size),
			  le32_to_cpu(trusted->algo));
		return;
	}
	pr_notice("%s: other-build: proof for tree %*phN.. size %u, this kernel's is %*phN.. size %u\n",
		  name, 8, proof->root.b, le32_to_cpu(proof->tree_size),
		  8, trusted->root.b, le32_to_cpu(trusted->tree_size));
}

/**
 * module_hashes_check_module() - authenticate a module being loaded
 * @info: the load; on success info->sig_ok is set and info->len trimmed to
 *	the module bytes, as for a valid signature
 * @flags: the MODULE_INIT_* flags of the load
 *
 * A module without a proof, or with a proof from another build, loads
 * (tainting the kernel, as an unsigned module does) unless module signatures
 * are enforced or lockdown forbids it.  A malformed proof or a proof that
 * does not match the module is fatal, unless @flags ignore the module's
 * versions or vermagic: the trailer of such a "mangled" module is not read
 * at all, and it is treated as having no proof, as module_sig_check()
 * treats a mangled signed module.
 *
 * Context: process context; may sleep.
 * Return: 0 if the module may load; -EBADMSG, -EKEYREJECTED, a lockdown
 * error or a crypto API error otherwise.
 */
int module_hashes_check_module(struct load_info *info, int flags)
{
	const struct module_hashes_root *trusted = module_hashes_trusted();
	bool mangled = flags & (MODULE_INIT_IGNORE_MODVERSIONS |
				MODULE_INIT_IGNORE_VERMAGIC);
	char who[TASK_COMM_LEN + 24];
	const char *name = info->name;
	struct module_hashes_digests d;
	enum module_hashes_verdict v;
	const char *reason;
	int revoked = 0;
	size_t mod_len;
	int err;

	/* The module is not parsed yet: name it by who loads it. */
	if (!name) {
		snprintf(who, sizeof(who), "module from %s[%d]", current->comm,
			 task_pid_nr(current));
		name = who;
	}

	/* A module with its versions removed is no longer the one proven. */
	if (mangled) {
		v = MODULE_HASHES_NO_PROOF;
		mod_len = info->len;
		err = 0;
	} else {
		v = module_hashes_check_file(info->hdr, info->len, trusted,
					     &mod_len, &d, &revoked, &err);
	}
	if (err) {
		pr_err("%s: cannot hash module: %d\n", name, err);
		return err;
	}

	switch (v) {
	case MODULE_HASHES_VERIFIED:
		/* Revoked is refused whatever the policy, as for a signature. */
		if (revoked)
			return revoked;
		info->sig_ok = true;
		info->auth = MODULE_AUTH_MERKLE;
		info->auth_leaf = d.leaf;
		info->len = mod_len;
		return 0;
	case MODULE_HASHES_NO_PROOF:
		reason = mangled ? "module with modversions or vermagic ignored" :
				   "module without hash proof";
		pr_notice("%s: no-proof: %s (%lu bytes)\n", name, reason,
			  info->len);
		break;
	case MODULE_HASHES_OTHER_BUILD:
		reason = "module from another build";
		module_hashes_report_other(name, info->hdr, mod_len, trusted);
		break;
	case MODULE_HASHES_MALFORMED:
	case MODULE_HASHES_TAMPERED:
	default:
		pr_err("%s: %s: %s, rejected (%lu bytes)\n", name,
		       module_hashes_verdict_name(v),
		       v == MODULE_HASHES_MALFORMED ?
		       "the proof trailer breaks the format" :
		       "the module does not match its proof", info->len);
		return module_hashes_verdict_errno(v);
	}

	if (is_module_sig_enforced()) {
		pr_notice("Loading of %s is rejected\n", reason);
		return -EKEYREJECTED;
	}
	return security_locked_down(LOCKDOWN_MODULE_SIGNATURE);
}
