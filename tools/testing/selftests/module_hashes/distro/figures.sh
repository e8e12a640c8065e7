#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The per-module table of make test-distro from check.sh's "permod"
# lines (name, how, authentication, size, module_sig_check() us, longest
# SHA-256 update inside it us, mod_verify_sig() us, blacklist lookup us;
# -1 when not called), one line per load.
#
# The floor is the one pass over the module bytes, a bare SHA-256 of
# them: the longest SHA-256 update inside the check.  Each proven load
# gives its check's time over its own pass, whole and less the blacklist
# lookup (module_hashes_revoked(), which hashes nothing); the table has
# the medians of those ratios, and the medians of the times.  The times
# inside a check include the tracing of the calls in it, so the ratios
# are upper bounds.
#
# A table with a hole is an error: every module in PERMOD.TXT must have
# at least one load authenticated by its proof whose check and pass were
# timed, and one by PKCS#7 whose check was (a function that was renamed,
# inlined or not traceable on some kernel times nothing).
#
# figures.sh PERMOD.TXT   exits 1 when the table is empty or has a hole.

f=${1:?usage: $0 PERMOD.TXT}
[ -s "$f" ] || { echo "ERROR: per-module figures: none ($f missing or empty)" >&2; exit 1; }
awk '
function add(k, x) { n_[k]++; v_[k, n_[k]] = x }
# The median of the values added under k (insertion sort: a few values).
function median(k,   i, j, t, a, n) {
	n = n_[k]
	if (!n)
		return -1
	for (i = 1; i <= n; i++) {
		t = v_[k, i]
		for (j = i - 1; j >= 1 && a[j] > t; j--)
			a[j + 1] = a[j]
		a[j + 1] = t
	}
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function ratio(a, b) { return a > 0 && b > 0 ? sprintf("%.2f", a / b) : "-" }
{ seen[$2] = 1 }
$3 == "merkle" && $4 == "merkle" && $6 > 0 && $7 <= 0 { nopass[$2]++ }
$3 == "merkle" && $4 == "merkle" && $7 > 0 {
	sz[$2] = $5; r = $9 > 0 ? $9 : 0
	add($2 SUBSEP "l", $7); add($2 SUBSEP "c", $6); add($2 SUBSEP "r", r)
	add($2 SUBSEP "t", $6 / $7); add($2 SUBSEP "w", ($6 - r) / $7)
}
$3 == "pkcs7" && $4 == "pkcs7" && $6 > 0 { add($2 SUBSEP "p", $6) }
END {
	printf "%-16s %7s %5s %9s %9s %9s %7s %8s %9s %7s\n", "module", "bytes", "loads",
		"pass us", "proof us", "revoc. us", "proof/", "less rev", "pkcs7 us", "pkcs7/"
	printf "%-16s %7s %5s %9s %9s %9s %7s %8s %9s %7s\n", "", "", "",
		"(SHA-256)", "(check)", "(lookup)", "pass", "/pass", "(check)", "proof"
	for (m in sz) {
		l = median(m SUBSEP "l"); c = median(m SUBSEP "c"); r = median(m SUBSEP "r")
		p = median(m SUBSEP "p")
		printf "%-16s %7d %5d %9.1f %9.1f %9.1f %7.2f %8.2f %9s %7s\n", m, sz[m],
			n_[m SUBSEP "c"], l, c, r, median(m SUBSEP "t"), median(m SUBSEP "w"),
			p >= 0 ? sprintf("%.1f", p) : "-", ratio(p, c)
	}
	for (m in seen) {
		if (!(m in sz)) {
			printf "ERROR: %s: no load proven with its check and pass timed", m > "/dev/stderr"
			if (nopass[m])
				printf " (%d without a pass)", nopass[m] > "/dev/stderr"
			printf "\n" > "/dev/stderr"
			bad = 1
		}
		if (!n_[m SUBSEP "p"]) {
			printf "ERROR: %s: no PKCS#7 load with its check timed\n", m > "/dev/stderr"
			bad = 1
		}
	}
	exit bad
}' "$f"
