/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading module files, plain or compressed with xz, zstd or gzip, as the
 * decompressed module bytes the kernel would see: opening only regular
 * files, telling the compression by its magic number, loading a file
 * whole.  view.h reads plain modules without holding them whole.
 *
 * Decompression and compression live in decompress.c and compress.c, the
 * only parts that link liblzma, libzstd and zlib; kbuild links nocodec.c
 * instead, since the commands it runs never read compressed modules.
 */
#ifndef MODHASHES_INPUT_H
#define MODHASHES_INPUT_H

#include "util.h"

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

/* From the codec object: decompress.c and compress.c, or nocodec.c. */
const char *codec_names(void);
int comp_decode(enum comp c, struct source *src, struct buf *out);
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
