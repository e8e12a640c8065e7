# SPDX-License-Identifier: GPL-2.0
#
# make test-fresh  the fresh-machine check (not part of make test): a
#                  pristine minbase Debian 12 root from this machine's apt
#                  sources, a clean clone of HEAD in it, `bash .ci/run`
#                  inside; prints the suite summary and the wall time.
#                  Commit first: only committed work is cloned.
#
# Knobs: FRESH_WORK (where the root goes, wiped), FRESH_ARGS (e.g. --keep).

FRESH_WORK	?= $(abspath $(BUILD))/fresh
FRESH_ARGS	?=
FRESH_DEPS	:= mmdebstrap git util-linux

.PHONY: test-fresh fresh-deps
fresh-deps:
	$(call apt-install,$(FRESH_DEPS))

test-fresh: fresh-deps
	tools/testing/selftests/module_hashes/fresh/run.sh --repo $(CURDIR) \
		--work $(FRESH_WORK) $(FRESH_ARGS)
