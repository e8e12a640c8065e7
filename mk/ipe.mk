# SPDX-License-Identifier: GPL-2.0
#
# IPE's module_hashes_proven property (patches/0025) on the policy kernel of
# mk/policy.mk.
#
# make test-ipe   boot the policy kernel under QEMU once per IPE policy
#                 (module_hashes_proven=TRUE allowed, then =FALSE allowed,
#                 every other module denied) and load proven, PKCS#7-signed
#                 and unsigned modules through finit_module, init_module and
#                 finit_module of a .ko.xz; check what loaded and IPE's
#                 audit record of each decision.
# make test-ipe-7.2  make test-ipe KVER=7.2, on 7.2's policy kernel (not in
#                 make test).
#
# Knobs: KVER, IPE_BOOTS (which boots), QEMU_TIMEOUT.

IPE_DIR		:= tools/testing/selftests/module_hashes/ipe
IPE_BOOTS	?= proven unproven

TEST_SUITES += test-ipe

.PHONY: test-ipe test-ipe-7.2
test-ipe: policy-kernel
	$(IPE_DIR)/run.sh --kernel $(POLICY_OUT) --src $(POLICY_SRC) \
		--modroot $(POLICY_MODROOT) --work $(POLICY_BUILD)/ipe \
		--timeout $(QEMU_TIMEOUT) --mem $(POLICY_MEM) --boots "$(IPE_BOOTS)"

test-ipe-7.2:
	@$(MAKE) --no-print-directory test-ipe KVER=7.2

# Not in make test (a kernel build of its own, about ten minutes on two
# cores): IPE's policy parser KUnit suite, with the module_hashes_proven
# rows of patches/0025, under QEMU x86_64, in the policy kernel's source.
IPE_KUNIT_OUT	= $(POLICY_BUILD)/ipe-kunit
IPE_KUNIT_LOG	= $(POLICY_BUILD)/ipe-kunit.log

.PHONY: test-ipe-kunit
test-ipe-kunit: policy-src
	@rm -f $(IPE_KUNIT_LOG).rc
	( cd $(POLICY_SRC) && ./tools/testing/kunit/kunit.py run --arch=x86_64 \
		--kunitconfig=$(CURDIR)/$(IPE_DIR)/kunitconfig \
		--build_dir=$(IPE_KUNIT_OUT) --jobs=$(KUNIT_JOBS) 2>&1; \
	  echo $$? >$(IPE_KUNIT_LOG).rc ) | tee $(IPE_KUNIT_LOG)
	@$(call kunit-summary,$(IPE_KUNIT_LOG))
	@exit $$(cat $(IPE_KUNIT_LOG).rc)
