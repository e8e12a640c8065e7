// SPDX-License-Identifier: GPL-2.0
/*
 * loadmany - start many finit_module() calls at once, for the concurrent
 * load test of CONFIG_MODULE_HASHES (make test-stress).
 *
 *   loadmany [-n NTH] FILE...
 *   loadmany -F KIND MODE MODNAME FILE
 *
 * One child process per FILE, named "mhs-NN" (NN its index from 0), so
 * that the kernel log, which names a module not yet parsed by the comm of
 * its loader, tells the loads apart.  Each child opens its file, says it is
 * ready and waits; when all are ready the parent releases them together
 * and each calls finit_module(fd, "", 0).  With -n, each child first
 * writes NTH to its /proc/self/task/<tid>/fail-nth, so that the NTH
 * fault-injection point its load passes fails, and reports whether it was
 * reached.
 *
 * Prints one line per load, in FILE order:
 *   LOAD i=NN comm=mhs-NN pid=PID rc=RC errno=NAME hit=H us=T file=FILE
 * (errno 0 on success; hit is 1 when the fault was injected, 0 when the
 * load ended first, - without -n) and then
 *   WALL loads=N us=T
 * the time from the release to the last load's return.  Exits 0 when every
 * load ran (whatever its result), 1 on a failure of the harness itself.
 *
 * -F is the fault loop, in one process because under QEMU a shell loop
 * spends most of its time starting programs: FILE (module MODNAME) is
 * loaded with fail-nth n = 1, 2, ... until a load meets no fault.  MODE
 * "clean": each faulted load is followed by one without fault.  MODE
 * "first": no load in between (the first loads after boot), and the loop
 * stops once the verifier is past its first allocation of its transform
 * (a fault no longer meets it after some did, or a load was
 * authenticated), followed by one load without fault.  Per n it prints
 *   MHS-F KIND n LOAD ...            the faulted load, as above
 *   MHS-FSTATE KIND n MODNAME loaded=yes|no auth=A taint=T
 *   MHS-FLOG KIND n <kernel log line>   lines about authentication
 *   MHS-N, MHS-NSTATE, MHS-NLOG      the same for the load after it
 * and at the end "MHS-FEND KIND n".  The whole kernel log it reads (and
 * clears) is appended to /tmp/klog.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/klog.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_LOADS 256

struct result {
	int ran;		/* the child reached finit_module() */
	int rc;
	int err;
	int hit;		/* -1 no injection, 0 not reached, 1 injected */
	pid_t pid;
	long long start_ns;
	long long end_ns;
};

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static const char *errno_name(int err)
{
	static char num[16];

	switch (err) {
	case 0:			return "0";
	case ENOMEM:		return "ENOMEM";
	case EKEYREJECTED:	return "EKEYREJECTED";
	case EBADMSG:		return "EBADMSG";
	case ENOKEY:		return "ENOKEY";
	case ENODATA:		return "ENODATA";
	case ENOPKG:		return "ENOPKG";
	case EEXIST:		return "EEXIST";
	case ENOEXEC:		return "ENOEXEC";
	case EINVAL:		return "EINVAL";
	case EPERM:		return "EPERM";
	case EACCES:		return "EACCES";
	case ENOENT:		return "ENOENT";
	case EFAULT:		return "EFAULT";
	case EBUSY:		return "EBUSY";
	case EAGAIN:		return "EAGAIN";
	case EINTR:		return "EINTR";
	case ENOSPC:		return "ENOSPC";
	}
	snprintf(num, sizeof(num), "E%d", err);
	return num;
}

/* Write @nth to this thread's fail-nth; the open fd to read it back. */
static int arm_fault(int nth)
{
	char path[64], buf[16];
	int fd, len;

	snprintf(path, sizeof(path), "/proc/self/task/%ld/fail-nth",
		 (long)syscall(SYS_gettid));
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	len = snprintf(buf, sizeof(buf), "%d", nth);
	if (write(fd, buf, len) != len) {
		close(fd);
		return -1;
	}
	return fd;
}

/* 1 if the armed fault was injected (fail-nth reads 0), 0 if not. */
static int fault_hit(int fd)
{
	char buf[16] = "";
	ssize_t r;

	r = pread(fd, buf, sizeof(buf) - 1, 0);
	/* Disarm whatever is left, so that exiting cannot meet it. */
	if (write(fd, "0", 1) != 1)
		return -1;
	if (r <= 0)
		return -1;
	return atoi(buf) == 0;
}

static void child(int i, const char *file, int nth, int ready_w, int go_r,
		  struct result *res)
{
	char comm[16], c;
	int fd, ffd = -1;

	snprintf(comm, sizeof(comm), "mhs-%02d", i);
	prctl(PR_SET_NAME, comm, 0, 0, 0);
	res->pid = getpid();
	res->hit = -1;
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "ERROR: %s: %s\n", file, strerror(errno));
		_exit(1);
	}
	/* Ready; then the parent's close of the other end releases all. */
	if (write(ready_w, "r", 1) != 1)
		_exit(1);
	close(ready_w);
	if (read(go_r, &c, 1) != 0)
		_exit(1);
	/* Armed after the barrier: the wait must not count. */
	if (nth > 0) {
		ffd = arm_fault(nth);
		if (ffd < 0) {
			fprintf(stderr, "ERROR: fail-nth: %s\n", strerror(errno));
			_exit(1);
		}
	}
	res->start_ns = now_ns();
	res->rc = syscall(SYS_finit_module, fd, "", 0);
	res->err = res->rc ? errno : 0;
	res->end_ns = now_ns();
	if (ffd >= 0)
		res->hit = fault_hit(ffd);
	res->ran = 1;
	_exit(0);
}

/* Read and clear the kernel log; append it to /tmp/klog; print its lines
 * about module authentication with the prefix @tag.  Returns a bit mask:
 * 1 "cannot hash module" seen, 2 "authentication: " seen.
 */
static int klog_take(const char *tag)
{
	static char *buf;
	static int size;
	int len, seen = 0;
	char *line, *save;
	FILE *all;

	if (!buf) {
		size = klogctl(10, NULL, 0);	/* SYSLOG_ACTION_SIZE_BUFFER */
		if (size <= 0)
			size = 1 << 17;
		buf = malloc(size + 1);
		if (!buf)
			return 0;
	}
	len = klogctl(4, buf, size);		/* SYSLOG_ACTION_READ_CLEAR */
	if (len <= 0)
		return 0;
	buf[len] = '\0';
	all = fopen("/tmp/klog", "a");
	if (all) {
		fwrite(buf, 1, len, all);
		fclose(all);
	}
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strstr(line, "cannot hash module"))
			seen |= 1;
		if (strstr(line, "authentication: "))
			seen |= 2;
		if (strstr(line, "module_hashes") || strstr(line, "authentication") ||
		    strstr(line, "Loading of") || strstr(line, "FAULT_INJECTION"))
			printf("%s %s\n", tag, line);
	}
	return seen;
}

static void read_line(const char *path, char *out, size_t size)
{
	FILE *f = fopen(path, "r");

	snprintf(out, size, "-");
	if (!f)
		return;
	if (!fgets(out, size, f))
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	fclose(f);
}

static int is_loaded(const char *modname)
{
	char line[256];
	size_t len = strlen(modname);
	int found = 0;
	FILE *f = fopen("/proc/modules", "r");

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, modname, len) && line[len] == ' ';
	fclose(f);
	return found;
}

static void print_state(const char *tag, const char *modname)
{
	char path[128], auth[64], taint[64];

	snprintf(path, sizeof(path), "/sys/module/%s/authentication", modname);
	read_line(path, auth, sizeof(auth));
	snprintf(path, sizeof(path), "/sys/module/%s/taint", modname);
	read_line(path, taint, sizeof(taint));
	printf("%s %s loaded=%s auth=%s taint=%s\n", tag, modname,
	       is_loaded(modname) ? "yes" : "no", auth, taint);
}

static void unload(const char *modname)
{
	int i;

	for (i = 0; i < 10 && is_loaded(modname); i++) {
		if (!syscall(SYS_delete_module, modname, O_NONBLOCK))
			return;
		sleep(1);
	}
	if (is_loaded(modname))
		printf("MHS-RMMOD-FAILED %s\n", modname);
}

/* One load of @file, with fault @nth if positive; prints its LOAD line. */
static void load_once(const char *tag, const char *file, int nth, int *hit)
{
	struct result r = { .hit = -1 };
	char hitbuf[12] = "-";
	int fd, ffd = -1;

	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		printf("%s LOAD i=00 comm=- ran=no file=%s\n", tag, file);
		*hit = 0;
		return;
	}
	if (nth > 0)
		ffd = arm_fault(nth);
	r.start_ns = now_ns();
	r.rc = syscall(SYS_finit_module, fd, "", 0);
	r.err = r.rc ? errno : 0;
	r.end_ns = now_ns();
	if (ffd >= 0) {
		r.hit = fault_hit(ffd);
		close(ffd);
		snprintf(hitbuf, sizeof(hitbuf), "%d", r.hit);
	}
	close(fd);
	*hit = r.hit;
	printf("%s LOAD i=00 comm=- pid=%d rc=%d errno=%s hit=%s us=%lld file=%s\n",
	       tag, (int)getpid(), r.rc, errno_name(r.err), hitbuf,
	       (r.end_ns - r.start_ns) / 1000, file);
}

static void after(const char *kind, int nth, const char *modname,
		  const char *file)
{
	char tag[64];
	int hit;

	snprintf(tag, sizeof(tag), "MHS-N %s %d", kind, nth);
	load_once(tag, file, 0, &hit);
	snprintf(tag, sizeof(tag), "MHS-NSTATE %s %d", kind, nth);
	print_state(tag, modname);
	unload(modname);
	snprintf(tag, sizeof(tag), "MHS-NLOG %s %d", kind, nth);
	klog_take(tag);
}

static int fault_loop(const char *kind, const char *mode, const char *modname,
		      const char *file)
{
	int first = !strcmp(mode, "first"), nth, hit, seen, met_tfm = 0;
	char tag[64];

	if (!first && strcmp(mode, "clean"))
		return 2;
	klog_take("MHS-FPRE");
	for (nth = 1; nth <= 5000; nth++) {
		snprintf(tag, sizeof(tag), "MHS-F %s %d", kind, nth);
		load_once(tag, file, nth, &hit);
		snprintf(tag, sizeof(tag), "MHS-FSTATE %s %d", kind, nth);
		print_state(tag, modname);
		snprintf(tag, sizeof(tag), "MHS-FLOG %s %d", kind, nth);
		seen = klog_take(tag);
		unload(modname);
		if (!first)
			after(kind, nth, modname, file);
		fflush(stdout);
		if (hit != 1)
			break;
		if (first) {
			if (seen & 2)
				break;
			if (seen & 1)
				met_tfm = 1;
			else if (met_tfm)
				break;
		}
	}
	if (nth > 5000)
		nth = 5000;
	if (first)
		after(kind, nth, modname, file);
	printf("MHS-FEND %s %d\n", kind, nth);
	return 0;
}

int main(int argc, char **argv)
{
	int ready[2], go[2], nth = 0, nfiles, i, status, bad = 0;
	long long t0, t_end = 0;
	struct result *res;
	char c;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 6 && !strcmp(argv[1], "-F"))
		return fault_loop(argv[2], argv[3], argv[4], argv[5]);
	if (argc > 2 && !strcmp(argv[1], "-n")) {
		nth = atoi(argv[2]);
		argv += 2;
		argc -= 2;
	}
	nfiles = argc - 1;
	if (nfiles < 1 || nfiles > MAX_LOADS || nth < 0) {
		fprintf(stderr, "usage: loadmany [-n NTH] FILE... (at most %d)\n"
			"       loadmany -F KIND clean|first MODNAME FILE\n",
			MAX_LOADS);
		return 2;
	}
	res = mmap(NULL, nfiles * sizeof(*res), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED || pipe(ready) || pipe(go)) {
		perror("loadmany");
		return 1;
	}
	memset(res, 0, nfiles * sizeof(*res));
	for (i = 0; i < nfiles; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (!pid) {
			close(ready[0]);
			close(go[1]);
			child(i, argv[i + 1], nth, ready[1], go[0], &res[i]);
		}
	}
	close(ready[1]);
	close(go[0]);
	/* The barrier: every child has its file open before any loads. */
	for (i = 0; i < nfiles; i++) {
		if (read(ready[0], &c, 1) != 1) {
			fprintf(stderr, "ERROR: a child died before the barrier\n");
			bad = 1;
			break;
		}
	}
	t0 = now_ns();
	close(go[1]);
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			bad = 1;
	for (i = 0; i < nfiles; i++) {
		struct result *r = &res[i];
		char hit[12] = "-";

		if (!r->ran) {
			printf("LOAD i=%02d comm=mhs-%02d ran=no file=%s\n", i, i,
			       argv[i + 1]);
			bad = 1;
			continue;
		}
		if (r->hit >= 0)
			snprintf(hit, sizeof(hit), "%d", r->hit);
		if (r->end_ns > t_end)
			t_end = r->end_ns;
		printf("LOAD i=%02d comm=mhs-%02d pid=%d rc=%d errno=%s hit=%s us=%lld file=%s\n",
		       i, i, (int)r->pid, r->rc, errno_name(r->err), hit,
		       (r->end_ns - r->start_ns) / 1000, argv[i + 1]);
	}
	printf("WALL loads=%d us=%lld\n", nfiles, t_end > t0 ? (t_end - t0) / 1000 : 0);
	return bad;
}
