// SPDX-License-Identifier: GPL-2.0
/*
 * ELF for module-hashes.  A module is checked by its header alone (it
 * comes from memory, possibly decompressed); vmlinux is searched with
 * libelf for the section the root descriptor is patched into.
 */

#include "elf.h"

#include <elf.h>
#include <gelf.h>
#include <libelf.h>
#include <string.h>
#include <unistd.h>

/**
 * elf_module_problem() - why a file is not a kernel module
 * @h: the start of the file
 * @n: its length (at least as much of it as an ELF header)
 *
 * Modules are relocatable objects (ET_REL); anything else would be
 * refused by the kernel before a proof is looked at.
 *
 * Return: NULL for a module's ELF header, else the reason.
 */
const char *elf_module_problem(const u8 *h, size_t n)
{
	unsigned int type;
	size_t need;

	if (n < EI_NIDENT || memcmp(h, ELFMAG, SELFMAG))
		return "not an ELF file";
	if (h[EI_CLASS] == ELFCLASS64)
		need = sizeof(Elf64_Ehdr);
	else if (h[EI_CLASS] == ELFCLASS32)
		need = sizeof(Elf32_Ehdr);
	else
		return "unknown ELF class";
	if (n < need)
		return "truncated ELF header";
	/* e_type is at the same offset in both classes. */
	if (h[EI_DATA] == ELFDATA2LSB)
		type = h[16] | h[17] << 8;
	else if (h[EI_DATA] == ELFDATA2MSB)
		type = h[16] << 8 | h[17];
	else
		return "unknown ELF data encoding";
	if (type != ET_REL)
		return "not a relocatable ELF object (modules are ET_REL)";
	return NULL;
}

static Elf_Scn *find_scn(Elf *elf, size_t shstrndx, GElf_Shdr *shdr)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn))) {
		const char *name;

		if (!gelf_getshdr(scn, shdr))
			continue;
		name = elf_strptr(elf, shstrndx, shdr->sh_name);
		if (name && !strcmp(name, SECTION_NAME))
			return scn;
	}
	return NULL;
}

/* Does the section at @off start with the tag?  Reported if not. */
static int check_tag(const char *path, int fd, off_t off)
{
	char tag[MODULE_HASHES_TAG_LEN];

	if (pread(fd, tag, sizeof(tag), off) != sizeof(tag)) {
		error_msg(path, "cannot read section %s", SECTION_NAME);
		return -1;
	}
	if (memcmp(tag, MODULE_HASHES_TAG, MODULE_HASHES_TAG_LEN)) {
		error_msg(path, "section %s does not start with the tag (tag missing)",
			  SECTION_NAME);
		return -1;
	}
	return 0;
}

/**
 * elf_find_section() - the file offset of vmlinux's root descriptor
 * @path: the file, for messages
 * @fd: the file, open for reading
 * @offset: set to the offset of the 40-byte descriptor, which follows the
 *	tag in the 56-byte section
 *
 * Return: 0, or -1 after reporting why the file has no usable section.
 */
int elf_find_section(const char *path, int fd, off_t *offset)
{
	GElf_Shdr shdr;
	size_t shstrndx;
	Elf *elf;
	int ret = -1;

	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		error_msg(path, "not an ELF file");
		goto out;
	}
	if (elf_getshdrstrndx(elf, &shstrndx)) {
		error_msg(path, "bad ELF section headers: %s", elf_errmsg(-1));
		goto out;
	}
	if (!find_scn(elf, shstrndx, &shdr)) {
		error_msg(path, "no %s section (kernel built without CONFIG_MODULE_HASHES?)",
			  SECTION_NAME);
	} else if (shdr.sh_type == SHT_NOBITS) {
		error_msg(path, "section %s has no file contents", SECTION_NAME);
	} else if (shdr.sh_size != MODULE_HASHES_SECTION_SIZE) {
		error_msg(path, "section %s is %llu bytes, expected %d (tag and descriptor)",
			  SECTION_NAME, (unsigned long long)shdr.sh_size,
			  MODULE_HASHES_SECTION_SIZE);
	} else if (!check_tag(path, fd, shdr.sh_offset)) {
		*offset = shdr.sh_offset + MODULE_HASHES_TAG_LEN;
		ret = 0;
	}
out:
	elf_end(elf);
	return ret;
}
