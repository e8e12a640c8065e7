# SPDX-License-Identifier: GPL-2.0
#
# make bench       time scripts/module-hashes against openssl dgst, sha256sum
#                  and scripts/sign-file over every module of Debian's
#                  linux-image-6.12.*-amd64-unsigned; prints a table.
#                  Work files (cached package, modules) go to $(BUILD)/bench.
# make bench-deps  install what bench needs (Debian 12, as root).
# make bench-build what CONFIG_MODULE_HASHES costs a build, 6.12 and 7.2 side
#                  by side: cold builds of each QEMU config without ccache,
#                  hashes off and on, and an incremental make after one
#                  module's source changes (bench/build-cost.sh; about 25
#                  minutes on two cores; nothing else should run).
#
# Knobs (environment or make variables): REPEAT, SIGN_KEY (rsa4096|ec256),
# SIGN_HASH, SIGN_MAX_S, SIGN_SUBSET, SIGN_SEED, SIGN_JOBS, MH_EXTRA,
# BENCH_PKG, KSRC; see tools/testing/selftests/module_hashes/bench/bench.sh.

BENCH_DIR  := tools/testing/selftests/module_hashes/bench
BENCH_DEPS := time openssl libssl-dev xz-utils zstd gzip python3 gcc libc6-dev

.PHONY: bench bench-deps bench-build

bench: tool
	BUILD='$(BUILD)' TOOL='$(CURDIR)/$(TOOL)' KSRC="$${KSRC:-$(KBUILD_SRC)}" $(BENCH_DIR)/bench.sh

# deps (top-level Makefile) brings what the tool itself needs to build.
bench-deps: deps
	$(call apt-install,$(BENCH_DEPS) linux-source-6.12)
# The trees of make kernel, series applied, for both kernels.
BENCH_BUILD_TREES = --tree 6.12 $(BUILD)/src/linux-source-6.12 \
		$(CURDIR)/configs/module-hashes-qemu.config \
		$(BUILD)/src/linux-source-6.12/lib/crc7.c \
	--tree 7.2 $(BUILD)/7.2/src/linux-source-7.2 \
		$(CURDIR)/configs/module-hashes-qemu-7.2.config \
		$(BUILD)/7.2/src/linux-source-7.2/lib/crc/crc7.c

bench-build:
	@$(MAKE) --no-print-directory kernel-apply KVER=6.12
	@$(MAKE) --no-print-directory kernel-apply KVER=7.2
	$(BENCH_DIR)/build-cost.sh --work $(BUILD)/bench-build --jobs $(KJOBS) \
		$(BENCH_BUILD_TREES)
