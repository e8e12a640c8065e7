# SPDX-License-Identifier: GPL-2.0
#
# TAP for the shell suites of module_hashes: source it, report each test
# with ok, notok or check, and end with finish.  Every suite prints
# "ok N - what" / "not ok N - what: why" lines and a last line
# "N passed, N failed" (", N skipped" when some were), which make test
# sums.

pass=0 fail=0 skipped=0 n=0

ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); skipped=$((skipped + 1)); echo "ok $n - $* # SKIP"; }

# check WHAT WHY: passes when WHY, the reason it failed, is empty.
check() { if [ -z "$2" ]; then ok "$1"; else notok "$1: $2"; fi; }

# expect WHAT COMMAND...: passes when COMMAND succeeds.
expect() { local what=$1; shift; if "$@"; then ok "$what"; else notok "$what"; fi; }

finish() {
	if [ "$skipped" = 0 ]; then
		echo "$pass passed, $fail failed"
	else
		echo "$pass passed, $fail failed, $skipped skipped"
	fi
	[ "$fail" = 0 ]
	exit
}

# die WHY: a suite that cannot go on fails, with what stopped it.
die() { echo "ERROR: $*" >&2; notok "$*"; finish; }
