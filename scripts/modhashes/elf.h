/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ELF: is a file a module, and where is vmlinux's descriptor section.
 * elf.c is the only part that links libelf.
 */
#ifndef MODHASHES_ELF_H
#define MODHASHES_ELF_H

#include "util.h"

#include <sys/types.h>

#define SECTION_NAME	".module_hashes"

const char *elf_module_problem(const u8 *h, size_t n);
int elf_find_section(const char *path, int fd, off_t *offset);

#endif /* MODHASHES_ELF_H */
