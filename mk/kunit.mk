# SPDX-License-Identifier: GPL-2.0
#
# make test-kunit  run the module_hashes KUnit suite (kernel/module/hashes_kunit.c)
#                  with kunit.py under QEMU x86_64: unpack linux-source-6.12
#                  into $(BUILD)/kunit-src once, apply the overlay to it,
#                  build in $(BUILD)/kunit and run.  Fails on any failed
#                  test; the last line is "N passed, N failed".
# make kunit-deps  install what test-kunit needs (Debian 12, as root).
#
# Not in make test: there the QEMU kernels of make test-qemu (6.12 and
# 7.2) and make test-arm64 load the same suite as a proven module and
# report each of its tests; this runs it built in, the kunit.py way.
#
# Knobs: KUNIT_TARBALL (the 6.12 source), KUNIT_JOBS, KUNIT_ARGS (more
# kunit.py run arguments, e.g. KUNIT_ARGS='module_hashes.mh_hostile*').
#
# kunit.py builds with O=, so the source tree must stay clean: nothing is
# ever built in it, the kernel goes to $(BUILD)/kunit.  The host tool that
# the series builds needs the -dev packages of the tool's libraries.

KUNIT_TARBALL	?= /usr/src/linux-source-6.12.tar.xz
KUNIT_JOBS	?= $(shell nproc)
KUNIT_ARGS	?=
KUNIT_SRC	:= $(abspath $(BUILD))/kunit-src/linux
KUNIT_OUT	:= $(abspath $(BUILD))/kunit
KUNIT_LOG	:= $(abspath $(BUILD))/kunit.log
KUNIT_CONFIG	:= $(CURDIR)/kernel/module/.kunitconfig
KUNIT_DEPS	:= qemu-system-x86 python3 bc flex bison build-essential \
		   libelf-dev libssl-dev liblzma-dev libzstd-dev zlib1g-dev \
		   xz-utils patch linux-source-6.12

.PHONY: test-kunit kunit-src kunit-deps

$(KUNIT_SRC)/.unpacked: $(KUNIT_TARBALL)
	rm -rf $(@D) $(@D).tmp
	mkdir -p $(@D).tmp
	tar -C $(@D).tmp -xf $< --strip-components=1
	mv $(@D).tmp $(@D)
	touch $@

# "make apply" brings the tree to the current overlay and series, also from
# an older series, and leaves files that do not change untouched, so a rerun
# rebuilds only what changed.
kunit-src: $(KUNIT_SRC)/.unpacked
	@$(MAKE) --no-print-directory apply KSRC=$(KUNIT_SRC)

# $(call kunit-summary,LOG): kunit.py's "Testing complete." line in LOG as
# "N passed, N failed" (crashed tests count as failed).
kunit-summary = sed 's/\x1b\[[0-9;]*m//g' $(1) | awk ' \
		/Testing complete\./ { \
			p = f = 0; \
			for (i = 1; i < NF; i++) { \
				if ($$i == "passed:") p = $$(i + 1) + 0; \
				if ($$i == "failed:" || $$i == "crashed:") f += $$(i + 1) + 0; \
			} \
		} \
		END { printf "%d passed, %d failed\n", p, f }'

# kunit.py exits non-zero on a failed, crashed or missing test; keep its
# status through the pipe, then turn its "Testing complete." line into ours.
test-kunit: kunit-src
	@rm -f $(KUNIT_LOG).rc
	( cd $(KUNIT_SRC) && ./tools/testing/kunit/kunit.py run --arch=x86_64 \
		--kunitconfig=$(KUNIT_CONFIG) --build_dir=$(KUNIT_OUT) \
		--jobs=$(KUNIT_JOBS) $(KUNIT_ARGS) 2>&1; \
	  echo $$? >$(KUNIT_LOG).rc ) | tee $(KUNIT_LOG)
	@$(call kunit-summary,$(KUNIT_LOG))
	@exit $$(cat $(KUNIT_LOG).rc)

kunit-deps:
	$(call apt-install,$(KUNIT_DEPS))