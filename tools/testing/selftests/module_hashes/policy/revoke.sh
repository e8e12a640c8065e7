#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The policy kernel's blacklist (CONFIG_SYSTEM_BLACKLIST_HASH_LIST): made
# from modules of the same build, so the kernel is built twice, the second
# time only relinking vmlinux with the list.
#
# revoke.sh KBUILD_OUTPUT INSTALL_MOD_PATH OUTDIR LIST TOOL
#
# OUTDIR gets three modules whose "bin:" SHA-256 LIST holds (the modules
# "revoked" and "revoked_body" of kernels.sh: lib/crc-ccitt.ko and
# lib/crc64.ko on 6.12):
#   revoked-proof.ko   "revoked" as installed, with its proof: the hash of
#                      the whole file, what the loader checks for a signed
#                      module;
#   revoked-signed.ko  the same module bytes signed by the build's key
#                      instead: the hash of the whole file;
#   revoked-body.ko    "revoked_body" as installed, with its proof: the hash
#                      of its module bytes, what IMA checks for a modsig, as
#                      "TOOL show" prints it (the spec's way to revoke).
# LIST is rewritten only when it changes, so that a rebuild does nothing.

set -eu
[ $# = 5 ] || { echo "usage: $0 KBUILD_OUTPUT INSTALL_MOD_PATH OUTDIR LIST TOOL" >&2; exit 2; }
kout=$1 modroot=$2 out=$3 list=$4 tool=$5
here=$(cd "$(dirname "$0")" && pwd)
. "$here/kernels.sh"
kver=$(cat "$kout/include/config/kernel.release")
kernel_roles "$kver"
kmods=$modroot/lib/modules/$kver/kernel
proof=$kmods/$mod_revoked.ko bodyfile=$kmods/$mod_revoked_body.ko
[ -f "$proof" ] && [ -f "$bodyfile" ] ||
	{ echo "ERROR: $kmods: no $mod_revoked.ko or $mod_revoked_body.ko (see the policy config)" >&2; exit 1; }
# The module bytes last signed, kept to sign again only when they change.
signed_body=$out/${mod_revoked##*/}.body
mkdir -p "$out"

body() {	# FILE OUT: the module bytes before the proof
	PYTHONPATH=$here/../lib python3 -c '
import sys, trailer
open(sys.argv[2], "wb").write(trailer.proof(open(sys.argv[1], "rb").read()).body)' "$1" "$2"
}

cp "$proof" "$out/revoked-proof.ko"
cp "$bodyfile" "$out/revoked-body.ko"
body "$out/revoked-proof.ko" "$signed_body.new"
# Sign again only when the module bytes changed.
if ! cmp -s "$signed_body.new" "$signed_body" || [ ! -f "$out/revoked-signed.ko" ]; then
	"$kout/scripts/sign-file" sha256 "$kout/certs/signing_key.pem" \
		"$kout/certs/signing_key.x509" "$signed_body.new" \
		"$out/revoked-signed.ko"
	mv "$signed_body.new" "$signed_body"
fi
rm -f "$signed_body.new"
digest=$("$tool" show "$out/revoked-body.ko" |
	sed -n 's/^sha256: \([0-9a-f]\{64\}\) (module bytes; blacklist "bin:" entry to revoke)$/\1/p')
[ -n "$digest" ] || { echo "ERROR: $out/revoked-body.ko: $tool show printed no module digest" >&2; exit 1; }

sum() { sha256sum "$1" | cut -d' ' -f1; }
printf '"bin:%s", "bin:%s", "bin:%s"\n' "$(sum "$out/revoked-proof.ko")" \
	"$(sum "$out/revoked-signed.ko")" "$digest" > "$list.new"
if cmp -s "$list.new" "$list"; then
	rm "$list.new"
else
	mv "$list.new" "$list"
fi
