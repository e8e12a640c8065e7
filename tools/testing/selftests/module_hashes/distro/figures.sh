#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The per-module table of make test-distro from check.sh's "permod"
# lines (name, how, authentication, size, module_sig_check() us, longest
# module_hashes_sha256() us, mod_verify_sig() us, module_hashes_revoked()
# us; -1 when not called).
#
# The floor is the leaf pass, one SHA-256 over the module bytes.  The
# proof check is that plus the path; the revocation pass, when the
# blacklist holds binary hashes, hashes the file once more.  "proof
# w/o rev." is the check less that pass.
#
# figures.sh PERMOD.TXT

f=${1:?usage: $0 PERMOD.TXT}
[ -s "$f" ] || { echo "per-module figures: none ($f missing or empty)"; exit 0; }
awk '
function ratio(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "-" }
$3 == "merkle" && $4 == "merkle" {
	sz[$2] = $5; mc[$2] = $6; sha[$2] = $7; rv[$2] = $9 > 0 ? $9 : 0
}
$3 == "pkcs7" && $4 == "pkcs7" { pc[$2] = $6 }
END {
	printf "%-18s %8s %10s %10s %10s %7s %7s %10s %7s\n", "module", "bytes", "proof us",
		"sha256 us", "revoc. us", "proof/", "w/o rev", "pkcs7 us", "pkcs7/"
	printf "%-18s %8s %10s %10s %10s %7s %7s %10s %7s\n", "", "", "(sig_check)",
		"(leaf)", "(revoked)", "sha256", "/sha256", "(sig_check)", "proof"
	for (m in mc) {
		printf "%-18s %8d %10.1f %10.1f %10.1f %7s %7s %10s %7s\n", m, sz[m], mc[m],
			sha[m], rv[m], ratio(mc[m], sha[m]), ratio(mc[m] - rv[m], sha[m]),
			(m in pc) ? sprintf("%.1f", pc[m]) : "-",
			(m in pc) ? ratio(pc[m], mc[m]) : "-"
		n++; tm += mc[m]; ts += sha[m]; tr += rv[m]; if (m in pc) tp += pc[m]
	}
	if (n)
		printf "%-18s %8s %10.1f %10.1f %10.1f %7s %7s %10.1f\n", "total (" n ")", "",
			tm, ts, tr, ratio(tm, ts), ratio(tm - tr, ts), tp
}' "$f"
