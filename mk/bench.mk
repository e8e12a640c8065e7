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

# Build the tool first once its source exists; bench.sh reports it as
# missing otherwise and still times the other columns.
bench: $(if $(wildcard scripts/module-hashes.c),tool)
	BUILD='$(BUILD)' TOOL='$(CURDIR)/$(TOOL)' $(BENCH_DIR)/bench.sh

# deps (top-level Makefile) brings what the tool itself needs to build.
bench-deps: deps
	@pk="$(BENCH_DEPS)"; \
	[ -f "$${KSRC:-/work/ksrc/linux-source-6.12}/scripts/sign-file.c" ] || \
		pk="$$pk linux-source-6.12"; \
	missing=$$(for p in $$pk; do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends $$missing; \
	fi
