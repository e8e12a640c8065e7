// SPDX-License-Identifier: GPL-2.0
/*
 * "show": what each module file carries, without a trusted root.  It
 * answers "is this a module with a well-formed trailer?": exit 1 when a
 * file is not a module or its trailer is malformed, 2 when one cannot be
 * read.
 */

#include "commands.h"

#include <getopt.h>

#include "inspect.h"
#include "modlist.h"

static void show_proof(const struct inspection *in)
{
	char h[HEX_LEN];

	hex(h, &in->head.root, sizeof(in->head.root));
	printf("trailer: module hash proof (id_type %u)\n", MODULE_HASHES_ID_TYPE);
	printf("leaf_index: %u\ntree_size: %u\nroot: %s\npath_length: %u\n",
	       le32toh(in->head.leaf_index), le32toh(in->head.tree_size), h,
	       in->path_len);
	printf("module_bytes: %zu\n", in->mod_len);
}

/*
 * The digest of the module bytes, whatever trailer follows them: a "bin:"
 * entry of the blacklist (CONFIG_SYSTEM_BLACKLIST_HASH_LIST, dbx, MokListX)
 * with it revokes the module.
 */
static void show_digest(const struct inspection *in)
{
	char h[HEX_LEN];

	if (!in->have_digest)
		return;
	hex(h, &in->digest, sizeof(in->digest));
	printf("sha256: %s (module bytes; blacklist \"bin:\" entry to revoke)\n", h);
}

/* Print one file's trailer; false when it is malformed. */
static bool show_trailer(const struct inspection *in)
{
	if (in->trailer < 0) {
		printf("trailer: malformed (marker without information block)\n");
		return false;
	}
	if (in->trailer > 0 && in->ms.id_type == MODULE_HASHES_ID_TYPE && in->parse) {
		printf("trailer: malformed module hash proof (sig_len %u)\n",
		       be32toh(in->ms.sig_len));
		return false;
	}
	if (in->trailer == 0)
		printf("trailer: none\n");
	else if (in->ms.id_type != MODULE_HASHES_ID_TYPE)
		printf("trailer: %s (id_type %u), %u bytes\n", trailer_kind(&in->ms),
		       in->ms.id_type, be32toh(in->ms.sig_len));
	else
		show_proof(in);
	return true;
}

/* Show one file; its exit status. */
static int show_one(const char *path)
{
	struct inspection in;
	char err[ERR_LEN];

	printf("file: %s\n", path);
	if (inspect_digest(path, NULL, true, &in, err)) {
		fflush(stdout);
		error_msg(path, "%s", err);
		return STATUS_TROUBLE;
	}
	if (in.comp != COMP_NONE)
		printf("compression: %s\n", comp_name(in.comp));
	if (in.not_module) {
		printf("not a module (%s)\n", in.not_module);
		return STATUS_NO;
	}
	if (!show_trailer(&in))
		return STATUS_NO;
	show_digest(&in);
	return STATUS_OK;
}

int cmd_show(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct module_refs l = { 0 };
	int c, ret = STATUS_OK;
	size_t i;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == 'h')
			usage(cmd, STATUS_OK);
		usage_bad_option(cmd, c, argv);
	}
	if (optind == argc)
		usage_error(cmd, "give the modules to show");
	collect_paths(argc - optind, argv + optind, &l);
	for (i = 0; i < l.n; i++) {
		int status = STATUS_TROUBLE;

		if (l.v[i].err) {
			fflush(stdout);
			error_msg(l.v[i].path, "%s", l.v[i].err);
		} else {
			if (i)
				putchar('\n');
			status = show_one(l.v[i].path);
		}
		if (status > ret)
			ret = status;
	}
	refs_free(&l);
	return ret;
}
