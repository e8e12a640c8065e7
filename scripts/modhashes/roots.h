/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where a trusted root descriptor comes from: a vmlinux, a 40-byte
 * descriptor file written by "build", the running kernel's sysfs, or the
 * command line.
 */
#ifndef MODHASHES_ROOTS_H
#define MODHASHES_ROOTS_H

#include "util.h"

#include <sys/types.h>

#define SYSFS_DIR	"/sys/kernel/module_hashes"

int root_open(const char *path, off_t *offset, bool *is_elf);
int load_root(const char *path, struct module_hashes_root *root);
int load_running_root(const char *dir, struct module_hashes_root *root);
int root_from_args(const char *hexroot, const char *size,
		   struct module_hashes_root *root);
int check_root(const char *path, const struct module_hashes_root *root);
void print_root(const struct module_hashes_root *root);

int bootimage_find_root(const char *path, int fd, off_t *offset);

#endif /* MODHASHES_ROOTS_H */
