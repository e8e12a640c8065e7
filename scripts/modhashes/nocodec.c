// SPDX-License-Identifier: GPL-2.0
/*
 * The codec of the module-hashes kbuild builds: none.  Kbuild runs only
 * "build" over the modules it has just linked, "patch-vmlinux" and "root",
 * none of which meets a compressed module (kbuild hands "root" only an
 * uncompressed Image or vmlinux.bin), so that binary links neither
 * liblzma, libzstd nor zlib.  A compressed module given to it anyway is
 * refused with a reason that says which binary can read it.
 */

#include "input.h"

const char *codec_names(void)
{
	return "none";
}

int comp_decode(enum comp c, struct source *src, struct sink *out)
{
	(void)out;
	snprintf(src->err, ERR_LEN,
		 "%s-compressed: this module-hashes was built without decompression (\"make tool\" builds one with it)",
		 comp_name(c));
	return -1;
}

int comp_encode(enum comp c, const u8 *p, size_t n, struct buf *out, char *err)
{
	(void)p;
	(void)n;
	(void)out;
	snprintf(err, ERR_LEN,
		 "cannot write %s: this module-hashes was built without compression",
		 comp_name(c));
	return -1;
}

int image_decode(enum image_comp c, const u8 *in, size_t n, struct buf *out,
		 char *err)
{
	(void)c;
	(void)in;
	(void)n;
	(void)out;
	snprintf(err, ERR_LEN,
		 "compressed image: this build of module-hashes has no decompressor (\"make tool\" builds one with it)");
	return -1;
}
