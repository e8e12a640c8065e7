/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A module file as "build" and "verify" read it: its head (the ELF
 * header), its tail (room for any proof trailer) and a leaf hash over a
 * prefix, reading a plain file only once, decompressing a compressed one
 * once as a rule, and never holding either whole.
 */
#ifndef MODHASHES_VIEW_H
#define MODHASHES_VIEW_H

#include "hash.h"
#include "input.h"

#define VIEW_HEAD	64	/* an ELF header of either class */
#define VIEW_TAIL	(MODULE_HASHES_MAX_TRAILER + 1)

/**
 * struct module_view - one module file, open
 * @fd: the file
 * @st: the file's status
 * @comp: its compression
 * @size: its (decompressed) length
 * @head: its first bytes, @head_len of them
 * @tail: its last bytes, @tail_len of them: the whole file if it is
 *	shorter, else enough for the longest proof trailer and a byte more,
 *	so that module_hashes_parse() over @tail finds what it would over the
 *	whole file (with lengths relative to @tail)
 * @hasher: a compressed file's leaf hash over its first @hashed bytes,
 *	all but its tail, taken while it was decompressed
 * @hashed: that many
 */
struct module_view {
	int fd;
	struct stat st;
	enum comp comp;
	size_t size;
	u8 head[VIEW_HEAD];
	size_t head_len;
	u8 tail[VIEW_TAIL];
	size_t tail_len;
	struct leaf_hasher *hasher;
	size_t hashed;
};

int view_open(struct module_view *v, const char *path, char *err);
int view_hash(struct module_view *v, size_t len, struct module_hash *digest,
	      struct module_hash *leaf, char *err);
void view_close(struct module_view *v);

#endif /* MODHASHES_VIEW_H */
