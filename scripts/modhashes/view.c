// SPDX-License-Identifier: GPL-2.0
/*
 * Module views.  Where a module's leaf data ends is written at its very
 * end, so a plain file's tail is read first, with pread(), and then the
 * module bytes streamed through SHA-256 once.
 *
 * A compressed module has to be decompressed to its end to find its tail.
 * It is streamed, never held whole: while it is decompressed, every byte
 * but the last VIEW_TAIL goes through SHA-256 at once, and those are held
 * back.  A proof trailer lies within them, so the digest is then
 * finished from the tail.  Leaf data that ends earlier (a PKCS#7
 * signature longer than the tail, dropped by build --replace-signature)
 * is hashed by decompressing the file again.
 */

#include "view.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * The buffer a worker thread reads plain modules through, kept rather
 * than allocated per module: fresh pages for every module would cost a
 * page fault each.
 */
static struct buf *worker_buf(size_t room)
{
	static __thread struct buf b;

	b.p = array_room(b.p, &b.cap, room, 1);
	b.len = 0;
	return &b;
}

/* Decompressing a view: head, hash of all but the tail, tail. */
struct view_sink {
	struct sink s;
	struct module_view *v;
};

static int hash_more(struct module_view *v, const u8 *p, size_t n, char *err)
{
	if (leaf_update(v->hasher, p, n)) {
		v->hashed += n;
		return 0;
	}
	snprintf(err, ERR_LEN, "SHA-256 failed");
	return -1;
}

static int view_put(struct sink *s, const u8 *p, size_t n, char *err)
{
	struct module_view *v = ((struct view_sink *)s)->v;
	size_t out;

	if (v->head_len < VIEW_HEAD) {
		size_t k = VIEW_HEAD - v->head_len < n ? VIEW_HEAD - v->head_len : n;

		memcpy(v->head + v->head_len, p, k);
		v->head_len += k;
	}
	/* Whatever no longer fits in the tail is hashed, oldest first. */
	if (n >= VIEW_TAIL) {
		if (hash_more(v, v->tail, v->tail_len, err) ||
		    hash_more(v, p, n - VIEW_TAIL, err))
			return -1;
		memcpy(v->tail, p + n - VIEW_TAIL, VIEW_TAIL);
		v->tail_len = VIEW_TAIL;
		return 0;
	}
	out = v->tail_len + n > VIEW_TAIL ? v->tail_len + n - VIEW_TAIL : 0;
	if (out) {
		if (hash_more(v, v->tail, out, err))
			return -1;
		memmove(v->tail, v->tail + out, v->tail_len - out);
		v->tail_len -= out;
	}
	memcpy(v->tail + v->tail_len, p, n);
	v->tail_len += n;
	return 0;
}

/* Decompress @v's file from its start into @s. */
static int decode_from_start(struct module_view *v, struct sink *s, char *err)
{
	struct source src = { .fd = v->fd, .err = err };
	int ret;

	if (lseek(v->fd, 0, SEEK_SET)) {
		snprintf(err, ERR_LEN, "cannot seek: %s", strerror(errno));
		return -1;
	}
	src.in = xmalloc(IO_CHUNK);
	ret = comp_decode(v->comp, &src, s);
	free(src.in);
	return ret;
}

static int view_decompress(struct module_view *v, char *err)
{
	struct view_sink vs = { .s.put = view_put, .v = v };

	v->head_len = 0;
	v->hasher = leaf_start();
	if (!v->hasher) {
		snprintf(err, ERR_LEN, "cannot start SHA-256");
		return -1;
	}
	if (decode_from_start(v, &vs.s, err))
		return -1;
	v->size = vs.s.len;
	return 0;
}

/**
 * view_open() - open a module file and read its ends
 * @v: the view
 * @path: the file, plain or compressed with xz, zstd or gzip
 * @err: ERR_LEN bytes for the reason on failure
 *
 * A file larger than the kernel reads is refused before it is read, and
 * a compressed one as soon as it decompresses to more.
 *
 * Return: 0, or -1 with @err set; view_close() is due either way.
 */
int view_open(struct module_view *v, const char *path, char *err)
{
	ssize_t r;

	memset(v, 0, sizeof(*v));
	v->fd = input_open(path, &v->st, err);
	if (v->fd < 0)
		return -1;
	if (module_size_check(v->st.st_size, err))
		return -1;
	r = pread(v->fd, v->head, VIEW_HEAD, 0);
	if (r < 0)
		goto fail;
	v->head_len = r;
	v->comp = comp_probe(v->head, r);
	if (v->comp != COMP_NONE)
		return view_decompress(v, err);
	v->size = v->st.st_size;
	v->tail_len = v->size < VIEW_TAIL ? v->size : VIEW_TAIL;
	r = pread(v->fd, v->tail, v->tail_len, v->size - v->tail_len);
	if (r == (ssize_t)v->tail_len)
		return 0;
fail:
	snprintf(err, ERR_LEN, "read failed: %s", r < 0 ? strerror(errno) : "file shrank");
	return -1;
}

/* Stream the first @len bytes of a plain file into @h. */
static int hash_file(struct module_view *v, size_t len, struct leaf_hasher *h,
		     char *err)
{
	struct buf *chunk = worker_buf(IO_CHUNK);
	size_t done = 0;

	while (done < len) {
		size_t want = len - done < IO_CHUNK ? len - done : IO_CHUNK;
		ssize_t r = pread(v->fd, chunk->p, want, done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			snprintf(err, ERR_LEN, "read failed: %s",
				 r ? strerror(errno) : "file shrank");
			return -1;
		}
		if (!leaf_update(h, chunk->p, r)) {
			snprintf(err, ERR_LEN, "SHA-256 failed");
			return -1;
		}
		done += r;
	}
	return 0;
}

/* Decompressing again: the digest of the first bytes only. */
struct prefix_sink {
	struct sink s;
	struct leaf_hasher *h;
	size_t len;
};

static int prefix_put(struct sink *s, const u8 *p, size_t n, char *err)
{
	struct prefix_sink *ps = (struct prefix_sink *)s;
	size_t before = s->len - n;	/* the decoder counted these n already */

	if (before >= ps->len)
		return 0;
	if (n > ps->len - before)
		n = ps->len - before;
	if (leaf_update(ps->h, p, n))
		return 0;
	snprintf(err, ERR_LEN, "SHA-256 failed");
	return -1;
}

/* Hash the first @len bytes of a compressed file, decompressing it again. */
static int hash_again(struct module_view *v, size_t len, struct leaf_hasher *h,
		      char *err)
{
	struct prefix_sink ps = { .s.put = prefix_put, .h = h, .len = len };

	if (decode_from_start(v, &ps.s, err))
		return -1;
	if (ps.s.len == v->size)
		return 0;
	snprintf(err, ERR_LEN, "changed while being processed");
	return -1;
}

/* The digest of a compressed file's first @len bytes. */
static int hash_compressed(struct module_view *v, size_t len, struct leaf_hasher *h,
			   char *err)
{
	if (len < v->hashed)
		return hash_again(v, len, h, err);
	if (leaf_update(h, v->tail, len - v->hashed))
		return 0;
	snprintf(err, ERR_LEN, "SHA-256 failed");
	return -1;
}

/**
 * view_hash() - the digest and leaf of a module's first @len bytes
 * @v: an open view
 * @len: how many bytes are module bytes, at most v->size
 * @digest: their SHA-256, or NULL
 * @leaf: the leaf made of it
 * @err: ERR_LEN bytes for the reason on failure
 *
 * Return: 0, or -1 with @err set.
 */
int view_hash(struct module_view *v, size_t len, struct module_hash *digest,
	      struct module_hash *leaf, char *err)
{
	struct leaf_hasher *h;
	int ret;

	/* A compressed file's hash was started while it was decompressed. */
	if (v->comp != COMP_NONE && len >= v->hashed) {
		h = v->hasher;
		v->hasher = NULL;
	} else {
		h = leaf_start();
	}
	if (!h) {
		snprintf(err, ERR_LEN, "cannot start SHA-256");
		return -1;
	}
	if (v->comp != COMP_NONE)
		ret = hash_compressed(v, len, h, err);
	else
		ret = hash_file(v, len, h, err);
	if (!ret && !leaf_finish(h, digest, leaf)) {
		snprintf(err, ERR_LEN, "SHA-256 failed");
		ret = -1;
	}
	leaf_free(h);
	return ret;
}

void view_close(struct module_view *v)
{
	if (v->fd >= 0)
		close(v->fd);
	v->fd = -1;
	leaf_free(v->hasher);
	v->hasher = NULL;
}
