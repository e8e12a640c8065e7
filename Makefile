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

.PHONY: all tool deps test-host clean
all: tool

tool: $(TOOL)

$(TOOL): scripts/module-hashes.c include/linux/module_hashes.h
	$(CC) $(CFLAGS) $(WARN) -o $@ $< $(TOOL_LIBS)

HOST_DEPS := gcc make libelf-dev libssl-dev liblzma-dev libzstd-dev zlib1g-dev \
	     clang libclang-rt-14-dev xz-utils zstd gzip
FUZZ_SECONDS ?= 30

# Install what a fresh Debian 12 machine lacks (as root, via apt-get).
deps:
	@missing=$$(for p in $(HOST_DEPS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# Host tests: format, tool, fuzz smoke.
test-host: $(TOOL)
	tools/testing/selftests/module_hashes/run.sh $(TOOL) $(BUILD)/host $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(TOOL)

include $(wildcard mk/*.mk)
