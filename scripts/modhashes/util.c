// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by every command of module-hashes.
 */

#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * "ERROR: <file>: <reason>" on stderr.  The line is formatted first and
 * written with one call, so that lines of worker threads do not mix.
 */
void error_msg(const char *file, const char *fmt, ...)
{
	char line[ERR_LEN + PATH_MAX + 16];
	va_list ap;
	int n;

	n = snprintf(line, sizeof(line), "ERROR: %s: ", file);
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s\n", line);
}

/* The one way out when memory runs out: nothing is committed by then. */
void oom(void)
{
	fputs("ERROR: out of memory\n", stderr);
	exit(STATUS_TROUBLE);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	size_t len = strlen(s) + 1;

	return memcpy(xmalloc(len), s, len);
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	return p;
}

/**
 * array_room() - make room in a growable array
 * @v: the array, or NULL
 * @cap: its capacity in elements, updated
 * @need: the number of elements it must hold
 * @size: the size of one element
 *
 * The capacity doubles, so appending n elements one by one costs O(n).
 *
 * Return: the array, possibly moved.
 */
void *array_room(void *v, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;

	if (need <= *cap)
		return v;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size)
			oom();
		n *= 2;
	}
	v = realloc(v, n * size);
	if (!v)
		oom();
	*cap = n;
	return v;
}

void buf_append(struct buf *b, const void *data, size_t len)
{
	if (len > SIZE_MAX - b->len - 1)
		oom();
	b->p = array_room(b->p, &b->cap, b->len + len + 1, 1);
	memcpy(b->p + b->len, data, len);
	b->len += len;
	b->p[b->len] = '\0';	/* text read into a buffer is a C string */
}

void buf_free(struct buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* @name below @dir, unless @name is absolute or @dir is empty or ".". */
char *path_join(const char *dir, const char *name)
{
	if (name[0] == '/' || !dir || !dir[0] || !strcmp(dir, "."))
		return xstrdup(name);
	return xasprintf("%s/%s", dir, name);
}

void hex(char *out, const void *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	const u8 *p = data;
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * len] = '\0';
}

static int hex_digit(char c)
{
	if (!isxdigit((u8)c))
		return -1;
	return isdigit((u8)c) ? c - '0' : tolower((u8)c) - 'a' + 10;
}

/* Exactly 2 * @len hex digits into @len bytes. */
bool parse_hex(const char *s, u8 *out, size_t len)
{
	size_t i;

	if (strlen(s) != 2 * len)
		return false;
	for (i = 0; i < len; i++) {
		int hi = hex_digit(s[2 * i]), lo = hex_digit(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		out[i] = hi << 4 | lo;
	}
	return true;
}

/* Read until @len bytes or end of file; short only at the end. */
ssize_t read_full(int fd, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t r = read(fd, (u8 *)buf + done, len - done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		done += r;
	}
	return done;
}

int write_all(int fd, const void *buf, size_t len)
{
	const u8 *p = buf;

	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		len -= w;
	}
	return 0;
}

int default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? n : 1;
}

/* A -j argument, or -1 when it is not a job count. */
int parse_jobs(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || !*s || *end || v < 1 || v > 1024)
		return -1;
	return v;
}

struct job_pool {
	size_t n;
	atomic_size_t next;
	void (*fn)(void *arg, size_t i);
	void *arg;
};

static void *pool_worker(void *p)
{
	struct job_pool *pool = p;
	size_t i;

	while ((i = atomic_fetch_add(&pool->next, 1)) < pool->n)
		pool->fn(pool->arg, i);
	return NULL;
}

/**
 * run_parallel() - run fn(arg, i) for every i in [0, n)
 * @n: number of jobs
 * @jobs: threads to use, the caller's included
 * @fn: the job; it stores its result by index, so output order is stable
 * @arg: passed to @fn
 *
 * Threads take the next index from a shared counter, so a few large
 * modules do not hold up the rest.  If a thread cannot be started, fewer
 * do the work.
 */
void run_parallel(size_t n, int jobs, void (*fn)(void *arg, size_t i), void *arg)
{
	struct job_pool pool = { .n = n, .fn = fn, .arg = arg };
	pthread_t *tids;
	int i, started = 0;

	atomic_init(&pool.next, 0);
	if (jobs > (int)n)
		jobs = n ? n : 1;
	tids = xcalloc(jobs, sizeof(*tids));
	for (i = 1; i < jobs; i++) {
		if (pthread_create(&tids[i], NULL, pool_worker, &pool))
			break;
		started = i;
	}
	pool_worker(&pool);
	for (i = 1; i <= started; i++)
		pthread_join(tids[i], NULL);
	free(tids);
}
