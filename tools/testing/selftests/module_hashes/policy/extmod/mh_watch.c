// SPDX-License-Identifier: GPL-2.0
/*
 * How an LSM learns how a module was authenticated: a module notifier at
 * MODULE_STATE_COMING, after authentication and before the module runs,
 * reads module_auth_method() and module_auth_digest().  Returning
 * notifier_from_errno() there would refuse the module.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/notifier.h>

static int mh_watch_notify(struct notifier_block *nb, unsigned long state,
			   void *data)
{
	struct module *mod = data;
	const u8 *digest;

	if (state != MODULE_STATE_COMING)
		return NOTIFY_DONE;
	digest = module_auth_digest(mod);
	if (digest)
		pr_info("mh_watch: %s coming: auth=%s digest=%*phN\n", mod->name,
			module_auth_name(module_auth_method(mod)), 32, digest);
	else
		pr_info("mh_watch: %s coming: auth=%s\n", mod->name,
			module_auth_name(module_auth_method(mod)));
	return NOTIFY_DONE;
}

static struct notifier_block mh_watch_nb = {
	.notifier_call = mh_watch_notify,
};

static int __init mh_watch_init(void)
{
	return register_module_notifier(&mh_watch_nb);
}
module_init(mh_watch_init);

static void __exit mh_watch_exit(void)
{
	unregister_module_notifier(&mh_watch_nb);
}
module_exit(mh_watch_exit);

MODULE_DESCRIPTION("log how each module was authenticated, as an LSM would see it");
MODULE_LICENSE("GPL");
