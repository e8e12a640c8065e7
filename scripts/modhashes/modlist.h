/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which modules a command works on: the lines of a modules.order, or the
 * files and directories named on the command line.
 */
#ifndef MODHASHES_MODLIST_H
#define MODHASHES_MODLIST_H

#include "util.h"

/**
 * struct module_ref - one module to work on
 * @name: as listed ("dir/x.o" read as "dir/x.ko"), or for a file found in
 *	a directory, its path below that directory
 * @path: the file to read
 * @named: named on the command line, not found in a directory
 * @listed: whether the tree's module list names it (enum ref_listed)
 * @err: why it could not be collected (a missing path, an unreadable
 *	directory, a listed module not found), or NULL
 */
struct module_ref {
	char *name;
	char *path;
	bool named;
	int listed;
	char *err;
};

/* Is a module one of the tree's own, as its modules.order says? */
enum ref_listed {
	LISTED_UNKNOWN,		/* no list was read for it */
	LISTED_IN,		/* in-tree: the list names it */
	LISTED_OUT,		/* the list does not name it: DKMS, extra, updates */
};

struct module_refs {
	struct module_ref *v;
	size_t n;
	size_t cap;
};

void refs_add(struct module_refs *l, const char *base, const char *name);
void refs_add_error(struct module_refs *l, const char *path, const char *fmt, ...)
	__printf(3, 4);
void refs_free(struct module_refs *l);

int module_suffix(const char *name);
int read_order(const char *order, const char *base, struct module_refs *l);
char *order_dir(const char *order);
void refs_find_compressed(struct module_refs *l);
void collect_paths(int argc, char **argv, struct module_refs *l);
int refs_classify(struct module_refs *l, size_t start, const char *order,
		  bool drop_unlisted);

#endif /* MODHASHES_MODLIST_H */
