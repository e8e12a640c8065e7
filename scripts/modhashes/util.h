/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers every part of module-hashes uses: messages, exit statuses,
 * allocation that cannot fail, a growable array, whole reads and writes,
 * and a pool of worker threads.
 */
#ifndef MODHASHES_UTIL_H
#define MODHASHES_UTIL_H

/* Included first by every file of module-hashes, for _GNU_SOURCE. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "../../include/linux/module_hashes.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __printf(a, b)	__attribute__((__format__(printf, a, b)))
#define __noreturn	__attribute__((__noreturn__))

typedef unsigned char u8;

/*
 * Exit statuses, as cmp(1) and diff(1) use them: a script can tell "the
 * answer is no" from "could not answer".
 */
enum {
	STATUS_OK = 0,		/* success; every module verified */
	STATUS_NO = 1,		/* some module not verified (or malformed) */
	STATUS_TROUBLE = 2,	/* usage error, I/O error, unreadable input */
};

/* Room for one reason a worker thread reports about one file. */
#define ERR_LEN		512

/* Hex of a digest, with its terminating NUL. */
#define HEX_LEN		(2 * MODULE_HASHES_DIGEST_SIZE + 1)

void error_msg(const char *file, const char *fmt, ...) __printf(2, 3);
void __noreturn oom(void);

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __printf(1, 2);
void *array_room(void *v, size_t *cap, size_t need, size_t size);

/**
 * struct buf - a growable byte buffer
 * @p: the bytes
 * @len: bytes used
 * @cap: bytes allocated
 */
struct buf {
	u8 *p;
	size_t len;
	size_t cap;
};

void buf_append(struct buf *b, const void *data, size_t len);
void buf_free(struct buf *b);

char *path_join(const char *dir, const char *name);
void hex(char *out, const void *data, size_t len);
bool parse_hex(const char *s, u8 *out, size_t len);

ssize_t read_full(int fd, void *buf, size_t len);
int write_all(int fd, const void *buf, size_t len);

int default_jobs(void);
int parse_jobs(const char *s);
void run_parallel(size_t n, int jobs, void (*fn)(void *arg, size_t i), void *arg);

#endif /* MODHASHES_UTIL_H */
