# SPDX-License-Identifier: GPL-2.0
#
# A distribution kernel with CONFIG_MODULE_HASHES (not part of make test:
# one cold build of this config takes 29 minutes on the two idle cores,
# test-distro-repro two of them; test-distro's two boots under TCG about
# three minutes).  On a fresh machine: make distro-deps, then the targets
# below.
#
# make distro-kernel  Debian's own amd64 config (linux-config-6.12), cut by
#                     localmodconfig to the modules of a q35/virtio VM
#                     (distro/modules.lsmod), plus
#                     configs/module-hashes-distro.config; built with make
#                     bindeb-pkg in $(DISTRO_DIR)/kernel on a tree that
#                     make apply prepared; packages in $(DISTRO_DIR).
# make test-distro    the kernel packages installed with dpkg into a Debian
#                     12 root made with mmdebstrap, booted in QEMU (q35,
#                     OVMF, virtio) to multi-user.target; the checks run
#                     inside it, modinfo with patches/kmod among them
#                     (make kmod-modinfo).  Last line "N passed, N failed".
# make test-distro-repro  a second build in another directory, later;
#                     the linux-image packages must be bit-identical.
# make distro-deps    install what these need (Debian 12, root).
# make distro-record-lsmod DEBIAN_IMAGE_DEB=FILE  boot a Debian kernel
#                     package (e.g. apt-get download
#                     linux-image-6.12.117+deb12-amd64) in the same VM and
#                     write its lsmod to distro/modules.debian-<ver>.lsmod.
#
# Knobs: DEBIAN_CONFIG, DISTRO_DIR, DISTRO_DIR2, KJOBS, DISTRO_TIMEOUT.

DEBIAN_CONFIG	?= /usr/src/linux-config-6.12/config.amd64_none_amd64.xz
DISTRO_DIR	?= $(abspath $(BUILD))/distro
DISTRO_DIR2	?= $(abspath $(BUILD))/distro-repro
DISTRO_T	:= tools/testing/selftests/module_hashes/distro
DISTRO_FRAGMENT	:= $(CURDIR)/configs/module-hashes-distro.config
DISTRO_LSMOD	:= $(CURDIR)/$(DISTRO_T)/modules.lsmod
DISTRO_DEPS	:= linux-config-6.12 mmdebstrap ovmf sbsigntool e2fsprogs util-linux file \
		   qemu-system-x86 python3 xz-utils

.PHONY: distro-deps distro-kernel test-distro test-distro-repro distro-record-lsmod

distro-deps: kernel-deps pkg-deps kmod-deps
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
	@$(MAKE) --no-print-directory apply KSRC=$(1)/src/linux-source-6.12 >/dev/null
	$(KREPRO_ENV) $(DISTRO_T)/build.sh --src $(1)/src/linux-source-6.12 \
		--out $(1)/kernel --debian-config $(DEBIAN_CONFIG) \
		--lsmod $(DISTRO_LSMOD) --fragment $(DISTRO_FRAGMENT) --jobs $(KJOBS)
endef

$(DISTRO_DIR)/.built: $(DISTRO_FRAGMENT) $(DISTRO_LSMOD) $(DISTRO_T)/build.sh $(KOVERLAY) $(KPATCHES)
	$(call distro-build,$(DISTRO_DIR))
	touch $@

distro-kernel: $(DISTRO_DIR)/.built

# The Debian 12 root: minbase with what a booting system needs, from this
# machine's apt sources (as make test-fresh finds them).  mmdebstrap
# picks its output format from the name, so the partial file ends in .tar.
DISTRO_ROOT_TAR	:= $(DISTRO_DIR)-root/base.tar
DISTRO_PKGS	:= systemd,systemd-sysv,udev,kmod,initramfs-tools,keyutils,xz-utils,zstd,libelf1,libssl3,e2fsprogs,linux-base
DISTRO_TIMEOUT	?= 1800

$(DISTRO_ROOT_TAR):
	@mkdir -p $(@D)
	@set -e; srcs=; for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources; do [ -s "$$f" ] && srcs="$$srcs $$f"; done; \
	[ -n "$$srcs" ] || { echo >&2 "ERROR: /etc/apt: no apt sources configured"; exit 1; }; \
	nice -n 10 mmdebstrap --quiet --variant=minbase --include=$(DISTRO_PKGS) \
		bookworm $(@D)/partial.tar $$srcs
	mv $(@D)/partial.tar $@

# Two boots of the same kernel: the modules with their proofs, then all
# of them signed with PKCS#7 instead (the figures side by side).
DISTRO_RUN = $(DISTRO_T)/run.sh --debs $(DISTRO_DIR) --root-tar $(DISTRO_ROOT_TAR) \
	     --tool $(CURDIR)/$(TOOL) --timeout $(DISTRO_TIMEOUT) \
	     --modinfo $(KMOD_BUILD)/patched/bin/kmod

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
