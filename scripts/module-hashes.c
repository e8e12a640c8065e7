// SPDX-License-Identifier: GPL-2.0
/*
 * module-hashes - build and check hash-based module authentication data
 *
 * Hashes every module of a kernel build into an RFC 9162 Merkle tree,
 * writes the 40-byte root descriptor and one inclusion proof per module,
 * patches the descriptor into vmlinux, and verifies or shows what modules
 * carry.  The format lives in include/linux/module_hashes.h and is
 * specified in Documentation/admin-guide/module-hashes.rst.
 *
 * Errors are reported as "ERROR: <file>: <reason>".  Exit status: 0 on
 * success, 1 on failure, 2 on a usage error.  Outputs are written to a
 * temporary file and renamed into place, all of them only once every one
 * has been written, so a failure leaves no output and changes no input.
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <getopt.h>
#include <libelf.h>
#include <limits.h>
#include <lzma.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "../include/linux/module_hashes.h"
#include "modhashes/tree.h"

#define SECTION_NAME	".module_hashes"
#define IO_CHUNK	(128 * 1024)
/* Bytes of a file's end kept back from hashing until the trailer is known. */
#define TAIL_KEEP	(MODULE_HASHES_MAX_TRAILER + 1)
#define ERR_LEN		512

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __printf(a, b)	__attribute__((__format__(printf, a, b)))
#define __noreturn	__attribute__((__noreturn__))

typedef unsigned char u8;

/* ---------------------------------------------------------------- errors */

static void error_msg(const char *file, const char *fmt, ...) __printf(2, 3);

static void error_msg(const char *file, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ERROR: %s: ", file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p) {
		fprintf(stderr, "ERROR: out of memory\n");
		exit(1);
	}
	return p;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p) {
		fprintf(stderr, "ERROR: out of memory\n");
		exit(1);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	size_t len = strlen(s) + 1;

	return memcpy(xmalloc(len), s, len);
}

static char *path_join(const char *dir, const char *name)
{
	char *p;

	if (name[0] == '/' || !dir || !dir[0] || !strcmp(dir, "."))
		return xstrdup(name);
	if (asprintf(&p, "%s/%s", dir, name) < 0) {
		fprintf(stderr, "ERROR: out of memory\n");
		exit(1);
	}
	return p;
}

static void hex(char *out, const void *data, size_t len)
{
	const u8 *p = data;
	size_t i;

	for (i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static bool parse_hex(const char *s, u8 *out, size_t len)
{
	size_t i;

	if (strlen(s) != 2 * len)
		return false;
	for (i = 0; i < len; i++) {
		unsigned int v;

		if (!isxdigit((u8)s[2 * i]) || !isxdigit((u8)s[2 * i + 1]) ||
		    sscanf(s + 2 * i, "%2x", &v) != 1)
			return false;
		out[i] = v;
	}
	return true;
}

/* --------------------------------------------------------------- SHA-256 */

/* The node hash the format's walk and the tree build call. */
int module_hashes_node(const struct module_hash *left,
		       const struct module_hash *right, struct module_hash *out)
{
	u8 buf[1 + 2 * MODULE_HASHES_DIGEST_SIZE];

	buf[0] = MODULE_HASHES_NODE_PREFIX;
	memcpy(buf + 1, left, sizeof(*left));
	memcpy(buf + 1 + sizeof(*left), right, sizeof(*right));
	return EVP_Digest(buf, sizeof(buf), out->b, NULL, EVP_sha256(), NULL) ?
	       0 : -EIO;
}

/* ---------------------------------------------------------- file scanning */

/*
 * A scan streams one (possibly compressed) module through SHA-256 while
 * holding back its last TAIL_KEEP bytes: where the module bytes end is only
 * known once the trailer at the very end has been read.
 */
struct scan {
	EVP_MD_CTX *md;		/* leaf hash, 0x00 prefix fed; NULL: no hashing */
	u8 head[sizeof(Elf64_Ehdr)];
	size_t head_len;
	u8 tail[2 * TAIL_KEEP];
	size_t tail_len;
	__u64 total;
	bool failed;		/* a hash update failed */
};

static void scan_hash(struct scan *s, const u8 *p, size_t n)
{
	if (s->md && n && !EVP_DigestUpdate(s->md, p, n))
		s->failed = true;
}

static void scan_feed(struct scan *s, const u8 *p, size_t n)
{
	size_t take;

	if (s->head_len < sizeof(s->head)) {
		take = sizeof(s->head) - s->head_len;
		if (take > n)
			take = n;
		memcpy(s->head + s->head_len, p, take);
		s->head_len += take;
	}
	s->total += n;
	while (n) {
		if (s->tail_len == sizeof(s->tail)) {
			/* Hash the older half; keep the newer TAIL_KEEP bytes. */
			scan_hash(s, s->tail, TAIL_KEEP);
			memmove(s->tail, s->tail + TAIL_KEEP, TAIL_KEEP);
			s->tail_len = TAIL_KEEP;
		}
		if (s->tail_len == TAIL_KEEP && n > sizeof(s->tail)) {
			/* Bulk of a large chunk: hash it in place. */
			scan_hash(s, s->tail, TAIL_KEEP);
			take = n - TAIL_KEEP;
			scan_hash(s, p, take);
			memcpy(s->tail, p + take, TAIL_KEEP);
			return;
		}
		take = sizeof(s->tail) - s->tail_len;
		if (take > n)
			take = n;
		memcpy(s->tail + s->tail_len, p, take);
		s->tail_len += take;
		p += take;
		n -= take;
	}
}

/* Finish the leaf hash over the first @keep bytes still held in the tail. */
static bool scan_finish(struct scan *s, size_t keep, struct module_hash *leaf)
{
	scan_hash(s, s->tail, keep);
	if (s->failed || !EVP_DigestFinal_ex(s->md, leaf->b, NULL))
		return false;
	return true;
}

static bool scan_init(struct scan *s, bool hashing)
{
	static const u8 prefix = MODULE_HASHES_LEAF_PREFIX;

	memset(s, 0, sizeof(*s));
	if (!hashing)
		return true;
	s->md = EVP_MD_CTX_new();
	return s->md && EVP_DigestInit_ex(s->md, EVP_sha256(), NULL) &&
	       EVP_DigestUpdate(s->md, &prefix, 1);
}

static void scan_destroy(struct scan *s)
{
	EVP_MD_CTX_free(s->md);
	s->md = NULL;
}

static ssize_t read_full(int fd, u8 *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t r = read(fd, buf + done, len - done);

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

struct input {
	int fd;
	u8 *in;
	size_t in_len;		/* bytes of the first chunk already read */
	u8 *out;
	struct scan *scan;
	char *err;		/* ERR_LEN bytes for the reason on failure */
};

/* The next chunk of raw file bytes; the first comes from the format probe. */
static ssize_t input_next(struct input *in)
{
	ssize_t r;

	if (in->in_len) {
		r = in->in_len;
		in->in_len = 0;
		return r;
	}
	r = read_full(in->fd, in->in, IO_CHUNK);
	if (r < 0)
		snprintf(in->err, ERR_LEN, "read failed: %s", strerror(errno));
	return r;
}

static int feed_plain(struct input *in)
{
	ssize_t r;

	while ((r = input_next(in)) > 0)
		scan_feed(in->scan, in->in, r);
	return r < 0 ? -1 : 0;
}

static int feed_xz(struct input *in)
{
	lzma_stream strm = LZMA_STREAM_INIT;
	lzma_ret ret = LZMA_OK;
	ssize_t r = 0;

	if (lzma_stream_decoder(&strm, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) {
		snprintf(in->err, ERR_LEN, "cannot start the xz decoder");
		return -1;
	}
	do {
		lzma_action action = LZMA_RUN;

		if (!strm.avail_in) {
			r = input_next(in);
			if (r < 0)
				break;
			strm.next_in = in->in;
			strm.avail_in = r;
			if (!r)
				action = LZMA_FINISH;
		} else {
			action = LZMA_RUN;
		}
		strm.next_out = in->out;
		strm.avail_out = IO_CHUNK;
		ret = lzma_code(&strm, action);
		scan_feed(in->scan, in->out, IO_CHUNK - strm.avail_out);
		if (ret == LZMA_BUF_ERROR && action == LZMA_FINISH) {
			snprintf(in->err, ERR_LEN, "truncated xz data");
			r = -1;
			break;
		}
		if (ret != LZMA_OK && ret != LZMA_STREAM_END) {
			snprintf(in->err, ERR_LEN, "corrupt xz data (lzma error %d)", ret);
			r = -1;
			break;
		}
	} while (ret != LZMA_STREAM_END);
	lzma_end(&strm);
	return r < 0 ? -1 : 0;
}

/*
 * The zstd and gzip loops read more input only when the decoder stopped
 * for lack of it, not for lack of output room: a decoder can hold output
 * back after consuming all its input.
 */
static int feed_zstd(struct input *in)
{
	ZSTD_DStream *ds = ZSTD_createDStream();
	ZSTD_inBuffer ib = { in->in, 0, 0 };
	ZSTD_outBuffer ob = { in->out, IO_CHUNK, 0 };
	size_t pending = 1;
	ssize_t r = 0;

	if (!ds) {
		snprintf(in->err, ERR_LEN, "cannot start the zstd decoder");
		return -1;
	}
	for (;;) {
		if (ib.pos == ib.size && ob.pos < ob.size) {
			r = input_next(in);
			if (r <= 0)
				break;
			ib.size = r;
			ib.pos = 0;
		}
		ob.pos = 0;
		pending = ZSTD_decompressStream(ds, &ob, &ib);
		if (ZSTD_isError(pending)) {
			snprintf(in->err, ERR_LEN, "corrupt zstd data: %s",
				 ZSTD_getErrorName(pending));
			r = -1;
			break;
		}
		scan_feed(in->scan, in->out, ob.pos);
	}
	ZSTD_freeDStream(ds);
	if (r == 0 && pending) {
		snprintf(in->err, ERR_LEN, "truncated zstd data");
		r = -1;
	}
	return r < 0 ? -1 : 0;
}

static int feed_gzip(struct input *in)
{
	z_stream z = { 0 };
	bool full = false;
	int ret = Z_OK;
	ssize_t r = 0;

	if (inflateInit2(&z, 15 + 16) != Z_OK) {
		snprintf(in->err, ERR_LEN, "cannot start the gzip decoder");
		return -1;
	}
	for (;;) {
		if (!z.avail_in && !full) {
			r = input_next(in);
			if (r <= 0)
				break;
			z.next_in = in->in;
			z.avail_in = r;
		}
		if (ret == Z_STREAM_END)	/* another member follows */
			inflateReset(&z);
		z.next_out = in->out;
		z.avail_out = IO_CHUNK;
		ret = inflate(&z, Z_NO_FLUSH);
		if (ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR) {
			snprintf(in->err, ERR_LEN, "corrupt gzip data");
			r = -1;
			break;
		}
		scan_feed(in->scan, in->out, IO_CHUNK - z.avail_out);
		full = ret != Z_STREAM_END && !z.avail_out;
	}
	inflateEnd(&z);
	if (r == 0 && ret != Z_STREAM_END) {
		snprintf(in->err, ERR_LEN, "truncated gzip data");
		r = -1;
	}
	return r < 0 ? -1 : 0;
}

enum compression { COMP_NONE, COMP_XZ, COMP_ZSTD, COMP_GZIP };

static enum compression probe_compression(const u8 *p, size_t n)
{
	static const u8 xz[] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
	static const u8 zst[] = { 0x28, 0xb5, 0x2f, 0xfd };
	static const u8 gz[] = { 0x1f, 0x8b };

	if (n >= sizeof(xz) && !memcmp(p, xz, sizeof(xz)))
		return COMP_XZ;
	if (n >= sizeof(zst) && !memcmp(p, zst, sizeof(zst)))
		return COMP_ZSTD;
	if (n >= sizeof(gz) && !memcmp(p, gz, sizeof(gz)))
		return COMP_GZIP;
	return COMP_NONE;
}

/**
 * scan_file() - stream a module file through a scan
 * @path: the file
 * @s: an initialised scan
 * @allow_compressed: decompress xz, zstd and gzip files
 * @st: set to the file's status
 * @err: ERR_LEN bytes for the reason on failure
 *
 * Return: 0, or -1 with @err set.
 */
static int scan_file(const char *path, struct scan *s, bool allow_compressed,
		     struct stat *st, char *err)
{
	struct input in = { .scan = s, .err = err };
	int (*feed)(struct input *in) = feed_plain;
	ssize_t r;
	int ret = -1;

	in.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (in.fd < 0) {
		snprintf(err, ERR_LEN, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(in.fd, st) || !S_ISREG(st->st_mode)) {
		snprintf(err, ERR_LEN, "not a regular file");
		goto out_close;
	}
	in.in = xmalloc(2 * IO_CHUNK);
	in.out = in.in + IO_CHUNK;
	r = read_full(in.fd, in.in, IO_CHUNK);
	if (r < 0) {
		snprintf(err, ERR_LEN, "read failed: %s", strerror(errno));
		goto out_free;
	}
	in.in_len = r;
	switch (allow_compressed ? probe_compression(in.in, r) : COMP_NONE) {
	case COMP_XZ:
		feed = feed_xz;
		break;
	case COMP_ZSTD:
		feed = feed_zstd;
		break;
	case COMP_GZIP:
		feed = feed_gzip;
		break;
	case COMP_NONE:
		break;
	}
	if (r > 0)
		ret = feed(&in);
	else
		ret = 0;
out_free:
	free(in.in);
out_close:
	close(in.fd);
	return ret;
}

/* --------------------------------------------------------------- threads */

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

/* Run fn(arg, i) for i in [0, n) on @jobs threads; results go by index. */
static void run_parallel(size_t n, int jobs, void (*fn)(void *, size_t), void *arg)
{
	struct job_pool pool = { .n = n, .fn = fn, .arg = arg };
	pthread_t *tids;
	int i, started = 0;

	atomic_init(&pool.next, 0);
	if (jobs > (int)n)
		jobs = n;
	tids = xcalloc(jobs, sizeof(*tids));
	for (i = 1; i < jobs; i++)
		if (!pthread_create(&tids[i], NULL, pool_worker, &pool))
			started = i;
		else
			break;
	pool_worker(&pool);
	for (i = 1; i <= started; i++)
		pthread_join(tids[i], NULL);
	free(tids);
}

static int default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? n : 1;
}

/* ------------------------------------------------------ atomic outputs */

/*
 * Outputs are staged: each is written completely to a temporary file in
 * its destination directory, and only when all are written are they
 * renamed into place.  stage_abort() removes every temporary file.
 */
struct stage {
	char **tmp;
	char **dest;
	size_t n, cap;
};

static int write_all(int fd, const void *buf, size_t len)
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

/* Copy @src, which must still be @size bytes long, to @out. */
static int copy_exact(int out, const char *src, off_t size, const char *dest)
{
	int in = open(src, O_RDONLY | O_CLOEXEC);
	off_t done = 0;
	ssize_t r = 0;
	u8 *buf;

	if (in < 0) {
		error_msg(src, "cannot reopen: %s", strerror(errno));
		return -1;
	}
	buf = xmalloc(IO_CHUNK);
	while (done <= size && (r = read_full(in, buf, IO_CHUNK)) > 0) {
		if (write_all(out, buf, r)) {
			error_msg(dest, "cannot write: %s", strerror(errno));
			break;
		}
		done += r;
	}
	if (r < 0)
		error_msg(src, "read failed: %s", strerror(errno));
	else if (r == 0 && done != size)
		error_msg(src, "changed while being processed");
	free(buf);
	close(in);
	return r == 0 && done == size ? 0 : -1;
}

/**
 * stage_file() - write one output to a temporary file beside @dest
 * @st: the stage
 * @dest: where the output goes once committed
 * @copy_from: a file whose first @copy_size bytes come first, or NULL
 * @copy_size: the size that file must have
 * @data: bytes that follow
 * @len: their number
 * @mode: permission bits of the output
 *
 * Return: 0, or -1 after reporting the error against @dest.
 */
static int stage_file(struct stage *st, const char *dest, const char *copy_from,
		      off_t copy_size, const void *data, size_t len, mode_t mode)
{
	char *tmp;
	int fd, ret = 0;

	if (asprintf(&tmp, "%s.tmpXXXXXX", dest) < 0) {
		fprintf(stderr, "ERROR: out of memory\n");
		exit(1);
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		error_msg(dest, "cannot create a temporary file: %s", strerror(errno));
		free(tmp);
		return -1;
	}
	if (st->n == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 64;
		st->tmp = realloc(st->tmp, st->cap * sizeof(*st->tmp));
		st->dest = realloc(st->dest, st->cap * sizeof(*st->dest));
		if (!st->tmp || !st->dest) {
			fprintf(stderr, "ERROR: out of memory\n");
			exit(1);
		}
	}
	st->tmp[st->n] = tmp;
	st->dest[st->n++] = xstrdup(dest);

	if (copy_from && copy_exact(fd, copy_from, copy_size, dest)) {
		ret = -1;
	} else if (write_all(fd, data, len) || fchmod(fd, mode)) {
		error_msg(dest, "cannot write: %s", strerror(errno));
		ret = -1;
	}
	if (close(fd) && !ret) {
		error_msg(dest, "cannot write: %s", strerror(errno));
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

static void stage_abort(struct stage *st)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		unlink(st->tmp[i]);
	stage_free(st);
}

static int stage_commit(struct stage *st)
{
	size_t i;

	for (i = 0; i < st->n; i++) {
		if (rename(st->tmp[i], st->dest[i])) {
			error_msg(st->dest[i], "cannot rename into place: %s",
				  strerror(errno));
			for (; i < st->n; i++)
				unlink(st->tmp[i]);
			stage_free(st);
			return -1;
		}
	}
	stage_free(st);
	return 0;
}

static int mkdir_parents(const char *path)
{
	char *p = xstrdup(path), *s;
	int ret = 0;

	for (s = strchr(p + 1, '/'); s && !ret; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0755) && errno != EEXIST) {
			error_msg(p, "cannot create directory: %s", strerror(errno));
			ret = -1;
		}
		*s = '/';
	}
	free(p);
	return ret;
}

/* ----------------------------------------------------------- descriptors */

/* Find the .module_hashes section of an ELF file with libelf. */
static int find_section(const char *path, int fd, off_t *offset)
{
	GElf_Shdr shdr;
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	Elf *elf;
	int ret = -1;

	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		error_msg(path, "not an ELF file");
		goto out;
	}
	if (elf_getshdrstrndx(elf, &shstrndx)) {
		error_msg(path, "bad ELF section headers: %s", elf_errmsg(-1));
		goto out;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		const char *name;

		if (!gelf_getshdr(scn, &shdr))
			continue;
		name = elf_strptr(elf, shstrndx, shdr.sh_name);
		if (name && !strcmp(name, SECTION_NAME))
			break;
	}
	if (!scn) {
		error_msg(path, "no %s section (kernel built without CONFIG_MODULE_HASHES?)",
			  SECTION_NAME);
	} else if (shdr.sh_type == SHT_NOBITS) {
		error_msg(path, "section %s has no file contents", SECTION_NAME);
	} else if (shdr.sh_size != MODULE_HASHES_ROOT_SIZE) {
		error_msg(path, "section %s is %llu bytes, expected %d", SECTION_NAME,
			  (unsigned long long)shdr.sh_size, MODULE_HASHES_ROOT_SIZE);
	} else {
		*offset = shdr.sh_offset;
		ret = 0;
	}
out:
	elf_end(elf);
	return ret;
}

/*
 * Read a root descriptor from a vmlinux (its .module_hashes section) or
 * from a 40-byte descriptor file as written by "build".
 */
static int load_root(const char *path, struct module_hashes_root *root)
{
	struct stat st;
	off_t off = 0;
	u8 magic[SELFMAG];
	int fd, ret = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		error_msg(path, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st)) {
		error_msg(path, "cannot stat: %s", strerror(errno));
		goto out;
	}
	if (pread(fd, magic, SELFMAG, 0) == SELFMAG && !memcmp(magic, ELFMAG, SELFMAG)) {
		if (find_section(path, fd, &off))
			goto out;
	} else if (st.st_size != MODULE_HASHES_ROOT_SIZE) {
		error_msg(path, "neither an ELF vmlinux nor a %d-byte root descriptor",
			  MODULE_HASHES_ROOT_SIZE);
		goto out;
	}
	if (pread(fd, root, sizeof(*root), off) != sizeof(*root)) {
		error_msg(path, "cannot read the root descriptor");
		goto out;
	}
	ret = 0;
out:
	close(fd);
	return ret;
}

#define SYSFS_DIR	"/sys/kernel/module_hashes"

/* Read one line of a sysfs attribute, without its newline. */
static int read_attr(const char *dir, const char *name, char *buf, size_t size)
{
	char *path = path_join(dir, name);
	FILE *f = fopen(path, "re");
	int ret = -1;

	if (!f) {
		error_msg(path, "cannot open: %s", strerror(errno));
	} else if (!fgets(buf, size, f)) {
		error_msg(path, "cannot read");
	} else {
		buf[strcspn(buf, "\n")] = '\0';
		ret = 0;
	}
	if (f)
		fclose(f);
	free(path);
	return ret;
}

/* The running kernel's descriptor, from its sysfs files (see Documentation/ABI). */
static int load_running_root(const char *dir, struct module_hashes_root *root)
{
	char algo[16], size[16], hexroot[2 * MODULE_HASHES_DIGEST_SIZE + 2];
	unsigned long n;
	char *end;

	if (read_attr(dir, "algo", algo, sizeof(algo)) ||
	    read_attr(dir, "tree_size", size, sizeof(size)) ||
	    read_attr(dir, "root", hexroot, sizeof(hexroot)))
		return -1;
	memset(root, 0, sizeof(*root));
	if (!strcmp(algo, "sha256")) {
		root->algo = htole32(MODULE_HASHES_ALGO_SHA256);
	} else if (strcmp(algo, "none")) {
		error_msg(dir, "unknown algo \"%s\"", algo);
		return -1;
	}
	n = strtoul(size, &end, 10);
	if (!size[0] || *end || n > UINT32_MAX ||
	    !parse_hex(hexroot, root->root.b, sizeof(root->root.b))) {
		error_msg(dir, "malformed tree_size or root");
		return -1;
	}
	root->tree_size = htole32(n);
	return 0;
}

static const char *algo_name(__u32 algo)
{
	switch (algo) {
	case MODULE_HASHES_ALGO_NONE:
		return "none";
	case MODULE_HASHES_ALGO_SHA256:
		return "sha256";
	}
	return "unknown";
}

/* A descriptor fit to be built into a kernel: a SHA-256 tree of modules. */
static int check_root(const char *path, const struct module_hashes_root *root)
{
	__u32 algo = le32toh(root->algo);

	if (algo == MODULE_HASHES_ALGO_NONE) {
		error_msg(path, "root descriptor is the placeholder (algo 0): no tree");
		return -1;
	}
	if (algo != MODULE_HASHES_ALGO_SHA256) {
		error_msg(path, "unknown root descriptor algo %u", algo);
		return -1;
	}
	if (!le32toh(root->tree_size)) {
		error_msg(path, "root descriptor has tree size 0");
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------- module lists */

struct module_rec {
	char *name;		/* as listed, .o turned into .ko */
	char *path;		/* file to read: base joined with name */
	struct module_hash leaf;
	struct stat st;
	char *err;		/* set by a worker on failure */
	enum module_hashes_verdict verdict;
	struct module_signature ms;
	long trailer;		/* module_hashes_trailer() result */
	struct module_hashes_proof head;
	unsigned int k;
	__u64 mod_len;
};

struct module_list {
	struct module_rec *m;
	size_t n, cap;
};

static void list_add(struct module_list *l, const char *base, const char *name)
{
	struct module_rec *m;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		l->m = realloc(l->m, l->cap * sizeof(*l->m));
		if (!l->m) {
			fprintf(stderr, "ERROR: out of memory\n");
			exit(1);
		}
	}
	m = &l->m[l->n++];
	memset(m, 0, sizeof(*m));
	m->name = xstrdup(name);
	m->path = path_join(base, name);
}

static void list_free(struct module_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->m[i].name);
		free(l->m[i].path);
		free(l->m[i].err);
	}
	free(l->m);
}

static char *read_text(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "re") : stdin;
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f) {
		error_msg(path, "cannot open: %s", strerror(errno));
		return NULL;
	}
	do {
		if (n == cap) {
			cap = cap ? 2 * cap : 65536;
			buf = realloc(buf, cap + 1);
			if (!buf) {
				fprintf(stderr, "ERROR: out of memory\n");
				exit(1);
			}
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r);
	if (ferror(f)) {
		error_msg(path, "read failed");
		free(buf);
		buf = NULL;
	} else {
		buf[n] = '\0';
		*len = n;
	}
	if (f != stdin)
		fclose(f);
	return buf;
}

static int cmp_name(const void *a, const void *b)
{
	const struct module_rec *const *x = a, *const *y = b;
	int c = strcmp((*x)->name, (*y)->name);

	return c ? c : (*x > *y) - (*x < *y);
}

static int check_duplicates(const char *order, struct module_list *l)
{
	struct module_rec **v = xcalloc(l->n, sizeof(*v));
	size_t i;
	int ret = 0;

	for (i = 0; i < l->n; i++)
		v[i] = &l->m[i];
	qsort(v, l->n, sizeof(*v), cmp_name);
	for (i = 1; i < l->n; i++) {
		if (!strcmp(v[i - 1]->name, v[i]->name)) {
			error_msg(order, "line %zu: %s is listed again (first on line %zu)",
				  (size_t)(v[i] - l->m) + 1, v[i]->name,
				  (size_t)(v[i - 1] - l->m) + 1);
			ret = -1;
		}
	}
	free(v);
	return ret;
}

/* One path per line, "dir/x.o" (as kbuild writes it) or "dir/x.ko". */
static int parse_line(const char *order, size_t lineno, char *line,
		      const char *base, struct module_list *l)
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
	if (len > 3 && !strcmp(line + len - 3, ".ko")) {
		list_add(l, base, line);
		return 0;
	}
	if (len > 2 && !strcmp(line + len - 2, ".o")) {
		if (asprintf(&name, "%.*sko", (int)(len - 1), line) < 0)
			exit(1);
		list_add(l, base, name);
		free(name);
		return 0;
	}
	error_msg(order, "line %zu: \"%s\" is not a module (.o or .ko)", lineno, line);
	return -1;
}

static int read_order(const char *order, const char *base, struct module_list *l)
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

static void rec_fail(struct module_rec *m, const char *reason)
{
	m->err = xstrdup(reason);
}

/* ---------------------------------------------------------------- build */

static const char *trailer_kind(const struct module_signature *ms)
{
	switch (ms->id_type) {
	case PKEY_ID_PKCS7:
		return "a PKCS#7 signature";
	case MODULE_HASHES_ID_TYPE:
		return "a module hash proof";
	}
	return "an unknown signature type";
}

/* Why an ELF header is not that of a module, or NULL. */
static const char *elf_problem(const u8 *h, size_t n)
{
	unsigned int type;
	size_t need;

	if (n < EI_NIDENT || memcmp(h, ELFMAG, SELFMAG))
		return "not an ELF file";
	if (h[EI_CLASS] == ELFCLASS64)
		need = sizeof(Elf64_Ehdr);
	else if (h[EI_CLASS] == ELFCLASS32)
		need = sizeof(Elf32_Ehdr);
	else
		return "unknown ELF class";
	if (n < need)
		return "truncated ELF header";
	if (h[EI_DATA] == ELFDATA2LSB)
		type = h[16] | h[17] << 8;
	else if (h[EI_DATA] == ELFDATA2MSB)
		type = h[16] << 8 | h[17];
	else
		return "unknown ELF data encoding";
	if (type != ET_REL)
		return "not a relocatable ELF object (modules are ET_REL)";
	return NULL;
}

static void hash_one(void *arg, size_t i)
{
	struct module_rec *m = &((struct module_list *)arg)->m[i];
	char err[ERR_LEN] = "";
	const char *why;
	struct scan *s = xmalloc(sizeof(*s));

	if (!scan_init(s, true)) {
		rec_fail(m, "cannot start SHA-256");
		goto out;
	}
	if (scan_file(m->path, s, false, &m->st, err)) {
		rec_fail(m, err);
		goto out;
	}
	why = elf_problem(s->head, s->head_len);
	if (why) {
		rec_fail(m, why);
		goto out;
	}
	m->trailer = module_hashes_trailer(s->tail, s->tail_len, &m->ms);
	if (m->trailer) {
		snprintf(err, ERR_LEN,
			 "already ends in a module signature trailer (%s); refusing to hash a signed module",
			 m->trailer < 0 ? "truncated" : trailer_kind(&m->ms));
		rec_fail(m, err);
		goto out;
	}
	if (!scan_finish(s, s->tail_len, &m->leaf))
		rec_fail(m, "SHA-256 failed");
out:
	scan_destroy(s);
	free(s);
}

/* The trailer of module @i: proof, information block and marker. */
static size_t make_trailer(const struct module_hash *nodes, __u32 n, __u32 i,
			   u8 *buf)
{
	struct module_hashes_proof *proof = (void *)buf;
	struct module_signature ms = { .id_type = MODULE_HASHES_ID_TYPE };
	unsigned int k;
	size_t len;

	proof->leaf_index = htole32(i);
	proof->tree_size = htole32(n);
	proof->root = *tree_root(nodes, n);
	k = tree_path(nodes, n, i, proof->path);
	len = MODULE_HASHES_PROOF_HEAD_SIZE + k * MODULE_HASHES_DIGEST_SIZE;
	ms.sig_len = htobe32(len);
	memcpy(buf + len, &ms, sizeof(ms));
	len += sizeof(ms);
	memcpy(buf + len, MODULE_SIG_STRING, MODULE_HASHES_MARKER_LEN);
	return len + MODULE_HASHES_MARKER_LEN;
}

/* Never emit a proof that does not lead back to the root. */
static int self_check(const struct module_rec *m, const u8 *trailer,
		      const struct module_hash *root)
{
	const struct module_hashes_proof *proof = (const void *)trailer;
	__u32 i = le32toh(proof->leaf_index), n = le32toh(proof->tree_size);
	struct module_hash computed;

	if (module_hashes_walk(&m->leaf, i, n, proof->path,
			       module_hashes_path_len(i, n), &computed) ||
	    memcmp(&computed, root, sizeof(computed))) {
		error_msg(m->path, "internal error: proof does not verify");
		return -1;
	}
	return 0;
}

enum build_out { OUT_NONE, OUT_SIDECAR, OUT_INPLACE, OUT_DIR };

struct build_opts {
	const char *base;
	const char *root_out;
	const char *out_dir;
	enum build_out out;
	int jobs;
};

static int stage_module_output(struct stage *st, const struct build_opts *o,
			       const struct module_rec *m, const u8 *t, size_t tlen)
{
	char *dest;
	int ret;

	switch (o->out) {
	case OUT_SIDECAR:
		if (asprintf(&dest, "%s.proof", m->path) < 0)
			exit(1);
		ret = stage_file(st, dest, NULL, 0, t, tlen, 0644);
		free(dest);
		return ret;
	case OUT_INPLACE:
		return stage_file(st, m->path, m->path, m->st.st_size, t, tlen,
				  m->st.st_mode & 07777);
	case OUT_DIR:
		dest = path_join(o->out_dir, m->name);
		ret = mkdir_parents(dest);
		if (!ret)
			ret = stage_file(st, dest, m->path, m->st.st_size, t, tlen,
					 m->st.st_mode & 07777);
		free(dest);
		return ret;
	case OUT_NONE:
		break;
	}
	return 0;
}

static int write_outputs(const struct build_opts *o, struct module_list *l,
			 const struct module_hash *nodes)
{
	const struct module_hash *root = tree_root(nodes, l->n);
	struct module_hashes_root desc = {
		.algo = htole32(MODULE_HASHES_ALGO_SHA256),
		.tree_size = htole32(l->n),
		.root = *root,
	};
	union {
		struct module_hashes_proof p;
		u8 b[MODULE_HASHES_MAX_TRAILER];
	} t;
	struct stage st = { 0 };
	size_t i, tlen;

	for (i = 0; i < l->n; i++) {
		tlen = make_trailer(nodes, l->n, i, t.b);
		if (self_check(&l->m[i], t.b, root) ||
		    stage_module_output(&st, o, &l->m[i], t.b, tlen))
			goto fail;
	}
	if (stage_file(&st, o->root_out, NULL, 0, &desc, sizeof(desc), 0644))
		goto fail;
	return stage_commit(&st);
fail:
	stage_abort(&st);
	return -1;
}

static int build_tree(struct module_list *l, struct module_hash **nodes)
{
	size_t i;

	*nodes = xcalloc(tree_nodes(l->n), sizeof(**nodes));
	for (i = 0; i < l->n; i++)
		(*nodes)[i] = l->m[i].leaf;
	if (tree_build(*nodes, l->n)) {
		fprintf(stderr, "ERROR: SHA-256 failed\n");
		return -1;
	}
	return 0;
}

/* Module paths in a list are relative to the list's directory by default. */
static char *order_dir(const char *order)
{
	const char *slash = strrchr(order, '/');

	if (!strcmp(order, "-") || !slash)
		return xstrdup(".");
	if (slash == order)
		return xstrdup("/");
	return strndup(order, slash - order);
}

static int do_build(const struct build_opts *o, const char *order)
{
	struct module_list l = { 0 };
	struct module_hash *nodes = NULL;
	char *base = o->base ? xstrdup(o->base) : order_dir(order);
	size_t i;
	int ret = 1;

	if (read_order(order, base, &l))
		goto out;
	run_parallel(l.n, o->jobs, hash_one, &l);
	for (i = 0; i < l.n; i++)
		if (l.m[i].err)
			error_msg(l.m[i].path, "%s", l.m[i].err);
	for (i = 0; i < l.n; i++)
		if (l.m[i].err)
			goto out;
	if (build_tree(&l, &nodes) || write_outputs(o, &l, nodes))
		goto out;
	ret = 0;
out:
	free(nodes);
	free(base);
	list_free(&l);
	return ret;
}

/* ------------------------------------------------------------- patching */

static int do_patch(const char *vmlinux, const char *root_file)
{
	struct module_hashes_root root;
	struct stage st = { 0 };
	struct stat sb;
	off_t off;
	int fd, ret;

	if (load_root(root_file, &root) || check_root(root_file, &root))
		return 1;
	fd = open(vmlinux, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		error_msg(vmlinux, "cannot open: %s", strerror(errno));
		return 1;
	}
	ret = fstat(fd, &sb) ? -1 : find_section(vmlinux, fd, &off);
	close(fd);
	if (ret)
		return 1;
	/* Stage a copy, patch the copy, rename it over the original. */
	if (stage_file(&st, vmlinux, vmlinux, sb.st_size, NULL, 0, sb.st_mode & 07777))
		goto fail;
	fd = open(st.tmp[0], O_WRONLY | O_CLOEXEC);
	if (fd < 0 || pwrite(fd, &root, sizeof(root), off) != sizeof(root) ||
	    fsync(fd) || close(fd)) {
		error_msg(vmlinux, "cannot write the root descriptor: %s", strerror(errno));
		goto fail;
	}
	return stage_commit(&st) ? 1 : 0;
fail:
	stage_abort(&st);
	return 1;
}

static void print_root(const struct module_hashes_root *root)
{
	char h[2 * MODULE_HASHES_DIGEST_SIZE + 1];

	hex(h, &root->root, sizeof(root->root));
	printf("algo: %s\ntree_size: %u\nroot: %s\n", algo_name(le32toh(root->algo)),
	       le32toh(root->tree_size), h);
}

/* --------------------------------------------------------------- verify */

struct verify_ctx {
	struct module_list *l;
	const struct module_hashes_root *trusted;
	bool hashing;
};

/* Scan one module and record what its trailer says (and, hashing, the verdict). */
static void inspect_one(void *arg, size_t i)
{
	struct verify_ctx *v = arg;
	struct module_rec *m = &v->l->m[i];
	struct scan *s = xmalloc(sizeof(*s));
	char err[ERR_LEN] = "";
	struct module_hashes_parsed p;
	int herr;

	if (!scan_init(s, v->hashing)) {
		rec_fail(m, "cannot start SHA-256");
		goto out;
	}
	if (scan_file(m->path, s, true, &m->st, err)) {
		rec_fail(m, err);
		goto out;
	}
	m->trailer = module_hashes_trailer(s->tail, s->tail_len, &m->ms);
	herr = module_hashes_parse(s->tail, s->tail_len, &p);
	m->verdict = herr ? module_hashes_parse_verdict(herr) : MODULE_HASHES_VERIFIED;
	if (herr)
		goto out;
	m->mod_len = s->total - s->tail_len + p.mod_len;
	memcpy(&m->head, p.proof, sizeof(m->head));
	m->k = p.path_len;
	if (!v->hashing)
		goto out;
	if (!scan_finish(s, p.mod_len, &m->leaf)) {
		rec_fail(m, "SHA-256 failed");
		goto out;
	}
	m->verdict = module_hashes_check(&p, &m->leaf, v->trusted, &herr);
	if (herr)
		rec_fail(m, "SHA-256 failed");
out:
	scan_destroy(s);
	free(s);
}

static bool is_module_name(const char *name)
{
	static const char *const ext[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };
	size_t len = strlen(name), i;

	for (i = 0; i < ARRAY_SIZE(ext); i++) {
		size_t e = strlen(ext[i]);

		if (len > e && !strcmp(name + len - e, ext[i]))
			return true;
	}
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add every module below @dir, in name order so output is stable. */
static int walk_dir(const char *dir, struct module_list *l)
{
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	DIR *d = opendir(dir);
	int ret = 0;

	if (!d) {
		error_msg(dir, "cannot open directory: %s", strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = realloc(names, cap * sizeof(*names));
			if (!names)
				exit(1);
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		char *p = path_join(dir, names[i]);
		struct stat st;

		if (lstat(p, &st))
			;
		else if (S_ISDIR(st.st_mode))
			ret |= walk_dir(p, l);
		else if (S_ISREG(st.st_mode) && is_module_name(names[i]))
			list_add(l, NULL, p);
		free(p);
		free(names[i]);
	}
	free(names);
	return ret;
}

static int collect(int argc, char **argv, struct module_list *l)
{
	struct stat st;
	int i, ret = 0;

	for (i = 0; i < argc; i++) {
		if (!stat(argv[i], &st) && S_ISDIR(st.st_mode))
			ret |= walk_dir(argv[i], l);
		else
			list_add(l, NULL, argv[i]);
	}
	return ret;
}

static void print_verdict(const struct module_rec *m,
			  const struct module_hashes_root *trusted)
{
	char got[17], want[17];

	printf("%s: %s", m->path, module_hashes_verdict_name(m->verdict));
	if (m->verdict == MODULE_HASHES_OTHER_BUILD) {
		hex(got, &m->head.root, 8);
		hex(want, &trusted->root, 8);
		printf(" (proof: tree_size %u root %s; ", le32toh(m->head.tree_size), got);
		if (le32toh(trusted->algo) == MODULE_HASHES_ALGO_SHA256)
			printf("trusted: tree_size %u root %s)",
			       le32toh(trusted->tree_size), want);
		else
			printf("trusted: no tree)");
	} else if (m->verdict == MODULE_HASHES_NO_PROOF && m->trailer > 0) {
		printf(" (%s)", trailer_kind(&m->ms));
	}
	putchar('\n');
}

static void print_summary(const size_t *count, size_t errors)
{
	enum module_hashes_verdict v;

	printf("summary:");
	for (v = MODULE_HASHES_VERIFIED; v <= MODULE_HASHES_TAMPERED; v++)
		printf(" %zu %s,", count[v], module_hashes_verdict_name(v));
	printf(" %zu errors\n", errors);
}

static int do_verify(const struct module_hashes_root *trusted, int jobs,
		     int argc, char **argv)
{
	struct module_list l = { 0 };
	struct verify_ctx v = { .l = &l, .trusted = trusted, .hashing = true };
	size_t i, count[MODULE_HASHES_TAMPERED + 1] = { 0 }, errors = 0;
	int ret;

	ret = collect(argc, argv, &l);
	if (!l.n && !ret) {
		fprintf(stderr, "ERROR: no modules found\n");
		ret = -1;
	}
	run_parallel(l.n, jobs, inspect_one, &v);
	for (i = 0; i < l.n; i++) {
		if (l.m[i].err) {
			error_msg(l.m[i].path, "%s", l.m[i].err);
			errors++;
			continue;
		}
		print_verdict(&l.m[i], trusted);
		count[l.m[i].verdict]++;
	}
	if (l.n > 1)
		print_summary(count, errors);
	ret = ret || errors || count[MODULE_HASHES_VERIFIED] != l.n;
	list_free(&l);
	return ret;
}

/* ----------------------------------------------------------------- show */

static void show_one(const struct module_rec *m)
{
	char h[2 * MODULE_HASHES_DIGEST_SIZE + 1];

	printf("file: %s\n", m->path);
	if (m->trailer == 0) {
		printf("trailer: none\n");
	} else if (m->trailer < 0) {
		printf("trailer: malformed (marker without information block)\n");
	} else if (m->ms.id_type != MODULE_HASHES_ID_TYPE) {
		printf("trailer: %s (id_type %u), %u bytes\n", trailer_kind(&m->ms),
		       m->ms.id_type, be32toh(m->ms.sig_len));
	} else if (m->verdict == MODULE_HASHES_MALFORMED) {
		printf("trailer: malformed module hash proof (sig_len %u)\n",
		       be32toh(m->ms.sig_len));
	} else {
		hex(h, &m->head.root, sizeof(m->head.root));
		printf("trailer: module hash proof (id_type %u)\n", MODULE_HASHES_ID_TYPE);
		printf("leaf_index: %u\ntree_size: %u\nroot: %s\npath_length: %u\n",
		       le32toh(m->head.leaf_index), le32toh(m->head.tree_size), h, m->k);
		printf("module_bytes: %llu\n", (unsigned long long)m->mod_len);
	}
}

static int do_show(int argc, char **argv)
{
	struct module_list l = { 0 };
	struct verify_ctx v = { .l = &l, .hashing = false };
	size_t i;
	int ret = 0;

	for (i = 0; i < (size_t)argc; i++)
		list_add(&l, NULL, argv[i]);
	run_parallel(l.n, default_jobs(), inspect_one, &v);
	for (i = 0; i < l.n; i++) {
		if (i)
			putchar('\n');
		if (l.m[i].err) {
			error_msg(l.m[i].path, "%s", l.m[i].err);
			ret = 1;
			continue;
		}
		show_one(&l.m[i]);
	}
	list_free(&l);
	return ret;
}

/* ----------------------------------------------------------- main, usage */

static const char usage_text[] =
"Usage: module-hashes COMMAND [OPTIONS] ARGS\n"
"\n"
"Commands:\n"
"  build [-C BASE] -r ROOT_OUT [--sidecar | --in-place | -o OUTDIR] [-j N] LIST\n"
"        Hash the modules named in LIST (modules.order: one \"dir/x.o\" or\n"
"        \"dir/x.ko\" per line, relative to BASE, by default LIST's directory)\n"
"        into a Merkle tree. Write the 40-byte root descriptor to ROOT_OUT and\n"
"        each module's proof trailer: --sidecar as <module>.ko.proof beside it,\n"
"        --in-place appended to the module, -o as a proven copy OUTDIR/<path>.\n"
"  patch-vmlinux VMLINUX ROOT_FILE\n"
"        Write the root descriptor into VMLINUX's .module_hashes section.\n"
"  root [--expect-tree] VMLINUX|ROOT_FILE\n"
"        Print algo, tree size and root; --expect-tree fails on a placeholder.\n"
"  verify (--vmlinux FILE | --root-file FILE | --root HEX --size N |\n"
"          --running [--sysfs DIR]) [-j N] PATH...\n"
"        Print one verdict per module (verified, no-proof, malformed,\n"
"        other-build, tampered); directories are searched for .ko, .ko.xz,\n"
"        .ko.zst and .ko.gz. Exits 1 unless every module is verified.\n"
"        --running trusts the running kernel's root, read from\n"
"        " SYSFS_DIR " (or DIR): will these modules load here?\n"
"  show FILE...\n"
"        Print what each module carries: trailer type, index, size, root.\n"
"\n"
"Exit status: 0 success, 1 failure, 2 usage error.\n";

static void __noreturn usage(int status)
{
	fputs(usage_text, status ? stderr : stdout);
	exit(status);
}

static int parse_jobs(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*end || v < 1 || v > 1024) {
		fprintf(stderr, "ERROR: -j: \"%s\" is not a job count\n", s);
		usage(2);
	}
	return v;
}

static int cmd_build(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "base", required_argument, NULL, 'C' },
		{ "root", required_argument, NULL, 'r' },
		{ "sidecar", no_argument, NULL, 's' },
		{ "in-place", no_argument, NULL, 'i' },
		{ "out", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct build_opts o = { .jobs = default_jobs() };
	int c, outs = 0;

	while ((c = getopt_long(argc, argv, "C:r:sio:j:h", opts, NULL)) != -1) {
		switch (c) {
		case 'C':
			o.base = optarg;
			break;
		case 'r':
			o.root_out = optarg;
			break;
		case 's':
			o.out = OUT_SIDECAR;
			outs++;
			break;
		case 'i':
			o.out = OUT_INPLACE;
			outs++;
			break;
		case 'o':
			o.out = OUT_DIR;
			o.out_dir = optarg;
			outs++;
			break;
		case 'j':
			o.jobs = parse_jobs(optarg);
			break;
		case 'h':
			usage(0);
		default:
			usage(2);
		}
	}
	if (!o.root_out || outs > 1 || argc - optind != 1)
		usage(2);
	return do_build(&o, argv[optind]);
}

static int cmd_patch(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--help"))
		usage(0);
	if (argc != 3)
		usage(2);
	return do_patch(argv[1], argv[2]);
}

static int cmd_root(int argc, char **argv)
{
	struct module_hashes_root root;
	bool expect = false;
	int i = 1;

	if (argc > 1 && !strcmp(argv[1], "--help"))
		usage(0);
	if (argc > 1 && !strcmp(argv[1], "--expect-tree")) {
		expect = true;
		i++;
	}
	if (argc - i != 1)
		usage(2);
	if (load_root(argv[i], &root))
		return 1;
	print_root(&root);
	return expect && check_root(argv[i], &root) ? 1 : 0;
}

static int cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "vmlinux", required_argument, NULL, 'v' },
		{ "root-file", required_argument, NULL, 'f' },
		{ "root", required_argument, NULL, 'r' },
		{ "size", required_argument, NULL, 'n' },
		{ "running", no_argument, NULL, 'R' },
		{ "sysfs", required_argument, NULL, 'S' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct module_hashes_root trusted = { 0 };
	const char *file = NULL, *hexroot = NULL, *size = NULL, *sysfs = NULL;
	bool running = false;
	int c, jobs = default_jobs();
	char *end;

	while ((c = getopt_long(argc, argv, "v:f:r:n:j:h", opts, NULL)) != -1) {
		switch (c) {
		case 'v':
		case 'f':
			file = optarg;
			break;
		case 'r':
			hexroot = optarg;
			break;
		case 'n':
			size = optarg;
			break;
		case 'R':
			running = true;
			break;
		case 'S':
			sysfs = optarg;
			break;
		case 'j':
			jobs = parse_jobs(optarg);
			break;
		case 'h':
			usage(0);
		default:
			usage(2);
		}
	}
	if (optind == argc || !hexroot != !size || (sysfs && !running) ||
	    !!file + !!hexroot + running != 1)
		usage(2);
	if (running) {
		if (load_running_root(sysfs ? sysfs : SYSFS_DIR, &trusted))
			return 1;
	} else if (file) {
		if (load_root(file, &trusted) || check_root(file, &trusted))
			return 1;
	} else {
		unsigned long n = strtoul(size, &end, 10);

		if (!parse_hex(hexroot, trusted.root.b, sizeof(trusted.root.b)) ||
		    *end || !n || n > UINT32_MAX) {
			fprintf(stderr, "ERROR: --root wants 64 hex digits, --size a tree size\n");
			usage(2);
		}
		trusted.algo = htole32(MODULE_HASHES_ALGO_SHA256);
		trusted.tree_size = htole32(n);
	}
	return do_verify(&trusted, jobs, argc - optind, argv + optind);
}

static int cmd_show(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--help"))
		usage(0);
	if (argc < 2)
		usage(2);
	return do_show(argc - 1, argv + 1);
}

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "build", cmd_build },
	{ "patch-vmlinux", cmd_patch },
	{ "root", cmd_root },
	{ "verify", cmd_verify },
	{ "show", cmd_show },
};

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		usage(2);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		usage(0);
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "ERROR: unknown command \"%s\"\n", argv[1]);
	usage(2);
}
