#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The per-module table of make test-distro from check.sh's "permod"
# lines (name, how, authentication, size, module_sig_check() us, longest
# module_hashes_sha256() us, mod_verify_sig() us; -1 when not called).
#
# figures.sh PERMOD.TXT

f=${1:?usage: $0 PERMOD.TXT}
[ -s "$f" ] || { echo "per-module figures: none ($f missing or empty)"; exit 0; }
awk '
$3 == "merkle" { sz[$2] = $5; mc[$2] = $6; sha[$2] = $7 }
$3 == "pkcs7" && $4 == "pkcs7" { pc[$2] = $6 }
END {
	printf "%-22s %9s %12s %12s %7s %12s %7s\n", "module", "bytes", "proof us", "sha256 us",
		"proof/", "pkcs7 us", "pkcs7/"
	printf "%-22s %9s %12s %12s %7s %12s %7s\n", "", "", "(sig_check)", "(leaf pass)", "sha256",
		"(sig_check)", "proof"
	for (m in mc) {
		r = sha[m] > 0 ? sprintf("%.2f", mc[m] / sha[m]) : "-"
		q = (m in pc) && mc[m] > 0 ? sprintf("%.1f", pc[m] / mc[m]) : "-"
		printf "%-22s %9d %12.1f %12.1f %7s %12s %7s\n", m, sz[m], mc[m], sha[m], r,
			(m in pc) ? sprintf("%.1f", pc[m]) : "-", q
		n++; tm += mc[m]; ts += sha[m]; if (m in pc) tp += pc[m]
	}
	if (n) {
		r = ts > 0 ? sprintf("%.2f", tm / ts) : "-"
		printf "%-22s %9s %12.1f %12.1f %7s %12.1f\n", "total (" n ")", "", tm, ts, r, tp
	}
}' "$f"
