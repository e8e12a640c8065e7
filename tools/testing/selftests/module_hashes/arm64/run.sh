#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot-image checks of an arm64 CONFIG_MODULE_HASHES build.
#
# run.sh --src KSRC --kernel KBUILD_OUTPUT --cross PREFIX --work DIR
#
# --kernel is a finished ARCH=arm64 build of "Image modules" and "Image.gz"
# with CROSS_COMPILE=PREFIX; the environment (KBUILD_BUILD_*,
# SOURCE_DATE_EPOCH, CCACHE_DIR, KJOBS, and KCC for its CC) is the build's.  Checks
# that Image carries the root of the module tree (the 40 bytes of
# modules.hashes) exactly once and the same root as vmlinux, that Image.gz
# is Image, and that after a module's source changes "make Image" alone
# hashes the modules again and remakes Image with the new root, and that an
# Image made without the root stops the build.  --src is changed and put
# back for one test.  Prints TAP and "N passed, N failed".

set -u
here=$(cd "$(dirname "$0")" && pwd)
src= kout= cross= work=
usage="usage: $0 --src DIR --kernel DIR --cross PREFIX --work DIR"
while [ $# -gt 0 ]; do
	case $1 in
	--src) src=$2; shift ;;
	--kernel) kout=$2; shift ;;
	--cross) cross=$2; shift ;;
	--work) work=$2; shift ;;
	*) echo "$usage" >&2; exit 2 ;;
	esac
	shift
done
[ -n "$src" ] && [ -n "$kout" ] && [ -n "$cross" ] && [ -n "$work" ] ||
	{ echo "$usage" >&2; exit 2; }
. "$here/../lib/tap.sh"

rm -rf "$work"
mkdir -p "$work"
log=$work/make.log
image=$kout/arch/arm64/boot/Image
tool=$kout/scripts/module-hashes
kmake() {
	make --no-print-directory -C "$src" O="$kout" ARCH=arm64 CROSS_COMPILE="$cross" \
		CC="${KCC:-${cross}gcc}" -j"${KJOBS:-2}" "$@" >"$log" 2>&1
}
[ -f "$image" ] && [ -f "$kout/modules.hashes" ] || die "no Image or modules.hashes in $kout"

# How often FILE holds the 40 bytes of ROOT-FILE.
count() {
	python3 -c 'import sys; print(open(sys.argv[1], "rb").read().count(open(sys.argv[2], "rb").read()))' "$1" "$2"
}
# The root vmlinux holds, as "module-hashes root" prints it.
vmroot() { "$tool" root "$kout/vmlinux" 2>&1 | sed -n 's/^root: //p'; }
hexroot() { od -An -tx1 -j8 -N32 -v "$1" | tr -d ' \n'; }

# 1. The build of "Image modules" wrote the root before it made Image.
nmods=$(wc -l <"$kout/modules.order")
why=
[ "$(od -An -tu4 -N4 "$kout/modules.hashes" | tr -d ' ')" = 1 ] || why="modules.hashes is not a SHA-256 tree; "
[ "$(od -An -tu4 -j4 -N4 "$kout/modules.hashes" | tr -d ' ')" = "$nmods" ] || why="${why}tree size is not the $nmods modules of modules.order "
c=$(count "$image" "$kout/modules.hashes")
[ "$c" = 1 ] || why="${why}Image holds the root $c times"
[ "$(vmroot)" = "$(hexroot "$kout/modules.hashes")" ] || why="${why}vmlinux holds $(vmroot) "
check "make Image modules: Image holds the root of the $nmods modules exactly once, as vmlinux does" "$why"

# 2. Image.gz is Image.
why=
gzip -dc "$image.gz" >"$work/Image" 2>/dev/null || why="Image.gz does not decompress"
[ -n "$why" ] || cmp -s "$work/Image" "$image" || why="Image.gz is not Image"
check "Image.gz is Image, root and all" "$why"

# 3. A changed module: "make Image" alone hashes again and remakes Image.
# The module is one each kernel's config builds (7.2's CRC libraries are
# in lib/crc/).
case $(cat "$kout/include/config/kernel.release") in
7.*)	c=$src/lib/crc/crc7.c ;;
*)	c=$src/lib/crc4.c ;;
esac
cp "$c" "$work/module.c.orig" || die "no $c"
restore() { cat "$work/module.c.orig" >"$c"; }
trap restore EXIT
cp "$kout/modules.hashes" "$work/root0"
echo 'MODULE_INFO(mh_arm64_test, "changed");' >>"$c"
why=
kmake Image || why="make Image: $(tail -n 3 "$log" | tr '\n' ' ')"
cmp -s "$kout/modules.hashes" "$work/root0" && why="${why}the root did not change; "
[ "$(count "$image" "$kout/modules.hashes")" = 1 ] || why="${why}Image does not hold the new root; "
[ "$(count "$image" "$work/root0")" = 0 ] || why="${why}Image still holds the old root; "
[ "$(vmroot)" = "$(hexroot "$kout/modules.hashes")" ] || why="${why}vmlinux does not hold the new root; "
check "a module changed, make Image: modules hashed again, Image remade with the new root" "$why"

restore
why=
kmake Image || why="make Image: $(tail -n 3 "$log" | tr '\n' ' ')"
cmp -s "$kout/modules.hashes" "$work/root0" || why="${why}the root is not the first build's; "
[ "$(count "$image" "$work/root0")" = 1 ] || why="${why}Image does not hold the first root; "
check "the module put back, make Image: the first root again, in vmlinux and Image" "$why"

# 4. Fail closed: an Image made without the root (here objcopy drops the
# section) stops the build, naming the file, and is not left behind.
why=
kmake Image OBJCOPYFLAGS_Image="-O binary -R .module_hashes -S" &&
	why="make Image succeeded; "
grep -q "arch/arm64/boot/Image: does not carry the module hash tree root of vmlinux" "$log" ||
	why="${why}no error naming Image: $(tail -n 3 "$log" | tr '\n' ' ')"
[ -e "$image" ] && why="${why}the bad Image was left behind"
check "an Image without the root stops the build with an error naming it" "$why"
why=
kmake Image || why="make Image: $(tail -n 3 "$log" | tr '\n' ' ')"
[ "$(count "$image" "$work/root0")" = 1 ] || why="${why}Image does not hold the root"
check "make Image again: Image holds the root" "$why"
finish
