#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build integration tests of CONFIG_MODULE_HASHES on Linux 6.12 or 7.2:
# reproducibility, no-op and incremental rebuilds, stale proofs stopped
# before modules_install, INSTALL_MOD_STRIP, external modules (make M=),
# packages, compressed modules.
#
# run.sh --src KSRC --ref KBUILD_OUTPUT --ref-modroot INSTALL_MOD_PATH
#        --out DIR --work DIR --config FRAGMENT [--compress FRAGMENT]...
#        [--delta FRAGMENT]... [--pkg TARGET]... --tool MODULE_HASHES [--ccache DIR] [--reuse]
#        [--timeout SECONDS]
#
# --ref is a finished build of --src with --config (make kernel's), its
# modules installed in --ref-modroot (uncompressed).  --out is wiped and
# built again from scratch (unless --reuse and it exists), without ccache
# unless --ccache names its directory, with the same SOURCE_DATE_EPOCH,
# KBUILD_BUILD_TIMESTAMP, _USER, _HOST and _VERSION from the environment;
# then vmlinux, bzImage, the root and every installed module must be the
# same bytes.  The other tests are incremental builds of --out, in this
# order: no-op make, deleted modules, a changed module source (booted in
# QEMU with an external module; no other module is relinked), make modules
# after a change (modules_install must stop; then make and install), the
# goal that writes a new root into vmlinux but not into the image after a
# change (modules_install and install must stop: the image is older than
# the root), a module added and one removed, stripping, each --pkg target
# (bindeb-pkg, binrpm-pkg, pacman-pkg, tar-pkg: the packaged image and
# modules must verify), one config delta per --compress fragment (booted
# in QEMU), and one per --delta fragment (e.g. BTF on), after which the
# modules are verified and booted, and the no-op, the module change and
# the packages are checked again.  --src is changed and put back for some tests, so
# nothing else may build it meanwhile.  --tool is the host tool of "make
# tool": it reads compressed modules, which the build's own
# scripts/module-hashes (no decompressor) refuses.  Where --config
# compresses every module, the tests see each install decompressed.
#
# Prints "ok N - ..." / "not ok N - ..." and a last line "N passed, N failed";
# exits 1 if anything failed.

set -u
here=$(cd "$(dirname "$0")" && pwd)
qemu_run=$here/../qemu/run.sh
src= ref= refmods= out= work= config= tool= reuse=0 timeout=300 compress=() deltas=() pkgs=() ccache=
usage="usage: $0 --src DIR --ref DIR --ref-modroot DIR --out DIR --work DIR --config FILE [--compress FILE]... [--delta FILE]... [--pkg TARGET]... --tool FILE [--ccache DIR] [--reuse] [--timeout S]"
while [ $# -gt 0 ]; do
	case $1 in
	--src) src=$2; shift ;;
	--ref) ref=$2; shift ;;
	--ref-modroot) refmods=$2; shift ;;
	--out) out=$2; shift ;;
	--work) work=$2; shift ;;
	--config) config=$2; shift ;;
	--compress) compress+=("$2"); shift ;;
	--tool) tool=$2; shift ;;
	--pkg) pkgs+=("$2"); shift ;;
	--delta) deltas+=("$2"); shift ;;
	--ccache) ccache=$2; shift ;;
	--reuse) reuse=1 ;;
	--timeout) timeout=$2; shift ;;
	*) echo "$usage" >&2; exit 2 ;;
	esac
	shift
done
[ -n "$src" ] && [ -n "$ref" ] && [ -n "$refmods" ] && [ -n "$out" ] &&
	[ -n "$work" ] && [ -n "$config" ] && [ -n "$tool" ] || { echo "$usage" >&2; exit 2; }

. "$(dirname "$0")/../lib/tap.sh"

rm -rf "$work"
mkdir -p "$work"
kver=$(cat "$ref/include/config/kernel.release") || die "no kernel.release in $ref"
log=$work/make.log

# What differs between the kernels.  mod: the module whose source the tests
# change; keep: two modules that change must leave alone; linked: what the
# modules are linked against, which that change must not touch either
# (7.2's vmlinux.unstripped; 6.12 writes the root into vmlinux itself, in
# place, and its record vmlinux.hashes changes with it); add/del: the config
# change that adds one module and removes another (CONFIG_ option and
# module); rootgoal: the goal that writes a new root into vmlinux but does
# not make the image, and img_msg the line modules_install and install
# then stop with.
case $kver in
6.12.*)
	mod=lib/crc4 keep="lib/crc7 lib/crc8" linked=
	add=CRC16:lib/crc16 del=CRC8:lib/crc8
	rootgoal=modules_hashes
	img_msg='*** arch/x86/boot/bzImage is older than the module hash tree root written into'
	;;
7.2.*)
	mod=lib/crc/crc7 keep="lib/crc/crc16 lib/crc/crc64" linked=vmlinux.unstripped
	add=CRYPTO_MD5:crypto/md5 del=MODULE_HASHES_KUNIT_TEST:kernel/module/hashes_kunit
	rootgoal=vmlinux
	img_msg='*** arch/x86/boot/bzImage is older than vmlinux and the module hash tree root'
	;;
*)	die "$ref: kernel $kver: this suite knows 6.12 and 7.2" ;;
esac
c=$src/$mod.c

# kmake [ARGS...]: make in --out (with ccache only if --ccache); the output
# is in $log.
cc=gcc
[ -z "$ccache" ] || { cc="$here/../lib/ccache-cc gcc"; export CCACHE_DIR=$ccache; }
kmake() { kmake_as "" "$@"; }
# kmake_as "COMMAND" [ARGS...]: the same, as COMMAND runs it.
kmake_as() {
	local as=$1; shift
	$as make --no-print-directory -C "$src" O="$out" CC="$cc" -j"${KJOBS:-2}" "$@" \
		>"$log" 2>&1
}
# kinstall DIR [ARGS...]: modules_install into DIR (emptied first).  Where
# --config compresses every module, the installed .ko.xz are then
# decompressed, which gives the files an uncompressed install writes.
unpack=
grep -qx 'CONFIG_MODULE_COMPRESS_ALL=y' "$config" && unpack=1
kinstall() {
	local dir=$1; shift
	rm -rf "$dir"
	kmake INSTALL_MOD_PATH="$dir" "$@" modules_install || return
	[ -z "$unpack" ] || find "$dir" -name '*.ko.xz' -exec xz -d {} + >>"$log" 2>&1
}
lastlog() { tail -n 5 "$log" | tr '\n' ' '; }
# state DIR: every path below DIR with its type, size and mtime.
state() { (cd "$1" 2>/dev/null && find . -printf '%p %y %s %T@\n' | sort); }
# verify_all DIR: why not every module installed in DIR verifies against
# vmlinux (empty if they all do).
verify_all() {
	"$tool" verify -q --vmlinux "$out/vmlinux" "$1" >"$work/verify.out" 2>&1 ||
		echo "verify: $(head -3 "$work/verify.out" | tr '\n' ' ')"
}
# refused WHAT DIR LINE...: modules_install into DIR, which holds an earlier
# install, must fail printing each LINE and the advice, and leave DIR as it
# was; another, into a new directory, must create nothing.
stale_msg='*** modules_install: the modules above would not load with this vmlinux.'
advice=$stale_msg
refused() {
	local what=$1 dir=$2 l before why=
	shift 2
	before=$(state "$dir")
	kmake INSTALL_MOD_PATH="$dir" "${mkargs[@]}" modules_install && why="modules_install succeeded "
	cp "$log" "$work/refused.log"
	for l in "$@" "$advice"; do
		grep -qxF -- "$l" "$log" || why="${why}no line '$l' "
	done
	[ "$(state "$dir")" = "$before" ] ||
		why="${why}$dir changed: $(diff <(echo "$before") <(state "$dir") | grep '^[<>]' | head -3 | tr '\n' ' ')"
	grep -Eq '^  (INSTALL|DEPMOD|SIGN|XZ|ZSTD|GZIP|SYMLINK) ' "$log" &&
		why="${why}it installed: $(grep -E '^  (INSTALL|DEPMOD) ' "$log" | head -2 | tr '\n' ' ')"
	rm -rf "$work/mods-new"
	kmake INSTALL_MOD_PATH="$work/mods-new" "${mkargs[@]}" modules_install
	[ ! -e "$work/mods-new/lib/modules/$kver" ] || why="${why}a new install directory was made"
	check "$what" "$why"
}
mkargs=()

# where A B: the first byte where A and B differ and, for ELF files, the
# section holding it.
where() {
	python3 - "$1" "$2" <<'PY'
import struct, sys
a, b = (open(p, 'rb').read() for p in sys.argv[1:3])
off = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
what = f"first difference at byte {off} (sizes {len(a)}, {len(b)})"
if a[:4] == b'\x7fELF' and a[4] == 2:
    shoff, = struct.unpack_from('<Q', a, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', a, 0x3a)
    secs = [struct.unpack_from('<IIQQQQ', a, shoff + i * shentsize) for i in range(shnum)]
    strtab = secs[shstrndx][4]
    for name, typ, flags, addr, offset, size in secs:
        if typ != 8 and offset <= off < offset + size:
            end = a.index(b'\0', strtab + name)
            what += f", in section {a[strtab + name:end].decode()} +{off - offset:#x}"
            break
print(what)
PY
}

# same WHAT A B: A and B are the same bytes.
same() {
	if cmp -s "$2" "$3"; then ok "$1"
	else notok "$1: $2 and $3 differ: $(where "$2" "$3")"; fi
}

# snap FILE: sha256, mtime and name of the build's outputs.
snap() {
	(cd "$out" && find vmlinux arch/x86/boot/bzImage modules.hashes $(ls vmlinux.hashes $linked 2>/dev/null) \
		$(sed 's/\.o$/.ko/' modules.order) $(sed 's/\.o$/.ko.proof/' modules.order) \
		-printf '%T@ %p\n' | sort -k2 | while read -r t f; do
			echo "$(sha256sum <"$f" | cut -c1-64) $t $f"; done) >"$1"
}
root() { "$tool" root "$1" 2>&1 | sed -n 's/^root: //p'; }

# ---------------------------------------------------------------------------
# 1. The same tree, built again in another directory, is the same bytes.
t0=$SECONDS
if [ $reuse = 1 ] && [ -f "$out/vmlinux" ]; then
	kmake -s KCONFIG_ALLCONFIG="$config" allnoconfig && kmake
else
	rm -rf "$out"
	mkdir -p "$out"
	kmake -s KCONFIG_ALLCONFIG="$config" allnoconfig && kmake
fi || die "second build in $out failed: $(lastlog)"
ok "second build in $out, $([ -n "$ccache" ] && echo with || echo without) ccache ($((SECONDS - t0)) s)"
kinstall "$work/mods" || die "modules_install: $(lastlog)"

same "vmlinux is the same bytes in both build directories" "$ref/vmlinux" "$out/vmlinux"
same "bzImage is the same bytes in both build directories" \
	"$ref/arch/x86/boot/bzImage" "$out/arch/x86/boot/bzImage"
same "the root (modules.hashes) is the same in both build directories" \
	"$ref/modules.hashes" "$out/modules.hashes"
a=$(cd "$refmods/lib/modules/$kver" && find . -name '*.ko*' | sort)
b=$(cd "$work/mods/lib/modules/$kver" && find . -name '*.ko*' | sort)
why=
[ "$a" = "$b" ] || why="different sets of modules installed: $(diff <(echo "$a") <(echo "$b") | tr '\n' ' ')"
[ -n "$a" ] || why="no modules installed"
for m in $a; do
	[ -n "$why" ] && break
	cmp -s "$refmods/lib/modules/$kver/$m" "$work/mods/lib/modules/$kver/$m" ||
		why="$m differs: $(where "$refmods/lib/modules/$kver/$m" "$work/mods/lib/modules/$kver/$m")"
done
check "every installed module is the same bytes ($(echo "$a" | wc -w) modules)" "$why"
root0=$(root "$out/vmlinux")
[ "$(root "$ref/vmlinux")" = "$root0" ] && ok "module-hashes root of both vmlinux: $root0" ||
	notok "module-hashes root differs: $(root "$ref/vmlinux") vs $root0"

# ---------------------------------------------------------------------------
# 2. A no-op make changes nothing.

# noop_check PREFIX: a make with nothing changed rewrites nothing; the
# outputs before it are in $work/snap0.
noop_check() {
	local why=
	snap "$work/snap0"
	kmake || die "make: $(lastlog)"
	grep -E '^  (LD|HASHES|CC|STRIP|BUILD|OBJCOPY|BTF) ' "$log" >"$work/noop" &&
		why="it ran $(head -3 "$work/noop" | tr -s ' \n' '  ')"
	snap "$work/snap1"
	cmp -s "$work/snap0" "$work/snap1" ||
		why="${why:-changed $(diff "$work/snap0" "$work/snap1" | grep '^>' | cut -d' ' -f4 | tr '\n' ' ')}"
	check "${1}a no-op make changes nothing (bytes and timestamps, nothing relinked)" "$why"
}
noop_check ""

# ---------------------------------------------------------------------------
# 3. Deleted modules come back, the same.
for m in $keep; do rm -f "$out/$m.ko"; done
kmake || die "make: $(lastlog)"
snap "$work/snap2"
why=
for m in $keep; do [ -f "$out/$m.ko" ] || why="${why}$m.ko did not come back "; done
[ -n "$why" ] || [ "$(cut -d' ' -f1,3 "$work/snap0")" = "$(cut -d' ' -f1,3 "$work/snap2")" ] ||
	why="the outputs differ: $(diff <(cut -d' ' -f1,3 "$work/snap0") <(cut -d' ' -f1,3 "$work/snap2") | grep '^>' | tr '\n' ' ')"
check "deleted $(echo $keep | sed 's/ /.ko and /').ko come back with make, same bytes, same root" "$why"

# ---------------------------------------------------------------------------
# 4. An external module: built with make M=, installed without a proof.
cp -r "$here/extmod" "$work/extmod"
why=
kmake M="$work/extmod" modules || why="make M= modules: $(lastlog)"
[ -n "$why" ] || kinstall "$work/mods-ext" M="$work/extmod" || why="make M= modules_install: $(lastlog)"
ext=$work/mods-ext/lib/modules/$kver/updates/mh_ext.ko
[ -n "$why" ] || [ -f "$ext" ] || why="no $ext"
[ -n "$why" ] || [ -z "$(find "$work/mods-ext" -path '*/kernel/*' -name '*.ko*')" ] || why="in-tree modules installed too"
[ -n "$why" ] || "$tool" show "$ext" >"$work/ext.show" 2>&1
[ -n "$why" ] || ! "$tool" verify --vmlinux "$out/vmlinux" "$ext" >"$work/ext.verify" 2>&1 ||
	why="verify accepted it"
[ -n "$why" ] || grep -q ': no-proof' "$work/ext.verify" || why="not no-proof: $(cat "$work/ext.verify")"
check "make M= builds and installs an external module, without a proof" "$why"
kinstall "$work/mods-ext-s" M="$work/extmod" INSTALL_MOD_STRIP=1 &&
	grep -q 'STRIP ' "$log" && ok "make M= modules_install INSTALL_MOD_STRIP=1 strips the external module" ||
	notok "make M= modules_install INSTALL_MOD_STRIP=1: $(lastlog)"

# ---------------------------------------------------------------------------
# 5. One module's source changes: its module, the root, vmlinux, bzImage and
# every proof are made again, nothing else is relinked, and the result
# boots.
cp -p "$c" "$work/mod.c.orig"
restore() { [ -f "$work/mod.c.orig" ] && cat "$work/mod.c.orig" >"$c"; }
trap restore EXIT

# change_check PREFIX TAG: make after $mod.c changed (MODULE_INFO TAG), then
# put the source back: the make must remake $mod.ko, the root, vmlinux,
# bzImage and every proof, and leave every other module and $linked
# (bytes and timestamp) alone.
change_check() {
	local f why= t0
	snap "$work/snap-before"
	echo "MODULE_INFO(module_hashes_test, \"$2\");" >>"$c"
	t0=$SECONDS
	kmake || { restore; die "make after changing $mod.c: $(lastlog)"; }
	t0=$((SECONDS - t0))
	restore
	snap "$work/snap-after"
	for f in $mod.ko modules.hashes vmlinux arch/x86/boot/bzImage \
		 $(sed 's/\.o$/.ko.proof/' "$out/modules.order"); do
		[ "$(grep " $f\$" "$work/snap-before" | cut -d' ' -f1)" != \
		  "$(grep " $f\$" "$work/snap-after" | cut -d' ' -f1)" ] || why="${why}$f unchanged "
	done
	for f in $linked $(sed 's/\.o$/.ko/' "$out/modules.order"); do
		[ "$f" = "$mod.ko" ] && continue
		[ "$(grep " $f\$" "$work/snap-before" | cut -d' ' -f1,2)" = \
		  "$(grep " $f\$" "$work/snap-after" | cut -d' ' -f1,2)" ] || why="${why}$f relinked "
	done
	check "${1}after changing $mod.c, make ($t0 s): $(basename $mod).ko, the root, vmlinux, bzImage and every proof are new; no other module${linked:+ and not $linked} relinked" "$why"
}
change_check "" rebuild
[ "$(root "$out/vmlinux")" != "$root0" ] && ok "the changed $mod.ko gives vmlinux another root" ||
	notok "after changing $mod.c: root of vmlinux unchanged"
if kinstall "$work/mods-c"; then
	"$qemu_run" --kernel "$out" --modroot "$work/mods-c" --tool "$tool" \
		--work "$work/qemu-c" --timeout "$timeout" \
		--extmod "$work/extmod/mh_ext.ko" mh_ext >"$work/qemu-c.log" 2>&1
	rc=$?
	check "the rebuilt kernel boots and passes the QEMU tests, the external module loads as no-proof ($(tail -1 "$work/qemu-c.log"))" \
		"$( [ $rc = 0 ] || grep '^not ok' "$work/qemu-c.log" | head -3 | tr '\n' ' ')"
else
	notok "modules_install after the change: $(lastlog)"
fi
# Put the source back: everything returns to the first build's bytes.
touch "$c"
kmake || die "make after restoring $mod.c: $(lastlog)"
[ "$(root "$out/vmlinux")" = "$root0" ] && ok "restoring $mod.c restores the root" ||
	notok "restoring $mod.c: root $(root "$out/vmlinux"), was $root0"

# ---------------------------------------------------------------------------
# 6. A stale proof: make, change a module's source, make modules, make
# modules_install.  make modules links the module again but does not hash
# it: installed with its old proof, the kernel would refuse it.
# modules_install must stop before it changes anything, name the module and
# say to build the kernel again; after make, the install succeeds and
# every module verifies.
kinstall "$work/mods-stale" || die "modules_install: $(lastlog)"
echo 'MODULE_INFO(module_hashes_test, "stale");' >>"$c"
kmake modules || { restore; die "make modules after changing $mod.c: $(lastlog)"; }
refused "make; change $mod.c; make modules; make modules_install: stops, names $mod.ko, installs and removes nothing" \
	"$work/mods-stale" "$mod.ko: tampered" \
	'***   make && make modules_install install'
cp "$work/refused.log" "$work/stale.log"
# make and modules_install in one run: the check waits for the build.
why=
kinstall "$work/mods-stale" all || why="make all modules_install: $(lastlog)"
[ -n "$why" ] || why=$(verify_all "$work/mods-stale")
[ -n "$why" ] || grep -q 'module_hashes_test=stale' "$work/mods-stale/lib/modules/$kver/kernel/$mod.ko" ||
	why="the installed $mod.ko is not the changed one"
check "... then make all modules_install: the changed $mod.ko is installed and every module verifies against vmlinux" "$why"
restore
touch "$c"
kmake || die "make after restoring $mod.c: $(lastlog)"

# A new root and the old image: make, change a module's source, make
# $rootgoal (6.12: modules_hashes, 7.2: vmlinux).  That writes the new root
# into vmlinux but does not make bzImage again, so modules_install and
# install must both stop, naming bzImage and saying to run make; after
# make, the installed image holds the root the installed modules prove.
# installkernel is a copy into $work/boot, so that no hook of the machine
# runs.
mkdir -p "$work/home/bin"
printf '#!/bin/sh\ncp "$2" "$4/vmlinuz-$1"\n' >"$work/home/bin/installkernel"
chmod +x "$work/home/bin/installkernel"
kinstall "$work/mods-img" || die "modules_install: $(lastlog)"
echo 'MODULE_INFO(module_hashes_test, "image");' >>"$c"
kmake $rootgoal || { restore; die "make $rootgoal after changing $mod.c: $(lastlog)"; }
advice=$img_msg
refused "make; change $mod.c; make $rootgoal; make modules_install: stops, names bzImage, installs and removes nothing" \
	"$work/mods-img" '***   make && make modules_install install'
advice=$stale_msg
rm -rf "$work/boot"
mkdir -p "$work/boot"
why=
HOME=$work/home kmake INSTALL_PATH="$work/boot" install && why="install succeeded "
grep -qxF -- "$img_msg" "$log" || why="${why}no line '$img_msg': $(lastlog)"
[ -z "$(ls -A "$work/boot")" ] || why="${why}it installed $(ls "$work/boot")"
check "... make install: stops, names bzImage, installs nothing" "$why"
why=
kmake || why="make: $(lastlog)"
[ -n "$why" ] || kinstall "$work/mods-img" || why="modules_install after make: $(lastlog)"
[ -n "$why" ] || HOME=$work/home kmake INSTALL_PATH="$work/boot" install || why="install after make: $(lastlog)"
[ -n "$why" ] || "$tool" verify -q --image "$work/boot/vmlinuz-$kver" "$work/mods-img" >"$work/img.verify" 2>&1 ||
	why="verify --image: $(head -3 "$work/img.verify" | tr '\n' ' ')"
[ -n "$why" ] || grep -q 'module_hashes_test=image' "$work/mods-img/lib/modules/$kver/kernel/$mod.ko" ||
	why="the installed $mod.ko is not the changed one"
check "... then make; modules_install; install: the installed image holds the installed modules' root" "$why"

# The image goal alone, after a change: it links the module, hashes the
# modules and makes vmlinux and the image, which then hold the root that
# the installed modules prove.
echo 'MODULE_INFO(module_hashes_test, "bzimage");' >>"$c"
why=
kmake bzImage || why="make bzImage: $(lastlog)"
[ -n "$why" ] || kinstall "$work/mods-img" || why="modules_install after make bzImage: $(lastlog)"
[ -n "$why" ] || "$tool" verify -q --image "$out/arch/x86/boot/bzImage" "$work/mods-img" >"$work/img.verify" 2>&1 ||
	why="verify --image: $(head -3 "$work/img.verify" | tr '\n' ' ')"
[ -n "$why" ] || grep -q 'module_hashes_test=bzimage' "$work/mods-img/lib/modules/$kver/kernel/$mod.ko" ||
	why="the installed $mod.ko is not the changed one"
check "change $mod.c; make bzImage; modules_install: bzImage holds the root the installed modules prove" "$why"
restore
touch "$c"
kmake || die "make after restoring $mod.c: $(lastlog)"

# A module added and one removed by a config change, then make modules:
# the added module has no proof, the removed one's leaf no module;
# modules_install stops.
cp "$out/.config" "$work/config.saved"
cp "$out/modules.order" "$work/modules.order.hashed"
"$src/scripts/config" --file "$out/.config" -d "${del%%:*}" -m "${add%%:*}"
kmake olddefconfig && kmake modules || die "make modules with ${add%%:*}=m, ${del%%:*}=n: $(lastlog)"
leaf=$(grep -nx "${del#*:}.o" "$work/modules.order.hashed" 2>/dev/null | cut -d: -f1)
refused "${add%%:*} added, ${del%%:*} removed, make modules; make modules_install: stops, names ${add#*:}.ko and ${del#*:}'s leaf" \
	"$work/mods-stale" "${add#*:}.ko: no-proof (no ${add#*:}.ko.proof)" \
	"modules.order: no module for leaf $((leaf - 1)) of the tree (removed since it was built?)"
cp "$work/config.saved" "$out/.config"
kmake olddefconfig && kmake || die "make with the first config again: $(lastlog)"
[ "$(root "$out/vmlinux")" = "$root0" ] && ok "the first config again: the first root" ||
	notok "the first config again: root $(root "$out/vmlinux"), was $root0"

# ---------------------------------------------------------------------------
# 7. INSTALL_MOD_STRIP: the stripped modules are hashed and installed.
for s in 1 --strip-unneeded; do
	opt=$s; [ "$s" = 1 ] && opt=--strip-debug
	kmake INSTALL_MOD_STRIP="$s" || { notok "make INSTALL_MOD_STRIP=$s: $(lastlog)"; continue; }
	why=
	[ "$(cat "$out/modules.hashes.strip")" = "$opt" ] || why="modules.hashes.strip is '$(cat "$out/modules.hashes.strip")'"
	[ "$(root "$out/vmlinux")" != "$root0" ] || why="${why}root unchanged "
	kinstall "$work/mods-s" INSTALL_MOD_STRIP="$s" || why="${why}modules_install: $(lastlog)"
	"$tool" verify --vmlinux "$out/vmlinux" "$work/mods-s" >"$work/strip.verify" 2>&1 ||
		why="${why}verify: $(grep -v ': verified' "$work/strip.verify" | head -3 | tr '\n' ' ')"
	for m in $(sed 's/\.o$//' "$out/modules.order"); do
		[ -z "$why" ] || break
		strip $opt -o "$work/stripped.ko" "$out/$m.ko"
		cat "$work/stripped.ko" "$out/modules.stripped/$m.ko.proof" |
			cmp -s - "$work/mods-s/lib/modules/$kver/kernel/$m.ko" ||
			why="$m.ko installed is not 'strip $opt' of $m.ko and its proof"
		cmp -s "$work/stripped.ko" "$out/$m.ko" && why="$m.ko: strip $opt changed nothing"
	done
	check "make INSTALL_MOD_STRIP=$s; modules_install INSTALL_MOD_STRIP=$s: stripped modules installed and verified" "$why"
	if [ "$s" = 1 ]; then
		"$qemu_run" --kernel "$out" --modroot "$work/mods-s" --tool "$tool" \
			--work "$work/qemu-s" --timeout "$timeout" >"$work/qemu-s.log" 2>&1
		rc=$?
		check "the kernel with stripped modules passes the QEMU tests ($(tail -1 "$work/qemu-s.log"))" \
			"$( [ $rc = 0 ] || grep '^not ok' "$work/qemu-s.log" | head -3 | tr '\n' ' ')"
	fi
	# The wrong INSTALL_MOD_STRIP at install time is an error, and nothing
	# is installed.
	for bad in "" 1 --strip-all; do
		[ "$bad" = "$s" ] && continue
		why=
		kinstall "$work/mods-bad" ${bad:+INSTALL_MOD_STRIP=$bad} && why="modules_install succeeded"
		grep -q "the modules were hashed stripped with \"$opt\"" "$log" || why="${why}no clear error: $(lastlog)"
		[ -z "$(find "$work/mods-bad" -name '*.ko*' 2>/dev/null)" ] || why="${why}modules were installed"
		label="without INSTALL_MOD_STRIP"; [ -z "$bad" ] || label="INSTALL_MOD_STRIP=$bad"
		check "built with INSTALL_MOD_STRIP=$s, modules_install $label stops with an error" "$why"
	done
	# A stale proof, stripped: the stripped copy is made again from the
	# changed module before the check, which names it.
	if [ "$s" = 1 ]; then
		echo 'MODULE_INFO(module_hashes_test, "stale");' >>"$c"
		kmake INSTALL_MOD_STRIP=1 modules || notok "make INSTALL_MOD_STRIP=1 modules: $(lastlog)"
		mkargs=(INSTALL_MOD_STRIP=1)
		refused "INSTALL_MOD_STRIP=1: change $mod.c, make modules, modules_install: stops, names the stripped copy" \
			"$work/mods-s" "modules.stripped/$mod.ko: tampered" \
			'***   make INSTALL_MOD_STRIP=1 && make INSTALL_MOD_STRIP=1 modules_install install'
		mkargs=()
		restore
	fi
done
kmake || die "make without INSTALL_MOD_STRIP: $(lastlog)"
why=
[ "$(root "$out/vmlinux")" = "$root0" ] || why="root $(root "$out/vmlinux"), was $root0"
kinstall "$work/mods-bad" INSTALL_MOD_STRIP=1 && why="${why}modules_install INSTALL_MOD_STRIP=1 succeeded"
grep -q 'the modules were hashed unstripped' "$log" || why="${why}no clear error: $(lastlog)"
check "make without INSTALL_MOD_STRIP again: unstripped root back; modules_install INSTALL_MOD_STRIP=1 stops with an error" "$why"

# ---------------------------------------------------------------------------
# 8. Packages.  Each --pkg target makes its package from --out, which is
# unpacked into $work/pkg: its boot image must be bzImage and its modules
# must verify against vmlinux.  bindeb-pkg and pacman-pkg build and
# install with INSTALL_MOD_STRIP=1, so the modules must be hashed so;
# binrpm-pkg and tar-pkg install them as built.

# pkg_deps TARGET: what is missing to make TARGET's package (empty if
# nothing).
pkg_deps() {
	local need
	case $1 in
	bindeb-pkg) need="dpkg-buildpackage dh_gencontrol" ;;
	binrpm-pkg) need="rpmbuild rpm2cpio cpio" ;;
	pacman-pkg) need="makepkg bsdtar fakeroot setpriv" ;;
	*) need=tar ;;
	esac
	for c in $need; do command -v "$c" >/dev/null || echo "$c"; done
}

# pkg_clean: remove what the package targets leave beside and in --out.
pkg_clean() {
	rm -f "$(dirname "$out")"/linux-*.deb "$(dirname "$out")"/linux-upstream* \
		"$(dirname "$out")"/linux-*.buildinfo "$(dirname "$out")"/linux-*.changes \
		"$out"/linux-*.tar "$out"/linux-upstream-*.pkg.tar.*
	rm -rf "$out/rpmbuild" "$out/pacman" "$out/tar-install"
}

# pkg_make TARGET: make the package (why not, if it failed).  Only the
# packages with the modules are made: no headers, devel or debug packages.
# makepkg refuses to run as root: pacman-pkg runs as nobody, which then
# owns --out until the package is made.
pkg_make() {
	local why=
	case $1 in
	bindeb-pkg)
		DEB_BUILD_PROFILES="pkg.linux-upstream.nokernelheaders pkg.linux-upstream.nokerneldbg" \
			kmake bindeb-pkg || why="make bindeb-pkg: $(lastlog)" ;;
	binrpm-pkg) kmake RPMOPTS=--without=devel binrpm-pkg || why="make binrpm-pkg: $(lastlog)" ;;
	pacman-pkg)
		mkdir -p "$work/home-nobody"
		chown -R nobody: "$out" "$work/home-nobody"
		setpriv --reuid=nobody --regid=nogroup --clear-groups test -r "$src/Makefile" -a -w "$out" ||
			why="user nobody cannot read $src or write $out (makepkg refuses root)"
		[ -n "$why" ] || HOME=$work/home-nobody CCACHE_DISABLE=1 MAKEPKGOPTS=--nodeps PACMAN_EXTRAPACKAGES= \
			kmake_as "setpriv --reuid=nobody --regid=nogroup --clear-groups" pacman-pkg ||
			why="make pacman-pkg: $(lastlog)"
		chown -R root: "$out"
		;;
	*) kmake "$1" || why="make $1: $(lastlog)" ;;
	esac
	echo "$why"
}

# pkg_unpack TARGET DIR: unpack TARGET's kernel package into DIR; prints
# where the image and the modules are in it.
pkg_unpack() {
	local f
	case $1 in
	bindeb-pkg)
		f=$(ls "$(dirname "$out")"/linux-image-"$kver"_*.deb 2>/dev/null | head -1)
		[ -n "$f" ] && dpkg-deb -x "$f" "$2" && echo "boot/vmlinuz-$kver lib/modules/$kver" ;;
	binrpm-pkg)
		f=$(ls "$out"/rpmbuild/RPMS/*/kernel-"${kver//-/_}"-*.rpm 2>/dev/null | head -1)
		[ -n "$f" ] && (cd "$2" && rpm2cpio "$f" | cpio -idm --quiet) &&
			echo "lib/modules/$kver/vmlinuz lib/modules/$kver" ;;
	pacman-pkg)
		f=$(ls "$out"/linux-upstream-"${kver//-/_}"-*.pkg.tar.* 2>/dev/null | head -1)
		[ -n "$f" ] && bsdtar -xf "$f" -C "$2" &&
			echo "usr/lib/modules/$kver/vmlinuz usr/lib/modules/$kver" ;;
	tar-pkg)
		f=$(ls "$out"/linux-"$kver"-*.tar 2>/dev/null | head -1)
		[ -n "$f" ] && tar -xf "$f" -C "$2" && echo "boot/vmlinuz-$kver lib/modules/$kver" ;;
	esac
}

# pkg_checks PREFIX: make and check each --pkg package.
pkg_checks() {
	local pkg missing why paths img mods stripped
	for pkg in ${pkgs[@]+"${pkgs[@]}"}; do
		missing=$(pkg_deps "$pkg")
		if [ -n "$missing" ]; then
			notok "make $pkg: $(echo $missing) not installed (make pkg-deps)"
			continue
		fi
		pkg_clean
		rm -rf "$work/pkg"
		mkdir -p "$work/pkg"
		why=$(pkg_make "$pkg")
		cp "$log" "$work/$pkg.log"
		paths=
		[ -n "$why" ] || paths=$(pkg_unpack "$pkg" "$work/pkg") && [ -n "$paths" ] ||
			why="${why:-no $pkg package of kernel $kver, or it did not unpack}"
		read -r img mods <<<"$paths"
		[ -n "$why" ] || [ -d "$work/pkg/$mods" ] || why="no $mods in the package"
		[ -n "$why" ] || [ -n "$unpack" ] || [ -z "$(find "$work/pkg/$mods" -name '*.ko.*')" ] ||
			why="compressed modules in the package"
		[ -n "$why" ] || "$tool" verify --vmlinux "$out/vmlinux" "$work/pkg/$mods" >"$work/pkg.verify" 2>&1 ||
			why="verify: $(grep -v ': verified' "$work/pkg.verify" | head -3 | tr '\n' ' ')"
		[ -n "$why" ] || cmp -s "$work/pkg/$img" "$out/arch/x86/boot/bzImage" ||
			why="the packaged $img is not bzImage"
		stripped=; case $pkg in bindeb-pkg|pacman-pkg) stripped=' (stripped)' ;; esac
		[ -n "$why" ] || grep -qx "  CHECK   modules.order against vmlinux$stripped" "$work/$pkg.log" ||
			why="the package's modules_install did not check the proofs${stripped:+ of the stripped modules}"
		check "${1}make $pkg: the packaged image is bzImage, $(grep -c ': verified' "$work/pkg.verify" 2>/dev/null) packaged modules verify against vmlinux" "$why"
		pkg_clean
		kmake || die "make after $pkg: $(lastlog)"
	done
}
pkg_checks ""

# ---------------------------------------------------------------------------
# 9. Compressed modules, one config delta each.

# delta FRAGMENT DIR: configure --out with --config and FRAGMENT (each of
# its CONFIG_ lines must stick), build and install the modules into DIR;
# sets name (the fragment's), t0 (when the build started) and why (empty
# if all went well).
delta() {
	name=$(basename "$1" .config)
	cat "$config" "$1" >"$work/$name.config"
	why=
	kmake -s KCONFIG_ALLCONFIG="$work/$name.config" allnoconfig || why="config: $(lastlog)"
	for l in $(grep '^CONFIG_' "$1"); do
		grep -qx "$l" "$out/.config" || why="${why}$l did not stick "
	done
	t0=$SECONDS
	[ -n "$why" ] || kmake || why="make: $(lastlog)"
	[ -n "$why" ] || kinstall "$2" || why="modules_install: $(lastlog)"
}

for frag in ${compress[@]+"${compress[@]}"}; do
	delta "$frag" "$work/mods-z"
	if [ -n "$why" ]; then notok "$name: $why"; continue; fi
	sfx=$(cd "$work/mods-z/lib/modules/$kver/kernel" && ls $mod.ko.* 2>/dev/null | sed 's/.*\.ko//')
	why=
	[ -n "$sfx" ] || why="modules not installed compressed"
	"$tool" verify --vmlinux "$out/vmlinux" "$work/mods-z" >"$work/z.verify" 2>&1 ||
		why="${why}verify: $(grep -v ': verified' "$work/z.verify" | head -3 | tr '\n' ' ')"
	check "$name: rebuilt ($((SECONDS - t0)) s), modules installed as .ko$sfx and verified by module-hashes verify" "$why"
	"$qemu_run" --kernel "$out" --modroot "$work/mods-z" --tool "$tool" \
		--work "$work/qemu-$name" --timeout "$timeout" >"$work/qemu-$name.log" 2>&1
	rc=$?
	check "$name: QEMU: .ko$sfx through finit_module(MODULE_INIT_COMPRESSED_FILE), corrupt ones refused ($(tail -1 "$work/qemu-$name.log"))" \
		"$( [ $rc = 0 ] || grep '^not ok' "$work/qemu-$name.log" | head -3 | tr '\n' ' ')"
done

# ---------------------------------------------------------------------------
# 10. Other config deltas (--delta): the same rules hold with each.
for frag in ${deltas[@]+"${deltas[@]}"}; do
	delta "$frag" "$work/mods-d"
	[ -n "$why" ] || verify_all "$work/mods-d" >"$work/d.why"
	[ -n "$why" ] || why=$(cat "$work/d.why")
	if [ -n "$why" ]; then notok "$name: $why"; continue; fi
	ok "$name: rebuilt ($((SECONDS - t0)) s), every module verifies against vmlinux"
	"$qemu_run" --kernel "$out" --modroot "$work/mods-d" --tool "$tool" \
		--work "$work/qemu-$name" --timeout "$timeout" >"$work/qemu-$name.log" 2>&1
	rc=$?
	check "$name: the QEMU tests pass ($(tail -1 "$work/qemu-$name.log"))" \
		"$( [ $rc = 0 ] || grep '^not ok' "$work/qemu-$name.log" | head -3 | tr '\n' ' ')"
	noop_check "$name: "
	change_check "$name: " "$name"
	touch "$c"
	kmake || die "make after restoring $mod.c: $(lastlog)"
	pkg_checks "$name: "
done

finish
