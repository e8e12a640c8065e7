# SPDX-License-Identifier: GPL-2.0
#
# CONFIG_MODULE_HASHES for Linux 6.12: host tool, overlay, kernel, tests.
# Everything built goes below $(BUILD); nothing is written elsewhere.

BUILD	?= $(CURDIR)/build
CC	?= cc
CFLAGS	?= -O2 -g
WARN	:= -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes

TOOL	:= scripts/module-hashes
MH	:= scripts/modhashes
MH_OBJ	:= $(BUILD)/tool
PREFIX	?= /usr/local
DESTDIR	?=
PKG_CONFIG ?= pkg-config
INSTALL	?= install

.PHONY: all tool deps deps-all test test-host install clean
all: tool

tool: $(TOOL)

# The tool in parts (scripts/modhashes/); each library's flags go to the
# parts that use it.  kbuild (patches/0004) links nocodec.o instead of the
# codec, so its binary needs only libelf and libcrypto; this one reads and
# writes compressed modules too.
pkg-cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pkg-libs = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null || echo $(2))

TOOL_PARTS := main build prove verify report show inspect vmlinux roots \
	      bootimage elf modlist view input hash stage util tree decompress compress
TOOL_OBJS := $(TOOL_PARTS:%=$(MH_OBJ)/%.o)
TOOL_LIBS := $(call pkg-libs,libelf libcrypto liblzma libzstd zlib,-lelf -lcrypto -llzma -lzstd -lz) \
	     -lpthread

$(MH_OBJ)/hash.o: PART_CFLAGS := $(call pkg-cflags,libcrypto)
$(MH_OBJ)/elf.o: PART_CFLAGS := $(call pkg-cflags,libelf)
$(MH_OBJ)/decompress.o $(MH_OBJ)/compress.o: PART_CFLAGS := $(call pkg-cflags,liblzma libzstd zlib)

$(MH_OBJ)/%.o: $(MH)/%.c $(wildcard $(MH)/*.h) include/linux/module_hashes.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) $(PART_CFLAGS) -c -o $@ $<

$(TOOL): $(TOOL_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(TOOL_LIBS)

# make install [PREFIX=/usr/local] [DESTDIR=]: the tool and its manual.
install: $(TOOL)
	$(INSTALL) -D -m 0755 $(TOOL) $(DESTDIR)$(PREFIX)/bin/module-hashes
	$(INSTALL) -D -m 0644 $(MH)/module-hashes.1 \
		$(DESTDIR)$(PREFIX)/share/man/man1/module-hashes.1

HOST_DEPS := gcc make pkg-config libelf-dev libssl-dev liblzma-dev libzstd-dev zlib1g-dev \
	     clang libclang-rt-14-dev xz-utils zstd gzip man-db python3 time
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

# Everything CI runs (mk/run-suites.sh): each suite in its own make, after
# the packages are installed, even when an earlier one failed; each
# summary line ends with the suite's wall time; the last line sums the
# counts.  Suites that share a tree run one after another in a lane, the
# lanes side by side (TEST_JOBS=1: everything one after another).  Lane 1
# has 6.12's tree and build ($(BUILD)/src, kernel, modroot); lane 2 7.2's
# and the policy kernel's.  What both lanes need is made before them
# (test-prep): the tool, and every package, 7.2's Build-Depends included,
# so that no lane runs apt-get.
TEST_SUITES ?= test-host test-qemu test-qemu-7.2
TEST_JOBS ?= 2
TEST_LANE1 := test-host test-qemu test-build test-arm64 test-kmod

test: test-prep
	@MAKE="$(MAKE)" mk/run-suites.sh --build $(BUILD) --jobs $(TEST_JOBS) \
		$(foreach t,$(TEST_SUITES),$(if $(filter $(t),$(TEST_LANE1)),1,2):$(t))

.PHONY: test-prep
test-prep: deps-all $(TOOL)

deps-all: deps kernel-deps kunit-deps

# Host tests: format, tool, fuzz smoke.
test-host: $(TOOL)
	tools/testing/selftests/module_hashes/run.sh $(TOOL) $(BUILD)/host $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(TOOL)

# kernel.mk first: the others build on its variables.
include mk/kernel.mk $(filter-out mk/kernel.mk,$(wildcard mk/*.mk))
