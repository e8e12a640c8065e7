// SPDX-License-Identifier: GPL-2.0
/*
 * Trusted roots.  A root descriptor used to verify must be a real tree
 * (check_root()); the running kernel may have none (algo "none"), and then
 * every proof is from another build, as the kernel would say.
 */

#include "roots.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf.h"
#include "input.h"

/**
 * root_open() - open a file that holds a root descriptor, and say how
 * @path: the file
 * @offset: set to the offset of the 40 descriptor bytes (ELF, descriptor)
 * @kind: set to what the file is; a ROOT_IMAGE is left to bootimage.c
 *
 * An ELF file must be a vmlinux with a valid .module_hashes section; a
 * file of exactly 40 bytes is a descriptor; anything else may be a boot
 * image, which only bootimage_load_root() can tell.
 *
 * Return: the open file, or -1 after reporting the error.
 */
int root_open(const char *path, off_t *offset, enum root_kind *kind)
{
	char err[ERR_LEN];
	u8 magic[SELFMAG];
	struct stat st;
	int fd = input_open(path, &st, err);

	if (fd < 0) {
		error_msg(path, "%s", err);
		return -1;
	}
	*offset = 0;
	if (pread(fd, magic, SELFMAG, 0) == SELFMAG &&
	    !memcmp(magic, ELFMAG, SELFMAG)) {
		*kind = ROOT_ELF;
		if (!elf_find_section(path, fd, offset))
			return fd;
		close(fd);
		return -1;
	}
	*kind = st.st_size == MODULE_HASHES_ROOT_SIZE ? ROOT_FILE : ROOT_IMAGE;
	return fd;
}

/* The descriptor of a vmlinux, boot image or descriptor file, as it is. */
int load_root(const char *path, struct module_hashes_root *root)
{
	enum root_kind kind;
	off_t off;
	int fd = root_open(path, &off, &kind), ret = 0;

	if (fd < 0)
		return -1;
	if (kind == ROOT_IMAGE) {
		ret = bootimage_load_root(path, fd, root);
	} else if (pread(fd, root, sizeof(*root), off) != sizeof(*root)) {
		error_msg(path, "cannot read the root descriptor");
		ret = -1;
	}
	close(fd);
	return ret;
}

/* Read one line of a sysfs attribute, without its newline. */
static int read_attr(const char *dir, const char *name, char *buf, size_t size)
{
	char *path = path_join(dir, name);
	FILE *f = fopen(path, "re");
	int ret = -1;

	if (!f) {
		error_msg(path, "cannot open: %s", strerror(errno));
	} else if (!fgets(buf, size, f)) {
		error_msg(path, "cannot read");
	} else {
		buf[strcspn(buf, "\n")] = '\0';
		ret = 0;
	}
	if (f)
		fclose(f);
	free(path);
	return ret;
}

/*
 * The running kernel's descriptor, from its sysfs files (see
 * Documentation/ABI/testing/sysfs-kernel-module_hashes).  A kernel without
 * them does not check proofs at all: say that, not which file is missing.
 */
int load_running_root(const char *dir, struct module_hashes_root *root)
{
	char algo[16], size[16], hexroot[HEX_LEN + 1];
	char *probe = path_join(dir, "algo");
	int missing = access(probe, F_OK) && errno == ENOENT;

	free(probe);
	if (missing) {
		error_msg(dir, "this kernel has no module hashes (%s)",
			  "built without CONFIG_MODULE_HASHES");
		return -1;
	}
	if (read_attr(dir, "algo", algo, sizeof(algo)) ||
	    read_attr(dir, "tree_size", size, sizeof(size)) ||
	    read_attr(dir, "root", hexroot, sizeof(hexroot)))
		return -1;
	memset(root, 0, sizeof(*root));
	if (!strcmp(algo, "sha256")) {
		root->algo = htole32(MODULE_HASHES_ALGO_SHA256);
	} else if (strcmp(algo, "none")) {
		error_msg(dir, "unknown algo \"%s\"", algo);
		return -1;
	}
	if (root_from_args(hexroot, size, root)) {
		error_msg(dir, "malformed tree_size or root");
		return -1;
	}
	return 0;
}

/**
 * root_from_args() - a descriptor from a hex root and a decimal tree size
 * @hexroot: 64 hex digits
 * @size: the tree size, decimal; 0 is taken (a kernel without a tree
 *	says 0), check_root() refuses it where a tree is needed
 * @root: its root and tree_size are set; algo is left alone
 *
 * Return: 0, or -1 if either does not parse or the size is out of range.
 */
int root_from_args(const char *hexroot, const char *size,
		   struct module_hashes_root *root)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(size, &end, 10);
	if (errno || !size[0] || *end || size[0] == '-' || n > UINT32_MAX ||
	    !parse_hex(hexroot, root->root.b, sizeof(root->root.b)))
		return -1;
	root->tree_size = htole32(n);
	return 0;
}

static const char *algo_name(__u32 algo)
{
	switch (algo) {
	case MODULE_HASHES_ALGO_NONE:
		return "none";
	case MODULE_HASHES_ALGO_SHA256:
		return "sha256";
	}
	return "unknown";
}

/* A descriptor fit to be built into a kernel: a SHA-256 tree of modules. */
int check_root(const char *path, const struct module_hashes_root *root)
{
	__u32 algo = le32toh(root->algo);

	if (algo == MODULE_HASHES_ALGO_NONE) {
		error_msg(path, "root descriptor is the placeholder (algo 0): %s",
			  "no tree; made before the modules were hashed");
		return -1;
	}
	if (algo != MODULE_HASHES_ALGO_SHA256) {
		error_msg(path, "unknown root descriptor algo %u", algo);
		return -1;
	}
	if (!le32toh(root->tree_size)) {
		error_msg(path, "root descriptor has tree size 0");
		return -1;
	}
	return 0;
}

/* The format of "root", which the sysfs files repeat line by line. */
void print_root(const struct module_hashes_root *root)
{
	char h[HEX_LEN];

	hex(h, &root->root, sizeof(root->root));
	printf("algo: %s\ntree_size: %u\nroot: %s\n", algo_name(le32toh(root->algo)),
	       le32toh(root->tree_size), h);
}
