#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the distribution kernel: Debian's amd64 config, cut to the modules
# of a q35/virtio VM, with the module-hashes fragment, as make bindeb-pkg
# packages.
#
# build.sh --src DIR --out DIR --debian-config FILE.xz --lsmod FILE
#          --fragment FILE [--jobs N]
#
# --src is a 6.12 or 7.2 tree that make apply has prepared, --debian-config
# Debian's config of the same version; the kernel is built in --out (O=)
# without ccache, and the packages land in --out's parent.
# The config is made in three steps, each checked:
#   1. Debian's config, then the fragment, through olddefconfig; what of
#      Debian's settings did not survive it (the fragment's changes, and
#      what this machine's toolchain cannot build: Debian's compiler and
#      its versions, Rust without bindgen) is listed in
#      --out/config.debian-changed;
#   2. localmodconfig against --lsmod (a recorded lsmod listing), which
#      turns every module the VM does not load off (what it said, such as
#      the names this kernel has no module of, in --out/localmodconfig.log);
#   3. the fragment again (localmodconfig may have dropped a module the
#      fragment wants), olddefconfig, and every line of the fragment,
#      "is not set" lines included, must be in the final .config.
# The reproducibility knobs (SOURCE_DATE_EPOCH, KBUILD_BUILD_*) come from
# the environment (mk/kernel.mk's KREPRO_ENV).  Prints the cold build
# time as "build: N s"; exits non-zero with the reason on any failure.

set -eu
src= out= debconfig= lsmod= fragment= jobs=2
usage="usage: $0 --src DIR --out DIR --debian-config FILE.xz --lsmod FILE --fragment FILE [--jobs N]"
while [ $# -gt 0 ]; do
	case $1 in
	--src) src=$2; shift ;;
	--out) out=$2; shift ;;
	--debian-config) debconfig=$2; shift ;;
	--lsmod) lsmod=$2; shift ;;
	--fragment) fragment=$2; shift ;;
	--jobs) jobs=$2; shift ;;
	*) echo "$usage" >&2; exit 2 ;;
	esac
	shift
done
[ -n "$src" ] && [ -n "$out" ] && [ -n "$debconfig" ] && [ -n "$lsmod" ] && [ -n "$fragment" ] ||
	{ echo "$usage" >&2; exit 2; }
for f in "$debconfig" "$lsmod" "$fragment"; do
	[ -s "$f" ] || { echo "ERROR: $f: missing or empty" >&2; exit 1; }
done
[ -f "$src/.module_hashes-series/$(ls "$src/.module_hashes-series" 2>/dev/null | head -1)" ] ||
	{ echo "ERROR: $src: not prepared with make apply" >&2; exit 1; }

# Without ccache: the time is a cold build's, and a cache could hide a
# difference between two builds.  With CONFIG_DEBUG_INFO the DWARF names
# the source and build directories, and the build ID, which stripping
# keeps, hashes the DWARF: the prefix maps (Documentation/kbuild/
# reproducible-builds.rst) make both directories the same names in every
# build, so modules, their proofs and vmlinux's root do not depend on
# where the tree was built.
src=$(realpath "$src")
out=$(realpath -m "$out")
pmap="-fdebug-prefix-map=$src=/usr/src/linux -fdebug-prefix-map=$out=/usr/src/linux-build"
kmake() {
	nice -n 10 make --no-print-directory -C "$src" O="$out" CC=gcc -j"$jobs" \
		KCFLAGS="$pmap" KAFLAGS="$pmap" "$@"
}

# The config is made in a scratch build directory and only replaces
# --out's when it differs, so a build that was stopped goes on where it
# was (kbuild rebuilds only what changed).
final=$out
out=$final.config-work
rm -rf "$out"
mkdir -p "$out" "$final"
xzcat "$debconfig" >"$out/.config.debian" ||
	{ echo "ERROR: $debconfig: not an xz file" >&2; exit 1; }

# 1. Debian's config with the fragment.  A symbol given twice takes the
# last value, so the fragment wins.
cat "$out/.config.debian" "$fragment" >"$out/.config"
kmake -s olddefconfig
comm -23 <(grep '^CONFIG_' "$out/.config.debian" | sort) <(grep '^CONFIG_' "$out/.config" | sort) \
	>"$out/config.debian-changed"

# 2. Only the modules the VM loads.  localmodconfig asks about nothing
# here (olddefconfig answered every new symbol), but it reads stdin.
yes '' | kmake -s LSMOD="$lsmod" localmodconfig >"$out/localmodconfig.log" 2>&1 ||
	{ cat "$out/localmodconfig.log" >&2; echo "ERROR: localmodconfig with $lsmod failed" >&2; exit 1; }

# 3. The fragment again, then check every line of it.
cat "$out/.config" "$fragment" >"$out/.config.merged"
mv "$out/.config.merged" "$out/.config"
kmake -s olddefconfig
bad=0
while read -r l; do
	case $l in
	CONFIG_*=*|"# CONFIG_"*" is not set") ;;
	*) continue ;;
	esac
	grep -qxF -- "$l" "$out/.config" || { echo "ERROR: $out/.config: '$l' did not stick" >&2; bad=1; }
done <"$fragment"
[ $bad = 0 ] || exit 1
echo "config: $(grep -c '=m$' "$out/.config") modules, $(grep -c '=y$' "$out/.config") built in" \
	"(Debian: $(grep -c '=m$' "$out/.config.debian") modules)"
if cmp -s "$out/.config" "$final/.config"; then
	echo "config: unchanged, building on $final"
else
	cp "$out/.config" "$final/.config"
fi
cp "$out/.config.debian" "$out/config.debian-changed" "$out/localmodconfig.log" "$final/"
rm -rf "$out"
out=$final

# The package version does not count builds: both builds of a pair
# are "-1".  bin/date dates debian/changelog at SOURCE_DATE_EPOCH.
kver=$(kmake -s kernelversion)
# The time is a cold build's only if nothing was built here before.
from="from clean"
[ -z "$(find "$out" -name '*.o' -print -quit)" ] ||
	from="on an earlier, partial or complete, build in $out"
t0=$(date +%s)
here=$(cd "$(dirname "$0")" && pwd)
PATH=$here/bin:$PATH DEB_BUILD_PROFILES=pkg.linux-upstream.nokerneldbg KDEB_PKGVERSION="$kver-1" \
	kmake bindeb-pkg >"$out/../bindeb-pkg.log" 2>&1 ||
	{ tail -30 "$out/../bindeb-pkg.log" >&2; echo "ERROR: make bindeb-pkg failed, see $out/../bindeb-pkg.log" >&2; exit 1; }
echo "build: $(($(date +%s) - t0)) s (make -j$jobs bindeb-pkg, $from, no ccache)"
ls "$out"/../linux-image-*.deb
