#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build integration tests of CONFIG_MODULE_HASHES: reproducibility, no-op
# and incremental rebuilds, stale proofs stopped before modules_install,
# INSTALL_MOD_STRIP, external modules (make M=), compressed modules.
#
# run.sh --src KSRC --ref KBUILD_OUTPUT --ref-modroot INSTALL_MOD_PATH
#        --out DIR --work DIR --config FRAGMENT [--compress FRAGMENT]...
#        --tool MODULE_HASHES [--reuse] [--timeout SECONDS]
#
# --ref is a finished build of --src with --config (make kernel's), its
# modules installed in --ref-modroot.  --out is wiped and built again from
# scratch without ccache (unless --reuse and it exists), with the same
# SOURCE_DATE_EPOCH, KBUILD_BUILD_TIMESTAMP, _USER, _HOST and _VERSION from
# the environment; then vmlinux, bzImage, the root and every installed
# module must be the same bytes.  The other tests are incremental builds of
# --out, in this order: no-op make, deleted modules, a changed module source
# (booted in QEMU with an external module), make modules after a change
# (modules_install must stop; then make and install), make modules_hashes
# after a change (modules_install and install must stop: the image is
# older than the root), a module added and one removed, stripping, make
# bindeb-pkg (skipped without dpkg-buildpackage and debhelper), and one
# config delta per --compress fragment (booted in QEMU).  --src is changed
# and put back for one test, so nothing else may build it meanwhile.  --tool is the
# host tool of "make tool": it reads compressed modules, which the build's
# own scripts/module-hashes (no decompressor) refuses.
#
# Prints "ok N - ..." / "not ok N - ..." and a last line "N passed, N failed";
# exits 1 if anything failed.

set -u
here=$(cd "$(dirname "$0")" && pwd)
qemu_run=$here/../qemu/run.sh
src= ref= refmods= out= work= config= tool= reuse=0 timeout=300 compress=()
usage="usage: $0 --src DIR --ref DIR --ref-modroot DIR --out DIR --work DIR --config FILE [--compress FILE]... --tool FILE [--reuse] [--timeout S]"
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

# kmake [ARGS...]: make in --out, without ccache; the output is in $log.
kmake() {
	make --no-print-directory -C "$src" O="$out" CC=gcc -j"${KJOBS:-2}" "$@" \
		>"$log" 2>&1
}
kinstall() {	# kinstall DIR [ARGS...]
	local dir=$1; shift
	rm -rf "$dir"
	kmake INSTALL_MOD_PATH="$dir" "$@" modules_install
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
	(cd "$out" && find vmlinux arch/x86/boot/bzImage modules.hashes vmlinux.hashes \
		$(sed 's/\.o$/.ko/' modules.order) $(sed 's/\.o$/.ko.proof/' modules.order) \
		-printf '%T@ %p\n' | sort -k2 | while read -r t f; do
			echo "$(sha256sum <"$f" | cut -c1-64) $t $f"; done) >"$1"
}
root() { "$tool" root "$1" 2>&1 | sed -n 's/^root: //p'; }

# ---------------------------------------------------------------------------
# 1. The same tree, built again in another directory, is the same bytes.
t0=$SECONDS
if [ $reuse = 1 ] && [ -f "$out/vmlinux.hashes" ]; then
	kmake -s KCONFIG_ALLCONFIG="$config" allnoconfig && kmake
else
	rm -rf "$out"
	mkdir -p "$out"
	kmake -s KCONFIG_ALLCONFIG="$config" allnoconfig && kmake
fi || die "second build in $out failed: $(lastlog)"
ok "second build in $out, without ccache ($((SECONDS - t0)) s)"
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
snap "$work/snap0"
kmake || die "make: $(lastlog)"
why=
grep -E '^  (LD|HASHES|CC|STRIP|BUILD|OBJCOPY) ' "$log" >"$work/noop" && why="it ran $(head -3 "$work/noop" | tr -s ' \n' '  ')"
snap "$work/snap1"
cmp -s "$work/snap0" "$work/snap1" || why="${why:-changed $(diff "$work/snap0" "$work/snap1" | grep '^>' | cut -d' ' -f4 | tr '\n' ' ')}"
check "a no-op make changes nothing (bytes and timestamps, nothing relinked)" "$why"

# ---------------------------------------------------------------------------
# 3. Deleted modules come back, the same.
rm -f "$out/lib/crc7.ko" "$out/lib/crc8.ko"
kmake || die "make: $(lastlog)"
snap "$work/snap2"
why=
for f in lib/crc7.ko lib/crc8.ko; do [ -f "$out/$f" ] || why="${why}$f did not come back "; done
[ -n "$why" ] || [ "$(cut -d' ' -f1,3 "$work/snap0")" = "$(cut -d' ' -f1,3 "$work/snap2")" ] ||
	why="the outputs differ: $(diff <(cut -d' ' -f1,3 "$work/snap0") <(cut -d' ' -f1,3 "$work/snap2") | grep '^>' | tr '\n' ' ')"
check "deleted lib/crc7.ko and lib/crc8.ko come back with make, same bytes, same root" "$why"

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
# every proof are made again, and the result boots.
c=$src/lib/crc4.c
cp -p "$c" "$work/crc4.c.orig"
restore() { [ -f "$work/crc4.c.orig" ] && cat "$work/crc4.c.orig" >"$c"; }
trap restore EXIT
echo 'MODULE_INFO(module_hashes_test, "rebuild");' >>"$c"
kmake || { restore; die "make after changing lib/crc4.c: $(lastlog)"; }
restore
snap "$work/snap3"
why=
for f in lib/crc4.ko modules.hashes vmlinux arch/x86/boot/bzImage $(sed 's/\.o$/.ko.proof/' "$out/modules.order"); do
	[ "$(grep " $f\$" "$work/snap0" | cut -d' ' -f1)" != "$(grep " $f\$" "$work/snap3" | cut -d' ' -f1)" ] ||
		why="${why}$f unchanged "
done
for f in lib/crc7.ko lib/crc8.ko; do
	[ "$(grep " $f\$" "$work/snap0" | cut -d' ' -f1)" = "$(grep " $f\$" "$work/snap3" | cut -d' ' -f1)" ] ||
		why="${why}$f changed "
done
[ "$(root "$out/vmlinux")" != "$root0" ] || why="${why}root of vmlinux unchanged"
check "after changing lib/crc4.c: crc4.ko, the root, vmlinux, bzImage and every proof are new, other modules are not" "$why"
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
kmake || die "make after restoring lib/crc4.c: $(lastlog)"
[ "$(root "$out/vmlinux")" = "$root0" ] && ok "restoring lib/crc4.c restores the root" ||
	notok "restoring lib/crc4.c: root $(root "$out/vmlinux"), was $root0"

# ---------------------------------------------------------------------------
# 6. A stale proof: make, change a module's source, make modules, make
# modules_install.  make modules links the module again but does not hash
# it: installed with its old proof, the kernel would refuse it.
# modules_install must stop before it changes anything, name the module and
# say to build the kernel again; after make, the install succeeds and
# every module verifies.
kinstall "$work/mods-stale" || die "modules_install: $(lastlog)"
echo 'MODULE_INFO(module_hashes_test, "stale");' >>"$c"
kmake modules || { restore; die "make modules after changing lib/crc4.c: $(lastlog)"; }
refused "make; change lib/crc4.c; make modules; make modules_install: stops, names lib/crc4.ko, installs and removes nothing" \
	"$work/mods-stale" "lib/crc4.ko: tampered" \
	'***   make && make modules_install install'
cp "$work/refused.log" "$work/stale.log"
# make and modules_install in one run: the check waits for the build.
why=
kinstall "$work/mods-stale" all || why="make all modules_install: $(lastlog)"
[ -n "$why" ] || why=$(verify_all "$work/mods-stale")
[ -n "$why" ] || grep -q 'module_hashes_test=stale' "$work/mods-stale/lib/modules/$kver/kernel/lib/crc4.ko" ||
	why="the installed crc4.ko is not the changed one"
check "... then make all modules_install: the changed crc4.ko is installed and every module verifies against vmlinux" "$why"
restore
touch "$c"
kmake || die "make after restoring lib/crc4.c: $(lastlog)"

# A new root and the old image: make, change a module's source, make
# modules_hashes.  That writes the new root into vmlinux but does not make
# bzImage again, so modules_install and install must both stop, naming
# bzImage and saying to run make; after make, the installed image holds
# the root the installed modules prove.  installkernel is a copy into
# $work/boot, so that no hook of the machine runs.
mkdir -p "$work/home/bin"
printf '#!/bin/sh\ncp "$2" "$4/vmlinuz-$1"\n' >"$work/home/bin/installkernel"
chmod +x "$work/home/bin/installkernel"
img_msg='*** arch/x86/boot/bzImage is older than the module hash tree root written into'
kinstall "$work/mods-img" || die "modules_install: $(lastlog)"
echo 'MODULE_INFO(module_hashes_test, "image");' >>"$c"
kmake modules_hashes || { restore; die "make modules_hashes after changing lib/crc4.c: $(lastlog)"; }
advice=$img_msg
refused "make; change lib/crc4.c; make modules_hashes; make modules_install: stops, names bzImage, installs and removes nothing" \
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
[ -n "$why" ] || grep -q 'module_hashes_test=image' "$work/mods-img/lib/modules/$kver/kernel/lib/crc4.ko" ||
	why="the installed crc4.ko is not the changed one"
check "... then make; modules_install; install: the installed image holds the installed modules' root" "$why"
restore
touch "$c"
kmake || die "make after restoring lib/crc4.c: $(lastlog)"

# A module added (CRC16) and one removed (CRC8) by a config change, then
# make modules: the added module has no proof, the removed one's leaf no
# module; modules_install stops.
cp "$out/.config" "$work/config.saved"
cp "$out/modules.order" "$work/modules.order.hashed"
"$src/scripts/config" --file "$out/.config" -d CRC8 -m CRC16
kmake olddefconfig && kmake modules || die "make modules with CRC16=m, CRC8=n: $(lastlog)"
leaf=$(grep -n '^lib/crc8\.o$' "$work/modules.order.hashed" 2>/dev/null | cut -d: -f1)
refused "CRC16 added, CRC8 removed, make modules; make modules_install: stops, names lib/crc16.ko and crc8's leaf" \
	"$work/mods-stale" "lib/crc16.ko: no-proof (no lib/crc16.ko.proof)" \
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
		refused "INSTALL_MOD_STRIP=1: change lib/crc4.c, make modules, modules_install: stops, names the stripped copy" \
			"$work/mods-s" "modules.stripped/lib/crc4.ko: tampered" \
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
# 8. make bindeb-pkg installs the modules with INSTALL_MOD_STRIP=1: they
# must be hashed so and verify in the package.
if command -v dpkg-buildpackage >/dev/null && command -v dh_gencontrol >/dev/null; then
	rm -f "$(dirname "$out")"/linux-*.deb
	why=
	kmake bindeb-pkg || why="make bindeb-pkg: $(lastlog)"
	deb=$(ls "$(dirname "$out")"/linux-image-"$kver"_*.deb 2>/dev/null | head -1)
	[ -n "$why" ] || [ -n "$deb" ] || why="no linux-image-$kver .deb"
	rm -rf "$work/deb"
	[ -n "$why" ] || dpkg-deb -x "$deb" "$work/deb" || why="dpkg-deb -x $deb"
	[ -n "$why" ] || "$tool" verify --vmlinux "$out/vmlinux" "$work/deb/lib/modules/$kver" \
		>"$work/deb.verify" 2>&1 || why="verify: $(grep -v ': verified' "$work/deb.verify" | head -3 | tr '\n' ' ')"
	[ -n "$why" ] || cmp -s "$work/deb/boot/vmlinuz-$kver" "$out/arch/x86/boot/bzImage" ||
		why="the packaged vmlinuz is not bzImage"
	[ -n "$why" ] || grep -q '^  CHECK   modules.order against vmlinux (stripped)$' "$log" ||
		why="the package's modules_install did not check the proofs"
	check "make bindeb-pkg: the package's modules are stripped, checked, proven and verified, its vmlinuz is the bzImage" "$why"
	rm -f "$(dirname "$out")"/linux-*.deb "$(dirname "$out")"/linux-upstream* "$(dirname "$out")"/linux-*.buildinfo \
		"$(dirname "$out")"/linux-*.changes
	kmake || die "make after bindeb-pkg: $(lastlog)"
else
	ok "make bindeb-pkg # SKIP dpkg-buildpackage or debhelper not installed"
fi

# ---------------------------------------------------------------------------
# 9. Compressed modules, one config delta each.
for frag in ${compress[@]+"${compress[@]}"}; do
	name=$(basename "$frag" .config)
	cat "$config" "$frag" >"$work/$name.config"
	why=
	kmake -s KCONFIG_ALLCONFIG="$work/$name.config" allnoconfig || why="config: $(lastlog)"
	for l in $(grep '^CONFIG_' "$frag"); do
		grep -qx "$l" "$out/.config" || why="${why}$l did not stick "
	done
	t0=$SECONDS
	[ -n "$why" ] || kmake || why="make: $(lastlog)"
	[ -n "$why" ] || kinstall "$work/mods-z" || why="modules_install: $(lastlog)"
	if [ -n "$why" ]; then notok "$name: $why"; continue; fi
	sfx=$(cd "$work/mods-z/lib/modules/$kver/kernel/lib" && ls crc7.ko.* 2>/dev/null | sed 's/crc7\.ko//')
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

finish
