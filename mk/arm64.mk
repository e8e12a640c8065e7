# SPDX-License-Identifier: GPL-2.0
#
# arm64: the same series cross-built with Debian's aarch64 compiler.
#
# make arm64-deps    install the cross compiler, qemu-system-arm, and
#                    busybox-static:arm64 unpacked into $(ARM64_BUILD)
#                    (installing it would replace the host's busybox).
# make arm64-kernel  configure $(ARM64_OUT) from configs/module-hashes-arm64.config
#                    on top of allnoconfig, in the tree of make kernel, and
#                    build "Image modules" (the goals that once left Image
#                    without the root), then Image.gz; install the modules.
# make test-arm64    the boot-image checks of arm64/run.sh, then the KUnit
#                    suite cross-built for arm64 under qemu-system-aarch64.

ARM64_BUILD	:= $(abspath $(BUILD))/arm64
ARM64_OUT	:= $(ARM64_BUILD)/kernel
ARM64_MODROOT	:= $(ARM64_BUILD)/modroot
ARM64_CONFIG	:= $(CURDIR)/configs/module-hashes-arm64.config
ARM64_CROSS	:= aarch64-linux-gnu-
ARM64_DEPS	:= gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm \
		   dpkg-dev
ARM64_BUSYBOX	:= $(ARM64_BUILD)/busybox/bin/busybox
ARM64_DIR	:= tools/testing/selftests/module_hashes/arm64

ARM64_KMAKE = $(KREPRO_ENV) CCACHE_DIR=$(KBUILD_CCACHE) $(MAKE) --no-print-directory \
	-C $(KBUILD_SRC) O=$(ARM64_OUT) ARCH=arm64 CROSS_COMPILE=$(ARM64_CROSS) \
	CC="ccache $(ARM64_CROSS)gcc" -j$(KJOBS)

.PHONY: arm64-deps arm64-kernel test-arm64 test-kunit-arm64

arm64-deps: kernel-deps
	$(call apt-install,$(ARM64_DEPS))
	@[ -x $(ARM64_BUSYBOX) ] || { set -e; \
		dpkg --print-foreign-architectures | grep -qx arm64 || \
			dpkg --add-architecture arm64; \
		apt-get update -qq; rm -rf $(ARM64_BUILD)/busybox.tmp; \
		mkdir -p $(ARM64_BUILD)/busybox.tmp; \
		cd $(ARM64_BUILD)/busybox.tmp && apt-get download -qq busybox-static:arm64 2>/dev/null; \
		dpkg-deb -x busybox-static_*_arm64.deb $(ARM64_BUILD)/busybox; \
		rm -rf $(ARM64_BUILD)/busybox.tmp; }
deps-all: arm64-deps

$(ARM64_OUT)/.config: $(ARM64_CONFIG) $(KBUILD_SRC)/.unpacked | kernel-apply
	$(call kconfig-fragment,$(ARM64_KMAKE),$(ARM64_CONFIG))

arm64-kernel: kernel-apply $(ARM64_OUT)/.config
	$(ARM64_KMAKE) Image modules
	$(ARM64_KMAKE) Image.gz
	rm -rf $(ARM64_MODROOT)
	$(ARM64_KMAKE) -s INSTALL_MOD_PATH=$(ARM64_MODROOT) modules_install

test-arm64: arm64-kernel
	$(KREPRO_ENV) CCACHE_DIR=$(KBUILD_CCACHE) KJOBS=$(KJOBS) \
		$(ARM64_DIR)/run.sh --src $(KBUILD_SRC) --kernel $(ARM64_OUT) \
		--cross $(ARM64_CROSS) --work $(ARM64_BUILD)/test

# The KUnit suite of make test-kunit, cross-built and run on arm64
# (kunit.py takes the last --arch).
test-kunit-arm64: arm64-deps
	@$(MAKE) --no-print-directory test-kunit KUNIT_OUT=$(ARM64_BUILD)/kunit \
		KUNIT_LOG=$(ARM64_BUILD)/kunit.log \
		KUNIT_ARGS="--arch=arm64 --cross_compile=$(ARM64_CROSS) $(KUNIT_ARGS)"
