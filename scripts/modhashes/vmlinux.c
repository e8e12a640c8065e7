// SPDX-License-Identifier: GPL-2.0
/*
 * "patch-vmlinux" and "root": the root descriptor in vmlinux.  vmlinux is
 * linked with the tag and an all-zero placeholder in .module_hashes; once
 * the modules are hashed, the build patches the real descriptor in after
 * the tag.  "root" also reads boot images (bootimage.c).
 */

#include "commands.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "roots.h"
#include "stage.h"

/* Options of a command that has none but --help (and @extra, if set). */
static int parse_simple(const struct command *cmd, int argc, char **argv,
			const char *extra, bool *seen)
{
	struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ extra ? extra : "help", no_argument, NULL, 'x' },
		{ }
	};
	int c;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == 'h')
			usage(cmd, STATUS_OK);
		if (c != 'x')
			usage_bad_option(cmd, c, argv);
		*seen = true;
	}
	return optind;
}

/*
 * Patch a staged copy and rename it over the original, so that a failure
 * leaves vmlinux as it was.  The copy keeps the original's mode; kbuild
 * keeps its timestamp itself, so modules linked against it (BTF) are not
 * relinked.
 */
static int patch(const char *vmlinux, const struct module_hashes_root *root)
{
	struct stage_out so = { .dest = vmlinux, .copy_from = vmlinux };
	struct stage st;
	char err[ERR_LEN];
	struct stat sb;
	enum root_kind kind;
	off_t off;
	int fd = root_open(vmlinux, &off, &kind);

	if (fd < 0)
		return -1;
	if (kind != ROOT_ELF) {
		error_msg(vmlinux, "not an ELF file");
		close(fd);
		return -1;
	}
	if (fstat(fd, &sb)) {
		error_msg(vmlinux, "cannot stat: %s", strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	so.copy_len = sb.st_size;
	so.copy_size = sb.st_size;
	so.mode = sb.st_mode & 07777;
	stage_init(&st, 1);
	if (stage_write(&st, 0, &so, err)) {
		error_msg(vmlinux, "%s", err);
		goto fail;
	}
	fd = open(st.tmp[0], O_WRONLY | O_CLOEXEC);
	if (fd < 0 || pwrite(fd, root, sizeof(*root), off) != sizeof(*root) ||
	    fsync(fd) || close(fd)) {
		error_msg(vmlinux, "cannot write the root descriptor: %s", strerror(errno));
		goto fail;
	}
	return stage_commit(&st);
fail:
	stage_abort(&st);
	return -1;
}

int cmd_patch_vmlinux(const struct command *cmd, int argc, char **argv)
{
	struct module_hashes_root root;
	bool unused = false;
	int i = parse_simple(cmd, argc, argv, NULL, &unused);

	if (argc - i != 2)
		usage_error(cmd, "give VMLINUX and ROOT_FILE");
	if (load_root(argv[i + 1], &root) || check_root(argv[i + 1], &root))
		return STATUS_TROUBLE;
	return patch(argv[i], &root) ? STATUS_TROUBLE : STATUS_OK;
}

int cmd_root(const struct command *cmd, int argc, char **argv)
{
	struct module_hashes_root root;
	bool expect = false;
	int i = parse_simple(cmd, argc, argv, "expect-tree", &expect);

	if (argc - i != 1)
		usage_error(cmd, "give one VMLINUX, IMAGE or ROOT_FILE");
	if (load_root(argv[i], &root))
		return STATUS_TROUBLE;
	print_root(&root);
	/* A placeholder is an answer, "no tree", not trouble. */
	return expect && check_root(argv[i], &root) ? STATUS_NO : STATUS_OK;
}
