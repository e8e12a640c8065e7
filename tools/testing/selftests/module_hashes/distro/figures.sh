#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The per-module table of make test-distro from check.sh's "permod"
# lines (name, how, authentication, size, module_sig_check() us, longest
# module_hashes_sha256() us, mod_verify_sig() us, module_hashes_revoked()
# us; -1 when not called), one line per load: each column is the median
# of a module's loads.
#
# The floor is the leaf pass, one SHA-256 over the module bytes.  The
# proof check is that plus the path; the revocation pass, while the
# blacklist holds a binary hash, hashes the file once more.  "w/o rev."
# is the proof check less that pass.
#
# figures.sh PERMOD.TXT

f=${1:?usage: $0 PERMOD.TXT}
[ -s "$f" ] || { echo "per-module figures: none ($f missing or empty)"; exit 0; }
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
$3 == "merkle" && $4 == "merkle" {
	sz[$2] = $5; add($2 SUBSEP "c", $6); add($2 SUBSEP "l", $7)
	add($2 SUBSEP "r", $9 > 0 ? $9 : 0); add($2 SUBSEP "w", $6 - ($9 > 0 ? $9 : 0))
}
$3 == "pkcs7" && $4 == "pkcs7" { add($2 SUBSEP "p", $6) }
END {
	printf "%-18s %8s %5s %10s %10s %10s %7s %7s %10s %7s\n", "module", "bytes", "loads",
		"proof us", "sha256 us", "revoc. us", "proof/", "w/o rev", "pkcs7 us", "pkcs7/"
	printf "%-18s %8s %5s %10s %10s %10s %7s %7s %10s %7s\n", "", "", "",
		"(sig_check)", "(leaf)", "(revoked)", "sha256", "/sha256", "(sig_check)", "proof"
	for (m in sz) {
		c = median(m SUBSEP "c"); l = median(m SUBSEP "l"); r = median(m SUBSEP "r")
		w = median(m SUBSEP "w"); p = median(m SUBSEP "p")
		printf "%-18s %8d %5d %10.1f %10.1f %10.1f %7s %7s %10s %7s\n", m, sz[m],
			n_[m SUBSEP "c"], c, l, r, ratio(c, l), ratio(w, l),
			p >= 0 ? sprintf("%.1f", p) : "-", ratio(p, c)
		n++; tc += c; tl += l; tr += r; tw += w; if (p >= 0) tp += p
	}
	if (n)
		printf "%-18s %8s %5s %10.1f %10.1f %10.1f %7s %7s %10.1f %7s\n",
			"sum of medians", "", "", tc, tl, tr, ratio(tc, tl), ratio(tw, tl), tp,
			ratio(tp, tc)
}' "$f"
