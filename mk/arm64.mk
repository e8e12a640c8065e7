# SPDX-License-Identifier: GPL-2.0
#
# arm64: the same series cross-built with Debian's aarch64 compiler.
#
# make arm64-deps    install the cross compiler, qemu-system-arm, and
#                    busybox-static:arm64 unpacked into $(BUILD)/arm64
#                    (installing it would replace the host's busybox).
# make arm64-kernel  configure $(ARM64_OUT) from configs/module-hashes-arm64.config
#                    and configs/module-hashes-compress-xz.config on top of
#                    allnoconfig, in the tree of make kernel, and build
#                    "Image modules" (the goals that once left Image without
#                    the root), then Image.gz; install the modules (.ko.xz)
#                    and, decompressed, as an uncompressed install has them.
# make test-arm64    the boot-image checks of arm64/run.sh, then the QEMU
#                    verdict table of make test-qemu booted on qemu-system-aarch64
#                    (virt), with plain modules and with .ko.xz.
# make test-kunit-arm64  the KUnit suite cross-built for arm64.
# make test-arm64-7.2    make test-arm64 KVER=7.2 (not in make test, below).
#
# KVER picks the kernel as for make kernel; the build is in
# $(KBUILD_DIR)/arm64, in that kernel's tree.  7.2's fragment differs in
# the modules it builds, as the x86 ones do.

ARM64_BUILD	:= $(KBUILD_DIR)/arm64
ARM64_OUT	:= $(ARM64_BUILD)/kernel
ARM64_MODROOT	:= $(ARM64_BUILD)/modroot
ARM64_CONFIG	:= $(CURDIR)/configs/module-hashes-arm64$(if $(filter 6.12,$(KVER)),,-$(KVER)).config
ARM64_CROSS	:= aarch64-linux-gnu-
ARM64_DEPS	:= gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm \
		   dpkg-dev
# One busybox for both kernels (deps-all installs it once).
ARM64_BUSYDIR	:= $(abspath $(BUILD))/arm64
ARM64_BUSYBOX	:= $(ARM64_BUSYDIR)/busybox/bin/busybox
ARM64_DIR	:= tools/testing/selftests/module_hashes/arm64

# $(call arm64-kmake,OUTPUT-DIR): the kernel make of an arm64 build, whose
# CC run.sh uses too (KCC), so that its makes rebuild nothing for it.
ARM64_CC	= $(CCACHE_CC) $(ARM64_CROSS)gcc
arm64-kmake = $(KREPRO_ENV) CCACHE_DIR=$(KBUILD_CCACHE) $(MAKE) --no-print-directory \
	-C $(KBUILD_SRC) O=$(1) ARCH=arm64 CROSS_COMPILE=$(ARM64_CROSS) \
	CC="$(ARM64_CC)" -j$(KJOBS)
ARM64_KMAKE = $(call arm64-kmake,$(ARM64_OUT))

# One kernel for both module trees (modules-install in kernel.mk): the
# .ko.xz of modules_install, which the kernel decompresses, and the same
# modules decompressed.
ARM64_FRAG	:= $(ARM64_BUILD)/arm64.config
ARM64_XZ_MODROOT := $(ARM64_MODROOT)-xz

# The verdict table of make test-qemu, on arm64.
ARM64_QEMU = MH_ARCH=arm64 MH_BUSYBOX=$(ARM64_BUSYBOX) $(QEMU_DIR)/run.sh \
	--tool $(CURDIR)/$(TOOL) --timeout $(QEMU_TIMEOUT)

.PHONY: arm64-deps arm64-kernel test-arm64 test-kunit-arm64

arm64-deps: kernel-deps
	$(call apt-install,$(ARM64_DEPS))
	@[ -x $(ARM64_BUSYBOX) ] || { set -e; \
		dpkg --print-foreign-architectures | grep -qx arm64 || \
			dpkg --add-architecture arm64; \
		apt-get update -qq; rm -rf $(ARM64_BUSYDIR)/busybox.tmp; \
		mkdir -p $(ARM64_BUSYDIR)/busybox.tmp; \
		cd $(ARM64_BUSYDIR)/busybox.tmp && apt-get download -qq busybox-static:arm64 2>/dev/null; \
		dpkg-deb -x busybox-static_*_arm64.deb $(ARM64_BUSYDIR)/busybox; \
		rm -rf $(ARM64_BUSYDIR)/busybox.tmp; }
deps-all: arm64-deps

$(ARM64_FRAG): $(ARM64_CONFIG) $(CURDIR)/configs/module-hashes-compress-xz.config
	mkdir -p $(@D)
	cat $^ > $@

$(ARM64_OUT)/.config: $(ARM64_FRAG) $(KBUILD_SRC)/.unpacked | kernel-apply
	$(call kconfig-fragment,$(ARM64_KMAKE),$(ARM64_FRAG))

arm64-kernel: kernel-apply $(ARM64_OUT)/.config
	$(ARM64_KMAKE) Image modules
	$(ARM64_KMAKE) Image.gz
	$(call modules-install,$(ARM64_KMAKE),$(ARM64_OUT),$(ARM64_MODROOT))

# The boot-image checks, then the verdict table with plain modules and
# with .ko.xz; the last line sums them.
test-arm64: SHELL := /bin/bash
test-arm64: arm64-kernel $(TOOL)
	@{ $(KREPRO_ENV) CCACHE_DIR=$(KBUILD_CCACHE) KCC="$(ARM64_CC)" KJOBS=$(KJOBS) \
		$(ARM64_DIR)/run.sh --src $(KBUILD_SRC) --kernel $(ARM64_OUT) \
		--cross $(ARM64_CROSS) --work $(ARM64_BUILD)/test; \
	  $(ARM64_QEMU) --kernel $(ARM64_OUT) --modroot $(ARM64_MODROOT) \
		--work $(ARM64_BUILD)/qemu; \
	  $(ARM64_QEMU) --kernel $(ARM64_OUT) --modroot $(ARM64_XZ_MODROOT) \
		--work $(ARM64_BUILD)/qemu-xz; } 2>&1 | $(TAP_JOIN)

# The KUnit suite of make test-kunit, cross-built and run on arm64
# (kunit.py takes the last --arch).
test-kunit-arm64: arm64-deps
	@$(MAKE) --no-print-directory test-kunit KUNIT_OUT=$(ARM64_BUILD)/kunit \
		KUNIT_LOG=$(ARM64_BUILD)/kunit.log \
		KUNIT_ARGS="--arch=arm64 --cross_compile=$(ARM64_CROSS) $(KUNIT_ARGS)"

# make test-kunit-arm64 is not in make test: its kernel would be a build
# of its own, and test-arm64's boots load the same suite as a module.
TEST_SUITES += test-arm64

# Not in make test: another cold cross build, about eight minutes here.
.PHONY: test-arm64-7.2
test-arm64-7.2:
	@$(MAKE) --no-print-directory test-arm64 KVER=7.2
