#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The policy kernel's blacklist (CONFIG_SYSTEM_BLACKLIST_HASH_LIST): made
# from modules of the same build, so the kernel is built twice, the second
# time only relinking vmlinux with the list.
#
# revoke.sh KBUILD_OUTPUT INSTALL_MOD_PATH OUTDIR LIST TOOL
#
# OUTDIR gets three modules whose "bin:" SHA-256 LIST holds:
#   revoked-proof.ko   lib/crc-ccitt.ko as installed, with its proof: the
#                      hash of the whole file, what the loader checks for a
#                      signed module;
#   revoked-signed.ko  the same module bytes signed by the build's key
#                      instead: the hash of the whole file;
#   revoked-body.ko    lib/crc64.ko as installed, with its proof: the hash of
#                      its module bytes, what IMA checks for a modsig, as
#                      "TOOL show" prints it (the spec's way to revoke).
# LIST is rewritten only when it changes, so that a rebuild does nothing.

set -eu
[ $# = 5 ] || { echo "usage: $0 KBUILD_OUTPUT INSTALL_MOD_PATH OUTDIR LIST TOOL" >&2; exit 2; }
kout=$1 modroot=$2 out=$3 list=$4 tool=$5
here=$(cd "$(dirname "$0")" && pwd)
lib=$(echo "$modroot"/lib/modules/*/kernel/lib)
[ -f "$lib/crc-ccitt.ko" ] && [ -f "$lib/crc64.ko" ] ||
	{ echo "ERROR: $lib: no crc-ccitt.ko or crc64.ko (CONFIG_CRC_CCITT=m, CONFIG_CRC64=m?)" >&2; exit 1; }
mkdir -p "$out"

body() {	# FILE OUT: the module bytes before the proof
	PYTHONPATH=$here/../lib python3 -c '
import sys, trailer
open(sys.argv[2], "wb").write(trailer.proof(open(sys.argv[1], "rb").read()).body)' "$1" "$2"
}

cp "$lib/crc-ccitt.ko" "$out/revoked-proof.ko"
cp "$lib/crc64.ko" "$out/revoked-body.ko"
body "$out/revoked-proof.ko" "$out/crc-ccitt.body.new"
# Sign again only when the module bytes changed.
if ! cmp -s "$out/crc-ccitt.body.new" "$out/crc-ccitt.body" || [ ! -f "$out/revoked-signed.ko" ]; then
	"$kout/scripts/sign-file" sha256 "$kout/certs/signing_key.pem" \
		"$kout/certs/signing_key.x509" "$out/crc-ccitt.body.new" \
		"$out/revoked-signed.ko"
	mv "$out/crc-ccitt.body.new" "$out/crc-ccitt.body"
fi
rm -f "$out/crc-ccitt.body.new"
crc64=$("$tool" show "$out/revoked-body.ko" |
	sed -n 's/^sha256: \([0-9a-f]\{64\}\) (module bytes; blacklist "bin:" entry to revoke)$/\1/p')
[ -n "$crc64" ] || { echo "ERROR: $out/revoked-body.ko: $tool show printed no module digest" >&2; exit 1; }

sum() { sha256sum "$1" | cut -d' ' -f1; }
printf '"bin:%s", "bin:%s", "bin:%s"\n' "$(sum "$out/revoked-proof.ko")" \
	"$(sum "$out/revoked-signed.ko")" "$crc64" > "$list.new"
if cmp -s "$list.new" "$list"; then
	rm "$list.new"
else
	mv "$list.new" "$list"
fi
