/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The commands of module-hashes, one function each, dispatched by main.c
 * through its table of name, function and usage.
 */
#ifndef MODHASHES_COMMANDS_H
#define MODHASHES_COMMANDS_H

#include "util.h"

/**
 * struct command - one row of the command table
 * @name: as given on the command line
 * @func: runs it; argv[0] is @name; returns an exit status
 * @usage: its synopsis and options, printed by "COMMAND --help"
 */
struct command {
	const char *name;
	int (*func)(const struct command *cmd, int argc, char **argv);
	const char *usage;
};

int cmd_build(const struct command *cmd, int argc, char **argv);
int cmd_patch_vmlinux(const struct command *cmd, int argc, char **argv);
int cmd_root(const struct command *cmd, int argc, char **argv);
int cmd_verify(const struct command *cmd, int argc, char **argv);
int cmd_show(const struct command *cmd, int argc, char **argv);

void __noreturn usage(const struct command *cmd, int status);
void __noreturn usage_bad_option(const struct command *cmd, int c, char **argv);
void __noreturn usage_error(const struct command *cmd, const char *fmt, ...)
	__printf(2, 3);

#endif /* MODHASHES_COMMANDS_H */
