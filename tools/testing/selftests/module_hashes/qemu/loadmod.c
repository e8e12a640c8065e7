// SPDX-License-Identifier: GPL-2.0
/*
 * loadmod - load a module through one named system call, so the QEMU test
 * covers both entry points of the loader.
 *
 *   loadmod finit FILE    finit_module(fd, "", 0)
 *   loadmod finitt FILE   the same, and print the call's time: "ok ns=N"
 *   loadmod finitc FILE   finit_module(fd, "", MODULE_INIT_COMPRESSED_FILE)
 *   loadmod finitf FILE   finit_module(fd, "", MODULE_INIT_IGNORE_MODVERSIONS |
 *                                                MODULE_INIT_IGNORE_VERMAGIC)
 *   loadmod init FILE     init_module(image, len, "")
 *   loadmod kexec FILE    kexec_file_load(fd, -1, 1, "", KEXEC_FILE_NO_INITRAMFS):
 *                         the file read as a kernel, for IMA's
 *                         KEXEC_KERNEL_CHECK
 *
 * Prints "ok" or the error text; exits 0 on success, 1 on failure.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef MODULE_INIT_IGNORE_MODVERSIONS
#define MODULE_INIT_IGNORE_MODVERSIONS 1	/* <linux/module.h> */
#define MODULE_INIT_IGNORE_VERMAGIC 2
#endif
#ifndef KEXEC_FILE_NO_INITRAMFS
#define KEXEC_FILE_NO_INITRAMFS 4	/* <linux/kexec.h> */
#endif
#ifndef MODULE_INIT_COMPRESSED_FILE
#define MODULE_INIT_COMPRESSED_FILE 4	/* <linux/module.h>, 6.4+ */
#endif

static void *read_file(int fd, size_t *len)
{
	struct stat st;
	size_t done = 0;
	char *buf;

	if (fstat(fd, &st))
		return NULL;
	buf = malloc(st.st_size ? st.st_size : 1);
	while (buf && done < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + done, st.st_size - done);

		if (r <= 0) {
			free(buf);
			return NULL;
		}
		done += r;
	}
	*len = done;
	return buf;
}

int main(int argc, char **argv)
{
	size_t len;
	void *image;
	long rc;
	int fd;

	if (argc != 3 || (strcmp(argv[1], "finit") && strcmp(argv[1], "finitt") &&
			  strcmp(argv[1], "finitc") &&
			  strcmp(argv[1], "finitf") && strcmp(argv[1], "init") &&
			  strcmp(argv[1], "kexec"))) {
		fprintf(stderr, "usage: loadmod finit|finitt|finitc|finitf|init|kexec FILE\n");
		return 2;
	}
	fd = open(argv[2], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		printf("ERROR: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	if (!strcmp(argv[1], "finit")) {
		rc = syscall(SYS_finit_module, fd, "", 0);
	} else if (!strcmp(argv[1], "finitt")) {
		struct timespec t0, t1;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = syscall(SYS_finit_module, fd, "", 0);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (!rc) {
			printf("ok ns=%lld\n", (t1.tv_sec - t0.tv_sec) * 1000000000LL +
			       (t1.tv_nsec - t0.tv_nsec));
			return 0;
		}
	} else if (!strcmp(argv[1], "finitc")) {
		rc = syscall(SYS_finit_module, fd, "", MODULE_INIT_COMPRESSED_FILE);
	} else if (!strcmp(argv[1], "finitf")) {
		/* What modprobe --force asks for. */
		rc = syscall(SYS_finit_module, fd, "",
			     MODULE_INIT_IGNORE_MODVERSIONS | MODULE_INIT_IGNORE_VERMAGIC);
	} else if (!strcmp(argv[1], "kexec")) {
		rc = syscall(SYS_kexec_file_load, fd, -1, 1UL, "",
			     KEXEC_FILE_NO_INITRAMFS);
	} else {
		image = read_file(fd, &len);
		if (!image) {
			printf("ERROR: %s: cannot read\n", argv[2]);
			return 1;
		}
		rc = syscall(SYS_init_module, image, len, "");
	}
	if (rc) {
		printf("%s\n", strerror(errno));
		return 1;
	}
	printf("ok\n");
	return 0;
}
