# SPDX-License-Identifier: GPL-2.0
#
# modinfo and module hash proofs: Debian 12's kmod with patches/kmod/debian-30.
#
# make kmod-deps     install what the build needs and give apt the deb-src
#                    entries of the archive this machine uses (idempotent).
# make kmod-modinfo  fetch Debian 12's kmod source (apt-get source), build
#                    kmod's multi-call binary twice, as Debian configures it
#                    (xz, zstd, openssl): as released, and with
#                    patches/kmod/debian-30/*.patch applied; each gets a
#                    modinfo link in $(KMOD_BUILD)/{orig,patched}/bin.
# make test-kmod     modinfo on the proven modules of make kernel (as
#                    installed, and as .ko.xz/.ko.zst), on the same modules
#                    signed with scripts/sign-file, without a trailer, and
#                    with malformed proofs; checked against the tool's
#                    reading of each file and against the unpatched modinfo.
#
# patches/kmod/upstream/ holds the same change for current upstream kmod; it
# is not built here.
#
# Knobs: KMOD_VERSION (the Debian source version the patches are for).

KMOD_BUILD	:= $(abspath $(BUILD))/kmod
KMOD_VERSION	?= 30+20221128-1
KMOD_PATCHES	:= $(sort $(wildcard $(CURDIR)/patches/kmod/debian-30/*.patch))
KMOD_DIR	:= tools/testing/selftests/module_hashes/kmod
KMOD_DSC	:= $(KMOD_BUILD)/dl/kmod_$(KMOD_VERSION).dsc
# What building kmod's tools/kmod needs, as debian/control lists it, less
# the documentation (gtk-doc, xsltproc); openssl and xz-utils/zstd make the
# signed and compressed test modules.
KMOD_DEPS	:= dpkg-dev autoconf automake libtool pkg-config gcc libc6-dev make \
		   patch liblzma-dev libzstd-dev libssl-dev openssl xz-utils zstd python3
# Debian's configure options (debian/rules) that change what modinfo does.
KMOD_CONFIGURE	:= --with-openssl --with-xz --with-zstd --disable-test-modules \
		   --enable-debug --disable-manpages

.PHONY: kmod-deps kmod-modinfo test-kmod

kmod-deps:
	$(call apt-install,$(KMOD_DEPS))
	@$(KMOD_DIR)/deb-src.sh
deps-all: kmod-deps

# The source as Debian publishes it; apt checks it against the signed index.
$(KMOD_DSC):
	@$(KMOD_DIR)/deb-src.sh
	rm -rf $(@D) $(@D).tmp
	mkdir -p $(@D).tmp
	cd $(@D).tmp && apt-get source -qq --download-only kmod=$(KMOD_VERSION) 2>&1 | \
		grep -v 'unsandboxed as root' || true
	test -f $(@D).tmp/$(notdir $@)
	mv $(@D).tmp $(@D)

# Unpacked with Debian's own patches, then made configurable as
# debian/rules does (dh_autoreconf), without gtk-doc.
$(KMOD_BUILD)/orig/src/.unpacked: $(KMOD_DSC)
	rm -rf $(KMOD_BUILD)/orig
	mkdir -p $(KMOD_BUILD)/orig
	dpkg-source -q -x $< $(KMOD_BUILD)/orig/src >/dev/null
	touch $(KMOD_BUILD)/orig/src/libkmod/docs/gtk-doc.make
	cd $(KMOD_BUILD)/orig/src && autoreconf -fi >/dev/null 2>&1
	touch $@

# The same tree with our patches; a change to them starts it afresh.
$(KMOD_BUILD)/patched/src/.unpacked: $(KMOD_BUILD)/orig/src/.unpacked $(KMOD_PATCHES)
	rm -rf $(KMOD_BUILD)/patched
	mkdir -p $(KMOD_BUILD)/patched
	cp -a $(KMOD_BUILD)/orig/src $(KMOD_BUILD)/patched/src
	@for p in $(KMOD_PATCHES); do \
		echo "  PATCH   kmod: $$(basename $$p)"; \
		patch -d $(KMOD_BUILD)/patched/src -p1 -s -f -N --no-backup-if-mismatch \
			<"$$p" || { echo >&2 "ERROR: $$p: does not apply to kmod $(KMOD_VERSION)"; \
			exit 1; }; \
	done
	touch $@

# $(KMOD_BUILD)/VARIANT/bin/kmod: configure and build only tools/kmod (and
# the libraries it links); configure shares one cache between the variants.
$(KMOD_BUILD)/%/bin/kmod: $(KMOD_BUILD)/%/src/.unpacked
	rm -rf $(KMOD_BUILD)/$*/build $(@D)
	mkdir -p $(KMOD_BUILD)/$*/build
	cd $(KMOD_BUILD)/$*/build && ../src/configure -q \
		--cache-file=$(KMOD_BUILD)/config.cache $(KMOD_CONFIGURE) \
		CFLAGS='-O2' >configure.log 2>&1 || { cat configure.log; exit 1; }
	$(MAKE) --no-print-directory -s -C $(KMOD_BUILD)/$*/build tools/kmod
	mkdir -p $(@D)
	cp $(KMOD_BUILD)/$*/build/tools/kmod $@.tmp
	mv $@.tmp $@
	ln -sf kmod $(@D)/modinfo

# One at a time: they share configure's cache.
$(KMOD_BUILD)/patched/bin/kmod: | $(KMOD_BUILD)/orig/bin/kmod

kmod-modinfo: $(KMOD_BUILD)/orig/bin/kmod $(KMOD_BUILD)/patched/bin/kmod

test-kmod: kernel $(TOOL) kmod-modinfo
	@$(KMOD_DIR)/run.sh --orig $(KMOD_BUILD)/orig/bin/modinfo \
		--patched $(KMOD_BUILD)/patched/bin/modinfo \
		--kernel $(KBUILD_OUT) --src $(KBUILD_SRC) --modroot $(KBUILD_MODROOT) \
		--tool $(CURDIR)/$(TOOL) --version $(KMOD_VERSION) \
		--work $(KMOD_BUILD)/test

TEST_SUITES += test-kmod
