/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Staged outputs: each is written whole to a temporary file beside its
 * destination; only when every one is written are they renamed into
 * place.  A failed run leaves no output and changes no input, nor does
 * one stopped by SIGINT, SIGTERM or SIGHUP: the temporary files are
 * removed before it ends, and the renames are never cut short.
 */
#ifndef MODHASHES_STAGE_H
#define MODHASHES_STAGE_H

#include "util.h"

#include <sys/types.h>

/**
 * struct stage - outputs written but not yet in place
 * @tmp: per slot, the temporary file, or NULL
 * @dest: per slot, where it goes on commit
 * @state: per slot, whether @tmp exists, for the signal handler
 * @n: number of slots
 *
 * Slots are made up front, so worker threads can each fill their own and
 * the signal handler finds every temporary file without allocating.
 */
struct stage {
	char **tmp;
	char **dest;
	_Atomic int *state;
	size_t n;
};

/**
 * struct stage_out - what one output holds
 * @dest: where it goes
 * @copy_from: a file whose first @copy_len bytes come first, or NULL
 * @copy_len: how many bytes of it
 * @copy_size: the size that file must still have (it was read before)
 * @data: bytes that follow
 * @len: their number
 * @mode: permission bits of the output
 */
struct stage_out {
	const char *dest;
	const char *copy_from;
	off_t copy_len;
	off_t copy_size;
	const void *data;
	size_t len;
	mode_t mode;
};

void stage_init(struct stage *st, size_t slots);
int stage_write(struct stage *st, size_t slot, const struct stage_out *o, char *err);
int stage_commit(struct stage *st);
void stage_abort(struct stage *st);
int mkdir_parents(const char *path, char *err);

#endif /* MODHASHES_STAGE_H */
