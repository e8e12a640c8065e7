// SPDX-License-Identifier: GPL-2.0
/*
 * Staged outputs, written to temporary files and renamed into place all
 * together.  Errors are returned as a reason, so that worker threads can
 * report them in a stable order.
 */

#include "stage.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COPY_CHUNK	(128 * 1024)

void stage_init(struct stage *st, size_t slots)
{
	st->tmp = xcalloc(slots, sizeof(*st->tmp));
	st->dest = xcalloc(slots, sizeof(*st->dest));
	st->n = slots;
}

/*
 * Copy the first @o->copy_len bytes of @o->copy_from to @out, refusing a
 * file whose size changed since it was hashed.  Reasons do not repeat the
 * file: the caller reports them against it.
 */
static int copy_prefix(int out, const struct stage_out *o, char *err)
{
	u8 *buf = xmalloc(COPY_CHUNK);
	off_t left = o->copy_len;
	struct stat sb;
	ssize_t r = 0;
	int in = open(o->copy_from, O_RDONLY | O_CLOEXEC);

	if (in < 0) {
		snprintf(err, ERR_LEN, "cannot reopen: %s", strerror(errno));
		free(buf);
		return -1;
	}
	if (fstat(in, &sb) || sb.st_size != o->copy_size) {
		snprintf(err, ERR_LEN, "changed while being processed");
		left = -1;
	}
	while (left > 0) {
		r = read_full(in, buf, left < COPY_CHUNK ? left : COPY_CHUNK);
		if (r <= 0) {
			snprintf(err, ERR_LEN, "read failed: %s",
				 r ? strerror(errno) : "file shrank");
			break;
		}
		if (write_all(out, buf, r)) {
			snprintf(err, ERR_LEN, "cannot write: %s", strerror(errno));
			break;
		}
		left -= r;
	}
	free(buf);
	close(in);
	return left ? -1 : 0;
}

/**
 * stage_write() - write one output to a temporary file beside its dest
 * @st: the stage
 * @slot: this output's slot, not used by another
 * @o: what to write
 * @err: ERR_LEN bytes for the reason on failure
 *
 * Return: 0, or -1 with @err set; the slot is filled either way, so
 * stage_abort() removes what was left.
 */
int stage_write(struct stage *st, size_t slot, const struct stage_out *o, char *err)
{
	char *tmp = xasprintf("%s.tmpXXXXXX", o->dest);
	int fd, ret = 0;

	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, ERR_LEN, "cannot create a temporary file: %s", strerror(errno));
		free(tmp);
		return -1;
	}
	st->tmp[slot] = tmp;
	st->dest[slot] = xstrdup(o->dest);

	if (o->copy_from && copy_prefix(fd, o, err)) {
		ret = -1;
	} else if (write_all(fd, o->data, o->len) || fchmod(fd, o->mode)) {
		snprintf(err, ERR_LEN, "cannot write: %s", strerror(errno));
		ret = -1;
	}
	if (close(fd) && !ret) {
		snprintf(err, ERR_LEN, "cannot write: %s", strerror(errno));
		ret = -1;
	}
	return ret;
}

static void stage_free(struct stage *st)
{
	size_t i;

	for (i = 0; i < st->n; i++) {
		free(st->tmp[i]);
		free(st->dest[i]);
	}
	free(st->tmp);
	free(st->dest);
	memset(st, 0, sizeof(*st));
}

/* Remove every temporary file: nothing of the run is left. */
void stage_abort(struct stage *st)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		if (st->tmp[i])
			unlink(st->tmp[i]);
	stage_free(st);
}

/* Rename every output into place; on a failure remove what is left. */
int stage_commit(struct stage *st)
{
	size_t i;

	for (i = 0; i < st->n; i++) {
		if (!st->tmp[i])
			continue;
		if (rename(st->tmp[i], st->dest[i])) {
			error_msg(st->dest[i], "cannot rename into place: %s",
				  strerror(errno));
			for (; i < st->n; i++)
				if (st->tmp[i])
					unlink(st->tmp[i]);
			stage_free(st);
			return -1;
		}
	}
	stage_free(st);
	return 0;
}

/* Make the directories leading to @path. */
int mkdir_parents(const char *path, char *err)
{
	char *p = xstrdup(path), *s;
	int ret = 0;

	for (s = strchr(p + 1, '/'); s && !ret; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0755) && errno != EEXIST) {
			snprintf(err, ERR_LEN, "cannot create directory %s: %s", p,
				 strerror(errno));
			ret = -1;
		}
		*s = '/';
	}
	free(p);
	return ret;
}
