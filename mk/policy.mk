# SPDX-License-Identifier: GPL-2.0
#
# Module loading policy: CONFIG_MODULE_SIG and CONFIG_MODULE_HASHES in one
# kernel, lockdown, IMA, the sysfs ABI.
#
# make policy-deps     apt-get install what it needs beyond kernel-deps.
# make policy-kernel   unpack $(KTARBALL) into $(KBUILD_DIR)/policy/src,
#                      apply the series, configure $(KBUILD_DIR)/policy/kernel
#                      from $(POLICY_CONFIG), build it and install its
#                      modules into $(KBUILD_DIR)/policy/modroot (6.12's
#                      KBUILD_DIR is $(BUILD), 7.2's $(BUILD)/7.2).
# make test-policy     boot it under QEMU: proven in-tree modules and a
#                      sign-file signed out-of-tree module in one boot, then
#                      module.sig_enforce=1, lockdown=integrity, an IMA
#                      appraise policy; the sysfs ABI against the tool.
# make test-policy-7.2 make test-policy KVER=7.2 (not in make test).
# make test-policy-kasan  the same with KASAN, hostile cases (not in CI).
# make bench-policy    in-kernel time of authentication by proof against
#                      PKCS#7 (RSA-4096, ECDSA P-256), small and large module.
#
# Knobs: KVER (6.12 or 7.2, as for mk/kernel.mk), POLICY_BOOTS (which
# boots), POLICY_JOBS, QEMU_TIMEOUT.

# What differs between the kernels: the source and the build directory,
# which mk/kernel.mk gives (KTARBALL, KBUILD_DIR), and the config fragment.
# The modules the suites use are in $(POLICY_DIR)/kernels.sh.
ifeq ($(KVER),6.12)
POLICY_CONFIG	:= $(CURDIR)/configs/module-hashes-policy.config
else
POLICY_CONFIG	:= $(CURDIR)/configs/module-hashes-policy-$(KVER).config
endif
POLICY_BUILD	:= $(KBUILD_DIR)/policy
POLICY_SRC	:= $(KBUILD_DIR)/policy/src
POLICY_OUT	:= $(POLICY_BUILD)/kernel
POLICY_MODROOT	:= $(POLICY_BUILD)/modroot
POLICY_EXTRA	:=
POLICY_MEM	:= 256M
POLICY_JOBS	?= $(shell nproc)
POLICY_BOOTS	?= normal enforce lockdown ima imahash fips fipsneg
POLICY_TARBALL	?= $(KTARBALL)
POLICY_DIR	:= tools/testing/selftests/module_hashes/policy

POLICY_KMAKE = CCACHE_DIR=$(abspath $(BUILD))/ccache-policy $(MAKE) \
	--no-print-directory -C $(POLICY_SRC) O=$(POLICY_OUT) CC="$(CCACHE_CC) gcc" \
	-j$(POLICY_JOBS)

TEST_SUITES += test-policy

# Beyond kernel-deps: openssl makes the build's signing key and the
# benchmark's ECDSA key; the harness builds loadmod statically; the
# kernel's check of CONFIG_SYSTEM_BLACKLIST_HASH_LIST is a gawk script.
POLICY_DEPS	:= openssl libc6-dev gawk
deps-all: policy-deps

.PHONY: policy-deps
policy-deps:
	$(call apt-install,$(POLICY_DEPS))

.PHONY: policy-src policy-kernel test-policy test-policy-7.2 bench-policy \
	test-policy-kasan

$(POLICY_SRC)/.unpacked: $(POLICY_TARBALL)
	rm -rf $(@D) $(@D).tmp
	mkdir -p $(@D).tmp
	tar -C $(@D).tmp -xf $< --strip-components=1
	mv $(@D).tmp $(@D)
	touch $@

policy-src: $(POLICY_SRC)/.unpacked
	@$(MAKE) --no-print-directory apply KSRC=$(POLICY_SRC)

# An ECDSA P-256 key for the benchmark, trusted by the kernel through
# CONFIG_SYSTEM_TRUSTED_KEYS (the build's own module signing key is RSA-4096).
POLICY_ECKEY	:= $(POLICY_BUILD)/keys/ecdsa-p256.pem
POLICY_FRAG	:= $(POLICY_BUILD)/policy.config

$(POLICY_ECKEY):
	mkdir -p $(@D)
	openssl req -new -x509 -nodes -utf8 -sha256 -days 36500 -batch \
		-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		-pkeyopt ec_param_enc:named_curve \
		-subj "/CN=module_hashes benchmark ECDSA P-256" \
		-addext basicConstraints=critical,CA:FALSE \
		-addext keyUsage=digitalSignature \
		-keyout $@.tmp -out $@.tmp 2>/dev/null
	mv $@.tmp $@

# The blacklist: revoke.sh fills it with hashes of this build's modules
# after the first build; until then it holds one hash of nothing we load.
POLICY_BLACKLIST := $(POLICY_BUILD)/blacklist-hashes
POLICY_REVOKED	:= $(POLICY_BUILD)/revoked

$(POLICY_FRAG): $(POLICY_CONFIG) $(POLICY_EXTRA) $(POLICY_ECKEY)
	mkdir -p $(@D)
	{ cat $(POLICY_CONFIG) $(POLICY_EXTRA); \
	  echo 'CONFIG_SYSTEM_TRUSTED_KEYS="$(POLICY_ECKEY)"'; \
	  echo 'CONFIG_SYSTEM_BLACKLIST_HASH_LIST="$(POLICY_BLACKLIST)"'; } > $@

$(POLICY_BLACKLIST):
	mkdir -p $(@D)
	echo '"bin:'$$(printf 'no module' | sha256sum | cut -d' ' -f1)'"' > $@

$(POLICY_OUT)/.config: $(POLICY_FRAG) | policy-src
	$(call kconfig-fragment,$(POLICY_KMAKE),$(POLICY_FRAG))

policy-kernel: policy-src $(POLICY_OUT)/.config $(TOOL) | $(POLICY_BLACKLIST)
	$(POLICY_KMAKE)
	rm -rf $(POLICY_MODROOT)
	$(POLICY_KMAKE) -s INSTALL_MOD_PATH=$(POLICY_MODROOT) modules_install
	$(POLICY_DIR)/revoke.sh $(POLICY_OUT) $(POLICY_MODROOT) $(POLICY_REVOKED) \
		$(POLICY_BLACKLIST) $(CURDIR)/$(TOOL)
	$(POLICY_KMAKE)

POLICY_RUN = $(POLICY_DIR)/run.sh --kernel $(POLICY_OUT) --src $(POLICY_SRC) \
	--modroot $(POLICY_MODROOT) --tool $(CURDIR)/$(TOOL) \
	--eckey $(POLICY_ECKEY) --timeout $(QEMU_TIMEOUT) --mem $(POLICY_MEM) \
	--revoked $(POLICY_REVOKED)

test-policy: policy-kernel $(TOOL)
	$(POLICY_RUN) --work $(POLICY_BUILD)/qemu --boots "$(POLICY_BOOTS)"

# The same boots on Linux 7.2, not in make test (its hour has no room for
# another kernel build).
test-policy-7.2:
	@$(MAKE) --no-print-directory test-policy KVER=7.2

# Figures, not a test: the in-kernel time of authenticating the same module
# by proof, RSA-4096 and ECDSA P-256 signatures (BENCH_ITERATIONS, 300).
# The proof is timed twice: with the blacklist of the policy kernel, which
# holds binary hashes (the loader also takes the whole file's digest and
# looks both up), and with one that holds none (a single "tbs:" entry), the
# same kernel relinked.  The policy kernel's own list is put back after.
POLICY_NOBIN	:= '"tbs:$(shell printf 'no certificate' | sha256sum | cut -d' ' -f1)"'
BENCH_TIMEOUT	?= 900

bench-policy: policy-kernel $(TOOL)
	$(POLICY_RUN) --work $(POLICY_BUILD)/bench --boots bench \
		--timeout $(BENCH_TIMEOUT) --bench-label "blacklist: bin"
	echo $(POLICY_NOBIN) > $(POLICY_BLACKLIST)
	$(POLICY_KMAKE) -s
	$(POLICY_RUN) --work $(POLICY_BUILD)/bench-nobin --boots bench \
		--timeout $(BENCH_TIMEOUT) --bench-label "blacklist: no bin" \
		--bench-also $(POLICY_BUILD)/bench
	$(POLICY_DIR)/revoke.sh $(POLICY_OUT) $(POLICY_MODROOT) $(POLICY_REVOKED) \
		$(POLICY_BLACKLIST) $(CURDIR)/$(TOOL)
	$(POLICY_KMAKE) -s

# Not in make test (neither is test-stress, which boots the same kernel and runs
# the hostile cases under it, concurrently and with faults): the policy
# kernel with KASAN, lockdep and kmemleak, booted once without extra
# options, running every load case of the normal boot; fails on any KASAN
# report.
test-policy-kasan:
	$(MAKE) --no-print-directory test-policy POLICY_BUILD=$(abspath $(BUILD))/policy-kasan \
		POLICY_EXTRA=$(CURDIR)/configs/module-hashes-policy-kasan.config \
		POLICY_ECKEY=$(POLICY_ECKEY) POLICY_MEM=1G POLICY_BOOTS=normal
