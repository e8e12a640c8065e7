// SPDX-License-Identifier: GPL-2.0
/* An out-of-tree module for the module loading policy tests. */
#include <linux/init.h>
#include <linux/module.h>

static int __init mh_hello_init(void)
{
	return 0;
}
module_init(mh_hello_init);

static void __exit mh_hello_exit(void)
{
}
module_exit(mh_hello_exit);

MODULE_DESCRIPTION("out-of-tree module for the module_hashes policy tests");
MODULE_LICENSE("GPL");
