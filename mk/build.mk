# SPDX-License-Identifier: GPL-2.0
#
# Build integration: what a distribution's kernel build does with
# CONFIG_MODULE_HASHES.
#
# make test-build   build the tree of make kernel again in
#                   $(KBUILD_DIR)/kernel2, from scratch (with ccache:
#                   KTEST_CCACHE in mk/kernel.mk), and compare vmlinux,
#                   bzImage, the root and every installed module byte for
#                   byte; then, as incremental builds of kernel2: no-op
#                   make, deleted modules, a changed module source (no
#                   other module relinked), stale proofs and an old image
#                   stopping modules_install and install, make bzImage,
#                   INSTALL_MOD_STRIP, make M=, packages, compressed modules
#                   (booted in QEMU); then make test-series.  What differs
#                   per kernel is KTEST_BUILD (mk/kernel.mk).  The last line
#                   is "N passed, N failed".
# make test-build-7.2  make test-build KVER=7.2.
# make test-build-btf  (not in make test) test-build on 7.2, then again
#                   with DEBUG_INFO_BTF_MODULES on (--delta
#                   configs/module-hashes-btf.config).
# make series       the whole change as a git format-patch series against
#                   pristine $(KVER), in $(KBUILD_DIR)/series ($(BUILD)/series
#                   for 6.12, $(BUILD)/7.2/series for 7.2): the patches of
#                   patches/ (patches-7.2/), each with the new files it
#                   builds folded in; 7.2's with the cover letter of
#                   patches-7.2/cover-letter.txt as patch 0000.
# make test-series  check that it applies with git am to pristine $(KVER) and
#                   gives the tree make apply gives (and that 7.2's cover
#                   letter is there and answers the review of v4).
# make test-series-build  (optional, not in make test, ~40 min a kernel)
#                   apply the series one patch at a time and build after
#                   each.
#
# Knobs: TEST_BUILD_ARGS (more run.sh arguments, e.g. --reuse to build on
# an existing $(BUILD)/kernel2).

KBUILD_OUT2	:= $(KBUILD_DIR)/kernel2
TEST_BUILD_DIR	:= tools/testing/selftests/module_hashes/build
TEST_BUILD_ARGS	?=
COMPRESS_FRAGMENTS := $(CURDIR)/configs/module-hashes-compress-xz.config \
		      $(CURDIR)/configs/module-hashes-compress-zstd.config

.PHONY: test-build test-build-7.2 series test-series test-series-build

# 6.12's series is a distribution's patch queue; 7.2's goes upstream, with
# a cover letter.
SERIES_COVER = $(if $(filter 6.12,$(KVER)),,$(CURDIR)/$(call kver-series,$(KVER))/cover-letter.txt)
SERIES_ARGS = --tarball $(KTARBALL) --repo $(CURDIR) --work $(KBUILD_DIR)/series-work \
	      --out $(KBUILD_DIR)/series --kernel $(KVER) --series $(call kver-series,$(KVER)) \
	      $(addprefix --cover-letter ,$(SERIES_COVER)) $(KOVERLAY)

series:
	@$(TEST_BUILD_DIR)/series.sh $(SERIES_ARGS)

test-series:
	@$(TEST_BUILD_DIR)/series.sh --check $(SERIES_ARGS)

# Not part of test-build (about 40 minutes a kernel): every patch of the
# series builds on its own, applied one by one to pristine $(KVER), with
# the QEMU and the policy configs together, which compiles every file the
# series touches on x86 (arm64's patch is applied, not built).  A patch
# that changes <linux/module.h> or <linux/security.h> rebuilds most of it.
test-series-build: series
	@CCACHE_DIR=$(KBUILD_CCACHE) KCC="$(CCACHE_CC) gcc" KJOBS=$(KJOBS) \
		$(TEST_BUILD_DIR)/series_build.sh --tarball $(KTARBALL) --kernel $(KVER) \
		--series $(KBUILD_DIR)/series --work $(KBUILD_DIR)/series-build \
		--config $(KCONFIG_FRAGMENT) --config $(POLICY_CONFIG)

# git makes and checks the series.  bindeb-pkg's build dependencies are
# what the kernel's own mkdebian writes into debian/control; the script
# installs those dpkg-checkbuilddeps finds missing.  dpkg-dev
# (dpkg-checkbuilddeps) comes with kernel-deps; test-build installs those
# of its own kernel's mkdebian too (7.2's differ).  rpm (rpmbuild,
# rpm2cpio), makepkg with pacman (which makepkg looks for even with
# --nodeps) and libarchive-tools (bsdtar) make and unpack binrpm-pkg's and
# pacman-pkg's packages.
PKG_DEPS	:= git rpm makepkg pacman-package-manager libarchive-tools
.PHONY: pkg-deps
pkg-deps: kernel-deps
	$(call apt-install,$(PKG_DEPS))
	@$(TEST_BUILD_DIR)/debian-build-deps.sh $(KTARBALL)
deps-all: pkg-deps

test-build: SHELL := /bin/bash
test-build: kernel $(TOOL)
	@$(TEST_BUILD_DIR)/debian-build-deps.sh $(KBUILD_SRC)
	@{ $(KREPRO_ENV) KJOBS=$(KJOBS) $(TEST_BUILD_DIR)/run.sh \
		--src $(KBUILD_SRC) --ref $(KBUILD_OUT) --ref-modroot $(KBUILD_MODROOT) \
		--out $(KBUILD_OUT2) --work $(KBUILD_DIR)/test-build \
		--config $(KCONFIG_FRAGMENT) $(KTEST_BUILD) \
		--tool $(CURDIR)/$(TOOL) --timeout $(QEMU_TIMEOUT) $(TEST_BUILD_ARGS); \
	  $(TEST_BUILD_DIR)/series.sh --check $(SERIES_ARGS); } 2>&1 | $(TAP_JOIN)

test-build-7.2:
	@$(MAKE) --no-print-directory test-build KVER=7.2

# Not in make test (debug info makes it another cold build, about 15
# minutes): test-build on 7.2, and then all of it again with BTF.
.PHONY: test-build-btf
test-build-btf:
	@$(MAKE) --no-print-directory test-build KVER=7.2 \
		TEST_BUILD_ARGS="--delta $(CURDIR)/configs/module-hashes-btf.config $(TEST_BUILD_ARGS)"

TEST_SUITES += test-build test-build-7.2

# make test runs 7.2's suites beside 6.12's: the Build-Depends of 7.2's
# packages are installed before (test-prep), not by apt-get in a lane.
ifneq ($(filter test-build-7.2,$(TEST_SUITES)),)
test-prep: test-prep-7.2
endif
.PHONY: test-prep-7.2
test-prep-7.2: src-7.2 pkg-deps
	@$(TEST_BUILD_DIR)/debian-build-deps.sh $(K72_TARBALL)
