# SPDX-License-Identifier: GPL-2.0
#
# Concurrent and faulted module loads (issue 11): the kernel of
# make test-policy-kasan (configs/module-hashes-policy-kasan.config: KASAN,
# lockdep, kmemleak, fault injection, 40-odd small modules) booted with
# module.sig_enforce=1.
#
# make test-stress   one boot: fail-nth over the first loads after boot (the
#                    verifier's first allocation of its SHA-256 transform);
#                    every module of the build without dependencies, proven,
#                    loaded all at once with hostile copies made from the
#                    rows of hashes_vectors.h, STRESS_ROUNDS times; fail-nth
#                    loops over every fault-injection point of a load.
#                    Fails on a wrong verdict and on any KASAN, lockdep or
#                    kmemleak report.
#
# Knobs: STRESS_ROUNDS (3), STRESS_ARGS (more
# arguments of stress/run.sh, e.g. --expect-errno tampered=EBADMSG to see
# it fail), QEMU_TIMEOUT (per boot, at least 900 s here).

STRESS_BUILD	:= $(abspath $(BUILD))/policy-kasan
STRESS_EXTRA	:= $(CURDIR)/configs/module-hashes-policy-kasan.config
STRESS_ROUNDS	?= 3
STRESS_ARGS	?=
STRESS_TIMEOUT	= $(shell t=$(QEMU_TIMEOUT); [ $$t -ge 900 ] && echo $$t || echo 900)

# Not in make test: its kernel (KASAN, lockdep, kmemleak) is one more full
# kernel build, which would take make test past the hour on two cores.

# Beyond kernel-deps and policy-deps, which build and boot the kernel:
# what the suite itself runs.
STRESS_DEPS	:= qemu-system-x86 busybox-static libc6-dev cpio gzip python3
deps-all: stress-deps

.PHONY: test-stress stress-kernel stress-deps
stress-deps:
	$(call apt-install,$(STRESS_DEPS))

# The same build as test-policy-kasan (same POLICY_BUILD, POLICY_EXTRA and
# POLICY_ECKEY), so that make test builds it once.
stress-kernel:
	$(MAKE) --no-print-directory policy-kernel POLICY_BUILD=$(STRESS_BUILD) \
		POLICY_EXTRA=$(STRESS_EXTRA) POLICY_ECKEY=$(POLICY_ECKEY)

test-stress: stress-kernel
	tools/testing/selftests/module_hashes/stress/run.sh \
		--kernel $(STRESS_BUILD)/kernel --modroot $(STRESS_BUILD)/modroot \
		--work $(STRESS_BUILD)/stress --timeout $(STRESS_TIMEOUT) --mem 1G \
		--rounds $(STRESS_ROUNDS) $(STRESS_ARGS)
