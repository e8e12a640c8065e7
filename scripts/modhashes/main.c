// SPDX-License-Identifier: GPL-2.0
/*
 * module-hashes - build and check hash-based module authentication data
 *
 * Hashes every module of a kernel build into an RFC 9162 Merkle tree,
 * writes the 40-byte root descriptor and one inclusion proof per module,
 * patches the descriptor into vmlinux, reads it back from vmlinux or a boot
 * image, and verifies or shows what modules carry.  The format lives in
 * include/linux/module_hashes.h and is
 * specified in Documentation/admin-guide/module-hashes.rst; the manual is
 * scripts/modhashes/module-hashes.1.
 *
 * Errors are reported as "ERROR: <file>: <reason>".  Exit status, as for
 * cmp(1): 0 success (every module verified), 1 the answer is no (some
 * module not verified), 2 trouble (usage, I/O, unreadable input).
 */

#include "commands.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "roots.h"

#define MODHASHES_VERSION	"1.1"

static const struct command commands[] = {
	{ "build", cmd_build,
"build [-C BASE] -r ROOT_OUT [--sidecar | --in-place | -o OUTDIR]\n"
"      [--image IMAGE | --new-image] [--replace-signature] [-j N] LIST\n"
"    Hash the modules LIST names (modules.order: one \"dir/x.o\" or \"dir/x.ko\"\n"
"    per line, relative to BASE, by default LIST's directory; x.ko.xz, .zst or\n"
"    .gz is read where x.ko is missing) into a Merkle tree. Write the 40-byte\n"
"    root descriptor to ROOT_OUT and each module's proof: --sidecar as\n"
"    <module>.ko.proof beside it, --in-place appended to the module, -o as a\n"
"    proven copy OUTDIR/<path>. Compressed modules are written compressed\n"
"    the same way. A module's old proof is replaced; a PKCS#7 signature only\n"
"    with --replace-signature. --in-place needs --image, a boot image or\n"
"    vmlinux that must already hold the new root (else nothing is written),\n"
"    or --new-image: ROOT_OUT goes into an image still to be built.\n"
"    Exit status: 0 tree and proofs written, 2 trouble (nothing written).\n" },
	{ "patch-vmlinux", cmd_patch_vmlinux,
"patch-vmlinux VMLINUX ROOT_FILE\n"
"    Write the root descriptor into VMLINUX's .module_hashes section, after\n"
"    its tag.\n"
"    Exit status: 0 patched, 2 trouble (VMLINUX unchanged).\n" },
	{ "root", cmd_root,
"root [--expect-tree] VMLINUX|IMAGE|ROOT_FILE\n"
"    Print algo, tree size and root; --expect-tree exits 1 on a placeholder.\n"
"    IMAGE: an x86 bzImage (payload gzip, xz, lzma or zstd), an arm64 Image\n"
"    or Image.gz, as in /boot/vmlinuz-*.\n"
"    Exit status: 0 printed, 1 a placeholder (--expect-tree), 2 trouble.\n" },
	{ "verify", cmd_verify,
"verify (--vmlinux FILE | --image IMAGE | --root-file FILE |\n"
"        --root HEX --size N | --running [--sysfs DIR]) [--order LIST]\n"
"       [--allow-signed] [--json] [-q] [-j N] PATH...\n"
"       ROOT --sidecar [-C BASE] [-q] [-j N] LIST\n"
"    Print one verdict per module: verified, no-proof, malformed, other-build,\n"
"    tampered (the kernel's), not-a-module (empty, not ELF, not ET_REL).\n"
"    Directories are searched for .ko, .ko.xz, .ko.zst, .ko.gz, following\n"
"    symbolic links to modules (weak-updates/), not to directories.\n"
"    --image trusts a boot image's root, as \"root\" reads it; --vmlinux and\n"
"    --root-file read the same files, each by its contents.\n"
"    --running trusts the running kernel's root, read from\n"
"    " SYSFS_DIR " (or DIR): will these modules load here?\n"
"    The tree's own modules are those LIST names (relative to the\n"
"    directories), or a directory's own modules.order: each must be there.\n"
"    --order checks only the modules LIST names (with --allow-signed, all).\n"
"    --allow-signed reports a PKCS#7-signed module the list does not name\n"
"    (DKMS) as \"signed\", not a failure; this tool does not check it.\n"
"    It needs a list: a signed in-tree module is never enough.\n"
"    --json prints one JSON object per module and line instead.\n"
"    -q prints only the modules not verified, and no summary.\n"
"    --sidecar checks a build before modules_install: each module LIST\n"
"    names (as for \"build\") with the proof beside it, <module>.ko.proof,\n"
"    as modules_install will append it; and LIST must be the whole tree.\n"
"    A path that cannot be read is an error; the others are answered.\n"
"    Exit status: 0 all verified (or signed, as above), 1 some not,\n"
"    2 trouble: some path or module could not be read.\n" },
	{ "show", cmd_show,
"show FILE...\n"
"    Print what each module carries: trailer type, index, size, root.\n"
"    Exit status: 0 all shown, 1 a malformed trailer or not a module, 2 trouble.\n" },
};

/* For all commands at once; each command's usage has its own line. */
static const char exit_text[] =
"Exit status: 0 success, 1 the answer is no (see each command), 2 trouble:\n"
"usage error, I/O error, unreadable input.\n";

static void print_usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: module-hashes COMMAND [OPTIONS] ARGS\n"
		   "       module-hashes COMMAND --help\n"
		   "       module-hashes --version\n\nCommands:\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %s", commands[i].usage);
	fprintf(f, "\n%s", exit_text);
}

/**
 * usage() - print usage and exit
 * @cmd: the command whose usage to print, or NULL for all
 * @status: STATUS_OK for --help (to stdout), else STATUS_TROUBLE (stderr)
 */
void usage(const struct command *cmd, int status)
{
	FILE *f = status ? stderr : stdout;

	if (cmd)
		fprintf(f, "Usage: module-hashes %s", cmd->usage);
	else
		print_usage(f);
	exit(status);
}

/* "ERROR: COMMAND: reason", then the command's usage, exit 2. */
void usage_error(const struct command *cmd, const char *fmt, ...)
{
	char reason[ERR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	error_msg(cmd->name, "%s", reason);
	usage(cmd, STATUS_TROUBLE);
}

/**
 * usage_bad_option() - report what getopt_long() refused, then usage, exit 2
 * @cmd: the command
 * @c: what getopt_long() returned: '?' unknown option, ':' missing argument
 * @argv: the command's arguments, as given to getopt_long()
 *
 * getopt's own messages lack the "ERROR: " every other error has, so
 * main() turns them off (opterr) and the commands report here instead.
 * Their option strings start with ':' to tell a missing argument apart.
 */
void usage_bad_option(const struct command *cmd, int c, char **argv)
{
	const char *opt = argv[optind - 1];

	if (c == ':')
		usage_error(cmd, "%s needs an argument", opt);
	if (optopt && strncmp(opt, "--", 2))
		usage_error(cmd, "unknown option -%c", optopt);
	usage_error(cmd, "unknown option %s", opt);
}

static void print_version(void)
{
	printf("module-hashes %s (format v1: SHA-256, id_type %d; compression: %s)\n",
	       MODHASHES_VERSION, MODULE_HASHES_ID_TYPE, codec_names());
}

/* A result that did not reach stdout (a full disk, a closed pipe) is trouble. */
static int flush_stdout(int status)
{
	if (fflush(stdout) || ferror(stdout)) {
		error_msg("stdout", "write error");
		return STATUS_TROUBLE;
	}
	return status;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		usage(NULL, STATUS_TROUBLE);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		usage(NULL, STATUS_OK);
	if (!strcmp(argv[1], "--version")) {
		print_version();
		return flush_stdout(STATUS_OK);
	}
	opterr = 0;	/* see usage_bad_option() */
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return flush_stdout(commands[i].func(&commands[i], argc - 1,
							     argv + 1));
	error_msg(argv[1], "unknown command");
	usage(NULL, STATUS_TROUBLE);
}
