#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of scripts/module-hashes on real ELF relocatable objects made with
# the host compiler: build, verify, show, root and patch-vmlinux, the bad
# inputs each must refuse without leaving output or changing input, the
# exit statuses (0 yes, 1 no, 2 trouble), --json, --order, --allow-signed,
# --sidecar (the check before modules_install),
# compressed and signed build inputs, the build kbuild links, boot images
# (test_images.sh), make install.
# Prints TAP.  Usage: test_tool.sh TOOL WORKDIR

set -u
here=$(dirname "$(realpath "$0")")
. "$here/lib/tap.sh"
TOOL=$(realpath "$1")
W=$2
TOP=$(realpath "$here/../../../..")

# Run the tool; keep stdout, stderr and the exit code.
run() {
	"$TOOL" "$@" >"$W/out" 2>"$W/err"
	rc=$?
}
has_out() { grep -qF -- "$1" "$W/out"; }
has_err() { grep -qF -- "$1" "$W/err"; }
no_temps() { ! find "$W" -name '*.tmp??????' | grep -q .; }
sums() { (cd "$W/tree" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }

# A tree of modules: N relocatable objects, a modules.order naming them.
make_tree() {
	local dir=$1 count=$2 i
	rm -rf "$dir"
	mkdir -p "$dir/drivers/net" "$dir/fs/ext9"
	: >"$dir/modules.order"
	for i in $(seq 1 "$count"); do
		local sub=drivers/net
		[ $((i % 3)) = 0 ] && sub=fs/ext9
		printf 'int mod%d_init(void) { return %d; }\nconst char mod%d_name[] = "m%d";\n' \
			"$i" "$i" "$i" "$i" >"$W/src.c"
		cc -c -o "$dir/$sub/m$i.ko" "$W/src.c" || exit 1
		echo "$sub/m$i.o" >>"$dir/modules.order"
	done
}

rm -rf "$W"
mkdir -p "$W"
echo "TAP version 13"

# ---------------------------------------------------------------- build
make_tree "$W/tree" 13
run build -r "$W/root.bin" -o "$W/out13" "$W/tree/modules.order"
expect "build -o over 13 modules exits 0" [ $rc = 0 ]
expect "root descriptor is 40 bytes" [ "$(stat -c %s "$W/root.bin")" = 40 ]
run verify --root-file "$W/root.bin" "$W/out13"
expect "every proven copy verifies" [ $rc = 0 ]
expect "verify reports 13 verified" has_out "summary: 13 verified, 0 no-proof"
expect "inputs keep no trailer after build -o" \
	bash -c "! grep -lq 'Module signature appended' $W/tree/drivers/net/*.ko"

run build -j 1 -r "$W/root1.bin" -o "$W/outj1" "$W/tree/modules.order"
run build -j 7 -r "$W/root7.bin" -o "$W/outj7" "$W/tree/modules.order"
expect "same bytes out with 1 and 7 jobs" \
	bash -c "cmp -s $W/root.bin $W/root1.bin && cmp -s $W/root1.bin $W/root7.bin && diff -r $W/outj1 $W/outj7 >/dev/null"

cp -a "$W/tree" "$W/side"
run build -r "$W/root-side.bin" --sidecar "$W/side/modules.order"
cat "$W/side/drivers/net/m1.ko" "$W/side/drivers/net/m1.ko.proof" >"$W/m1-side.ko"
expect "sidecar proof appended to its module verifies" \
	bash -c "\"$TOOL\" verify --root-file $W/root-side.bin $W/m1-side.ko >/dev/null"
expect "sidecar and -o give the same module" cmp -s "$W/m1-side.ko" "$W/out13/drivers/net/m1.ko"

cp -a "$W/tree" "$W/inplace"
chmod 0600 "$W/inplace/fs/ext9/m3.ko"
run build -r "$W/root-inplace.bin" --in-place --new-image "$W/inplace/modules.order"
run verify --root-file "$W/root-inplace.bin" "$W/inplace"
expect "--in-place modules all verify" [ $rc = 0 ]
expect "--in-place keeps the file mode" [ "$(stat -c %a "$W/inplace/fs/ext9/m3.ko")" = 600 ]
cp -a "$W/inplace" "$W/inplace-1"
run build -r "$W/root-again.bin" --in-place --new-image "$W/inplace/modules.order"
expect "a second --in-place run proves its own output again" [ $rc = 0 ]
expect "... to the same root and the same bytes" \
	bash -c "cmp -s $W/root-inplace.bin $W/root-again.bin && diff -r $W/inplace-1 $W/inplace >/dev/null"
printf '\x00\x00\x00\x29' | dd of="$W/inplace/fs/ext9/m3.ko" bs=1 seek=$(($(stat -c %s "$W/inplace/fs/ext9/m3.ko") - 32)) conv=notrunc status=none
sum=$(sha256sum <"$W/inplace/fs/ext9/m3.ko")
run build -r "$W/root-bad.bin" --in-place --new-image "$W/inplace/modules.order"
expect "a malformed old proof is refused, naming the file, exit 2" \
	bash -c "[ $rc = 2 ] && grep -q 'ERROR: $W/inplace/fs/ext9/m3.ko: already ends in a module signature trailer (a malformed module hash proof)' $W/err && [ ! -e $W/root-bad.bin ] && [ \"\$(sha256sum <$W/inplace/fs/ext9/m3.ko)\" = '$sum' ]"

printf 'drivers/net/m1.ko\n/%s\n' "$W/tree/drivers/net/m2.ko" | sed 's|^//|/|' >"$W/list"
run build -C "$W/tree" -r "$W/root-list.bin" "$W/list"
expect "a plain list of .ko paths, relative and absolute" [ $rc = 0 ]
run root "$W/root-list.bin"
expect "root prints the tree size" has_out "tree_size: 2"

# --------------------------------------------------------------- verify
V="$W/v"
mkdir -p "$V"
cp "$W/out13/drivers/net/m1.ko" "$V/good.ko"
for c in xz zstd gzip; do
	$c -q -k -c "$V/good.ko" >"$V/good.ko.${c/zstd/zst}"
	[ $c = gzip ] && mv "$V/good.ko.gzip" "$V/good.ko.gz"
done
run verify --root-file "$W/root.bin" "$V/good.ko.xz" "$V/good.ko.zst" "$V/good.ko.gz"
expect "xz, zstd and gzip modules verify" [ $rc = 0 ]

# A large, very compressible module: decoders hold output back.
mkdir -p "$W/big"
printf 'char big[6 << 20] = { 1 };\nint f(void) { return big[3]; }\n' >"$W/big.c"
cc -c -o "$W/big/big.ko" "$W/big.c"
echo big.ko >"$W/big/modules.order"
"$TOOL" build -r "$W/big/root.bin" --in-place --new-image "$W/big/modules.order"
xz -q -k "$W/big/big.ko"; zstd -q -k "$W/big/big.ko"; gzip -q -k "$W/big/big.ko"
run verify --root-file "$W/big/root.bin" "$W/big"
expect "6 MiB module, plain and xz/zstd/gzip at ~1000:1, verifies" \
	bash -c "[ $rc = 0 ] && grep -q 'summary: 4 verified' $W/out"

head -c -9 "$V/good.ko.xz" >"$V/trunc.ko.xz"
run verify --root-file "$W/root.bin" "$V/trunc.ko.xz"
expect "truncated xz: error naming the file, exit 2" \
	bash -c "[ $rc = 2 ] && grep -q 'ERROR: $V/trunc.ko.xz: .*xz' $W/err"
cp "$V/good.ko.zst" "$V/bad.ko.zst"
printf '\x55\x55\x55\x55' | dd of="$V/bad.ko.zst" bs=1 seek=20 conv=notrunc status=none
run verify --root-file "$W/root.bin" "$V/bad.ko.zst"
expect "corrupt zstd: error naming the file, exit 2" \
	bash -c "[ $rc = 2 ] && grep -q 'ERROR: $V/bad.ko.zst: ' $W/err"

# Modules whose decompressed size is a multiple of the decoders' 128 KiB
# output chunk: a stream that ends exactly as the buffer fills is whole.
E="$W/edge"
mkdir -p "$E"
: >"$E/modules.order"
for kib in 128 256; do
	for c in xz zstd gzip; do
		cp "$W/tree/drivers/net/m1.ko" "$E/$c$kib.ko"
		truncate -s "${kib}K" "$E/$c$kib.ko"
		$c -q "$E/$c$kib.ko" && rm -f "$E/$c$kib.ko"	# zstd keeps it
		echo "$c$kib.ko" >>"$E/modules.order"
	done
done
run show "$E/zstd128.ko.zst"
expect "show of a 128 KiB zstd module: no \"truncated\"" bash -c "[ $rc = 0 ] && ! grep -q truncated $W/err"
run build -r "$E/root.bin" --in-place --new-image "$E/modules.order"
expect "build --in-place over xz/zstd/gzip modules of exactly 128 and 256 KiB" \
	bash -c "[ $rc = 0 ] && '$TOOL' verify --root-file $E/root.bin $E | grep -q 'summary: 6 verified'"

# Size limits.  The kernel reads no module over INT_MAX bytes, compressed
# or decompressed; the tool refuses one before hashing it, and streams a
# compressed module rather than holding it.  MODULE_HASHES_TEST_SIZE_MAX
# lowers the limit so that a bomb past it is small and quick to make.
L="$W/limit"
mkdir -p "$L"
head -c 3M /dev/zero >"$L/bomb.ko"
xz -q -k "$L/bomb.ko"; zstd -q -k "$L/bomb.ko"; gzip -q -k "$L/bomb.ko"
for f in bomb.ko.xz bomb.ko.zst bomb.ko.gz; do
	MODULE_HASHES_TEST_SIZE_MAX=1048576 "$TOOL" verify --root-file "$W/root.bin" \
		"$L/$f" >"$W/out" 2>"$W/err"
	rc=$?
	expect "verify of $f past the limit: refused, naming the file and the limit, exit 2" \
		bash -c "[ $rc = 2 ] && grep -qx 'ERROR: $L/$f: decompresses to more than 1048576 bytes, the most the kernel reads' $W/err"
done
MODULE_HASHES_TEST_SIZE_MAX=1048576 "$TOOL" verify --root-file "$W/root.bin" \
	"$L/bomb.ko" >"$W/out" 2>"$W/err"
rc=$?
expect "verify of a plain module past the limit: refused, exit 2" \
	bash -c "[ $rc = 2 ] && grep -q 'ERROR: $L/bomb.ko: larger than 1048576 bytes, the most the kernel reads' $W/err"
rm "$L/bomb.ko" "$L/bomb.ko.xz" "$L/bomb.ko.gz"
echo bomb.ko >"$L/modules.order"
MODULE_HASHES_TEST_SIZE_MAX=1048576 "$TOOL" build -r "$L/root.bin" --in-place --new-image \
	"$L/modules.order" >"$W/out" 2>"$W/err"
rc=$?
expect "build --in-place of a module past the limit: refused, nothing written, exit 2" \
	bash -c "[ $rc = 2 ] && grep -q 'ERROR: $L/bomb.ko.zst: decompresses to more' $W/err && [ ! -e $L/root.bin ] && zstd -qt $L/bomb.ko.zst"

# The kernel's own limit, on a sparse file: refused before a byte is read.
truncate -s $((1 << 33)) "$L/huge.ko"
tail -c $(($(stat -c %s "$W/out13/drivers/net/m1.ko") - $(stat -c %s "$W/tree/drivers/net/m1.ko"))) \
	"$W/out13/drivers/net/m1.ko" >>"$L/huge.ko"
# Hashing gigabytes takes seconds of CPU, no hash at all milliseconds:
# judged by the CPU time the tool used, which a busy machine does not
# stretch as it stretches wall time.
cpu_run() {
	local TIMEFORMAT='%3U %3S'
	{ time "$TOOL" "$@" >"$W/out" 2>"$W/err"; } 2>"$W/cpu"
	rc=$?
	cpu_ms=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$W/cpu")
}
cpu_run verify --root-file "$W/root.bin" "$L/huge.ko"
expect "verify of an 8 GiB module with a proof: refused over INT_MAX before reading, exit 2 (${cpu_ms} ms CPU)" \
	bash -c "[ $rc = 2 ] && grep -q 'ERROR: $L/huge.ko: larger than 2147483647 bytes, the most the kernel reads' $W/err && [ $cpu_ms -lt 1000 ]"
# Under the limit, another build's proof is answered without a hash; a
# proof of the trusted tree (wrong for these bytes) takes the whole hash.
cp "$W/tree/drivers/net/m1.ko" "$L/huge.ko"	# an ELF header, then zeroes
truncate -s 2000M "$L/huge.ko"
tail -c $(($(stat -c %s "$W/out13/drivers/net/m1.ko") - $(stat -c %s "$W/tree/drivers/net/m1.ko"))) \
	"$W/out13/drivers/net/m1.ko" >>"$L/huge.ko"
cpu_run verify --root-file "$W/root.bin" "$L/huge.ko"
hashed_ms=$cpu_ms
cpu_run verify --root-file "$W/big/root.bin" "$L/huge.ko"
expect "verify of a 2000 MiB module with another build's proof: other-build, no hash (${cpu_ms} ms CPU, ${hashed_ms} ms hashed)" \
	bash -c "[ $rc = 1 ] && grep -q '^$L/huge.ko: other-build' $W/out && [ \$(($cpu_ms * 10)) -lt $hashed_ms ]"
rm -f "$L/huge.ko"

# Memory does not grow with what a module decompresses to.
if [ -x /usr/bin/time ]; then
	head -c 256M /dev/zero | zstd -q -1 >"$L/z256.ko.zst"
	/usr/bin/time -f %M -o "$W/rss" "$TOOL" verify -j 1 --root-file "$W/root.bin" \
		"$L/z256.ko.zst" >"$W/out" 2>"$W/err"
	rss=$(tail -n 1 "$W/rss")	# after "Command exited with non-zero status 1"
	expect "verify of a zstd module of 256 MiB peaks under 64 MB ($rss KB)" \
		[ "$rss" -lt 65536 ]
	rm -f "$L/z256.ko.zst"
else
	skip "peak memory of verify: no /usr/bin/time"
fi

verdict_of() {	# file expected-verdict
	run verify --root-file "$W/root.bin" "$1"
	[ $rc = 1 ] && grep -q "^$1: $2" "$W/out"
}
cp "$V/good.ko" "$V/body.ko"
printf '\x01' | dd of="$V/body.ko" bs=1 seek=100 conv=notrunc status=none
expect "body byte changed: tampered" verdict_of "$V/body.ko" tampered
cp "$V/good.ko" "$V/path.ko"
size=$(stat -c %s "$V/path.ko")
printf '\xff' | dd of="$V/path.ko" bs=1 seek=$((size - 40 - 5)) conv=notrunc status=none
expect "path hash changed: tampered" verdict_of "$V/path.ko" tampered
cp "$V/good.ko" "$V/sig.ko"
printf '\x00\x00\x00\x29' | dd of="$V/sig.ko" bs=1 seek=$((size - 28 - 4)) conv=notrunc status=none
expect "sig_len changed: malformed" verdict_of "$V/sig.ko" malformed
cp "$W/tree/drivers/net/m1.ko" "$V/plain.ko"
expect "no trailer: no-proof" verdict_of "$V/plain.ko" no-proof
make_tree "$W/other" 4
"$TOOL" build -r "$W/root-other.bin" -o "$W/out-other" "$W/other/modules.order"
expect "module of another build: other-build, both roots shown" \
	bash -c "$(declare -f verdict_of run); W=$W TOOL=$TOOL; verdict_of $W/out-other/drivers/net/m1.ko other-build && grep -q 'proof: tree_size 4 root .*trusted: tree_size 13 root' $W/out"
{ cat "$V/plain.ko"; head -c 100 /dev/urandom; printf '\0\0\2\0\0\0\0\0\0\0\0\x64'; printf '~Module signature appended~\n'; } >"$V/pkcs7.ko"
expect "PKCS#7-signed module: no-proof, named" \
	bash -c "$(declare -f verdict_of run); W=$W TOOL=$TOOL; verdict_of $V/pkcs7.ko no-proof && grep -q 'PKCS#7' $W/out"

# verify --running reads the running kernel's root from sysfs; a fake one here.
S="$W/sysfs"
mkdir -p "$S"
echo sha256 >"$S/algo"; echo 13 >"$S/tree_size"
"$TOOL" root "$W/root.bin" | sed -n 's/^root: //p' >"$S/root"
run verify --running --sysfs "$S" "$W/out13"
expect "verify --running: modules of this kernel's build verify" \
	bash -c "[ $rc = 0 ] && grep -q 'summary: 13 verified' $W/out"
echo none >"$S/algo"
run verify --running --sysfs "$S" "$W/out13/drivers/net/m1.ko"
expect "verify --running, kernel without a tree: other-build" \
	bash -c "[ $rc = 1 ] && grep -q 'other-build (proof: tree_size 13 root .*; trusted: no tree)' $W/out"
echo 13x >"$S/tree_size"
run verify --running --sysfs "$S" "$W/out13"
expect "verify --running, malformed sysfs value: error naming it, exit 2" \
	bash -c "[ $rc = 2 ] && grep -q 'ERROR: $S: malformed tree_size or root' $W/err"
mkdir -p "$W/nosysfs"
run verify --running --sysfs "$W/nosysfs" "$W/out13"
expect "verify --running on a kernel without module hashes: says so in one line, exit 2" \
	bash -c "[ $rc = 2 ] && [ \$(wc -l <$W/err) = 1 ] && grep -q 'ERROR: $W/nosysfs: this kernel has no module hashes' $W/err && [ ! -s $W/out ]"
rm "$S/root"
run verify --running --sysfs "$S" "$W/out13"
expect "verify --running with a sysfs file missing: error naming it, exit 2" \
	bash -c "[ $rc = 2 ] && grep -q 'ERROR: $S/root: cannot open' $W/err"

# ----------------------------------------------------------------- show
run show "$V/good.ko" "$V/pkcs7.ko" "$V/plain.ko"
want_root=$("$TOOL" root "$W/root.bin" | sed -n 's/^root: //p')
expect "show: index, size and the build's root" \
	bash -c "grep -q '^leaf_index: 0' $W/out && grep -q '^tree_size: 13' $W/out && grep -q '^root: $want_root' $W/out && grep -q '^path_length: 4' $W/out"
expect "show names a PKCS#7 signature and a bare module" \
	bash -c "grep -q 'trailer: a PKCS#7 signature (id_type 2), 100 bytes' $W/out && grep -q 'trailer: none' $W/out"
# The digest a blacklist revokes a module by: SHA-256 of its module bytes,
# whatever trailer follows them and however the file is compressed.
digests() { sed -n 's/^sha256: \([0-9a-f]*\) (module bytes; blacklist "bin:" entry to revoke)$/\1/p' "$W/out"; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
m1=$(sha "$W/tree/drivers/net/m1.ko")
run show "$V/good.ko" "$V/good.ko.xz" "$V/pkcs7.ko" "$V/plain.ko"
expect "show: the module digest, SHA-256 of the module bytes: proven, xz, signed, bare" \
	[ "$(digests | tr '\n' ' ')" = "$m1 $m1 $m1 $m1 " ]

# The root of the 13 modules by the specification's rule, in python:
# leaf = SHA-256(0x00 || SHA-256(module bytes)), node = SHA-256(0x01 || l || r).
spec_root=$(python3 - "$W/tree" <<'PY'
import hashlib, sys
H = lambda b: hashlib.sha256(b).digest()
def mth(l):
    if len(l) == 1:
        return l[0]
    k = 1
    while 2 * k < len(l):
        k *= 2
    return H(b"\1" + mth(l[:k]) + mth(l[k:]))
tree = sys.argv[1]
mods = [tree + "/" + l.strip()[:-2] + ".ko" for l in open(tree + "/modules.order")]
print(mth([H(b"\0" + H(open(m, "rb").read())) for m in mods]).hex())
PY
)
expect "build's root is the specification's: leaves of module digests, python hashlib" \
	[ "$spec_root" = "$want_root" ]

# ------------------------------------------------- root, patch-vmlinux
# A vmlinux: the 56-byte section, tag and placeholder; then the old
# untagged 40-byte layout, and 56 bytes without the tag.
vm_c() { printf '__attribute__((section(".module_hashes"), used)) const char mh[%d] = "%s";\nint main(void) { return 0; }\n' "$1" "$2"; }
vm_c 56 '~Module hashes~\n' >"$W/vm.c"
cc -o "$W/vmlinux" "$W/vm.c"
vm_c 40 '' >"$W/vm40.c"
cc -o "$W/vmlinux40" "$W/vm40.c"
vm_c 56 '~Module hashes!\n' >"$W/vm56.c"
cc -o "$W/vmlinux-notag" "$W/vm56.c"
cc -o "$W/vmlinux-none" -x c - <<<'int main(void) { return 0; }'

run root --expect-tree "$W/vmlinux"
expect "root --expect-tree refuses the placeholder" \
	bash -c "[ $rc = 1 ] && grep -q 'placeholder' $W/err && grep -q 'algo: none' $W/out"
run patch-vmlinux "$W/vmlinux" "$W/root.bin"
expect "patch-vmlinux exits 0" [ $rc = 0 ]
expect "root of the patched vmlinux equals the build's" \
	bash -c "diff <('$TOOL' root '$W/vmlinux') <('$TOOL' root '$W/root.bin') >/dev/null"
expect "patched vmlinux still runs" "$W/vmlinux"
run verify --vmlinux "$W/vmlinux" "$W/out13"
expect "verify --vmlinux against the patched vmlinux" [ $rc = 0 ]
for bad in vmlinux40:"is 40 bytes, expected 56" vmlinux-notag:"tag (tag missing)" \
	   vmlinux-none:"no .module_hashes section"; do
	f=${bad%%:*} msg=${bad#*:}
	sum=$(sha256sum <"$W/$f")
	run patch-vmlinux "$W/$f" "$W/root.bin"
	expect "patch-vmlinux refuses $f, file unchanged" \
		bash -c "[ $rc = 2 ] && grep -q 'ERROR: $W/$f: .*$msg' $W/err && [ \"\$(sha256sum <$W/$f)\" = '$sum' ]"
done
run patch-vmlinux "$W/vmlinux" "$W/vmlinux-none"
expect "patch-vmlinux refuses a bad root file, exit 2" [ $rc = 2 ]
run root "$W/src.c"
expect "root of a non-ELF file that is not 40 bytes: error, exit 2" \
	bash -c "[ $rc = 2 ] && grep -q 'not an ELF vmlinux, a 40-byte root descriptor or a boot image' $W/err"

# ------------------------------------------------------ bad build input
bad_build() {	# description order-file expected-message
	local before
	before=$(sums)
	run build -r "$W/bad-root.bin" --in-place --new-image "$2"
	if [ $rc = 2 ] && has_err "$3" && [ ! -e "$W/bad-root.bin" ] && no_temps &&
	   [ "$(sums)" = "$before" ]; then
		ok "$1"
	else
		notok "$1"; sed 's/^/# /' "$W/err"
	fi
}
O="$W/tree/modules.order"
cp "$O" "$O.good"
t() { cp "$O.good" "$O"; }

t; echo "drivers/net/missing.o" >>"$O"
bad_build "missing module" "$O" "ERROR: $W/tree/drivers/net/missing.ko: cannot open: No such file"
t; cp "$W/src.c" "$W/tree/drivers/net/text.ko"; echo drivers/net/text.ko >>"$O"
bad_build "not an ELF file" "$O" "drivers/net/text.ko: not an ELF file"
t; cc -o "$W/tree/drivers/net/exec.ko" "$W/vm.c"; echo drivers/net/exec.ko >>"$O"
bad_build "an executable, not ET_REL" "$O" "exec.ko: not a relocatable ELF object"
t; cp "$V/pkcs7.ko" "$W/tree/drivers/net/signed.ko"; echo drivers/net/signed.ko >>"$O"
bad_build "a PKCS#7-signed module" "$O" "signed.ko: already ends in a module signature trailer (a PKCS#7 signature)"
t; mkdir -p "$W/tree/drivers/net/dir.ko"; echo drivers/net/dir.ko >>"$O"
bad_build "a directory" "$O" "dir.ko: not a regular file"
t; head -c 30 "$W/tree/drivers/net/m1.ko" >"$W/tree/drivers/net/short.ko"; echo drivers/net/short.ko >>"$O"
bad_build "a truncated ELF header" "$O" "short.ko: truncated ELF header"
t; : >"$W/tree/drivers/net/empty.ko"; echo drivers/net/empty.ko >>"$O"
bad_build "an empty module file" "$O" "empty.ko: not an ELF file"
t; head -1 "$O.good" >>"$O"
bad_build "a duplicate path" "$O" "line 14: drivers/net/m1.ko is listed again (first on line 1)"
t; sed -i '3s/$/ /' "$O"
bad_build "white space in modules.order" "$O" "line 3: white space around the path"
t; sed -i '5i\\' "$O"
bad_build "an empty line in modules.order" "$O" "line 5: empty line"
t; echo "drivers/net/README" >>"$O"
bad_build "a line that is not a module" "$O" "line 14: \"drivers/net/README\" is not a module"
t; printf 'a.o\0b.o\n' >"$O"
bad_build "a NUL byte in modules.order" "$O" "contains a NUL byte"
t; : >"$O"
bad_build "an empty modules.order" "$O" "lists no modules"
t; bad_build "a missing modules.order" "$W/nonexistent.order" "nonexistent.order: cannot open"
t

# A full disk: outputs on a small tmpfs, inputs elsewhere.
if mkdir -p "$W/full" && mount -t tmpfs -o size=64k tmpfs "$W/full" 2>/dev/null; then
	head -c 40k /dev/zero >"$W/full/filler"
	before=$(sums)
	run build -r "$W/full/root.bin" -o "$W/full/out" "$O"
	expect "full disk: error, exit 2" bash -c "[ $rc = 2 ] && grep -q 'No space left on device' $W/err"
	expect "full disk: no output and no temporary file left" \
		bash -c "[ ! -e $W/full/root.bin ] && ! find $W/full/out -type f 2>/dev/null | grep -q ."
	expect "full disk: inputs unchanged" [ "$(sums)" = "$before" ]
	umount "$W/full"
else
	skip "full disk (cannot mount a tmpfs)"
	skip "full disk: no output left"
	skip "full disk: inputs unchanged"
fi

# ---------------------------------------------------------------- usage
run
expect "no arguments: usage, exit 2" bash -c "[ $rc = 2 ] && grep -q '^Usage:' $W/err"
run --help
expect "--help: usage on stdout, exit 0" bash -c "[ $rc = 0 ] && grep -q '^Usage:' $W/out"
run build --bogus x
expect "unknown option: exit 2" [ $rc = 2 ]
run build -r x --sidecar --in-place "$O"
expect "two output modes: exit 2" [ $rc = 2 ]
run verify "$W/out13"
expect "verify without a root: exit 2" [ $rc = 2 ]
run verify --running --root-file "$W/root.bin" "$W/out13"
expect "verify with two roots: exit 2" [ $rc = 2 ]
run frobnicate
expect "unknown command: exit 2" bash -c "[ $rc = 2 ] && grep -q 'unknown command' $W/err"

# ------------------------------------------------- --help, --version
run --version
expect "--version: name and version on stdout, exit 0" \
	bash -c "[ $rc = 0 ] && grep -q '^module-hashes [0-9]' $W/out && grep -q 'compression: xz zstd gzip' $W/out"
for c in build patch-vmlinux root verify show; do
	run $c --help
	expect "$c --help: its usage on stdout, exit 0" \
		bash -c "[ $rc = 0 ] && grep -q '^Usage: module-hashes $c ' $W/out && grep -q 'Exit status' $W/out && [ ! -s $W/err ]"
done
run show --bogus "$V/good.ko"
expect "show with an unknown option: its usage on stderr, exit 2" \
	bash -c "[ $rc = 2 ] && grep -q '^Usage: module-hashes show' $W/err"
for c in build patch-vmlinux root; do
	run $c --help
	expect "$c --help: its own exit statuses, not verify's" \
		bash -c "grep -q '^    Exit status: 0 ' $W/out && ! grep -q 'verified' $W/out"
done
for bad in "verify --bogus:unknown option --bogus" "build -Z:unknown option -Z" \
	   "show --help=x:unknown option --help=x" "verify --vmlinux:--vmlinux needs an argument" \
	   "build -r:-r needs an argument"; do
	cmd=${bad%%:*} msg=${bad#*:}
	run $cmd
	expect "$cmd: getopt's error with ERROR: and the command, exit 2" \
		bash -c "[ $rc = 2 ] && [ \"\$(head -1 $W/err)\" = 'ERROR: ${cmd%% *}: $msg' ] && ! grep -q 'unrecognized\|invalid option\|requires an argument' $W/err"
done

# ------------------------------------------------- verify exit statuses
run verify --root-file "$W/root.bin" "$V/good.ko" "$V/plain.ko"
expect "verify: one module not verified: exit 1" [ $rc = 1 ]
run verify --root-file "$W/root.bin" "$V/good.ko" "$W/nonexistent.ko"
expect "verify: a file that cannot be read: exit 2, even with a good one" \
	bash -c "[ $rc = 2 ] && grep -q 'ERROR: $W/nonexistent.ko: cannot open' $W/err"
run verify --root-file "$W/root.bin" "$V/good.ko" "$V/plain.ko" "$V/trunc.ko.xz"
expect "verify: trouble wins over not verified: exit 2" [ $rc = 2 ]
run verify --root-file "$W/root.bin" "$V/good.ko" "$W/nonexistent" "$W/out13"
expect "verify: a missing path argument is an error of its own; the rest answered, counted, exit 2" \
	bash -c "[ $rc = 2 ] && grep -qx 'ERROR: $W/nonexistent: cannot open: No such file or directory' $W/err && grep -q '^$V/good.ko: verified' $W/out && grep -q '^summary: 14 verified, .* 1 errors$' $W/out"
run verify --json --root-file "$W/root.bin" "$W/nonexistent" "$V/good.ko"
expect "verify --json: a missing path has its record, verdict error" \
	bash -c "[ $rc = 2 ] && head -1 $W/out | grep -q '\"path\": \"$W/nonexistent\", \"verdict\": \"error\"'"
# A directory that cannot be read, even by root: without CAP_DAC_*.
unpriv() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --bounding-set -dac_override,-dac_read_search "$@"
	else
		"$@"
	fi
}
rm -rf "$W/locked"; cp -a "$W/out13" "$W/locked"; chmod 000 "$W/locked/fs"
unpriv "$TOOL" verify --root-file "$W/root.bin" "$W/locked" >"$W/out" 2>"$W/err"
rc=$?
chmod 755 "$W/locked/fs"
expect "verify: an unreadable subdirectory is an error naming it; the rest answered, exit 2" \
	bash -c "[ $rc = 2 ] && grep -qx 'ERROR: $W/locked/fs: cannot open directory: Permission denied' $W/err && grep -q '^summary: 9 verified, .* 1 errors$' $W/out"
mkdir -p "$W/many"
for i in $(seq 30); do cp "$V/trunc.ko.xz" "$W/many/t$i.ko.xz"; done
run verify --root-file "$W/root.bin" "$W/many" "$V/good.ko"
expect "verify: 30 errors of one reason: 20 shown, then how many more, exit 2" \
	bash -c "[ $rc = 2 ] && [ \$(wc -l <$W/err) = 21 ] && tail -1 $W/err | grep -qx 'ERROR: ...: and 10 more errors like this: truncated xz data' && grep -q '^summary: 1 verified, .* 30 errors$' $W/out"
: >"$V/empty.ko"
cp "$W/src.c" "$V/text.ko"
run verify --root-file "$W/root.bin" "$V/empty.ko" "$V/text.ko" "$V/good.ko"
expect "verify: an empty or non-ELF .ko is not-a-module, not no-proof, exit 1" \
	bash -c "[ $rc = 1 ] && grep -qx '$V/empty.ko: not-a-module (not an ELF file)' $W/out && grep -qx '$V/text.ko: not-a-module (not an ELF file)' $W/out && grep -q ' 0 no-proof, .* 2 not-a-module, 0 errors' $W/out"
run verify --json --root-file "$W/root.bin" "$V/empty.ko"
expect "verify --json: not-a-module with its reason" \
	python3 -c "import json,sys; r=json.load(open('$W/out')); sys.exit(not (r['verdict'] == 'not-a-module' and r['reason'] == 'not an ELF file'))"
rm "$V/empty.ko" "$V/text.ko"
# RHEL's weak-updates/: symbolic links to the modules of another kernel.
rm -rf "$W/weak"; mkdir -p "$W/weak/weak-updates/net" "$W/weak/other"
ln -s "$W/out13/drivers/net/m1.ko" "$W/weak/weak-updates/net/m1.ko"
ln -s "$W/nonexistent.ko" "$W/weak/weak-updates/net/gone.ko"
ln -s "$W/out13/fs" "$W/weak/fs"
run verify --root-file "$W/root.bin" "$W/weak"
expect "verify: a symlink to a module is followed, a dangling one is an error, a symlinked directory is not walked" \
	bash -c "[ $rc = 2 ] && grep -qx '$W/weak/weak-updates/net/m1.ko: verified' $W/out && grep -q '^ERROR: $W/weak/weak-updates/net/gone.ko: cannot open' $W/err && ! grep -q '$W/weak/fs' $W/out"


# ---------------------------------------------------------- verify --json
run verify --json --root-file "$W/root.bin" "$V/good.ko" "$V/plain.ko" \
	"$W/out-other/drivers/net/m1.ko" "$V/trunc.ko.xz"
cp "$W/out" "$W/json"
jrc=$rc
why=$(python3 - "$W/json" "$V" "$want_root" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
v, root = sys.argv[2], sys.argv[3]
want = [
    {"path": v + "/good.ko", "verdict": "verified", "leaf_index": 0, "tree_size": 13, "root": root, "listed": None},
    {"path": v + "/plain.ko", "verdict": "no-proof", "leaf_index": None, "tree_size": None, "root": None, "listed": None},
]
if recs[:2] != want:
    print("first records", recs[:2])
if len(recs) != 4:
    print("want 4 records, got", len(recs))
elif recs[2]["verdict"] != "other-build" or recs[2]["tree_size"] != 4 or len(recs[2]["root"]) != 64:
    print("other-build record", recs[2])
elif recs[3]["verdict"] != "error" or "xz" not in recs[3]["error"]:
    print("error record", recs[3])
PY
)
[ $jrc = 2 ] || why="$why exit $jrc, want 2"
check "verify --json: one parsable record per module, fields as documented" "$why"
run verify --json --root-file "$W/root.bin" "$W/out13"
expect "verify --json over a tree: 13 lines, no summary, exit 0" \
	bash -c "[ $rc = 0 ] && [ \$(wc -l <$W/out) = 13 ] && ! grep -q summary $W/out"

# ------------------------------------------- verify --order (DKMS trees)
D="$W/dkms"
rm -rf "$D"
cp -a "$W/out13" "$D"
mkdir -p "$D/updates/dkms"
cp "$V/plain.ko" "$D/updates/dkms/extra.ko"
xz -q -f "$D/fs/ext9/m3.ko"
sed 's/\.o$/.ko/' "$W/tree/modules.order" >"$D/modules.order"
run verify --root-file "$W/root.bin" "$D"
expect "verify of a DKMS tree: the external module fails it, exit 1" [ $rc = 1 ]
run verify --order "$D/modules.order" --root-file "$W/root.bin" "$D"
expect "verify --order: only listed modules (one compressed), all verified, exit 0" \
	bash -c "[ $rc = 0 ] && grep -q 'summary: 13 verified' $W/out && ! grep -q extra.ko $W/out"
echo "drivers/net/gone.ko" >>"$D/modules.order"
run verify --order "$D/modules.order" --root-file "$W/root.bin" "$D"
expect "verify --order: a listed module not found is an error naming it, exit 2" \
	bash -c "[ $rc = 2 ] && grep -q 'ERROR: $D/modules.order: drivers/net/gone.ko is listed but was not found' $W/err"

# ------------------------------------------------- verify --allow-signed
run verify --root-file "$W/root.bin" "$V/good.ko" "$V/pkcs7.ko"
expect "a PKCS#7-signed module without --allow-signed: no-proof, exit 1" [ $rc = 1 ]
echo good.ko >"$V/good.order"
run verify --allow-signed --root-file "$W/root.bin" "$V/good.ko" "$V/pkcs7.ko"
expect "--allow-signed without a module list: refused before reading, exit 2" \
	bash -c "[ $rc = 2 ] && grep -q '^ERROR: verify: --allow-signed needs the tree.s module list' $W/err && [ ! -s $W/out ]"
run verify --allow-signed --order "$V/good.order" --root-file "$W/root.bin" "$V/good.ko" "$V/pkcs7.ko"
expect "--allow-signed: a signed module outside the list: signed, not checked by this tool, exit 0" \
	bash -c "[ $rc = 0 ] && grep -q '^$V/pkcs7.ko: signed (not checked by this tool: the kernel.s keyring checks it)$' $W/out && grep -q ' 1 signed (not checked by this tool), 0 errors' $W/out"
run verify --allow-signed --json --order "$V/good.order" --root-file "$W/root.bin" "$V/good.ko" "$V/pkcs7.ko"
expect "--allow-signed --json: verdict signed, listed false; the in-tree one listed true" \
	python3 -c "import json,sys; r=[json.loads(l) for l in open('$W/out')]; sys.exit(not (r[1]['verdict'] == 'signed' and r[1]['listed'] is False and r[0]['listed'] is True))"
run verify --allow-signed --order "$V/good.order" --root-file "$W/root.bin" "$V/good.ko" "$V/plain.ko" "$V/sig.ko"
expect "--allow-signed: unsigned and malformed still fail, exit 1" [ $rc = 1 ]

# A tree whose own modules are signed, not proven (a distribution's tree
# checked against an unrelated kernel): nothing is proven, so no.
G="$W/signedtree"
rm -rf "$G"
cp -a "$W/out13" "$G"
sed 's/\.o$/.ko/' "$W/tree/modules.order" >"$G/modules.order"
for f in $(sed 's/\.o$/.ko/' "$W/tree/modules.order"); do
	cp "$V/pkcs7.ko" "$G/$f"
done
run verify --allow-signed --root-file "$W/root.bin" "$G"
expect "--allow-signed over a tree of signed in-tree modules (its own modules.order): 0 verified, exit 1" \
	bash -c "[ $rc = 1 ] && grep -q 'summary: 0 verified, 13 no-proof, .* 0 signed (not checked by this tool)' $W/out && grep -q '^$G/drivers/net/m1.ko: no-proof (a PKCS#7 signature; listed in modules.order: an in-tree module must be proven)$' $W/out"
# One in-tree module replaced by a signed one, and a signed DKMS module.
rm -rf "$G"
cp -a "$W/out13" "$G"
sed 's/\.o$/.ko/' "$W/tree/modules.order" >"$G/modules.order"
mkdir -p "$G/updates/dkms"
cp "$V/pkcs7.ko" "$G/updates/dkms/dkms.ko"
run verify --allow-signed --root-file "$W/root.bin" "$G"
expect "--allow-signed, installed tree: a signed DKMS module outside modules.order is admitted, exit 0" \
	bash -c "[ $rc = 0 ] && grep -q 'summary: 13 verified, .* 1 signed (not checked by this tool), 0 errors' $W/out"
run verify --allow-signed --order "$G/modules.order" --root-file "$W/root.bin" "$G"
expect "--allow-signed --order checks the modules outside the list too, exit 0" \
	bash -c "[ $rc = 0 ] && grep -q '^$G/updates/dkms/dkms.ko: signed' $W/out"
cp "$V/pkcs7.ko" "$G/fs/ext9/m6.ko"
run verify --allow-signed --root-file "$W/root.bin" "$G"
expect "--allow-signed: an in-tree module replaced by a signed one is not admitted, exit 1" \
	bash -c "[ $rc = 1 ] && grep -q '^$G/fs/ext9/m6.ko: no-proof (a PKCS#7 signature; listed in modules.order' $W/out"
run verify --allow-signed --order "$G/modules.order" --root-file "$W/root.bin" "$G/fs/ext9/m6.ko"
expect "--allow-signed: ... also when named as a file, told by its path's end" \
	grep -q "^$G/fs/ext9/m6.ko: no-proof (a PKCS#7 signature; listed" "$W/out"
rm "$G/fs/ext9/m6.ko"
run verify --root-file "$W/root.bin" "$G"
expect "verify of an installed tree: a module of its modules.order missing is an error, with the verdicts, exit 2" \
	bash -c "[ $rc = 2 ] && grep -q '^ERROR: $G/modules.order: fs/ext9/m6.ko is listed but was not found' $W/err && grep -q '^summary: 12 verified, 1 no-proof, .* 1 errors' $W/out"

# ------------------------------------ verify --sidecar (before modules_install)
# A build's modules.order with each module's proof beside it, as kbuild
# checks them before modules_install.  One row per way a proof goes stale.
P="$W/sidecar"
sidecar_tree() {	# a fresh copy of $W/tree, proven with --sidecar
	rm -rf "$P"
	cp -a "$W/tree" "$P"
	"$TOOL" build -r "$P/root.bin" --sidecar "$P/modules.order" >/dev/null
}
relink() {	# relink MODULE with other bytes, as make modules would
	printf 'int relinked_%d(void) { return 1; }\n' "$RANDOM" >"$W/src.c"
	cc -c -o "$P/$1" "$W/src.c"
}
sidecar_row() {	# WHAT RC LINE...: verify --sidecar -q exits RC and prints exactly the LINEs
	local what=$1 want_rc=$2 why=
	shift 2
	run verify -q --root-file "$P/root.bin" --sidecar "$P/modules.order"
	[ $rc = "$want_rc" ] || why="exit $rc, not $want_rc "
	[ "$(cat "$W/out")" = "$(printf '%s\n' "$@" | sed '/^$/d')" ] ||
		why="${why}printed: $(tr '\n' '|' <"$W/out")"
	check "verify --sidecar: $what" "$why"
}
L="$P/modules.order"
sidecar_tree
sidecar_row "a fresh build: nothing printed, exit 0" 0
run verify --root-file "$P/root.bin" --sidecar "$L"
expect "verify --sidecar without -q: 13 verified and the summary" \
	bash -c "[ $rc = 0 ] && [ \$(grep -c ': verified$' $W/out) = 13 ] && grep -q 'summary: 13 verified' $W/out"
relink drivers/net/m2.ko
sidecar_row "a module linked again (make modules): tampered, exit 1" 1 \
	"$P/drivers/net/m2.ko: tampered"
sidecar_tree; relink drivers/net/m14.ko; echo drivers/net/m14.o >>"$L"
sidecar_row "a module added: no-proof, named, and the count" 1 \
	"$P/drivers/net/m14.ko: no-proof (no $P/drivers/net/m14.ko.proof)" \
	"$L: 14 modules, but the tree has 13 leaves: modules were added or removed since it was built"
sidecar_tree; sed -i '/m5\.o/d' "$L"
sidecar_row "a module removed: the count and its leaf" 1 \
	"$L: 12 modules, but the tree has 13 leaves: modules were added or removed since it was built" \
	"$L: no module for leaf 4 of the tree (removed since it was built?)"
sidecar_tree; relink drivers/net/m14.ko; sed -i 's/m5\.o/m14.o/' "$L"
sidecar_row "one module removed, another added: as many, still refused" 1 \
	"$P/drivers/net/m14.ko: no-proof (no $P/drivers/net/m14.ko.proof)" \
	"$L: no module for leaf 4 of the tree (removed since it was built?)"
sidecar_tree; cp "$P/drivers/net/m1.ko" "$P/drivers/net/m1b.ko"
cp "$P/drivers/net/m1.ko.proof" "$P/drivers/net/m1b.ko.proof"; sed -i 's/m2\.o/m1b.o/' "$L"
sidecar_row "two modules proving one leaf" 1 \
	"$P/drivers/net/m1b.ko: proves leaf 0, as $P/drivers/net/m1.ko does" \
	"$L: no module for leaf 1 of the tree (removed since it was built?)"
sidecar_tree; rm -rf "$W/other-sc"; cp -a "$W/other" "$W/other-sc"
"$TOOL" build -r "$W/root-o.bin" --sidecar "$W/other-sc/modules.order" >/dev/null
cp "$W/other-sc/drivers/net/m1.ko" "$W/other-sc/drivers/net/m1.ko.proof" "$P/drivers/net/"
sidecar_row "a module and proof of another build: other-build, both roots" 1 \
	"$P/drivers/net/m1.ko: other-build (proof: tree_size 4 root $(od -An -tx1 -j8 -N8 "$W/root-o.bin" | tr -d ' \n'); trusted: tree_size 13 root $(od -An -tx1 -j8 -N8 "$P/root.bin" | tr -d ' \n'))" \
	"$L: no module for leaf 0 of the tree (removed since it was built?)"
sidecar_tree; { printf x; cat "$P/drivers/net/m2.ko.proof"; } >"$W/p" && mv "$W/p" "$P/drivers/net/m2.ko.proof"
sidecar_row "a proof file with a byte before its trailer: malformed" 1 \
	"$P/drivers/net/m2.ko: malformed" \
	"$L: no module for leaf 1 of the tree (removed since it was built?)"
sidecar_tree; { head -c 2000 /dev/zero; cat "$P/drivers/net/m2.ko.proof"; } >"$W/p" &&
	mv "$W/p" "$P/drivers/net/m2.ko.proof"
sidecar_row "a proof file longer than any proof: malformed" 1 \
	"$P/drivers/net/m2.ko: malformed" \
	"$L: no module for leaf 1 of the tree (removed since it was built?)"
sidecar_tree; rm "$P/drivers/net/m2.ko.proof"; mkdir "$P/drivers/net/m2.ko.proof"
run verify -q --root-file "$P/root.bin" --sidecar "$L"
expect "verify --sidecar: a proof file that is a directory: error naming both, exit 2" \
	bash -c "[ $rc = 2 ] && grep -qx 'ERROR: $P/drivers/net/m2.ko: $P/drivers/net/m2.ko.proof: not a regular file' $W/err"
sidecar_tree; rm "$P/drivers/net/m2.ko"
run verify -q --root-file "$P/root.bin" --sidecar "$L"
expect "verify --sidecar: a listed module missing: error naming it, exit 2" \
	bash -c "[ $rc = 2 ] && grep -q 'ERROR: $P/drivers/net/m2.ko: cannot open' $W/err"
sidecar_tree; mkdir -p "$W/sc-base"; cp "$L" "$W/sc-base/list"
run verify -q --root-file "$P/root.bin" --sidecar -C "$P" "$W/sc-base/list"
expect "verify --sidecar -C: modules relative to another directory, exit 0" \
	bash -c "[ $rc = 0 ] && [ ! -s $W/out ]"
run verify -q --root-file "$W/root.bin" "$V/good.ko" "$V/plain.ko"
expect "verify -q: only the module not verified, no summary" \
	bash -c "[ $rc = 1 ] && [ \"\$(cat $W/out)\" = '$V/plain.ko: no-proof' ]"
for bad in "--json" "--order $L" "--allow-signed"; do
	run verify $bad --root-file "$P/root.bin" --sidecar "$L"
	expect "verify --sidecar with $bad: usage error, exit 2" \
		bash -c "[ $rc = 2 ] && grep -q 'sidecar takes none of' $W/err"
done
run verify --root-file "$P/root.bin" --sidecar "$L" "$L"
expect "verify --sidecar with two lists: usage error, exit 2" [ $rc = 2 ]
run verify --root-file "$P/root.bin" -C "$P" "$P"
expect "verify -C without --sidecar: usage error, exit 2" [ $rc = 2 ]

# -------------------------------------------------------------- show
run show "$V/sig.ko"
expect "show: a malformed proof trailer: exit 1" \
	bash -c "[ $rc = 1 ] && grep -q 'trailer: malformed module hash proof' $W/out"
run show "$W/src.c"
expect "show: a non-ELF file: \"not a module\", exit 1" \
	bash -c "[ $rc = 1 ] && grep -q '^not a module (not an ELF file)' $W/out"
run show "$V/good.ko.zst"
expect "show: a compressed module: its compression and proof, exit 0" \
	bash -c "[ $rc = 0 ] && grep -q '^compression: zstd' $W/out && grep -q '^leaf_index: 0' $W/out"
run show "$W/nonexistent.ko"
expect "show: a file that cannot be read: exit 2" [ $rc = 2 ]
run show "$W/nonexistent" "$V/good.ko"
expect "show: a missing path is an error of its own; the others shown, exit 2" \
	bash -c "[ $rc = 2 ] && grep -qx 'ERROR: $W/nonexistent: cannot open: No such file or directory' $W/err && grep -qx 'file: $V/good.ko' $W/out"

# ------------------------------------------------------ not regular files
mkfifo "$W/fifo.ko"
for c in "verify --root-file $W/root.bin" "show"; do
	timeout 10 "$TOOL" $c "$W/fifo.ko" >"$W/out" 2>"$W/err"
	rc=$?
	expect "${c%% *} on a FIFO: refused at once, exit 2" \
		bash -c "[ $rc = 2 ] && grep -qx 'ERROR: $W/fifo.ko: not a regular file' $W/err"
done
cp -a "$W/tree" "$W/fifotree"
mkfifo "$W/fifotree/drivers/net/fifo.ko"
echo drivers/net/fifo.ko >>"$W/fifotree/modules.order"
timeout 10 "$TOOL" build -r "$W/fifo-root.bin" -o "$W/fifo-out" "$W/fifotree/modules.order" \
	>"$W/out" 2>"$W/err"
rc=$?
expect "build with a FIFO in modules.order: refused at once, naming it, exit 2" \
	bash -c "[ $rc = 2 ] && grep -q 'ERROR: $W/fifotree/drivers/net/fifo.ko: not a regular file' $W/err && [ ! -e $W/fifo-root.bin ]"
timeout 10 "$TOOL" build -C "$W/tree" -r "$W/pipe-root.bin" <(cat "$O.good") >"$W/out" 2>"$W/err"
rc=$?
expect "build reads its module list from a pipe" \
	bash -c "[ $rc = 0 ] && cmp -s $W/pipe-root.bin $W/root.bin"
timeout 10 "$TOOL" verify --root-file "$W/fifo.ko" "$V/good.ko" >"$W/out" 2>"$W/err"
rc=$?
expect "verify --root-file on a FIFO: refused at once, exit 2" \
	bash -c "[ $rc = 2 ] && grep -q 'not a regular file' $W/err"

# ------------------------------------------- build of a packaged tree
Z="$W/ztree"
rm -rf "$Z"
cp -a "$W/tree" "$Z"
cp "$O.good" "$Z/modules.order"
for f in "$Z"/drivers/net/*.ko; do xz -q --check=crc32 "$f"; done
for f in "$Z"/fs/ext9/*.ko; do zstd -q --rm "$f"; done
xz -dq "$Z/drivers/net/m2.ko.xz" && gzip -nq "$Z/drivers/net/m2.ko"
run build -r "$W/zroot.bin" -o "$W/zout" "$Z/modules.order"
expect "build over .ko.xz/.ko.zst/.ko.gz found in place of the listed .ko, exit 0" [ $rc = 0 ]
expect "... the same root as the plain modules (leaf = decompressed bytes)" \
	cmp -s "$W/zroot.bin" "$W/root.bin"
expect "... outputs in the same compression" \
	bash -c "file -b $W/zout/drivers/net/m1.ko.xz | grep -q '^XZ' && file -b $W/zout/fs/ext9/m3.ko.zst | grep -q '^Zstandard' && file -b $W/zout/drivers/net/m2.ko.gz | grep -q '^gzip'"
expect "... each decompresses to the plain build's proven module" \
	bash -c "xz -dc $W/zout/drivers/net/m1.ko.xz | cmp -s - $W/out13/drivers/net/m1.ko && zstd -qdc $W/zout/fs/ext9/m3.ko.zst | cmp -s - $W/out13/fs/ext9/m3.ko && gzip -dc $W/zout/drivers/net/m2.ko.gz | cmp -s - $W/out13/drivers/net/m2.ko"
expect "... xz with the kernel's CRC32 check" \
	bash -c "xz --robot -lv $W/zout/drivers/net/m1.ko.xz | grep -q CRC32"
run verify --root-file "$W/zroot.bin" "$W/zout"
expect "... and verify, 13 of 13" bash -c "[ $rc = 0 ] && grep -q 'summary: 13 verified' $W/out"
run build -r "$W/zroot2.bin" --in-place --new-image "$Z/modules.order"
expect "build --in-place over compressed modules, then again: same root, bytes kept" \
	bash -c "[ $rc = 0 ] && cp -a $Z $Z.1 && '$TOOL' build -r $W/zroot3.bin --in-place --new-image $Z/modules.order && cmp -s $W/zroot2.bin $W/zroot3.bin && diff -r $Z $Z.1 >/dev/null && cmp -s $W/zroot2.bin $W/root.bin"
run build -r "$W/zroot4.bin" --sidecar "$Z/modules.order"
expect "build --sidecar over compressed modules: refused, naming the file, exit 2" \
	bash -c "[ $rc = 2 ] && grep -q 'ERROR: $Z/drivers/net/m1.ko.xz: --sidecar needs an uncompressed module' $W/err && [ ! -e $W/zroot4.bin ]"
sed 's/\.o$/.ko/' "$O.good" >"$W/out13/modules.order"
run build -r "$W/reroot.bin" -o "$W/reout" "$W/out13/modules.order"
expect "build over its own proven output: the same root and modules" \
	bash -c "[ $rc = 0 ] && cmp -s $W/reroot.bin $W/root.bin && diff -r $W/reout $W/out13 -x modules.order >/dev/null"

# ---------------------------------------------- an interrupted build
# build --in-place stopped by SIGINT, SIGTERM or SIGHUP while it writes:
# no temporary file is left, and every module is as it was (the renames
# come only after every output is written).  The modules are xz files of
# random bytes, slow to compress again, so the run is still writing when
# the signal comes; it is sent once the first temporary file appears.
I="$W/intr"
rm -rf "$I"
mkdir -p "$I/base"
{ cat "$W/tree/drivers/net/m1.ko"; head -c 512K /dev/urandom; } | xz -q -0 >"$I/m.ko.xz"
: >"$I/base/modules.order"
for i in $(seq 1 40); do
	cp "$I/m.ko.xz" "$I/base/m$i.ko.xz"
	echo "m$i.ko" >>"$I/base/modules.order"
done
isum=$(cd "$I/base" && sha256sum * | sha256sum)
# The tool runs with the three signals at their defaults: a suite started
# under nohup, or as a background job of a script, inherits SIGHUP or
# SIGINT ignored, and a program keeps what it inherits ignored.
interrupt() {	# SIGNAL: stop build --in-place over a fresh copy with it
	local t pid
	rm -rf "$I/t" "$I/root.bin"
	cp -a "$I/base" "$I/t"
	set -m	# a job of its own, which does not ignore SIGINT
	env --default-signal=INT,TERM,HUP \
		"$TOOL" build -j 2 -r "$I/root.bin" --in-place --new-image "$I/t/modules.order" \
		>"$W/out" 2>"$W/err" &
	pid=$!
	set +m
	for t in $(seq 1 600); do
		compgen -G "$I/t/*.tmp*" >/dev/null && break
		sleep 0.02
	done
	sleep 0.1
	kill -"$1" "$pid"
	{ wait "$pid"; } 2>/dev/null	# no "Hangup" from the shell
	rc=$?
}
for sig in INT TERM HUP; do
	interrupt $sig
	expect "build --in-place stopped by SIG$sig: ended by it, no temporary file, every module as it was" \
		bash -c "[ $rc = $((128 + $(kill -l $sig))) ] && ! compgen -G '$I/t/*.tmp*' >/dev/null && [ ! -e $I/root.bin ] && [ \"\$(cd $I/t && sha256sum * | sha256sum)\" = '$isum' ]"
done

# ------------------------------------------------ --replace-signature
R="$W/signed"
rm -rf "$R"
cp -a "$W/tree" "$R"
cp "$O.good" "$R/modules.order"
for m in drivers/net/m1 fs/ext9/m3; do
	{ cat "$W/tree/$m.ko"; head -c 300 /dev/urandom; printf '\0\0\2\0\0\0\0\0\0\0\x01\x2c'; printf '~Module signature appended~\n'; } >"$R/$m.ko"
done
sum=$(cd "$R" && find . -type f | sort | xargs sha256sum)
run build -r "$W/sroot.bin" --in-place --image "$W/vmlinux" "$R/modules.order"
expect "build over PKCS#7-signed modules: refused, naming the file, nothing changed" \
	bash -c "[ $rc = 2 ] && grep -q 'ERROR: $R/drivers/net/m1.ko: already ends in a module signature trailer (a PKCS#7 signature)' $W/err && [ \"\$(cd $R && find . -type f | sort | xargs sha256sum)\" = '$sum' ] && [ ! -e $W/sroot.bin ]"
run build --replace-signature -r "$W/sroot.bin" --in-place --image "$W/vmlinux" "$R/modules.order"
expect "build --replace-signature --image: signatures replaced by proofs, the root the image holds" \
	bash -c "[ $rc = 0 ] && cmp -s $W/sroot.bin $W/root.bin && cmp -s $R/drivers/net/m1.ko $W/out13/drivers/net/m1.ko && cmp -s $R/fs/ext9/m3.ko $W/out13/fs/ext9/m3.ko"

# A signature longer than the tail a compressed module is streamed with:
# its leaf data ends before that tail, and is hashed by a second pass.
rm -rf "$R"
cp -a "$W/tree" "$R"
cp "$O.good" "$R/modules.order"
{ cat "$W/tree/drivers/net/m1.ko"; head -c 3000 /dev/urandom; printf '\0\0\2\0\0\0\0\0\0\0\x0b\xb8'; printf '~Module signature appended~\n'; } >"$R/drivers/net/m1.ko"
xz -q "$R/drivers/net/m1.ko"
run build --replace-signature -r "$W/sroot2.bin" -o "$W/sout2" "$R/modules.order"
expect "build --replace-signature over an xz module with a 3000-byte signature: the unsigned build's root" \
	bash -c "[ $rc = 0 ] && cmp -s $W/sroot2.bin $W/root.bin && xz -dc $W/sout2/drivers/net/m1.ko.xz | cmp -s - $W/out13/drivers/net/m1.ko"

# ------------------------------- --in-place and the kernel it is for
# An installed tree: the 13 proven modules, for the kernel $W/vmlinux
# (patched above with their root).  Proving it again in place must never
# leave modules that kernel refuses.
I="$W/installed"
isums() { (cd "$I" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
rm -rf "$I"
cp -a "$W/out13" "$I"
before=$(isums)
run build -r "$W/iroot.bin" --in-place "$I/modules.order"
expect "build --in-place without --image or --new-image: refused before reading, exit 2" \
	bash -c "[ $rc = 2 ] && grep -q '^ERROR: build: --in-place rewrites the modules, .* give --image IMAGE .* or --new-image' $W/err && [ ! -e $W/iroot.bin ] && [ \"\$(cd $I && find . -type f -print0 | sort -z | xargs -0 sha256sum)\" = \"$before\" ]"
run build -r "$W/iroot.bin" --in-place --image "$W/vmlinux" --new-image "$I/modules.order"
expect "build --image with --new-image: usage error, exit 2" \
	bash -c "[ $rc = 2 ] && has() { grep -q \"\$1\" $W/err; } && has 'give one of --image, --new-image' && [ ! -e $W/iroot.bin ]"
run build -r "$W/iroot.bin" --in-place --image "$W/vmlinux" "$I/modules.order"
expect "build --in-place --image, modules unchanged: exit 0, the image's root, bytes kept" \
	bash -c "[ $rc = 0 ] && cmp -s $W/iroot.bin $W/root.bin && [ \"\$(cd $I && find . -type f -print0 | sort -z | xargs -0 sha256sum)\" = \"$before\" ]"
rm -f "$W/iroot.bin"
printf 'int changed_m1(void) { return 7; }\n' >"$W/src.c"
cc -c -o "$I/drivers/net/m1.ko" "$W/src.c"
before=$(isums)
short=$(od -An -tx1 -j8 -N8 "$W/root.bin" | tr -d ' \n')
run build -r "$W/iroot.bin" --in-place --image "$W/vmlinux" "$I/modules.order"
expect "build --in-place --image, a module changed: refused naming the image and both roots, nothing written, exit 2" \
	bash -c "[ $rc = 2 ] && grep -q '^ERROR: $W/vmlinux: holds tree_size 13 root $short, but these modules prove tree_size 13 root [0-9a-f]\{16\}: it would refuse every one; nothing written.  Rebuild the kernel with the changed modules, or give --new-image' $W/err && [ ! -e $W/iroot.bin ] && [ \"\$(cd $I && find . -type f -print0 | sort -z | xargs -0 sha256sum)\" = \"$before\" ]"
expect "... and left no temporary file" no_temps
cp "$W/vm.c" "$W/vm-ph.c"
cc -o "$W/vmlinux-ph" "$W/vm-ph.c"
run build -r "$W/iroot.bin" --in-place --image "$W/vmlinux-ph" "$I/modules.order"
expect "build --in-place --image of a vmlinux without a tree: refused naming it, nothing written" \
	bash -c "[ $rc = 2 ] && grep -q '^ERROR: $W/vmlinux-ph: root descriptor is the placeholder' $W/err && [ ! -e $W/iroot.bin ] && [ \"\$(cd $I && find . -type f -print0 | sort -z | xargs -0 sha256sum)\" = \"$before\" ]"
run build -r "$W/iroot.bin" --in-place --new-image "$I/modules.order"
expect "build --in-place --new-image: proven for the image to be built, exit 0" \
	bash -c "[ $rc = 0 ] && '$TOOL' verify -q --root-file $W/iroot.bin $I >/dev/null && ! cmp -s $W/iroot.bin $W/root.bin"
run verify --vmlinux "$W/vmlinux" "$I"
expect "... which the old kernel calls other-build, 13 of 13" \
	bash -c "[ $rc = 1 ] && [ \"\$(grep -c ': other-build' $W/out)\" = 13 ]"
cp "$W/vmlinux" "$W/vmlinux-new"
"$TOOL" patch-vmlinux "$W/vmlinux-new" "$W/iroot.bin"
run build -r "$W/iroot2.bin" --in-place --image "$W/vmlinux-new" "$I/modules.order"
expect "... and once the new image holds the root, --image accepts the tree" \
	bash -c "[ $rc = 0 ] && cmp -s $W/iroot.bin $W/iroot2.bin"

# ------------------------------------------- the binary kbuild links
K="$W/kbuild-tool"
if cc -O2 -Wall -Werror -o "$K" $(for p in main build prove verify report show inspect vmlinux view \
	roots bootimage elf modlist input hash stage util tree nocodec; do
	echo "$TOP/scripts/modhashes/$p.c"; done) -lelf -lcrypto -lpthread 2>"$W/err"; then
	expect "kbuild's binary needs no decompression library" \
		bash -c "! readelf -d $K | grep NEEDED | grep -Eq 'lzma|zstd|libz\\.'"
	"$K" build -r "$W/kroot.bin" -o "$W/kout" "$W/tree/modules.order" >"$W/out" 2>"$W/err"
	expect "kbuild's binary: build of plain modules gives the same root" cmp -s "$W/kroot.bin" "$W/root.bin"
	"$K" verify --root-file "$W/root.bin" "$V/good.ko.xz" >"$W/out" 2>"$W/err"
	rc=$?
	expect "kbuild's binary: a compressed module is refused with a reason, exit 2" \
		bash -c "[ $rc = 2 ] && grep -q 'ERROR: $V/good.ko.xz: xz-compressed: this module-hashes was built without decompression' $W/err"
else
	notok "kbuild's binary (nocodec.c) does not build: $(head -3 "$W/err")"
fi

# ----------------------------------------------------------- boot images
. "$here/test_images.sh"

# ----------------------------------------------------- make install
rm -rf "$W/dest"
if make -s -C "$TOP" install DESTDIR="$W/dest" PREFIX=/usr >"$W/out" 2>"$W/err"; then
	expect "make install DESTDIR PREFIX: the tool in bin, the manual in share/man/man1" \
		bash -c "[ -x $W/dest/usr/bin/module-hashes ] && [ -f $W/dest/usr/share/man/man1/module-hashes.1 ] && $W/dest/usr/bin/module-hashes --version >/dev/null"
else
	notok "make install DESTDIR=$W/dest PREFIX=/usr: $(head -3 "$W/err")"
fi
expect "the manual renders without a warning, with its EXIT STATUS and JSON sections" \
	bash -c "groff -man -ww -z $TOP/scripts/modhashes/module-hashes.1 2>&1 | { ! grep -q .; } && MANWIDTH=80 man -l $TOP/scripts/modhashes/module-hashes.1 2>/dev/null | grep -q '^EXIT STATUS' && MANWIDTH=80 man -l $TOP/scripts/modhashes/module-hashes.1 2>/dev/null | grep -q '^JSON OUTPUT'"

echo "1..$n"
finish
