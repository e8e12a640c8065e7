// SPDX-License-Identifier: GPL-2.0
/*
 * An external module (make M=) for the module_hashes build tests: it is not
 * in the kernel's hash tree, so it has no proof and loads by the no-proof
 * rules (tainted, or refused with module.sig_enforce=1).
 */
#include <linux/init.h>
#include <linux/module.h>

static int __init mh_ext_init(void)
{
	return 0;
}

static void __exit mh_ext_exit(void)
{
}

module_init(mh_ext_init);
module_exit(mh_ext_exit);
MODULE_DESCRIPTION("module_hashes test: an external module");
MODULE_LICENSE("GPL");
