# SPDX-License-Identifier: GPL-2.0
#
# A distribution kernel with CONFIG_MODULE_HASHES (not part of make test:
# one cold build of this config takes 29 minutes on the two idle cores,
# test-distro-repro two of them; test-distro's two boots under TCG about
# three minutes).  On a fresh machine: make distro-deps, then the targets
# below.  KVER=7.2 does the same with Linux 7.2 and its suite (below).
#
# make distro-kernel  Debian's own amd64 config (linux-config-$(KVER)), cut by
#                     localmodconfig to the modules of a q35/virtio VM
#                     (distro/modules.lsmod), plus $(DISTRO_FRAGMENT);
#                     built with make bindeb-pkg in $(DISTRO_DIR)/kernel on a
#                     tree that make apply prepared; packages in
#                     $(DISTRO_DIR).
# make test-distro    the kernel packages installed with dpkg into a root of
#                     the Debian release the config comes from, made with
#                     mmdebstrap, booted in QEMU (q35, OVMF, virtio) to
#                     multi-user.target; the checks run inside it, modinfo
#                     with patches/kmod among them (make kmod-modinfo).
#                     Last line "N passed, N failed".
# make distro-kernel-7.2, make test-distro-7.2  the same with KVER=7.2.
# make test-distro-repro  a second build in another directory, later;
#                     the linux-image packages must be bit-identical.
# make distro-deps    install what these need (Debian 12, root).
# make distro-record-lsmod DEBIAN_IMAGE_DEB=FILE  boot a Debian kernel
#                     package (e.g. apt-get download
#                     linux-image-6.12.117+deb12-amd64) in the same VM and
#                     write its lsmod to distro/modules.debian-<ver>.lsmod.
#
# Knobs: KVER, DEBIAN_CONFIG, DISTRO_DIR, DISTRO_DIR2, KJOBS, DISTRO_TIMEOUT.

# What differs between the kernels, here and nowhere else: Debian's
# config and where it comes from (a package that distro-deps installs,
# or make src-7.2), the Debian release whose userspace boots it and the
# packages its root needs under their names there, the build directory
# (6.12's is $(BUILD)/distro, 7.2's under $(KBUILD_DIR) as mk/kernel.mk
# has it), and the functions the per-module figures trace:
#   DISTRO_TRACE_PASS    the SHA-256 update whose longest call inside
#                        module_sig_check() is the pass over the module
#                        bytes: 6.12's verifier uses the crypto API, 7.2's
#                        the SHA-256 library, whose sha256_update() is an
#                        inline wrapper of __sha256_update();
#   DISTRO_TRACE_LOOKUP  the blacklist lookup inside it: 6.12's
#                        module_hashes_revoked(); 7.2's is a static
#                        function gcc inlines in some configs (7.2's QEMU
#                        one), so the two is_hash_blacklisted() calls in
#                        it, a function of certs/, are timed and added up.
# Both kernels share the fragment and the module list.
ifeq ($(KVER),6.12)
DEBIAN_CONFIG	?= /usr/src/linux-config-6.12/config.amd64_none_amd64.xz
DISTRO_FETCH	:=
DISTRO_DIR	?= $(abspath $(BUILD))/distro
DISTRO_DIR2	?= $(abspath $(BUILD))/distro-repro
DISTRO_SUITE	:= bookworm
DISTRO_PKGS_REL	:= libelf1,libssl3
DISTRO_TRACE_PASS := crypto_shash_update
DISTRO_TRACE_LOOKUP := module_hashes_revoked
# The root from this machine's own apt sources (as make test-fresh finds
# them).
DISTRO_MIRROR	=
else
# linux-config-7.2 comes from trixie-backports: trixie's userspace.
DEBIAN_CONFIG	?= $(K72_DEBIAN_CONFIG)
DISTRO_FETCH	:= src-7.2
DISTRO_DIR	?= $(KBUILD_DIR)/distro
DISTRO_DIR2	?= $(KBUILD_DIR)/distro-repro
DISTRO_SUITE	:= trixie
DISTRO_PKGS_REL	:= libelf1t64,libssl3t64
DISTRO_TRACE_PASS := __sha256_update
DISTRO_TRACE_LOOKUP := is_hash_blacklisted
# The root from the mirror make src-7.2 fetches from (mmdebstrap makes a
# URI "deb URI trixie main"); the machine's own sources are bookworm's.
DISTRO_MIRROR	= $(strip $(K72_MIRROR))
endif
DISTRO_T	:= tools/testing/selftests/module_hashes/distro
DISTRO_FRAGMENT	:= $(CURDIR)/configs/module-hashes-distro.config
DISTRO_LSMOD	:= $(CURDIR)/$(DISTRO_T)/modules.lsmod
DISTRO_DEPS	:= linux-config-6.12 mmdebstrap ovmf sbsigntool e2fsprogs util-linux file \
		   qemu-system-x86 python3 xz-utils

.PHONY: distro-deps distro-kernel test-distro test-distro-repro distro-record-lsmod
.PHONY: distro-kernel-7.2 test-distro-7.2

# 7.2's source first: pkg-deps reads the Build-Depends of its mkdebian.
distro-deps: $(DISTRO_FETCH) kernel-deps pkg-deps kmod-deps
	$(call apt-install,$(DISTRO_DEPS))

# $(call distro-build,DIR): unpack (once) and prepare DIR/src, build in
# DIR/kernel.  A build that was stopped goes on where it was: the tree
# and the build directory are kept, and an unchanged config and the same
# flags leave kbuild only what is left to do.
define distro-build
	@if [ ! -f $(1)/src/.unpacked ]; then \
		rm -rf $(1)/src && mkdir -p $(1)/src && \
		tar -C $(1)/src -xf $(KTARBALL) && touch $(1)/src/.unpacked; \
	fi
	rm -f $(1)/linux-*.deb $(1)/linux-upstream_* $(1)/linux-*.buildinfo $(1)/linux-*.changes
	@$(MAKE) --no-print-directory apply KSRC=$(1)/src/linux-source-$(KVER) >/dev/null
	@$(TEST_BUILD_DIR)/debian-build-deps.sh $(1)/src/linux-source-$(KVER)
	$(KREPRO_ENV) $(DISTRO_T)/build.sh --src $(1)/src/linux-source-$(KVER) \
		--out $(1)/kernel --debian-config $(DEBIAN_CONFIG) \
		--lsmod $(DISTRO_LSMOD) --fragment $(DISTRO_FRAGMENT) --jobs $(KJOBS)
endef

# 7.2's tarball and config come from make src-7.2, which does nothing
# once they are there.
$(DISTRO_DIR)/.built: $(DISTRO_FRAGMENT) $(DISTRO_LSMOD) $(DISTRO_T)/build.sh $(KOVERLAY) $(KPATCHES) \
		| $(DISTRO_FETCH)
	$(call distro-build,$(DISTRO_DIR))
	touch $@

distro-kernel: $(DISTRO_DIR)/.built

# The root of $(DISTRO_SUITE): minbase with what a booting system needs.
# mmdebstrap picks its output format from the name, so the partial file
# ends in .tar.
DISTRO_ROOT_TAR	:= $(DISTRO_DIR)-root/base.tar
DISTRO_PKGS	:= systemd,systemd-sysv,udev,kmod,initramfs-tools,keyutils,xz-utils,zstd,$(DISTRO_PKGS_REL),e2fsprogs,linux-base
DISTRO_TIMEOUT	?= 1800

$(DISTRO_ROOT_TAR):
	@mkdir -p $(@D)
	@set -e; srcs=$(DISTRO_MIRROR); [ -n "$$srcs" ] || \
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources; do [ -s "$$f" ] && srcs="$$srcs $$f"; done; \
	[ -n "$$srcs" ] || { echo >&2 "ERROR: /etc/apt: no apt sources configured"; exit 1; }; \
	nice -n 10 mmdebstrap --quiet --variant=minbase --include=$(DISTRO_PKGS) \
		$(DISTRO_SUITE) $(@D)/partial.tar $$srcs
	mv $(@D)/partial.tar $@

# Two boots of the same kernel: the modules with their proofs, then all
# of them signed with PKCS#7 instead (the figures side by side).
DISTRO_RUN = $(DISTRO_T)/run.sh --debs $(DISTRO_DIR) --root-tar $(DISTRO_ROOT_TAR) \
	     --tool $(CURDIR)/$(TOOL) --timeout $(DISTRO_TIMEOUT) \
	     --modinfo $(KMOD_BUILD)/patched/bin/kmod \
	     --trace-pass $(DISTRO_TRACE_PASS) --trace-lookup $(DISTRO_TRACE_LOOKUP)

test-distro: SHELL := /bin/bash
test-distro: distro-kernel $(DISTRO_ROOT_TAR) $(TOOL) kmod-modinfo
	@t0=$$(date +%s); \
	{ $(DISTRO_RUN) --work $(DISTRO_DIR)-vm; \
	  $(DISTRO_RUN) --work $(DISTRO_DIR)-vm-pkcs7 --pkcs7; } 2>&1 | $(TAP_JOIN); \
	rc=$${PIPESTATUS[1]}; \
	echo "figures, proofs:"; sed 's/^/  /' $(DISTRO_DIR)-vm/figures; \
	echo "figures, PKCS#7:"; sed 's/^/  /' $(DISTRO_DIR)-vm-pkcs7/figures; \
	$(DISTRO_T)/figures.sh $(DISTRO_DIR)-vm/permod.txt || rc=1; \
	echo "test-distro: wall time $$(($$(date +%s) - t0)) s (root, two boots, checks; the build is distro-kernel)"; \
	exit $$rc

# The same configuration built again in another directory (after the
# first, so at another time), then the linux-image packages compared.
test-distro-repro: distro-kernel
	@echo "test-distro-repro: second build started $$(date -u)"
	$(call distro-build,$(DISTRO_DIR2))
	@$(DISTRO_T)/repro.sh $(DISTRO_DIR) $(DISTRO_DIR2)

distro-record-lsmod: $(DISTRO_ROOT_TAR)
	@test -n "$(DEBIAN_IMAGE_DEB)" || { echo >&2 "usage: make distro-record-lsmod DEBIAN_IMAGE_DEB=FILE"; exit 2; }
	@rm -rf $(DISTRO_DIR)-record-debs && mkdir -p $(DISTRO_DIR)-record-debs
	cp $(DEBIAN_IMAGE_DEB) $(DISTRO_DIR)-record-debs/
	$(DISTRO_T)/run.sh --debs $(DISTRO_DIR)-record-debs --root-tar $(DISTRO_ROOT_TAR) \
		--work $(DISTRO_DIR)-record --timeout $(DISTRO_TIMEOUT) \
		--record $(DISTRO_T)/modules.debian-$$(dpkg-deb -f $(DEBIAN_IMAGE_DEB) Version | sed 's/-.*//').lsmod

distro-kernel-7.2:
	@$(MAKE) --no-print-directory distro-kernel KVER=7.2

test-distro-7.2:
	@$(MAKE) --no-print-directory test-distro KVER=7.2
