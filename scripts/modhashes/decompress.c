// SPDX-License-Identifier: GPL-2.0
/*
 * Decompressing modules as modules_install compresses them: xz (liblzma),
 * zstd (libzstd) and gzip (zlib).  Each decoder pulls raw chunks from a
 * struct source and appends what it decodes to a buffer.  A stream that
 * is cut short or corrupt is an error naming the format: a file that does
 * not decompress is no module.
 */

#include "input.h"

#include <lzma.h>
#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>
#include <zstd.h>

/* What this build of the tool reads and writes, for --version. */
const char *codec_names(void)
{
	return "xz zstd gzip";
}

static int decode_xz(struct source *src, struct buf *out)
{
	lzma_stream strm = LZMA_STREAM_INIT;
	lzma_ret ret = LZMA_OK;
	u8 *obuf = xmalloc(IO_CHUNK);
	ssize_t r = 0;

	if (lzma_stream_decoder(&strm, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) {
		snprintf(src->err, ERR_LEN, "cannot start the xz decoder");
		free(obuf);
		return -1;
	}
	while (ret != LZMA_STREAM_END) {
		lzma_action action = LZMA_RUN;

		if (!strm.avail_in) {
			r = source_next(src);
			if (r < 0)
				break;
			strm.next_in = src->in;
			strm.avail_in = r;
			if (!r)		/* end of file: let the decoder say if it was all */
				action = LZMA_FINISH;
		}
		strm.next_out = obuf;
		strm.avail_out = IO_CHUNK;
		ret = lzma_code(&strm, action);
		buf_append(out, obuf, IO_CHUNK - strm.avail_out);
		if (ret == LZMA_BUF_ERROR && action == LZMA_FINISH) {
			snprintf(src->err, ERR_LEN, "truncated xz data");
			r = -1;
			break;
		}
		if (ret != LZMA_OK && ret != LZMA_STREAM_END) {
			snprintf(src->err, ERR_LEN, "corrupt xz data (lzma error %d)", ret);
			r = -1;
			break;
		}
	}
	lzma_end(&strm);
	free(obuf);
	return r < 0 ? -1 : 0;
}

/*
 * The zstd and gzip loops read more input only when the decoder stopped
 * for lack of it, not for lack of output room: a decoder can hold output
 * back after consuming all its input.
 */
static int decode_zstd(struct source *src, struct buf *out)
{
	ZSTD_DStream *ds = ZSTD_createDStream();
	ZSTD_inBuffer ib = { src->in, 0, 0 };
	ZSTD_outBuffer ob = { xmalloc(IO_CHUNK), IO_CHUNK, 0 };
	size_t pending = 1;
	ssize_t r = 0;

	if (!ds) {
		snprintf(src->err, ERR_LEN, "cannot start the zstd decoder");
		r = -1;
	}
	while (ds) {
		if (ib.pos == ib.size && ob.pos < ob.size) {
			r = source_next(src);
			if (r <= 0)
				break;
			ib.size = r;
			ib.pos = 0;
		}
		ob.pos = 0;
		pending = ZSTD_decompressStream(ds, &ob, &ib);
		if (ZSTD_isError(pending)) {
			snprintf(src->err, ERR_LEN, "corrupt zstd data: %s",
				 ZSTD_getErrorName(pending));
			r = -1;
			break;
		}
		buf_append(out, ob.dst, ob.pos);
	}
	ZSTD_freeDStream(ds);
	free(ob.dst);
	if (r == 0 && pending) {
		snprintf(src->err, ERR_LEN, "truncated zstd data");
		r = -1;
	}
	return r < 0 ? -1 : 0;
}

static int decode_gzip(struct source *src, struct buf *out)
{
	u8 *obuf = xmalloc(IO_CHUNK);
	z_stream z = { 0 };
	bool full = false;
	int ret = Z_OK;
	ssize_t r = 0;

	if (inflateInit2(&z, 15 + 16) != Z_OK) {	/* 16: gzip header */
		snprintf(src->err, ERR_LEN, "cannot start the gzip decoder");
		free(obuf);
		return -1;
	}
	for (;;) {
		if (!z.avail_in && !full) {
			r = source_next(src);
			if (r <= 0)
				break;
			z.next_in = src->in;
			z.avail_in = r;
		}
		if (ret == Z_STREAM_END)	/* another member follows */
			inflateReset(&z);
		z.next_out = obuf;
		z.avail_out = IO_CHUNK;
		ret = inflate(&z, Z_NO_FLUSH);
		if (ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR) {
			snprintf(src->err, ERR_LEN, "corrupt gzip data");
			r = -1;
			break;
		}
		buf_append(out, obuf, IO_CHUNK - z.avail_out);
		full = ret != Z_STREAM_END && !z.avail_out;
	}
	inflateEnd(&z);
	free(obuf);
	if (r == 0 && ret != Z_STREAM_END) {
		snprintf(src->err, ERR_LEN, "truncated gzip data");
		r = -1;
	}
	return r < 0 ? -1 : 0;
}

/**
 * comp_decode() - decompress a whole file
 * @c: its format, as comp_probe() found it
 * @src: the file's raw bytes
 * @out: the decompressed bytes are appended here
 *
 * Return: 0, or -1 with src->err set.
 */
int comp_decode(enum comp c, struct source *src, struct buf *out)
{
	switch (c) {
	case COMP_XZ:
		return decode_xz(src, out);
	case COMP_ZSTD:
		return decode_zstd(src, out);
	case COMP_GZIP:
		return decode_gzip(src, out);
	case COMP_NONE:
		break;
	}
	snprintf(src->err, ERR_LEN, "internal error: no decoder for %s", comp_name(c));
	return -1;
}
