// SPDX-License-Identifier: GPL-2.0
/*
 * Boot images: where reading the root descriptor out of an installed
 * kernel image will go (x86 bzImage, arm64 Image, possibly compressed),
 * so that "root" and "verify --vmlinux" work on /boot/vmlinuz-* without
 * the build's vmlinux.  Not implemented yet.
 *
 * What it will have to do: find the compressed payload (bzImage: the
 * setup header's payload_offset and payload_length; arm64: the Image is
 * the kernel itself, or an EFI zboot wrapper with its own payload
 * header), decompress it with the codec of input.h, and find the 40-byte
 * descriptor in the result: that is an ELF vmlinux for bzImage, but a raw
 * image for arm64, where only a marker around the section could find it.
 */

#include "roots.h"

/**
 * bootimage_find_root() - the offset of the root descriptor in a boot image
 * @path: the file, for messages
 * @fd: the file, open for reading
 * @offset: set to the descriptor's offset
 *
 * Return: 0 once implemented and found; for now always -1 without a
 * message, so the caller reports the file as neither vmlinux nor
 * descriptor.
 */
int bootimage_find_root(const char *path, int fd, off_t *offset)
{
	(void)path;
	(void)fd;
	(void)offset;
	return -1;
}
