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

.PHONY: all tool deps deps-all test test-host clean
all: tool

tool: $(TOOL)

TOOL_SRCS := scripts/module-hashes.c scripts/modhashes/tree.c

$(TOOL): $(TOOL_SRCS) scripts/modhashes/tree.h include/linux/module_hashes.h
	$(CC) $(CFLAGS) $(WARN) -o $@ $(TOOL_SRCS) $(TOOL_LIBS)

HOST_DEPS := gcc make libelf-dev libssl-dev liblzma-dev libzstd-dev zlib1g-dev \
	     clang libclang-rt-14-dev xz-utils zstd gzip
FUZZ_SECONDS ?= 30

# $(call apt-install,PACKAGES): install those a fresh Debian 12 machine
# lacks (as root, via apt-get); a no-op when all are there.
define apt-install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call apt-install,$(HOST_DEPS))

# Everything CI runs.  Each suite runs in its own make, after the packages
# are installed, and is run even when an earlier one failed; the last line
# sums their "N passed, N failed" lines.
TEST_SUITES ?= test-host test-kunit test-qemu

test: SHELL := /bin/bash
test: deps-all
	@mkdir -p $(BUILD); rc=0; : >$(BUILD)/test-summary; \
	for t in $(TEST_SUITES); do \
		echo "=== $$t"; \
		$(MAKE) --no-print-directory $$t 2>&1 | tee $(BUILD)/$$t.log; \
		r=$${PIPESTATUS[0]}; \
		line=$$(grep -E '^[0-9]+ passed, [0-9]+ failed' $(BUILD)/$$t.log | tail -1); \
		[ -n "$$line" ] || line="0 passed, 1 failed"; \
		[ $$r = 0 ] || case "$$line" in *", 0 failed"*) line="$$line, exit $$r"; r=1;; esac; \
		echo "$$t: $$line" >>$(BUILD)/test-summary; \
		[ $$r = 0 ] || rc=1; \
	done; \
	echo "=== summary"; cat $(BUILD)/test-summary; \
	awk '{ p += $$2; f += $$4 } /exit/ { f++ } END { printf "%d passed, %d failed\n", p, f }' \
		$(BUILD)/test-summary; \
	exit $$rc

deps-all: deps kernel-deps kunit-deps

# Host tests: format, tool, fuzz smoke.
test-host: $(TOOL)
	tools/testing/selftests/module_hashes/run.sh $(TOOL) $(BUILD)/host $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(TOOL)

include $(wildcard mk/*.mk)
