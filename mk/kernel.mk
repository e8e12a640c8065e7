# SPDX-License-Identifier: GPL-2.0
#
# The kernel side on a real Linux 6.12 or 7.2.
#
# make apply KSRC=DIR  lay the overlay's new files into the tree DIR (6.12 or
#                      7.2, as its Makefile says), then those of
#                      kernels/<version>/, and apply the kernel's series
#                      (patches/ for 6.12, patches-7.2/ for 7.2); a second
#                      run changes nothing, and a tree the series does not
#                      fit is left untouched (everything is tried on a copy
#                      first).
# make kernel          unpack $(KTARBALL) into $(KBUILD_DIR)/src, apply,
#                      configure $(KBUILD_DIR)/kernel from
#                      $(KCONFIG_FRAGMENT) and build bzImage + modules
#                      (hashed, root in vmlinux), then install the modules
#                      into $(KBUILD_DIR)/modroot.
# make kernel-deps     apt-get install what the above needs (Debian 12, root).
# make test-qemu       boot the kernel under QEMU and check every verdict
#                      and each KUnit test (the suite loaded as a module);
#                      again with .ko.xz where the config compresses (7.2).
# make test-qemu-7.2   make test-qemu KVER=7.2, as make test runs it.
# make demo            install what is missing, build, then boot twice (with
#                      and without module.sig_enforce=1) and show as a table
#                      what good and bad modules did, with the kernel log.
# make qemu-demo       the same without the package check.
#
# Knobs: KVER (the kernel make kernel, test-qemu and demo build: 6.12, the
# default, or 7.2, whose source make src-7.2 fetches), KTARBALL, KJOBS,
# KCONFIG_FRAGMENT, KMAKEFLAGS (more kernel make arguments), QEMU_TIMEOUT.

# What differs between the kernels, here and nowhere else in mk/: the
# source, the config fragment, the series and the build directory (6.12's
# is $(BUILD) itself).  The overlay's files of one kernel only are in
# kernels/<version>/, at kernel paths.
KVER		?= 6.12
kver-series	= $(if $(filter 6.12,$(1)),patches,patches-$(1))
# KTEST_BUILD is what test-build (mk/build.mk) does differently: 6.12 adds
# the .ko.xz/.ko.zst config deltas and makes bindeb-pkg; 7.2's QEMU config
# compresses already, and it makes every package 7.2 has.  Both second
# builds share ccache (KTEST_CCACHE): make test's hour has room for one
# cold build per kernel and configuration, not two.  What this feature
# adds to a build (modpost, the links, hashing, the proofs, the root in
# vmlinux and the image, the packages) runs again in full either way; an
# empty KTEST_CCACHE compiles everything again as well.
KTEST_CCACHE	?= --ccache $(KBUILD_CCACHE)
ifeq ($(KVER),6.12)
KTARBALL	?= /usr/src/linux-source-6.12.tar.xz
KCONFIG_FRAGMENT ?= $(CURDIR)/configs/module-hashes-qemu.config
KBUILD_DIR	:= $(abspath $(BUILD))
KTEST_BUILD	= $(KTEST_CCACHE) $(addprefix --compress ,$(COMPRESS_FRAGMENTS)) \
		  --pkg bindeb-pkg
else ifeq ($(KVER),7.2)
KTARBALL	?= $(abspath $(BUILD))/linux-7.2/linux-source-7.2.tar.xz
KCONFIG_FRAGMENT ?= $(CURDIR)/configs/module-hashes-qemu-7.2.config
KBUILD_DIR	:= $(abspath $(BUILD))/7.2
KTEST_BUILD	= $(KTEST_CCACHE) \
		  $(addprefix --pkg ,bindeb-pkg binrpm-pkg pacman-pkg tar-pkg)
else
$(error KVER=$(KVER): this overlay is for 6.12 and 7.2)
endif

KJOBS		?= 2
KMAKEFLAGS	?=
QEMU_TIMEOUT	?= 300

KBUILD_SRC	:= $(KBUILD_DIR)/src/linux-source-$(KVER)
KBUILD_OUT	:= $(KBUILD_DIR)/kernel
KBUILD_MODROOT	:= $(KBUILD_DIR)/modroot
KBUILD_CCACHE	:= $(abspath $(BUILD))/ccache
QEMU_DIR	:= tools/testing/selftests/module_hashes/qemu

# The overlay's new files, as far as they exist, and the series: those of
# both kernels, then those of one kernel (kernels/<version>/, named here as
# they are in this repository).
KOVERLAY_SHARED	:= $(wildcard include/linux/module_hashes.h \
			      kernel/module/hashes.c \
			      kernel/module/hashes_kunit.c \
			      kernel/module/hashes_vectors.h \
			      kernel/module/Kconfig.hashes \
			      kernel/module/.kunitconfig \
			      Documentation/admin-guide/module-hashes.rst) \
		   $(sort $(wildcard scripts/modhashes/*.[ch]))
kver-overlay	= $(KOVERLAY_SHARED) $(sort $(shell find kernels/$(1) -type f 2>/dev/null))
kver-patches	= $(sort $(wildcard $(CURDIR)/$(call kver-series,$(1))/[0-9]*.patch))
KOVERLAY	:= $(call kver-overlay,$(KVER))
KPATCHES	:= $(call kver-patches,$(KVER))

KERNEL_DEPS	:= linux-source-6.12 bc bison flex libelf-dev libssl-dev cpio \
		   kmod ccache dwarves qemu-system-x86 busybox-static \
		   liblzma-dev libzstd-dev zlib1g-dev build-essential xz-utils \
		   python3 gzip zstd dpkg-dev debhelper

# Pinned as Documentation/kbuild/reproducible-builds.rst says, so that a
# build anywhere, at any time, gives the same bytes (make test-build
# compares two).  KBUILD_BUILD_VERSION is the "#N" of uname -v, which
# otherwise counts the builds made in one directory.
KREPRO_EPOCH	?= 1735689600
KREPRO_ENV	= SOURCE_DATE_EPOCH=$(KREPRO_EPOCH) \
		  KBUILD_BUILD_TIMESTAMP="$$(date -u -d @$(KREPRO_EPOCH) '+%a %b %e %H:%M:%S UTC %Y')" \
		  KBUILD_BUILD_USER=builder KBUILD_BUILD_HOST=module-hashes \
		  KBUILD_BUILD_VERSION=1

# Kernel make, always with the same CC so ccache and kbuild see one
# compiler.  CCACHE_CC is ccache in depend mode, with the sources that
# .incbin a build output kept out of the cache (the script says why).
CCACHE_CC := $(abspath tools/testing/selftests/module_hashes/lib/ccache-cc)
KMAKE = $(KREPRO_ENV) CCACHE_DIR=$(KBUILD_CCACHE) $(MAKE) --no-print-directory \
	-C $(KBUILD_SRC) O=$(KBUILD_OUT) CC="$(CCACHE_CC) gcc" -j$(KJOBS) $(KMAKEFLAGS)

# Several suites' TAP, numbered as one; skipped tests are counted apart.
TAP_JOIN = awk '/^(not )?ok [0-9]+ / { sub(/ok [0-9]+ /, "ok " ++n " "); print; \
		if ($$1 != "ok") f++; else if (/\# SKIP/) s++; else p++; \
		fflush(); next } \
		/^[0-9]+ passed, [0-9]+ failed/ { next } { print; fflush() } \
		END { printf "%d passed, %d failed%s\n", p, f, s ? ", " s " skipped" : ""; \
		      exit f > 0 }'

.PHONY: apply kernel kernel-config kernel-build kernel-deps test-qemu demo qemu-demo

# apply works on copies of the files the series touches (and those of the
# series last applied, which is recorded in $(KSRC)/.module_hashes-series):
# it recovers the pristine files by reversing the recorded series, or the
# current one if it reverses cleanly, applies the current series patch
# after patch, and only then copies the overlay and each patched file that
# differs into the tree.  Unchanged files keep their timestamps, so a
# second run changes nothing and a rebuild does nothing; a tree the series
# does not fit is left as it was.
KAPPLIED = $(KSRC)/.module_hashes-series

# The kernel version of the tree KSRC, which picks the series and the
# files of kernels/<version>/.
ifneq ($(KSRC),)
KSRC_VER := $(shell sed -n 's/^VERSION = //p; s/^PATCHLEVEL = //p' \
		$(KSRC)/Makefile 2>/dev/null | paste -sd.)
endif
ifneq ($(filter 6.12 7.2,$(KSRC_VER)),)
apply: KPATCHES := $(call kver-patches,$(KSRC_VER))
apply: KOVERLAY := $(call kver-overlay,$(KSRC_VER))
endif

apply:
	@test -n "$(KSRC)" || { echo >&2 "usage: make apply KSRC=DIR"; exit 2; }
	@case "$(KSRC_VER)" in 6.12|7.2) ;; *) \
	 echo >&2 "ERROR: $(KSRC): not a Linux 6.12 or 7.2 source tree"; exit 1;; esac
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	old=; [ -d "$(KAPPLIED)" ] && old=$$(ls "$(KAPPLIED)"/*.patch 2>/dev/null | sort) || true; \
	files=$$(cat $(KPATCHES) $$old /dev/null | sed -n 's|^+++ b/||p' | sort -u); \
	mkdir -p "$$tmp/base" "$$tmp/rev"; \
	for f in $$files; do \
		[ -f "$(KSRC)/$$f" ] || continue; \
		mkdir -p "$$tmp/base/$$(dirname $$f)"; cp -p "$(KSRC)/$$f" "$$tmp/base/$$f"; \
	done; \
	reverse() { for p in $$(printf '%s\n' $$1 | sort -r); do \
		patch -d "$$2" -p1 -R -s -f --no-backup-if-mismatch -r - <"$$p" \
			>/dev/null 2>&1 || return 1; done; }; \
	cp -a "$$tmp/base/." "$$tmp/rev/"; \
	if [ -n "$$old" ]; then \
		reverse "$$old" "$$tmp/rev" || { echo >&2 "ERROR: $(KSRC): changed since the series was applied; tree left unchanged"; exit 1; }; \
		rm -rf "$$tmp/base"; mv "$$tmp/rev" "$$tmp/base"; \
	elif reverse "$(KPATCHES)" "$$tmp/rev"; then \
		rm -rf "$$tmp/base"; mv "$$tmp/rev" "$$tmp/base"; \
	fi; \
	for p in $(KPATCHES); do \
		out=$$(patch -d "$$tmp/base" -p1 -s -f -N --no-backup-if-mismatch \
			-r - <"$$p" 2>&1) || { \
			echo >&2 "$$out"; \
			echo >&2 "ERROR: $(KSRC): $$(basename $$p) does not apply; tree left unchanged"; \
			exit 1; }; \
	done; \
	for f in $(KOVERLAY); do \
		t=$${f#kernels/$(KSRC_VER)/}; \
		if ! cmp -s "$$f" "$(KSRC)/$$t"; then \
			echo "  COPY    $$t"; mkdir -p "$(KSRC)/$$(dirname $$t)"; \
			cp "$$f" "$(KSRC)/$$t"; \
		fi; \
	done; \
	changed=0; \
	for f in $$files; do \
		if [ -f "$$tmp/base/$$f" ]; then \
			cmp -s "$$tmp/base/$$f" "$(KSRC)/$$f" && continue; \
			echo "  PATCH   $$f"; mkdir -p "$(KSRC)/$$(dirname $$f)"; \
			cp "$$tmp/base/$$f" "$(KSRC)/$$f"; changed=1; \
		elif [ -f "$(KSRC)/$$f" ]; then \
			echo "  REMOVE  $$f"; rm -f "$(KSRC)/$$f"; changed=1; \
		fi; \
	done; \
	rm -rf "$(KAPPLIED)"; mkdir -p "$(KAPPLIED)"; cp $(KPATCHES) "$(KAPPLIED)/"; \
	if [ $$changed = 0 ]; then \
		echo "  APPLY   $(KSRC): series already applied"; \
	else \
		echo "  APPLY   $(KSRC): $(words $(KPATCHES)) patches applied"; \
	fi

$(KBUILD_SRC)/.unpacked: $(KTARBALL)
	rm -rf $(dir $(KBUILD_SRC)).tmp
	mkdir -p $(dir $(KBUILD_SRC)).tmp
	tar -C $(dir $(KBUILD_SRC)).tmp -xf $<
	rm -rf $(KBUILD_SRC)
	mv $(dir $(KBUILD_SRC)).tmp/linux-source-$(KVER) $(KBUILD_SRC)
	rmdir $(dir $(KBUILD_SRC)).tmp
	touch $@

# $(call kconfig-fragment,KERNEL-MAKE,FRAGMENT): the .config that is the
# target, made as allnoconfig plus FRAGMENT; then every line of FRAGMENT
# must have made it (a symbol with unmet dependencies is silently dropped
# otherwise).
define kconfig-fragment
	mkdir -p $(@D)
	$(1) -s KCONFIG_ALLCONFIG=$(2) allnoconfig
	@grep '^CONFIG_' $(2) | while read -r l; do \
		grep -qx "$$l" $@ || { echo >&2 "ERROR: $@: $$l did not stick"; \
			rm -f $@; exit 1; }; \
	done
endef

$(KBUILD_OUT)/.config: $(KCONFIG_FRAGMENT) $(KBUILD_SRC)/.unpacked | kernel-apply
	$(call kconfig-fragment,$(KMAKE),$(KCONFIG_FRAGMENT))

.PHONY: kernel-apply
kernel-apply: $(KBUILD_SRC)/.unpacked
	@$(MAKE) --no-print-directory apply KSRC=$(KBUILD_SRC)

kernel-config: kernel-apply $(KBUILD_OUT)/.config

# $(call modules-install,KERNEL-MAKE,OUTPUT-DIR,MODROOT): install the
# modules of OUTPUT-DIR in MODROOT.  Where its config has modules_install
# write .ko.xz, they go to MODROOT-xz, and MODROOT gets them decompressed:
# the files an uncompressed install writes.  So one kernel build gives
# the QEMU suites both trees.
define modules-install
	rm -rf $(3) $(3)-xz
	@if grep -qx CONFIG_MODULE_COMPRESS_XZ=y $(2)/.config && \
	    grep -qx CONFIG_MODULE_COMPRESS_ALL=y $(2)/.config; then \
		set -e; \
		$(1) -s INSTALL_MOD_PATH=$(3)-xz modules_install; \
		cp -a $(3)-xz $(3); \
		find $(3) -name '*.ko.xz' -exec xz -d {} +; \
	else \
		$(1) -s INSTALL_MOD_PATH=$(3) modules_install; \
	fi
endef

kernel-build: kernel-config
	$(KMAKE)
	$(call modules-install,$(KMAKE),$(KBUILD_OUT),$(KBUILD_MODROOT))
	@$(KBUILD_OUT)/scripts/module-hashes root $(KBUILD_OUT)/vmlinux
	@echo "kernel: $(KBUILD_OUT)/arch/x86/boot/bzImage, modules in $(KBUILD_MODROOT)"

kernel: kernel-build

kernel-deps:
	$(call apt-install,$(KERNEL_DEPS))

# The verdict table with the installed modules, and where they are .ko.xz
# (7.2's config) also with them; the last line sums both.
test-qemu: SHELL := /bin/bash
test-qemu: kernel $(TOOL)
	@{ $(QEMU_DIR)/run.sh --kernel $(KBUILD_OUT) --modroot $(KBUILD_MODROOT) \
		--tool $(CURDIR)/$(TOOL) \
		--work $(KBUILD_DIR)/qemu --timeout $(QEMU_TIMEOUT); \
	  [ ! -d $(KBUILD_MODROOT)-xz ] || \
	  $(QEMU_DIR)/run.sh --kernel $(KBUILD_OUT) --modroot $(KBUILD_MODROOT)-xz \
		--tool $(CURDIR)/$(TOOL) \
		--work $(KBUILD_DIR)/qemu-xz --timeout $(QEMU_TIMEOUT); } 2>&1 | $(TAP_JOIN)

# Linux 7.2's QEMU suite in make test, KUnit included: the QEMU kernel of
# either version loads the KUnit suite as a proven module and reports
# each of its tests.
.PHONY: test-qemu-7.2
test-qemu-7.2:
	@$(MAKE) --no-print-directory test-qemu KVER=7.2

# The packages first, then a make that sees them (the tarball is a
# prerequisite of the unpacked tree).
demo: kernel-deps
	@$(MAKE) --no-print-directory qemu-demo

qemu-demo: kernel $(TOOL)
	$(QEMU_DIR)/run.sh --demo --kernel $(KBUILD_OUT) --modroot $(KBUILD_MODROOT) \
		--tool $(CURDIR)/$(TOOL) \
		--work $(KBUILD_DIR)/qemu --timeout $(QEMU_TIMEOUT)
