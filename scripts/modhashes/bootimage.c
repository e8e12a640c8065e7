// SPDX-License-Identifier: GPL-2.0
/*
 * Boot images: the root descriptor of an installed kernel, read from
 * /boot/vmlinuz-* without the build's vmlinux.
 *
 * A boot image has no section headers, so the descriptor is found by the
 * tag the kernel puts in front of it (struct module_hashes_section): in
 * the image's decompressed bytes the tag must occur exactly once, and the
 * 40 bytes after it are the descriptor.  Three kinds of image are read:
 *
 *  - an x86 bzImage: the setup header locates the compressed payload, an
 *    ELF vmlinux.bin, which is decompressed whole;
 *  - an arm64 Image: the kernel itself, searched as it is;
 *  - a gzip file (arm64 Image.gz): decompressed, then read as an Image.
 *
 * Anything else, or anything ambiguous, is an error: a wrong root would
 * make every module "other-build", or worse, look trusted.
 */

#include "roots.h"

#include <elf.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "input.h"

/* The x86 boot protocol (Documentation/arch/x86/boot.rst). */
#define BZ_SETUP_SECTS		0x1f1	/* u8: 512-byte setup sectors, 0 = 4 */
#define BZ_HEADER		0x202	/* "HdrS" */
#define BZ_VERSION		0x206	/* __u16: boot protocol version */
#define BZ_PAYLOAD_OFFSET	0x248	/* __u32: from the protected-mode code */
#define BZ_PAYLOAD_LENGTH	0x24c	/* __u32 */
#define BZ_HEADER_END		0x250
#define BZ_MIN_VERSION		0x208	/* the first with the payload fields */

/* The arm64 Image header (Documentation/arch/arm64/booting.rst). */
#define ARM64_MAGIC_OFFSET	56
#define ARM64_HEADER_SIZE	64

/*
 * The largest decompressed kernel believed: a stated size above this is
 * a damaged or hostile image, not a reason to allocate gigabytes.
 */
#define IMAGE_MAX_SIZE		(1024UL << 20)

static __u32 get_le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (__u32)p[3] << 24;
}

static bool has_magic(const u8 *p, size_t n, const void *magic, size_t len)
{
	return n >= len && !memcmp(p, magic, len);
}

/*
 * The compression of @p by its magic number, as the kernel writes each:
 * 0 and @name set for the formats read here, -1 and @name set for those a
 * kernel may use but this tool does not read, -1 and @name NULL otherwise.
 */
static int probe_image_comp(const u8 *p, size_t n, enum image_comp *c,
			    const char **name)
{
	static const struct {
		const char *magic;
		size_t len;
		const char *name;
		int comp;		/* enum image_comp, or -1 */
	} magics[] = {
		{ "\x1f\x8b", 2, "gzip", IMAGE_GZIP },
		{ "\xfd\x37zXZ\0", 6, "xz", IMAGE_XZ },
		{ "\x5d\0\0", 3, "lzma", IMAGE_LZMA },
		{ "\x28\xb5\x2f\xfd", 4, "zstd", IMAGE_ZSTD },
		{ "BZh", 3, "bzip2", -1 },
		{ "\x89LZO", 4, "lzo", -1 },
		{ "\x02\x21\x4c\x18", 4, "lz4", -1 },
		{ "\x04\x22\x4d\x18", 4, "lz4", -1 },
	};
	size_t i;

	*name = NULL;
	for (i = 0; i < ARRAY_SIZE(magics); i++) {
		if (!has_magic(p, n, magics[i].magic, magics[i].len))
			continue;
		*name = magics[i].name;
		if (magics[i].comp < 0)
			return -1;
		*c = magics[i].comp;
		return 0;
	}
	return -1;
}

/*
 * Decompress @what (@p, @n bytes) whole into @out.  The kernel's build
 * ends every compressed payload with its uncompressed size, 32 bits
 * little-endian (gzip's own trailer is the same number): the output is
 * allocated to that size and must fill it exactly.
 */
static int decompress(const char *path, const char *what, const u8 *p,
		      size_t n, struct buf *out)
{
	const char *name;
	enum image_comp c;
	char err[ERR_LEN];
	__u32 size;

	if (probe_image_comp(p, n, &c, &name)) {
		if (name)
			error_msg(path, "unsupported compression %s of %s (%s)",
				  name, what, "gzip, xz, lzma and zstd are read");
		else
			error_msg(path, "%s: compression not recognised (%s %02x %02x %02x %02x)",
				  what, "magic", n > 0 ? p[0] : 0, n > 1 ? p[1] : 0,
				  n > 2 ? p[2] : 0, n > 3 ? p[3] : 0);
		return -1;
	}
	size = n >= 8 ? get_le32(p + n - 4) : 0;
	if (!size || size > IMAGE_MAX_SIZE) {
		error_msg(path, "%s: implausible uncompressed size %u in its last 4 bytes",
			  what, size);
		return -1;
	}
	out->p = xmalloc(size);
	out->cap = size;
	if (image_decode(c, p, n, out, err)) {
		error_msg(path, "%s: %s", what, err);
		return -1;
	}
	if (out->len != size) {
		error_msg(path, "%s: decompresses to %zu bytes, but states %u",
			  what, out->len, size);
		return -1;
	}
	return 0;
}

/*
 * The descriptor in @what (@p, @n decompressed bytes): the 40 bytes after
 * the one occurrence of the tag.
 */
static int find_descriptor(const char *path, const char *what, const u8 *p,
			   size_t n, struct module_hashes_root *root)
{
	const u8 *tag = memmem(p, n, MODULE_HASHES_TAG, MODULE_HASHES_TAG_LEN);
	const u8 *end = p + n, *desc;

	if (!tag) {
		error_msg(path, "no module hashes tag in %s (%s)", what,
			  "a kernel without CONFIG_MODULE_HASHES, or of the older untagged layout");
		return -1;
	}
	desc = tag + MODULE_HASHES_TAG_LEN;
	if (memmem(tag + 1, end - tag - 1, MODULE_HASHES_TAG,
		   MODULE_HASHES_TAG_LEN)) {
		error_msg(path, "the module hashes tag occurs more than once in %s: %s",
			  what, "no single root descriptor");
		return -1;
	}
	if (end - desc < MODULE_HASHES_ROOT_SIZE) {
		error_msg(path, "%s ends inside the root descriptor: truncated image", what);
		return -1;
	}
	memcpy(root, desc, sizeof(*root));
	return 0;
}

/* An x86 bzImage: check the setup header, decompress the payload. */
static int read_bzimage(const char *path, const u8 *p, size_t n,
			struct module_hashes_root *root)
{
	struct buf out = { };
	__u64 pm, off, len;
	__u16 version;
	int ret;

	if (n < BZ_HEADER_END) {
		error_msg(path, "bzImage ends inside its setup header: truncated image");
		return -1;
	}
	version = p[BZ_VERSION] | p[BZ_VERSION + 1] << 8;
	if (version < BZ_MIN_VERSION) {
		error_msg(path, "bzImage boot protocol %u.%02u has no payload fields (%s)",
			  version >> 8, version & 0xff, "2.08 or later needed");
		return -1;
	}
	pm = ((__u64)(p[BZ_SETUP_SECTS] ? p[BZ_SETUP_SECTS] : 4) + 1) * 512;
	off = pm + get_le32(p + BZ_PAYLOAD_OFFSET);
	len = get_le32(p + BZ_PAYLOAD_LENGTH);
	if (off + len > n || len < 8) {
		error_msg(path, "bzImage payload (offset %llu, length %llu) %s %zu bytes: %s",
			  (unsigned long long)off, (unsigned long long)len,
			  "does not lie within the file's", n,
			  "truncated image or bad setup header");
		return -1;
	}
	ret = decompress(path, "bzImage payload", p + off, len, &out);
	if (!ret && !has_magic(out.p, out.len, ELFMAG, SELFMAG)) {
		error_msg(path, "bzImage payload is not an ELF vmlinux.bin");
		ret = -1;
	}
	if (!ret)
		ret = find_descriptor(path, "bzImage payload", out.p, out.len, root);
	buf_free(&out);
	return ret;
}

static bool is_arm64_image(const u8 *p, size_t n)
{
	return n >= ARM64_HEADER_SIZE &&
	       !memcmp(p + ARM64_MAGIC_OFFSET, "ARM\x64", 4);
}

/* A gzip file: only an arm64 Image.gz is a boot image. */
static int read_image_gz(const char *path, const u8 *p, size_t n,
			 struct module_hashes_root *root)
{
	struct buf out = { };
	int ret = decompress(path, "gzip file", p, n, &out);

	if (!ret && !is_arm64_image(out.p, out.len)) {
		error_msg(path, "gzip file does not hold an arm64 Image");
		ret = -1;
	}
	if (!ret)
		ret = find_descriptor(path, "decompressed Image", out.p, out.len, root);
	buf_free(&out);
	return ret;
}

static int read_image(const char *path, const u8 *p, size_t n,
		      struct module_hashes_root *root)
{
	if (n > BZ_HEADER + 4 && !memcmp(p + BZ_HEADER, "HdrS", 4))
		return read_bzimage(path, p, n, root);
	if (is_arm64_image(p, n))
		return find_descriptor(path, "arm64 Image", p, n, root);
	if (has_magic(p, n, "\x1f\x8b", 2))
		return read_image_gz(path, p, n, root);
	error_msg(path, "not an ELF vmlinux, a %d-byte root descriptor or a boot image (%s)",
		  MODULE_HASHES_ROOT_SIZE, "bzImage, arm64 Image, Image.gz");
	return -1;
}

/**
 * bootimage_load_root() - the root descriptor of a boot image
 * @path: the file, for messages
 * @fd: the file, open for reading; neither ELF nor a descriptor file
 * @root: set to the descriptor, as it is (a placeholder is for the caller
 *	to judge)
 *
 * Return: 0, or -1 after reporting why no single descriptor was found.
 */
int bootimage_load_root(const char *path, int fd,
			struct module_hashes_root *root)
{
	struct stat st;
	void *map;
	int ret;

	if (fstat(fd, &st)) {
		error_msg(path, "cannot stat: %s", strerror(errno));
		return -1;
	}
	if (!st.st_size) {
		error_msg(path, "empty file: not a boot image");
		return -1;
	}
	map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		error_msg(path, "cannot map: %s", strerror(errno));
		return -1;
	}
	ret = read_image(path, map, st.st_size, root);
	munmap(map, st.st_size);
	return ret;
}
