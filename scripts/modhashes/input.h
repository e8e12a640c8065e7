/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading module files, plain or compressed with xz, zstd or gzip, as the
 * decompressed module bytes the kernel would see: opening only regular
 * files, telling the compression by its magic number, loading a file
 * whole.  view.h reads modules without holding them whole.
 *
 * Decompression and compression live in decompress.c and compress.c, the
 * only parts that link liblzma, libzstd and zlib; kbuild links nocodec.c
 * instead, since the commands it runs never read compressed modules.
 */
#ifndef MODHASHES_INPUT_H
#define MODHASHES_INPUT_H

#include "util.h"

#include <limits.h>
#include <sys/stat.h>

#define IO_CHUNK	(128 * 1024)

enum comp { COMP_NONE, COMP_XZ, COMP_ZSTD, COMP_GZIP };

/**
 * struct source - the raw bytes of an open file, read chunk by chunk
 * @fd: the file
 * @in: IO_CHUNK bytes for one chunk
 * @pending: bytes of @in read ahead (to probe the format), not yet consumed
 * @err: ERR_LEN bytes for the reason of a failure
 */
struct source {
	int fd;
	u8 *in;
	size_t pending;
	char *err;
};

ssize_t source_next(struct source *src);

/**
 * struct sink - where a decoder hands the bytes it decodes, in order
 * @put: takes the next @n bytes; returns 0, or -1 with @err set to stop
 * @len: bytes handed on so far, counted by the decoder
 *
 * A module is streamed through its sink rather than held whole, so what
 * reading it costs does not grow with what it decompresses to.
 */
struct sink {
	int (*put)(struct sink *s, const u8 *p, size_t n, char *err);
	size_t len;
};

/*
 * The largest module the kernel reads: kernel_read_file() refuses a file
 * over INT_MAX bytes, and the kernel's decompressor stops at that size
 * too.  A larger module, compressed or not, is refused before it is read.
 */
#define MODULE_SIZE_MAX	((size_t)INT_MAX)

size_t module_size_max(void);
int module_size_check(off_t size, char *err);

/*
 * The most memory one decoder may take: an xz dictionary or zstd window
 * of 64 MiB, as xz -9 and zstd --ultra up to level 21 use; modules_install
 * uses 1 MiB.  Each worker thread runs one decoder at a time.
 */
#define DECODER_MEM_MAX	((size_t)64 << 20)

/* From the codec object: decompress.c and compress.c, or nocodec.c. */
const char *codec_names(void);
int comp_decode(enum comp c, struct source *src, struct sink *out);
int comp_encode(enum comp c, const u8 *p, size_t n, struct buf *out, char *err);

/*
 * Boot images (bootimage.c) are decompressed whole, in memory, in one of
 * the formats a kernel image may use.
 */
enum image_comp { IMAGE_GZIP, IMAGE_XZ, IMAGE_LZMA, IMAGE_ZSTD };

int image_decode(enum image_comp c, const u8 *in, size_t n, struct buf *out,
		 char *err);

enum comp comp_probe(const u8 *p, size_t n);
const char *comp_name(enum comp c);

int input_open(const char *path, struct stat *st, char *err);
int input_load(const char *path, bool decompress, struct buf *out,
	       struct stat *st, enum comp *comp, char *err);

#endif /* MODHASHES_INPUT_H */
