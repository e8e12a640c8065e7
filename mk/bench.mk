# SPDX-License-Identifier: GPL-2.0
#
# make bench       time scripts/module-hashes against openssl dgst, sha256sum
#                  and scripts/sign-file over every module of Debian's
#                  linux-image-6.12.*-amd64-unsigned; prints a table.
#                  Work files (cached package, modules) go to $(BUILD)/bench.
# make bench-deps  install what bench needs (Debian 12, as root).
#
# Knobs (environment or make variables): REPEAT, SIGN_KEY (rsa4096|ec256),
# SIGN_HASH, SIGN_MAX_S, SIGN_SUBSET, SIGN_SEED, SIGN_JOBS, MH_EXTRA,
# BENCH_PKG, KSRC; see tools/testing/selftests/module_hashes/bench/bench.sh.

BENCH_DIR  := tools/testing/selftests/module_hashes/bench
BENCH_DEPS := time openssl libssl-dev xz-utils zstd gzip python3 gcc libc6-dev

.PHONY: bench bench-deps

bench: tool
	BUILD='$(BUILD)' TOOL='$(CURDIR)/$(TOOL)' KSRC="$${KSRC:-$(KBUILD_SRC)}" $(BENCH_DIR)/bench.sh

# deps (top-level Makefile) brings what the tool itself needs to build.
bench-deps: deps
	$(call apt-install,$(BENCH_DEPS) linux-source-6.12)