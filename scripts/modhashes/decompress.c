// SPDX-License-Identifier: GPL-2.0
/*
 * Decompressing modules as modules_install compresses them: xz (liblzma),
 * zstd (libzstd) and gzip (zlib).  Each decoder pulls raw chunks from a
 * struct source and hands what it decodes to a struct sink.  A stream that
 * is cut short or corrupt is an error naming the format: a file that does
 * not decompress is no module.
 */

#include "input.h"

#include <lzma.h>
#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

/* What this build of the tool reads and writes, for --version. */
const char *codec_names(void)
{
	return "xz zstd gzip";
}

/*
 * Hand @n decoded bytes on.  The count is checked first, so a stream that
 * decompresses to more than the kernel reads stops there, whatever it
 * would have grown to.
 */
static int sink_put(struct source *src, struct sink *out, const u8 *p, size_t n)
{
	size_t max = module_size_max();

	if (n > max - out->len) {
		snprintf(src->err, ERR_LEN,
			 "decompresses to more than %zu bytes, the most the kernel reads", max);
		return -1;
	}
	out->len += n;
	return n ? out->put(out, p, n, src->err) : 0;
}

/*
 * The decoder's own state, dictionary or window, is bounded as well: a
 * header may ask for up to 1.5 GiB (xz) or 2 GiB (zstd), per worker.
 * Beyond DECODER_MEM_MAX, liblzma needs some more for itself.
 */
#define XZ_MEMLIMIT	(DECODER_MEM_MAX + ((size_t)1 << 20))
#define ZSTD_WINDOW_LOG	__builtin_ctzl(DECODER_MEM_MAX)

static int decode_xz(struct source *src, struct sink *out)
{
	lzma_stream strm = LZMA_STREAM_INIT;
	lzma_ret ret = LZMA_OK;
	u8 *obuf = xmalloc(IO_CHUNK);
	ssize_t r = 0;

	if (lzma_stream_decoder(&strm, XZ_MEMLIMIT, LZMA_CONCATENATED) != LZMA_OK) {
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
		if (sink_put(src, out, obuf, IO_CHUNK - strm.avail_out)) {
			r = -1;
			break;
		}
		if (ret == LZMA_MEMLIMIT_ERROR) {
			snprintf(src->err, ERR_LEN, "xz data needs more than %zu MiB to decompress",
				 DECODER_MEM_MAX >> 20);
			r = -1;
			break;
		}
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
 * back after consuming all its input.  A zstd frame that ended exactly as
 * the output buffer filled holds nothing back (pending is 0): the next
 * call would only ask for the next frame, so input is read then too.
 */
/* A zstd decoding error, in words that say which limit it was. */
static void zstd_error(struct source *src, size_t code)
{
	if (ZSTD_getErrorCode(code) == ZSTD_error_frameParameter_windowTooLarge)
		snprintf(src->err, ERR_LEN, "zstd data needs more than %zu MiB to decompress",
			 DECODER_MEM_MAX >> 20);
	else
		snprintf(src->err, ERR_LEN, "corrupt zstd data: %s", ZSTD_getErrorName(code));
}

static int decode_zstd(struct source *src, struct sink *out)
{
	ZSTD_DStream *ds = ZSTD_createDStream();
	ZSTD_inBuffer ib = { src->in, 0, 0 };
	ZSTD_outBuffer ob = { xmalloc(IO_CHUNK), IO_CHUNK, 0 };
	size_t pending = 1;
	ssize_t r = 0;

	if (!ds || ZSTD_isError(ZSTD_DCtx_setParameter(ds, ZSTD_d_windowLogMax,
							  ZSTD_WINDOW_LOG))) {
		snprintf(src->err, ERR_LEN, "cannot start the zstd decoder");
		ZSTD_freeDStream(ds);
		ds = NULL;
		r = -1;
	}
	while (ds) {
		if (ib.pos == ib.size && (ob.pos < ob.size || !pending)) {
			r = source_next(src);
			if (r <= 0)
				break;
			ib.size = r;
			ib.pos = 0;
		}
		ob.pos = 0;
		pending = ZSTD_decompressStream(ds, &ob, &ib);
		if (ZSTD_isError(pending)) {
			zstd_error(src, pending);
			r = -1;
			break;
		}
		if (sink_put(src, out, ob.dst, ob.pos)) {
			r = -1;
			break;
		}
	}
	ZSTD_freeDStream(ds);
	free(ob.dst);
	if (r == 0 && pending) {
		snprintf(src->err, ERR_LEN, "truncated zstd data");
		r = -1;
	}
	return r < 0 ? -1 : 0;
}

static int decode_gzip(struct source *src, struct sink *out)
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
		if (sink_put(src, out, obuf, IO_CHUNK - z.avail_out)) {
			r = -1;
			break;
		}
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
 * @out: the decompressed bytes are handed here, at most module_size_max()
 *	of them in all
 *
 * Return: 0, or -1 with src->err set.
 */
int comp_decode(enum comp c, struct source *src, struct sink *out)
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

/*
 * Boot images.  The kernel's payload is one compressed stream followed by
 * its uncompressed size (bzImage) or nothing more (Image.gz), so each
 * decoder below stops at the end of the first stream and ignores what
 * follows.  The caller sizes the output from that stated size; a stream
 * that would write past it is refused rather than grown into.
 */
static int image_xz(bool alone, const u8 *in, size_t n, struct buf *out,
		    char *err)
{
	lzma_stream strm = LZMA_STREAM_INIT;
	const char *name = alone ? "lzma" : "xz";
	lzma_ret ret;

	ret = alone ? lzma_alone_decoder(&strm, UINT64_MAX) :
		      lzma_stream_decoder(&strm, UINT64_MAX, 0);
	if (ret != LZMA_OK) {
		snprintf(err, ERR_LEN, "cannot start the %s decoder", name);
		return -1;
	}
	strm.next_in = in;
	strm.avail_in = n;
	strm.next_out = out->p;
	strm.avail_out = out->cap;
	ret = lzma_code(&strm, LZMA_FINISH);
	out->len = out->cap - strm.avail_out;
	lzma_end(&strm);
	if (ret == LZMA_STREAM_END)
		return 0;
	/* Not at the end with all input used (OK, or BUF_ERROR once stuck). */
	if ((ret == LZMA_OK || ret == LZMA_BUF_ERROR) && !strm.avail_out)
		snprintf(err, ERR_LEN, "%s data larger than stated", name);
	else if (ret == LZMA_OK || ret == LZMA_BUF_ERROR)
		snprintf(err, ERR_LEN, "truncated %s data", name);
	else
		snprintf(err, ERR_LEN, "corrupt %s data (lzma error %d)", name, ret);
	return -1;
}

static int image_zstd(const u8 *in, size_t n, struct buf *out, char *err)
{
	/* One frame: what follows it is the appended size, not a frame. */
	size_t frame = ZSTD_findFrameCompressedSize(in, n);
	size_t r;

	if (ZSTD_isError(frame)) {
		snprintf(err, ERR_LEN, "corrupt or truncated zstd data: %s",
			 ZSTD_getErrorName(frame));
		return -1;
	}
	r = ZSTD_decompress(out->p, out->cap, in, frame);
	if (ZSTD_isError(r)) {
		snprintf(err, ERR_LEN, "corrupt zstd data: %s", ZSTD_getErrorName(r));
		return -1;
	}
	out->len = r;
	return 0;
}

static int image_gzip(const u8 *in, size_t n, struct buf *out, char *err)
{
	z_stream z = { 0 };
	int ret;

	if (inflateInit2(&z, 15 + 16) != Z_OK) {	/* 16: gzip header */
		snprintf(err, ERR_LEN, "cannot start the gzip decoder");
		return -1;
	}
	/* zlib counts in uInt: a payload of 4 GiB or more is no kernel. */
	if (n > UINT32_MAX || out->cap > UINT32_MAX) {
		inflateEnd(&z);
		snprintf(err, ERR_LEN, "gzip data too large");
		return -1;
	}
	z.next_in = (u8 *)in;
	z.avail_in = n;
	z.next_out = out->p;
	z.avail_out = out->cap;
	ret = inflate(&z, Z_FINISH);
	out->len = out->cap - z.avail_out;
	inflateEnd(&z);
	if (ret == Z_STREAM_END)
		return 0;
	if (ret == Z_BUF_ERROR && !z.avail_out)
		snprintf(err, ERR_LEN, "gzip data larger than stated");
	else if (ret == Z_BUF_ERROR)
		snprintf(err, ERR_LEN, "truncated gzip data");
	else
		snprintf(err, ERR_LEN, "corrupt gzip data");
	return -1;
}

/**
 * image_decode() - decompress a boot image's payload in one go
 * @c: its format
 * @in: the compressed bytes, possibly followed by others
 * @n: their length
 * @out: @out->p holds @out->cap bytes; @out->len is set to those written
 * @err: ERR_LEN bytes for the reason on failure
 *
 * Return: 0 once one whole stream is decoded, or -1 with @err set.
 */
int image_decode(enum image_comp c, const u8 *in, size_t n, struct buf *out,
		 char *err)
{
	out->len = 0;
	switch (c) {
	case IMAGE_GZIP:
		return image_gzip(in, n, out, err);
	case IMAGE_XZ:
		return image_xz(false, in, n, out, err);
	case IMAGE_LZMA:
		return image_xz(true, in, n, out, err);
	case IMAGE_ZSTD:
		return image_zstd(in, n, out, err);
	}
	snprintf(err, ERR_LEN, "internal error: no image decoder");
	return -1;
}
