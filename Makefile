# SPDX-License-Identifier: GPL-2.0
#
# CONFIG_MODULE_HASHES for Linux 6.12: host tool, overlay, kernel, tests.
# Everything built goes below $(BUILD); nothing is written elsewhere.

BUILD	?= $(CURDIR)/build
CC	?= cc
CFLAGS	?= -O2 -g
WARN	:= -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes

TOOL	:= scripts/module-hashes
TOOL_LIBS := -lelf -lcrypto -llzma -lzstd -lz -lpthread

.PHONY: all tool deps test test-host bench clean help
all: tool

tool: $(TOOL)

$(TOOL): scripts/module-hashes.c include/linux/module_hashes.h
	$(CC) $(CFLAGS) $(WARN) -o $@ $< $(TOOL_LIBS)

clean:
	rm -rf $(BUILD) $(TOOL)

include $(wildcard mk/*.mk)
