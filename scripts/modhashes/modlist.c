// SPDX-License-Identifier: GPL-2.0
/*
 * Module lists.  "build" reads modules.order, whose order is the leaf
 * order, so it is read strictly: one path per line, no blank line, no
 * white space, no duplicate.  "verify" and "show" take files and
 * directories, and "verify" tells the tree's own modules, which its
 * modules.order lists, from the others.
 */

#include "modlist.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const comp_suffixes[] = { ".xz", ".zst", ".gz" };

void refs_add(struct module_refs *l, const char *base, const char *name)
{
	struct module_ref *m;

	l->v = array_room(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	m = &l->v[l->n++];
	m->name = xstrdup(name);
	m->path = path_join(base, name);
	m->named = false;
	m->listed = LISTED_UNKNOWN;
	m->err = NULL;
}

/* A path that could not be collected: reported with the verdicts, in order. */
void refs_add_error(struct module_refs *l, const char *path, const char *fmt, ...)
{
	char reason[ERR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	refs_add(l, NULL, path);
	l->v[l->n - 1].err = xstrdup(reason);
}

/* Free one entry's strings. */
static void ref_free(struct module_ref *m)
{
	free(m->name);
	free(m->path);
	free(m->err);
}

void refs_free(struct module_refs *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		ref_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* The length of @name's compression suffix after ".ko", or -1: no module. */
int module_suffix(const char *name)
{
	size_t len = strlen(name), i;

	for (i = 0; i <= ARRAY_SIZE(comp_suffixes); i++) {
		const char *sfx = i ? comp_suffixes[i - 1] : "";
		size_t s = strlen(sfx);

		if (len > s + 3 && !strcmp(name + len - s, sfx) &&
		    !strncmp(name + len - s - 3, ".ko", 3))
			return s;
	}
	return -1;
}

/* A whole text file; "-" is stdin, and a pipe is fine for a list. */
static char *read_text(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "re") : stdin;
	struct buf b = { 0 };
	char chunk[65536];
	size_t r;

	if (!f) {
		error_msg(path, "cannot open: %s", strerror(errno));
		return NULL;
	}
	while ((r = fread(chunk, 1, sizeof(chunk), f)))
		buf_append(&b, chunk, r);
	buf_append(&b, "", 0);
	if (ferror(f)) {
		error_msg(path, "read failed");
		buf_free(&b);
	}
	*len = b.len;
	if (f != stdin)
		fclose(f);
	return (char *)b.p;
}

static int cmp_ref_name(const void *a, const void *b)
{
	const struct module_ref *const *x = a, *const *y = b;
	int c = strcmp((*x)->name, (*y)->name);

	return c ? c : (*x > *y) - (*x < *y);
}

static int cmp_ref_name_flat(const void *a, const void *b)
{
	return strcmp(((const struct module_ref *)a)->name,
		      ((const struct module_ref *)b)->name);
}

/* A module listed twice would be two leaves with one proof file. */
static int check_duplicates(const char *order, struct module_refs *l)
{
	struct module_ref **v = xcalloc(l->n, sizeof(*v));
	size_t i;
	int ret = 0;

	for (i = 0; i < l->n; i++)
		v[i] = &l->v[i];
	qsort(v, l->n, sizeof(*v), cmp_ref_name);
	for (i = 1; i < l->n; i++) {
		if (!strcmp(v[i - 1]->name, v[i]->name)) {
			error_msg(order, "line %zu: %s is listed again (first on line %zu)",
				  (size_t)(v[i] - l->v) + 1, v[i]->name,
				  (size_t)(v[i - 1] - l->v) + 1);
			ret = -1;
		}
	}
	free(v);
	return ret;
}

/* One path per line: "dir/x.o" as kbuild writes it, or "dir/x.ko[.xz]". */
static int parse_line(const char *order, size_t lineno, char *line,
		      const char *base, struct module_refs *l)
{
	size_t len = strlen(line);
	char *name;

	if (!len) {
		error_msg(order, "line %zu: empty line", lineno);
		return -1;
	}
	if (isspace((u8)line[0]) || isspace((u8)line[len - 1])) {
		error_msg(order, "line %zu: white space around the path", lineno);
		return -1;
	}
	if (module_suffix(line) >= 0) {
		refs_add(l, base, line);
		return 0;
	}
	if (len > 2 && !strcmp(line + len - 2, ".o")) {
		name = xasprintf("%.*sko", (int)(len - 1), line);
		refs_add(l, base, name);
		free(name);
		return 0;
	}
	error_msg(order, "line %zu: \"%s\" is not a module (.o or .ko)", lineno, line);
	return -1;
}

/**
 * read_order() - read a module list
 * @order: the list file, "-" for stdin
 * @base: the directory its paths are relative to, or NULL
 * @l: the modules are appended here, in list order
 *
 * Return: 0, or -1 after reporting the error against @order.
 */
int read_order(const char *order, const char *base, struct module_refs *l)
{
	size_t len, lineno = 0;
	char *text = read_text(order, &len), *line, *next;
	int ret = 0;

	if (!text)
		return -1;
	if (strlen(text) != len) {
		error_msg(order, "contains a NUL byte: not a module list");
		free(text);
		return -1;
	}
	for (line = text; *line && !ret; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		ret = parse_line(order, ++lineno, line, base, l);
	}
	free(text);
	if (!ret && !l->n) {
		error_msg(order, "lists no modules");
		ret = -1;
	}
	if (!ret && l->n >= UINT32_MAX) {
		error_msg(order, "lists too many modules");
		ret = -1;
	}
	return ret ? ret : check_duplicates(order, l);
}

/* Module paths in a list are relative to the list's directory by default. */
char *order_dir(const char *order)
{
	const char *slash = strrchr(order, '/');

	if (!strcmp(order, "-") || !slash)
		return xstrdup(".");
	if (slash == order)
		return xstrdup("/");
	return strndup(order, slash - order);
}

/*
 * A packaged tree holds x.ko.xz where modules.order says x.ko: read the
 * compressed file in its place, and name the output after it.
 */
void refs_find_compressed(struct module_refs *l)
{
	size_t i, s;

	for (i = 0; i < l->n; i++) {
		struct module_ref *m = &l->v[i];

		if (module_suffix(m->name) || !access(m->path, F_OK))
			continue;
		for (s = 0; s < ARRAY_SIZE(comp_suffixes); s++) {
			char *path = xasprintf("%s%s", m->path, comp_suffixes[s]);

			if (!access(path, F_OK)) {
				char *name = xasprintf("%s%s", m->name, comp_suffixes[s]);

				free(m->name);
				free(m->path);
				m->name = name;
				m->path = path;
				break;
			}
			free(path);
		}
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of a directory, sorted so that output order is stable. */
static char **sorted_entries(DIR *d, size_t *n)
{
	struct dirent *de;
	char **names = NULL;
	size_t cap = 0;

	*n = 0;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		names = array_room(names, &cap, *n + 1, sizeof(*names));
		names[(*n)++] = xstrdup(de->d_name);
	}
	qsort(names, *n, sizeof(*names), cmp_str);
	return names;
}

/*
 * Add every module file below @top/@rel.  A symbolic link named like a
 * module is a module: RHEL's weak-updates/ holds links to the modules of
 * other kernels, and modprobe loads them, so they are checked where they
 * point (a dangling one is an error).  Links to directories are not
 * followed: an installed tree's "build" and "source" point into a source
 * tree, and not following them is what keeps the walk free of loops.
 * A directory that cannot be read is reported with the verdicts.
 */
static void walk_dir(const char *top, const char *rel, struct module_refs *l)
{
	char *dir = path_join(top, rel);
	DIR *d = opendir(dir);
	char **names;
	size_t n, i;

	if (!d) {
		refs_add_error(l, dir, "cannot open directory: %s", strerror(errno));
		free(dir);
		return;
	}
	names = sorted_entries(d, &n);
	closedir(d);
	for (i = 0; i < n; i++) {
		char *r = rel[0] ? xasprintf("%s/%s", rel, names[i]) : xstrdup(names[i]);
		char *p = path_join(top, r);
		struct stat st;

		if (lstat(p, &st))
			;
		else if (S_ISDIR(st.st_mode))
			walk_dir(top, r, l);
		else if ((S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) &&
			 module_suffix(names[i]) >= 0)
			refs_add(l, top, r);
		free(p);
		free(r);
		free(names[i]);
	}
	free(names);
	free(dir);
}

/**
 * collect_paths() - the modules named on a command line
 * @argc: number of paths
 * @argv: the paths: module files, or directories to search for .ko,
 *	.ko.xz, .ko.zst and .ko.gz files
 * @l: the modules are appended here
 *
 * A path that is neither a directory nor a regular file is refused here,
 * before anything is read: reading a FIFO or a device would block or
 * never end.  A path that cannot be used is added with its error, so that
 * one bad path costs its own answer, not the run's.
 */
void collect_paths(int argc, char **argv, struct module_refs *l)
{
	struct stat st;
	int i;

	for (i = 0; i < argc; i++) {
		if (stat(argv[i], &st)) {
			refs_add_error(l, argv[i], "cannot open: %s", strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			walk_dir(argv[i], "", l);
		} else if (!S_ISREG(st.st_mode)) {
			refs_add_error(l, argv[i], "not a regular file");
		} else {
			refs_add(l, NULL, argv[i]);
			l->v[l->n - 1].named = true;
		}
	}
}

static int cmp_name_key(const void *key, const void *elem)
{
	return strcmp(key, ((const struct module_ref *)elem)->name);
}

/*
 * The entry of @listed (sorted by name) that @m is: a module found in a
 * directory by its name there, a file named on the command line by the
 * end of its path ("/lib/modules/v/kernel/x.ko" is "kernel/x.ko").  The
 * compression suffix does not count: an installed list says x.ko for
 * x.ko.xz.
 */
static struct module_ref *find_listed(const struct module_ref *m,
				      struct module_refs *listed)
{
	char *name = xstrdup(m->named ? m->path : m->name);
	struct module_ref *hit = NULL;
	char *p;

	name[strlen(name) - module_suffix(name)] = '\0';
	for (p = name; p && !hit; p = m->named ? strchr(p, '/') : NULL) {
		while (*p == '/')
			p++;
		hit = bsearch(p, listed->v, listed->n, sizeof(*listed->v), cmp_name_key);
	}
	free(name);
	return hit;
}

/**
 * refs_classify() - tell the tree's own modules by its modules.order
 * @l: modules found by collect_paths()
 * @start: the first of @l's modules the list is for
 * @order: the list; its lines name modules relative to the directories
 *	searched, as the modules.order of an installed kernel does
 * @drop_unlisted: keep only the modules it lists (and files named on the
 *	command line): "verify --order" without --allow-signed, which checks
 *	the in-tree modules of a tree that also holds DKMS modules
 *
 * Each module gets LISTED_IN or LISTED_OUT.  Every listed module must be
 * there: each one missing is added as an error.
 *
 * Return: 0, or -1 after reporting the list's errors.
 */
int refs_classify(struct module_refs *l, size_t start, const char *order,
		  bool drop_unlisted)
{
	struct module_refs listed = { 0 };
	struct module_ref *hit;
	size_t i, kept = start;

	if (read_order(order, NULL, &listed))
		return -1;
	qsort(listed.v, listed.n, sizeof(*listed.v), cmp_ref_name_flat);
	for (i = start; i < l->n; i++) {
		struct module_ref *m = &l->v[i];

		hit = m->err ? NULL : find_listed(m, &listed);
		if (hit)
			hit->named = true;	/* found */
		if (!m->err)
			m->listed = hit ? LISTED_IN : LISTED_OUT;
		if (drop_unlisted && !hit && !m->err && !m->named)
			ref_free(m);
		else
			l->v[kept++] = *m;
	}
	l->n = kept;
	for (i = 0; i < listed.n; i++)
		if (!listed.v[i].named)
			refs_add_error(l, order, "%s is listed but was not found",
				       listed.v[i].name);
	refs_free(&listed);
	return 0;
}
