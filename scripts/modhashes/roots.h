/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where a trusted root descriptor comes from: a vmlinux, a boot image
 * (bootimage.c), a 40-byte descriptor file written by "build", the running kernel's sysfs, or the
 * command line.
 */
#ifndef MODHASHES_ROOTS_H
#define MODHASHES_ROOTS_H

#include "util.h"

#include <sys/types.h>

#define SYSFS_DIR	"/sys/kernel/module_hashes"

/* What root_open() found: a vmlinux, a descriptor file, maybe a boot image. */
enum root_kind { ROOT_ELF, ROOT_FILE, ROOT_IMAGE };

int root_open(const char *path, off_t *offset, enum root_kind *kind);
int load_root(const char *path, struct module_hashes_root *root);
int load_running_root(const char *dir, struct module_hashes_root *root);
int root_from_args(const char *hexroot, const char *size,
		   struct module_hashes_root *root);
int check_root(const char *path, const struct module_hashes_root *root);
void print_root(const struct module_hashes_root *root);

int bootimage_load_root(const char *path, int fd,
			struct module_hashes_root *root);

#endif /* MODHASHES_ROOTS_H */
