# SPDX-License-Identifier: GPL-2.0
#
# Linux 7.2 (issue 18), fetched from Debian trixie-backports with a pin.
#
# make src-7.2           fetch linux-source-7.2 and linux-config-7.2 at the
#                        version mk/linux-7.2.pin gives, check each .deb's
#                        SHA-256 against the pin, and take out of them
#                        $(K72_TARBALL) (the KTARBALL of 7.2) and Debian's
#                        configs in $(K72_CONFIG_DIR).  apt runs with a state
#                        of its own in $(K72_DIR)/apt: the machine's sources
#                        and lists are not touched.  A second run does
#                        nothing and asks no mirror.
# make src-7.2-versions  the versions the mirror has, with their SHA-256s
#                        (to move the pin).
# make test-src-7.2      the above from nothing in $(BUILD)/src72-test, a
#                        second time, with a version the mirror lacks and
#                        with a wrong SHA-256 (not part of make test: it
#                        needs the mirror; 165 MB, about 10 s here).
#
# Knobs: K72_PIN, K72_MIRROR (by default the machine's own Debian mirror),
# K72_KEYRING.

K72_PIN		?= mk/linux-7.2.pin
include $(K72_PIN)

K72_SUITE	:= trixie-backports
K72_ARCH	:= amd64
# The URI of the machine's apt source for bookworm, else deb.debian.org.
ifndef K72_MIRROR
K72_MIRROR	:= $(or $(shell awk '/^URIs:/ { u = $$2 } \
			/^Suites:.*bookworm( |$$)/ && u { print u; exit }' \
			/etc/apt/sources.list.d/debian.sources 2>/dev/null), \
			http://deb.debian.org/debian)
endif
K72_KEYRING	?= /usr/share/keyrings/debian-archive-keyring.gpg

K72_DIR		:= $(abspath $(BUILD))/linux-7.2
K72_SOURCE_DEB	:= $(K72_DIR)/deb/linux-source-7.2_$(K72_VERSION)_all.deb
K72_CONFIG_DEB	:= $(K72_DIR)/deb/linux-config-7.2_$(K72_VERSION)_$(K72_ARCH).deb
K72_TARBALL	:= $(K72_DIR)/linux-source-7.2.tar.xz
K72_CONFIG_DIR	:= $(K72_DIR)/linux-config-7.2
K72_DEBIAN_CONFIG := $(K72_CONFIG_DIR)/config.amd64_none_amd64.xz

K72_FETCH	= mk/fetch-deb.sh --apt $(K72_DIR)/apt --uri $(strip $(K72_MIRROR)) \
		  --suite $(K72_SUITE) --arch $(K72_ARCH) --keyring $(K72_KEYRING) \
		  --pin $(K72_PIN) --list-cmd 'make src-7.2-versions'

.PHONY: src-7.2 src-7.2-versions test-src-7.2
src-7.2: $(K72_TARBALL) $(K72_DEBIAN_CONFIG)

src-7.2-versions:
	@$(K72_FETCH) versions linux-source-7.2 linux-config-7.2

test-src-7.2:
	tools/testing/selftests/module_hashes/src72/run.sh --repo $(CURDIR) \
		--build $(abspath $(BUILD))/src72-test

$(K72_SOURCE_DEB): $(K72_PIN) mk/fetch-deb.sh
	@$(K72_FETCH) fetch linux-source-7.2 '$(K72_VERSION)' '$(K72_SOURCE_SHA256)' $@

$(K72_CONFIG_DEB): $(K72_PIN) mk/fetch-deb.sh
	@$(K72_FETCH) fetch linux-config-7.2 '$(K72_VERSION)' '$(K72_CONFIG_SHA256)' $@

# $(call k72-extract,DEB,PATH IN DEB,TARGET): PATH out of DEB as TARGET,
# dated now (dpkg-deb keeps the package's dates, older than DEB).
define k72-extract
	@echo "  EXTRACT $(3)"
	@rm -rf $(3).tmp && mkdir -p $(3).tmp
	@dpkg-deb -x $(1) $(3).tmp
	@rm -rf $(3) && mv $(3).tmp/$(2) $(3) && rm -rf $(3).tmp
	@touch $(3)
endef

$(K72_TARBALL): $(K72_SOURCE_DEB)
	$(call k72-extract,$<,usr/src/linux-source-7.2.tar.xz,$@)

$(K72_DEBIAN_CONFIG): $(K72_CONFIG_DEB)
	$(call k72-extract,$<,usr/src/linux-config-7.2,$(K72_CONFIG_DIR))
	@test -f $@ || { echo >&2 "ERROR: $@: not in $(notdir $<)"; exit 1; }
	@touch $@
