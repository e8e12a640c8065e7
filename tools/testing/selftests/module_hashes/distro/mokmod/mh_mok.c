// SPDX-License-Identifier: GPL-2.0
/*
 * A module built the way DKMS builds one: outside the kernel tree, against
 * the installed linux-headers package, after the kernel was built.  It has
 * no place in the kernel's hash tree; make test-distro signs it with a key
 * that the firmware trusts (as a Machine Owner Key is trusted) and checks
 * that it loads next to the proven in-tree modules.
 */
#include <linux/init.h>
#include <linux/module.h>

static int __init mh_mok_init(void)
{
	pr_info("mh_mok: loaded\n");
	return 0;
}

static void __exit mh_mok_exit(void)
{
}

module_init(mh_mok_init);
module_exit(mh_mok_exit);
MODULE_DESCRIPTION("module_hashes test: an out-of-tree module signed with a firmware-trusted key");
MODULE_LICENSE("GPL");
