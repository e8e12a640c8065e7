// SPDX-License-Identifier: GPL-2.0
/*
 * Staged outputs, written to temporary files and renamed into place all
 * together.  Errors are returned as a reason, so that worker threads can
 * report them in a stable order.
 *
 * A signal that ends the run must not leave temporary files behind: the
 * stage being written is registered, and a handler removes the temporary
 * file of every slot, then ends the process by the same signal.  It only
 * calls unlink(), sigaction() and raise(), and only reads what its slot's
 * state says is complete.
 *
 * A slot is CREATING while its file is made, with the signals blocked in
 * that thread, so a handler on another thread waits that moment out
 * rather than miss the file.  The handler sets "dying" before it looks at
 * the slots, and a thread that is to create a file marks its slot before
 * it looks at "dying": with sequentially consistent atomics, either the
 * handler sees the slot or the thread sees "dying" and creates nothing.
 *
 * Committing runs with the signals blocked: the renames are all done or,
 * on a signal before them, none, never half.
 */

#include "stage.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COPY_CHUNK	(128 * 1024)

enum { SLOT_EMPTY, SLOT_CREATING, SLOT_LIVE };

static struct stage *_Atomic registered;
static atomic_int dying;
static const int stage_signals[] = { SIGHUP, SIGINT, SIGTERM };

static void on_signal(int sig)
{
	struct stage *st = atomic_load(&registered);
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	size_t i;

	atomic_store(&dying, 1);
	for (i = 0; st && i < st->n; i++) {
		while (atomic_load(&st->state[i]) == SLOT_CREATING)
			;	/* another thread, within mkostemp() */
		if (atomic_load(&st->state[i]) == SLOT_LIVE)
			unlink(st->tmp[i]);
	}
	/* Blocked while this runs: delivered, by default, on return. */
	sigaction(sig, &dfl, NULL);
	raise(sig);
}

static void signal_set(sigset_t *set)
{
	size_t i;

	sigemptyset(set);
	for (i = 0; i < ARRAY_SIZE(stage_signals); i++)
		sigaddset(set, stage_signals[i]);
}

static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal }, old;
	size_t i;

	signal_set(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(stage_signals); i++) {
		/* One ignored when we started (nohup, a background job) stays so. */
		if (!sigaction(stage_signals[i], NULL, &old) && old.sa_handler != SIG_IGN)
			sigaction(stage_signals[i], &sa, NULL);
	}
}

static void block_signals(sigset_t *old)
{
	sigset_t set;

	signal_set(&set);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

static void restore_signals(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

/* Called before any worker thread starts; one stage at a time. */
void stage_init(struct stage *st, size_t slots)
{
	size_t i;

	st->tmp = xcalloc(slots, sizeof(*st->tmp));
	st->dest = xcalloc(slots, sizeof(*st->dest));
	st->state = xcalloc(slots, sizeof(*st->state));
	for (i = 0; i < slots; i++)
		atomic_init(&st->state[i], SLOT_EMPTY);
	st->n = slots;
	catch_signals();
	atomic_store(&registered, st);
}

/*
 * Make slot @slot's temporary file, beside @dest, where the signal handler
 * will find it.  Return: its descriptor, or -1 with @err set.
 */
static int create_temp(struct stage *st, size_t slot, const char *dest, char *err)
{
	char *tmp = xasprintf("%s.tmpXXXXXX", dest);
	int fd = -1, e = EINTR;
	sigset_t old;

	block_signals(&old);
	atomic_store(&st->state[slot], SLOT_CREATING);
	if (!atomic_load(&dying)) {
		fd = mkostemp(tmp, O_CLOEXEC);
		e = errno;
	}
	if (fd >= 0)
		st->tmp[slot] = tmp;
	atomic_store(&st->state[slot], fd >= 0 ? SLOT_LIVE : SLOT_EMPTY);
	restore_signals(&old);
	if (fd < 0) {
		snprintf(err, ERR_LEN, "cannot create a temporary file: %s", strerror(e));
		free(tmp);
	}
	return fd;
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
	int fd, ret = 0;

	fd = create_temp(st, slot, o->dest, err);
	if (fd < 0)
		return -1;
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

/* With the signals blocked, and the worker threads done. */
static void stage_free(struct stage *st)
{
	struct stage *self = st;
	size_t i;

	atomic_compare_exchange_strong(&registered, &self, NULL);
	for (i = 0; i < st->n; i++) {
		free(st->tmp[i]);
		free(st->dest[i]);
	}
	free(st->tmp);
	free(st->dest);
	free(st->state);
	memset(st, 0, sizeof(*st));
}

/* Remove every temporary file: nothing of the run is left. */
void stage_abort(struct stage *st)
{
	sigset_t old;
	size_t i;

	block_signals(&old);
	for (i = 0; i < st->n; i++)
		if (st->tmp[i])
			unlink(st->tmp[i]);
	stage_free(st);
	restore_signals(&old);
}

/*
 * Rename every output into place; on a failure remove what is left.  A
 * signal that comes meanwhile waits until all are renamed and then ends
 * the run, which is then complete.
 */
int stage_commit(struct stage *st)
{
	sigset_t old;
	size_t i;
	int ret = 0;

	block_signals(&old);
	for (i = 0; i < st->n; i++) {
		if (!st->tmp[i])
			continue;
		if (rename(st->tmp[i], st->dest[i])) {
			error_msg(st->dest[i], "cannot rename into place: %s",
				  strerror(errno));
			for (; i < st->n; i++)
				if (st->tmp[i])
					unlink(st->tmp[i]);
			ret = -1;
			break;
		}
	}
	stage_free(st);
	restore_signals(&old);
	return ret;
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
