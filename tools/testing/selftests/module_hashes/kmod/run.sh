#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh --orig MODINFO --patched MODINFO --kernel KOUT --src KSRC
#        --modroot DIR --tool TOOL --version DEBVERSION --work DIR
#
# modinfo with patches/kmod/debian-30 against modinfo without them, on:
#   proven   the modules of make kernel as installed (their trailers carry
#            the proofs), and the same compressed as kbuild compresses
#            them (.ko.xz, .ko.zst);
#   signed   the same without their proof, signed with the kernel tree's
#            scripts/sign-file and keys made here (RSA and ECDSA), plain
#            and .ko.xz;
#   unsigned the same without any trailer, plain and .ko.xz;
#   hostile  one proven module with each trailer of expect.py's table.
# A proof must show as sig_id merkle, sig_key the root, sig_hashalgo
# sha256, sig_leaf_index and sig_tree_size, each as scripts/module-hashes
# reads the same file, and nothing else may change; signed and unsigned
# modules must print byte for byte as before; a malformed proof must show
# nothing, as before.  The unpatched build must print as Debian's installed
# modinfo does when that is the same version.
#
# Prints TAP and a last line "N passed, N failed".

set -u
here=$(dirname "$(readlink -f "$0")")
. "$here/../lib/tap.sh"
expect=$here/expect.py

orig='' patched='' kout='' ksrc='' modroot='' tool='' version='' work=''
while [ $# -gt 0 ]; do
	case $1 in
	--orig) orig=$2 ;;
	--patched) patched=$2 ;;
	--kernel) kout=$2 ;;
	--src) ksrc=$2 ;;
	--modroot) modroot=$2 ;;
	--tool) tool=$2 ;;
	--version) version=$2 ;;
	--work) work=$2 ;;
	*) echo "usage: $0 --orig M --patched M --kernel DIR --src DIR --modroot DIR --tool T --version V --work DIR" >&2
	   exit 2 ;;
	esac
	shift 2
done
for v in orig patched kout ksrc modroot tool version work; do
	[ -n "${!v}" ] || die "run.sh: --${v/kout/kernel} missing"
done
[ -x "$orig" ] && [ -x "$patched" ] || die "$orig, $patched: no modinfo"
[ -f "$kout/vmlinux" ] || die "$kout/vmlinux: missing (make kernel)"

rm -rf "$work"
mkdir -p "$work"/{proven,signed,unsigned,hostile,out,keys}

# --- the files ---------------------------------------------------------------

mapfile -t modules < <(find "$modroot"/lib/modules/*/kernel -name '*.ko' | sort)
[ ${#modules[@]} -gt 0 ] || die "$modroot: no installed modules"

# $1 FILE: FILE.xz and FILE.zst beside it, as kbuild's modules_install
# compresses (scripts/Makefile.modinst).
compress() {
	xz --check=crc32 --lzma2=dict=1MiB -k -f "$1" &&
	zstd -T0 -q -k -f "$1" -o "$1.zst"
}

# The kernel tree's sign-file, built as scripts/Makefile builds it.
gcc -O2 -o "$work/sign-file" "$ksrc/scripts/sign-file.c" \
	$(pkg-config --cflags libcrypto 2>/dev/null) \
	$(pkg-config --libs libcrypto 2>/dev/null || echo -lcrypto) 2>"$work/sign-file.log" ||
	die "$ksrc/scripts/sign-file.c: does not build: $(head -3 "$work/sign-file.log")"

# $1 NAME, $2 CN, openssl req -newkey arguments...: a self-signed key and
# certificate in one PEM file, as certs/Makefile makes signing_key.pem.
newkey() {
	local name=$1 cn=$2
	shift 2
	openssl req -new -x509 -nodes -utf8 -days 36500 -batch -subj "/CN=$cn" \
		"$@" -keyout "$work/keys/$name.pem" -out "$work/keys/$name.crt" \
		2>"$work/keys/$name.log" || die "openssl: $name key: $(tail -1 "$work/keys/$name.log")"
}
newkey rsa "module_hashes kmod test RSA" -sha256 -newkey rsa:2048
newkey ec "module_hashes kmod test ECDSA" -sha256 -newkey ec \
	-pkeyopt ec_paramgen_curve:prime256v1
# Each signed module: its key, the hash sign-file signs with, and the
# signer modinfo must name.
keys=("rsa sha256 module_hashes kmod test RSA" "ec sha384 module_hashes kmod test ECDSA")

proven=() signed=() unsigned=() pairs=()
for m in "${modules[@]}"; do
	pairs+=("$m" "$work/unsigned/$(basename "$m")")
done
python3 "$expect" strip "${pairs[@]}" || die "expect.py strip: cannot strip the modules"

i=0
for m in "${modules[@]}"; do
	b=$(basename "$m")
	cp "$m" "$work/proven/$b" && compress "$work/proven/$b" ||
		die "$m: cannot copy and compress"
	proven+=("$work/proven/$b" "$work/proven/$b.xz" "$work/proven/$b.zst")

	compress "$work/unsigned/$b" || die "$m: cannot compress"
	unsigned+=("$work/unsigned/$b" "$work/unsigned/$b.xz")

	read -r key hash _ <<<"${keys[i % 2]}"
	"$work/sign-file" "$hash" "$work/keys/$key.pem" "$work/keys/$key.crt" \
		"$work/unsigned/$b" "$work/signed/$b" && compress "$work/signed/$b" ||
		die "$m: sign-file failed"
	signed+=("$work/signed/$b" "$work/signed/$b.xz")
	i=$((i + 1))
done

# The hostile trailers, on the first module.
hostile=()
while read -r name kind; do
	hostile+=("$work/hostile/$name.ko:$kind")
done < <(python3 "$expect" mutate "$work/proven/$(basename "${modules[0]}")" "$work/hostile")
[ ${#hostile[@]} -gt 0 ] || die "expect.py mutate: no hostile trailers"

# --- running both modinfos ---------------------------------------------------

# $1 FILE, $2 TAG, modinfo options...: out/<name>.<TAG>.{orig,patched}
# with each one's stdout, exit status and stderr.
outname() { local f=${1#"$work"/}; echo "$work/out/${f//\//_}.$2"; }
run_both() {
	local f=$1 o
	o=$(outname "$f" "$2")
	shift 2
	"$orig" "$@" "$f" >"$o.orig" 2>"$o.orig.err"; echo $? >"$o.orig.rc"
	"$patched" "$@" "$f" >"$o.patched" 2>"$o.patched.err"; echo $? >"$o.patched.rc"
}

# $1 FILE, $2 TAG: why the two runs differ in exit status or stderr.
same_status() {
	local o
	o=$(outname "$1" "$2")
	cmp -s "$o.orig.rc" "$o.patched.rc" ||
		{ echo "exit $(cat "$o.patched.rc"), unpatched $(cat "$o.orig.rc")"; return; }
	[ -s "$o.patched.err" ] && { echo "stderr: $(head -1 "$o.patched.err")"; return; }
	[ "$(cat "$o.patched.rc")" = 0 ] || echo "exit $(cat "$o.patched.rc")"
}

# queue WHAT WHY CHECK...: the test WHAT fails for WHY when WHY is not
# empty, else as expect.py's CHECK says; flush runs the queued checks in one
# expect.py and reports the tests in order.
q_what=() q_why=() q_check=()
queue() {
	local IFS=$'\t'
	q_what+=("$1") q_why+=("$2")
	shift 2
	q_check+=("$*")
}
flush() {
	local i answers
	mapfile -t answers < <(printf '%s\n' "${q_check[@]}" | python3 "$expect" batch)
	for i in "${!q_what[@]}"; do
		check "${q_what[i]}" "${q_why[i]:-${answers[i]-expect.py batch: no answer}}"
	done
	q_what=() q_why=() q_check=()
}

for f in "${proven[@]}" "${signed[@]}" "${unsigned[@]}" "${hostile[@]%:*}"; do
	run_both "$f" all
done
for f in "${signed[@]}" "${unsigned[@]}"; do
	run_both "$f" null -0
done

# --- proven modules ----------------------------------------------------------

# What the tool reads from each file: verdict, leaf index, tree size, root.
"$tool" verify --vmlinux "$kout/vmlinux" --json "${proven[@]}" >"$work/truth.json" 2>"$work/truth.err"
declare -A t_verdict t_index t_size t_root
while IFS=$'\t' read -r path verdict index size root; do
	t_verdict[$path]=$verdict t_index[$path]=$index t_size[$path]=$size t_root[$path]=$root
done < <(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    o = json.loads(line)
    print("\t".join(str(o[k]) for k in ("path", "verdict", "leaf_index", "tree_size", "root")))
' "$work/truth.json")

why=
for f in "${proven[@]}"; do
	[ "${t_verdict[$f]-}" = verified ] || why="$why $(basename "$f"): ${t_verdict[$f]-not read}"
done
check "scripts/module-hashes verifies all ${#proven[@]} proven files against vmlinux" "$why"

q=()
for f in "${proven[@]}"; do
	q+=(nosig "$(outname "$f" all).orig" "|")
done
grep -q '^sig_id:' "$(outname "${signed[0]}" all).orig" && why= ||
	why="the unpatched modinfo shows no signature either"
queue "unpatched modinfo shows no trailer for a proof (the bug), but does for a signature" \
	"$why" "${q[@]:0:${#q[@]}-1}"

for f in "${proven[@]}"; do
	o=$(outname "$f" all)
	queue "${f#"$work"/}: leaf ${t_index[$f]-?} of ${t_size[$f]-?}, root as the tool reads it; nothing else changed" \
		"$(same_status "$f" all)" \
		proof "$o.orig" "$o.patched" "${t_root[$f]-}" "${t_index[$f]-}" "${t_size[$f]-}"
done
flush

# modinfo -F: one field's value alone; a proof has no signer or signature.
why=
for f in "${proven[@]}"; do
	for fld in sig_id sig_hashalgo sig_leaf_index sig_tree_size signer signature; do
		case $fld in
		sig_id) want=merkle ;;
		sig_hashalgo) want=sha256 ;;
		sig_leaf_index) want=${t_index[$f]-} ;;
		sig_tree_size) want=${t_size[$f]-} ;;
		*) want= ;;
		esac
		got=$("$patched" -F "$fld" "$f" 2>&1)
		[ "$got" = "$want" ] && continue
		got=$(printf "%s" "$got" | tr "\n\t" "  " | cut -c1-40)
		why="$why ${f#"$work"/} -F $fld: '$got', expected '$want';"
		break 2
	done
done
check "modinfo -F of each proof field, for all ${#proven[@]} proven files" "$why"

# --- signed and unsigned: as before ------------------------------------------

for f in "${signed[@]}"; do
	o=$(outname "$f" all) n0=$(outname "$f" null)
	why=$(same_status "$f" all)
	# ... and it is a signature they both show, from our signer.
	[ -n "$why" ] || grep -q '^sig_id:         PKCS#7$' "$o.orig" ||
		why="no sig_id: PKCS#7 line"
	[ -n "$why" ] || grep -q '^signer:         module_hashes kmod test ' "$o.orig" ||
		why="no signer line naming the test key"
	[ -n "$why" ] || grep -q '^signature:      ' "$o.orig" || why="no signature line"
	queue "${f#"$work"/}: signed, byte for byte as unpatched (default and -0 output)" "$why" \
		same "$o.orig" "$o.patched" "|" same "$n0.orig" "$n0.patched"
done

for f in "${unsigned[@]}"; do
	o=$(outname "$f" all) n0=$(outname "$f" null)
	queue "${f#"$work"/}: no trailer, byte for byte as unpatched (default and -0 output)" \
		"$(same_status "$f" all)" \
		same "$o.orig" "$o.patched" "|" same "$n0.orig" "$n0.patched" "|" nosig "$o.patched"
done

# --- hostile trailers ----------------------------------------------------------

for h in "${hostile[@]}"; do
	f=${h%:*} kind=${h##*:} label=$(basename "${h%:*}" .ko)
	o=$(outname "$f" all)
	shown=$("$tool" show "$f" 2>&1)
	rc=$?
	why=$(same_status "$f" all)
	if [ "$kind" = malformed ]; then
		if [ -z "$why" ] && { [ $rc != 1 ] || ! grep -q malformed <<<"$shown"; }; then
			why="the tool does not call it malformed (exit $rc): $(printf "%s" "$shown" | tr "\n" " ")"
		fi
		queue "$label: malformed proof (as the tool says): shown as no trailer, as unpatched" \
			"$why" same "$o.orig" "$o.patched"
	else
		index=$(sed -n 's/^leaf_index: //p' <<<"$shown")
		size=$(sed -n 's/^tree_size: //p' <<<"$shown")
		root=$(sed -n 's/^root: //p' <<<"$shown")
		if [ -z "$why" ] && { [ $rc != 0 ] || [ -z "$root" ]; }; then
			why="the tool does not read a proof (exit $rc): $(printf "%s" "$shown" | tr "\n" " ")"
		fi
		queue "$label: well-formed proof (leaf $index of $size, as the tool reads it) shown" \
			"$why" proof "$o.orig" "$o.patched" "$root" "$index" "$size"
	fi
done
flush

# --- the unpatched build is Debian's modinfo ------------------------------------

installed=$(dpkg-query -W -f '${Version}' kmod 2>/dev/null)
if [ "$installed" = "$version" ] && [ -x /sbin/modinfo ]; then
	why=
	for f in "${proven[@]}" "${signed[@]}" "${unsigned[@]}" "${hostile[@]%:*}"; do
		/sbin/modinfo "$f" >"$work/out/debian" 2>&1
		cmp -s "$work/out/debian" "$(outname "$f" all).orig" || why="$why ${f#"$work"/}"
	done
	check "the unpatched build prints as Debian's modinfo $installed on every file" "${why:+differs on$why}"
else
	skip "the unpatched build against Debian's modinfo: kmod ${installed:-not} installed, not $version"
fi

finish
