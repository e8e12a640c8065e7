// SPDX-License-Identifier: GPL-2.0
/*
 * Module views.  Where a module's leaf data ends is written at its very
 * end, so the tail is read first, with pread(), and then the leaf data
 * streamed through SHA-256 once.  A compressed module has to be
 * decompressed whole anyway; it is held in the worker's buffer.
 */

#include "view.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hash.h"

/*
 * The buffer a worker thread reads modules into, one after the other.  It
 * is kept at the size of the largest use so far, rather than allocated
 * and freed per module: fresh pages for every module would cost a page
 * fault each.
 */
static struct buf *worker_buf(size_t room)
{
	static __thread struct buf b;

	b.p = array_room(b.p, &b.cap, room, 1);
	b.len = 0;
	return &b;
}

static void view_decompress(struct module_view *v, char *err)
{
	struct source src = { .fd = v->fd, .err = err };
	struct buf *out = worker_buf(IO_CHUNK);

	src.in = xmalloc(IO_CHUNK);
	if (comp_decode(v->comp, &src, out))
		v->size = (size_t)-1;
	else
		v->size = out->len;
	free(src.in);
	v->data = out->p;
}

/* Head and tail of a decompressed module, from memory. */
static void view_ends_of_data(struct module_view *v)
{
	v->head_len = v->size < VIEW_HEAD ? v->size : VIEW_HEAD;
	memcpy(v->head, v->data, v->head_len);
	v->tail_len = v->size < VIEW_TAIL ? v->size : VIEW_TAIL;
	memcpy(v->tail, v->data + v->size - v->tail_len, v->tail_len);
}

/**
 * view_open() - open a module file and read its ends
 * @v: the view
 * @path: the file, plain or compressed with xz, zstd or gzip
 * @err: ERR_LEN bytes for the reason on failure
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
	r = pread(v->fd, v->head, VIEW_HEAD, 0);
	if (r < 0)
		goto fail;
	v->head_len = r;
	v->comp = comp_probe(v->head, r);
	if (v->comp != COMP_NONE) {
		view_decompress(v, err);
		close(v->fd);
		v->fd = -1;
		if (v->size == (size_t)-1)
			return -1;
		view_ends_of_data(v);
		return 0;
	}
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

	if (v->data) {
		if (leaf_hash(v->data, len, digest, leaf))
			return 0;
		snprintf(err, ERR_LEN, "SHA-256 failed");
		return -1;
	}
	h = leaf_start();
	if (!h) {
		snprintf(err, ERR_LEN, "cannot start SHA-256");
		return -1;
	}
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
}
