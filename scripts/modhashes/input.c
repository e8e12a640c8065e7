// SPDX-License-Identifier: GPL-2.0
/*
 * Opening and loading module files: plain files are read as they are,
 * files that start with an xz, zstd or gzip magic number are decompressed
 * (module-hashes reads modules as modules_install leaves them).  Only
 * regular files are read: a FIFO or device named as a module would block
 * or never end.
 */

#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/**
 * input_open() - open a file that must be a regular file
 * @path: the file
 * @st: set to its status
 * @err: ERR_LEN bytes for the reason on failure
 *
 * O_NONBLOCK makes opening a FIFO without a writer return at once, so it
 * can be refused instead of waited on; it changes nothing for a regular
 * file.
 *
 * Return: the file descriptor, or -1 with @err set.
 */
int input_open(const char *path, struct stat *st, char *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

	if (fd < 0) {
		snprintf(err, ERR_LEN, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, st))
		snprintf(err, ERR_LEN, "cannot stat: %s", strerror(errno));
	else if (!S_ISREG(st->st_mode))
		snprintf(err, ERR_LEN, "not a regular file");
	else
		return fd;
	close(fd);
	return -1;
}

/* The next chunk of raw bytes into src->in; 0 at the end, -1 on error. */
ssize_t source_next(struct source *src)
{
	ssize_t r;

	if (src->pending) {
		r = src->pending;
		src->pending = 0;
		return r;
	}
	r = read_full(src->fd, src->in, IO_CHUNK);
	if (r < 0)
		snprintf(src->err, ERR_LEN, "read failed: %s", strerror(errno));
	return r;
}

enum comp comp_probe(const u8 *p, size_t n)
{
	static const u8 xz[] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
	static const u8 zst[] = { 0x28, 0xb5, 0x2f, 0xfd };
	static const u8 gz[] = { 0x1f, 0x8b };

	if (n >= sizeof(xz) && !memcmp(p, xz, sizeof(xz)))
		return COMP_XZ;
	if (n >= sizeof(zst) && !memcmp(p, zst, sizeof(zst)))
		return COMP_ZSTD;
	if (n >= sizeof(gz) && !memcmp(p, gz, sizeof(gz)))
		return COMP_GZIP;
	return COMP_NONE;
}

const char *comp_name(enum comp c)
{
	switch (c) {
	case COMP_XZ:
		return "xz";
	case COMP_ZSTD:
		return "zstd";
	case COMP_GZIP:
		return "gzip";
	case COMP_NONE:
		break;
	}
	return "none";
}

/*
 * The size limit.  MODULE_HASHES_TEST_SIZE_MAX may lower it, never raise
 * it, so that the test suite can check the limit with a small file.
 */
size_t module_size_max(void)
{
	const char *s = getenv("MODULE_HASHES_TEST_SIZE_MAX");
	unsigned long long v;
	char *end;

	if (!s || !*s)
		return MODULE_SIZE_MAX;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v >= MODULE_SIZE_MAX)
		return MODULE_SIZE_MAX;
	return v;
}

/* Refuse a file over the limit before reading a byte of it. */
int module_size_check(off_t size, char *err)
{
	size_t max = module_size_max();

	if ((unsigned long long)size <= max)
		return 0;
	snprintf(err, ERR_LEN, "larger than %zu bytes, the most the kernel reads (%lld bytes)",
		 max, (long long)size);
	return -1;
}

/* A sink that appends to a buffer. */
struct buf_sink {
	struct sink s;
	struct buf *b;
};

static int buf_put(struct sink *s, const u8 *p, size_t n, char *err)
{
	(void)err;
	buf_append(((struct buf_sink *)s)->b, p, n);
	return 0;
}

/* A plain file: what was read to probe it, then the rest. */
static int load_plain(struct source *src, struct buf *out, off_t size)
{
	ssize_t r;

	/* Room for the size fstat gave; a file that grows still reads whole. */
	out->p = array_room(out->p, &out->cap, (size_t)size + 1, 1);
	while ((r = source_next(src)) > 0) {
		buf_append(out, src->in, r);
		/* A file that grew past the limit since fstat(). */
		if (module_size_check(out->len, src->err))
			return -1;
	}
	return r < 0 ? -1 : 0;
}

/**
 * input_load() - read a module file whole, decompressed, at most
 *	module_size_max() bytes of it
 * @path: the file
 * @decompress: decompress xz, zstd and gzip files; else read every file
 *	as it is
 * @out: a buffer, set to the (decompressed) bytes; what it held is
 *	dropped
 * @st: set to the file's status
 * @comp: set to the compression found
 * @err: ERR_LEN bytes for the reason on failure
 *
 * Return: 0, or -1 with @err set.
 */
int input_load(const char *path, bool decompress, struct buf *out,
	       struct stat *st, enum comp *comp, char *err)
{
	struct source src = { .err = err };
	ssize_t r;
	int ret = -1;

	*comp = COMP_NONE;
	out->len = 0;
	src.fd = input_open(path, st, err);
	if (src.fd < 0)
		return -1;
	if (module_size_check(st->st_size, err)) {
		close(src.fd);
		return -1;
	}
	src.in = xmalloc(IO_CHUNK);
	r = read_full(src.fd, src.in, IO_CHUNK);
	if (r < 0) {
		snprintf(err, ERR_LEN, "read failed: %s", strerror(errno));
		goto out;
	}
	src.pending = r;
	if (decompress)
		*comp = comp_probe(src.in, r);
	if (*comp == COMP_NONE) {
		ret = load_plain(&src, out, st->st_size);
	} else {
		struct buf_sink bs = { .s.put = buf_put, .b = out };

		ret = comp_decode(*comp, &src, &bs.s);
	}
	buf_append(out, "", 0);	/* an empty file is an empty buffer */
out:
	free(src.in);
	close(src.fd);
	return ret;
}
