// SPDX-License-Identifier: GPL-2.0
/*
 * Compressing a re-proven module as it came: with the settings kbuild's
 * modules_install uses (scripts/Makefile.modinst), so that a re-proven
 * packaged tree looks like one modules_install made:
 *
 *	xz --check=crc32 --lzma2=dict=1MiB	(the kernel's xz decoder
 *						 checks CRC32 only)
 *	zstd				(level 3, the default)
 *	gzip -n				(level 6, no name, no time)
 */

#include "input.h"

#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

static int encode_xz(const u8 *p, size_t n, struct buf *out, char *err)
{
	lzma_options_lzma opt;
	lzma_filter filters[] = {
		{ .id = LZMA_FILTER_LZMA2, .options = &opt },
		{ .id = LZMA_VLI_UNKNOWN },
	};
	size_t pos = 0, bound = lzma_stream_buffer_bound(n);
	lzma_ret ret;

	if (lzma_lzma_preset(&opt, LZMA_PRESET_DEFAULT)) {
		snprintf(err, ERR_LEN, "cannot set up the xz encoder");
		return -1;
	}
	opt.dict_size = 1 << 20;
	out->p = array_room(out->p, &out->cap, bound, 1);
	ret = lzma_stream_buffer_encode(filters, LZMA_CHECK_CRC32, NULL, p, n,
					out->p, &pos, bound);
	if (ret != LZMA_OK) {
		snprintf(err, ERR_LEN, "xz compression failed (lzma error %d)", ret);
		return -1;
	}
	out->len = pos;
	return 0;
}

static int encode_zstd(const u8 *p, size_t n, struct buf *out, char *err)
{
	size_t bound = ZSTD_compressBound(n), len;

	out->p = array_room(out->p, &out->cap, bound, 1);
	len = ZSTD_compress(out->p, bound, p, n, ZSTD_CLEVEL_DEFAULT);
	if (ZSTD_isError(len)) {
		snprintf(err, ERR_LEN, "zstd compression failed: %s",
			 ZSTD_getErrorName(len));
		return -1;
	}
	out->len = len;
	return 0;
}

static int encode_gzip(const u8 *p, size_t n, struct buf *out, char *err)
{
	z_stream z = { 0 };
	int ret;

	/* 15 + 16: a gzip header, with no name and time 0, as gzip -n. */
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		snprintf(err, ERR_LEN, "cannot start the gzip encoder");
		return -1;
	}
	out->p = array_room(out->p, &out->cap, deflateBound(&z, n), 1);
	z.next_in = (u8 *)p;
	z.avail_in = n;
	z.next_out = out->p;
	z.avail_out = out->cap;
	ret = deflate(&z, Z_FINISH);
	out->len = out->cap - z.avail_out;
	deflateEnd(&z);
	if (ret != Z_STREAM_END) {
		snprintf(err, ERR_LEN, "gzip compression failed (zlib error %d)", ret);
		return -1;
	}
	return 0;
}

/**
 * comp_encode() - compress a whole module
 * @c: the format
 * @p: the module bytes
 * @n: their number
 * @out: an empty buffer, set to the compressed bytes
 * @err: ERR_LEN bytes for the reason on failure
 *
 * Return: 0, or -1 with @err set.
 */
int comp_encode(enum comp c, const u8 *p, size_t n, struct buf *out, char *err)
{
	switch (c) {
	case COMP_XZ:
		return encode_xz(p, n, out, err);
	case COMP_ZSTD:
		return encode_zstd(p, n, out, err);
	case COMP_GZIP:
		return encode_gzip(p, n, out, err);
	case COMP_NONE:
		break;
	}
	snprintf(err, ERR_LEN, "internal error: no encoder for %s", comp_name(c));
	return -1;
}
