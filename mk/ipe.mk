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
#
# Knobs: IPE_BOOTS (which boots), QEMU_TIMEOUT.

IPE_DIR		:= tools/testing/selftests/module_hashes/ipe
IPE_BOOTS	?= proven unproven

TEST_SUITES += test-ipe

.PHONY: test-ipe
test-ipe: policy-kernel
	$(IPE_DIR)/run.sh --kernel $(POLICY_OUT) --src $(POLICY_SRC) \
		--modroot $(POLICY_MODROOT) --work $(POLICY_BUILD)/ipe \
		--timeout $(QEMU_TIMEOUT) --mem $(POLICY_MEM) --boots "$(IPE_BOOTS)"
