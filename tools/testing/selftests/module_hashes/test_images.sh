# SPDX-License-Identifier: GPL-2.0
#
# Boot images, sourced by test_tool.sh after the vmlinux tests: "root" and
# "verify --image" on synthetic x86 bzImages (payload gzip, xz, lzma, zstd;
# bzip2 refused), arm64 Images and Image.gz, built here around the patched
# test vmlinux; then one row per hostile image, each with the error it must
# give.  Uses run, expect, $W, $TOOL, $K (kbuild's binary) of test_tool.sh.

I="$W/img"
rm -rf "$I"
mkdir -p "$I"

# le32 N: N as 4 bytes, little-endian.  poke FILE OFFSET: stdin there.
le32() {
	printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) $(($1 >> 8 & 255)) \
		$(($1 >> 16 & 255)) $(($1 >> 24 & 255)))"
}
poke() { dd of="$1" bs=1 seek=$(($2)) conv=notrunc status=none; }

# bzimage OUT PAYLOAD: boot protocol 2.15, one setup sector, the payload
# 256 bytes into the protected-mode code (which starts at 2 * 512).
bzimage() {
	head -c 1280 /dev/zero >"$1"
	printf '\001' | poke "$1" 0x1f1
	printf 'HdrS\017\002' | poke "$1" 0x202
	{ le32 256; le32 "$(stat -c %s "$2")"; } | poke "$1" 0x248
	cat "$2" >>"$1"
}

# arm64 OUT FILE...: a 64-byte Image header with its magic, then the
# files, each between runs of filler.
arm64() {
	local out=$1 f
	shift
	{
		head -c 56 /dev/zero; printf 'ARM\x64'; head -c 4 /dev/zero
		for f in "$@"; do head -c 4000 /dev/zero | tr '\0' '\125'; cat "$f"; done
		head -c 4000 /dev/zero
	} >"$out"
}

# The section bytes of the test build's root, and of a placeholder.
{ printf '~Module hashes~\n'; cat "$W/root.bin"; } >"$I/section"
{ printf '~Module hashes~\n'; head -c 40 /dev/zero; } >"$I/placeholder"
want=$("$TOOL" root "$W/root.bin")

# The payload: the patched test vmlinux, compressed as the kernel does,
# its size appended (gzip's trailer already is that size).
E="$W/vmlinux"
esize=$(stat -c %s "$E")
gzip -nc "$E" >"$I/p.gzip"
xz --check=crc32 -c "$E" >"$I/p.xz"
xz --format=lzma -c "$E" >"$I/p.lzma"
zstd -q -19 -c "$E" >"$I/p.zstd"
bzip2 -c "$E" >"$I/p.bzip2"
for c in xz lzma zstd bzip2; do le32 "$esize" >>"$I/p.$c"; done

good_image() {	# description file
	run root "$2"
	expect "root of $1 is the build's" bash -c "[ $rc = 0 ] && [ \"\$(cat $W/out)\" = \"$want\" ]"
	run verify --image "$2" "$W/out13"
	expect "verify --image $1: 13 verified" \
		bash -c "[ $rc = 0 ] && grep -q 'summary: 13 verified' $W/out"
}
for c in gzip xz lzma zstd; do
	bzimage "$I/bz-$c" "$I/p.$c"
	good_image "a bzImage, $c payload" "$I/bz-$c"
done
arm64 "$I/Image" "$I/section"
good_image "an arm64 Image" "$I/Image"
gzip -nc "$I/Image" >"$I/Image.gz"
good_image "an arm64 Image.gz" "$I/Image.gz"
# The known answer of Documentation/admin-guide/module-hashes.rst.
python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex("".join(sys.argv[1:])))' \
	7e4d6f64756c65206861736865737e0a 01000000030000007c464dec964a78be \
	d0b50ae2102c4b3f93362198148dfac4 51c671a128e28265 >"$I/known"
arm64 "$I/Image-known" "$I/known"
run root "$I/Image-known"
expect "the documented 56 section bytes: tree size 3, root 7c464dec..." \
	bash -c "[ $rc = 0 ] && grep -qx 'tree_size: 3' $W/out && grep -qx 'root: 7c464dec964a78bed0b50ae2102c4b3f93362198148dfac451c671a128e28265' $W/out"
run verify --vmlinux "$I/Image" "$W/out13"
expect "verify --vmlinux takes an image too" [ $rc = 0 ]

# Hostile images: each must fail, naming the file, with its reason.
bad_image() {	# description file expected-message [verify]
	local what=$1 f=$2 msg=$3
	if [ "${4-}" = verify ]; then
		run verify --image "$f" "$W/out13"
	else
		run root "$f"
	fi
	if [ $rc = 2 ] && grep -q "^ERROR: $f: .*$msg" "$W/err" && [ ! -s "$W/out" ]; then
		ok "$what"
	else
		notok "$what: exit $rc"; sed 's/^/# /' "$W/err"
	fi
}
bzimage "$I/bz-bzip2" "$I/p.bzip2"
bad_image "bzip2 payload: unsupported compression" "$I/bz-bzip2" "unsupported compression bzip2"
head -c 3000 /dev/urandom >"$I/p.random"
bzimage "$I/bz-random" "$I/p.random"
bad_image "payload of no known compression" "$I/bz-random" "compression not recognised"
arm64 "$I/notag" "$W/root.bin"
bad_image "Image without the tag" "$I/notag" "no module hashes tag in arm64 Image"
arm64 "$I/twotags" "$I/section" "$I/section"
bad_image "Image with the tag twice" "$I/twotags" "occurs more than once"
cat "$E" "$I/section" | zstd -q -c >"$I/p.two"
le32 $((esize + 56)) >>"$I/p.two"
bzimage "$I/bz-twotags" "$I/p.two"
bad_image "bzImage whose payload has the tag twice" "$I/bz-twotags" "occurs more than once in bzImage payload"
head -c $((64 + 4000 + 16 + 20)) "$I/Image" >"$I/Image-cut"
bad_image "Image cut inside the descriptor: truncated" "$I/Image-cut" "ends inside the root descriptor: truncated image"
head -c -100 "$I/bz-zstd" >"$I/bz-cut"
bad_image "bzImage cut inside its payload" "$I/bz-cut" "does not lie within the file.* truncated image"
head -c 560 "$I/bz-zstd" >"$I/bz-hdr"
bad_image "bzImage cut inside its setup header" "$I/bz-hdr" "ends inside its setup header"
cp "$I/bz-zstd" "$I/bz-off"
le32 2147483647 | poke "$I/bz-off" 0x248
bad_image "payload_offset out of bounds" "$I/bz-off" "does not lie within the file"
cp "$I/bz-zstd" "$I/bz-len"
le32 4294967295 | poke "$I/bz-len" 0x24c
bad_image "payload_length out of bounds" "$I/bz-len" "does not lie within the file"
{ head -c $(($(stat -c %s "$I/p.xz") / 2)) "$I/p.xz"; le32 "$esize"; } >"$I/p.xz-cut"
bzimage "$I/bz-xz-cut" "$I/p.xz-cut"
bad_image "truncated xz payload" "$I/bz-xz-cut" "truncated xz data"
cp "$I/p.zstd" "$I/p.zstd-bad"
printf '\125\125\125\125\125\125\125\125' | poke "$I/p.zstd-bad" 40
bzimage "$I/bz-zstd-bad" "$I/p.zstd-bad"
bad_image "corrupt zstd payload" "$I/bz-zstd-bad" "corrupt"
{ head -c -4 "$I/p.zstd"; le32 $((esize + 1)); } >"$I/p.zstd-size"
bzimage "$I/bz-zstd-size" "$I/p.zstd-size"
bad_image "payload of another size than stated" "$I/bz-zstd-size" "decompresses to $esize bytes, but states $((esize + 1))"
head -c -100 "$I/Image.gz" >"$I/Image-cut.gz"
bad_image "truncated Image.gz" "$I/Image-cut.gz" "gzip"
gzip -nc "$W/src.c" >"$I/src.gz"
bad_image "a gzip file that is no Image" "$I/src.gz" "gzip file does not hold an arm64 Image"
arm64 "$I/Image-placeholder" "$I/placeholder"
run root --expect-tree "$I/Image-placeholder"
expect "root --expect-tree of an image made before the modules were hashed: exit 1" \
	bash -c "[ $rc = 1 ] && grep -q 'placeholder.*made before the modules were hashed' $W/err"
bad_image "verify --image with a placeholder image" "$I/Image-placeholder" \
	"placeholder (algo 0): no tree; made before the modules were hashed" verify

# The binary kbuild links reads uncompressed images only.
if [ -x "$K" ]; then
	"$K" root "$I/Image" >"$W/out" 2>"$W/err"
	rc=$?
	expect "kbuild's binary: root of an uncompressed Image" \
		bash -c "[ $rc = 0 ] && [ \"\$(cat $W/out)\" = \"$want\" ]"
	"$K" root "$I/bz-zstd" >"$W/out" 2>"$W/err"
	rc=$?
	expect "kbuild's binary: a compressed image is refused, exit 2" \
		bash -c "[ $rc = 2 ] && grep -q 'ERROR: $I/bz-zstd: bzImage payload: compressed image: this build of module-hashes has no decompressor' $W/err"
fi
