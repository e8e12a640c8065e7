#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every patch of the series builds on its own: apply the series made by
# series.sh to a pristine tree one patch at a time and build after each
# (incrementally, in one output directory, with the union of the given
# config fragments; options a patch does not know yet are dropped by
# Kconfig).  The cover letter, if the series has one, is not applied.
#
# series_build.sh --tarball LINUX.tar.xz --kernel VERSION --series DIR
#                 --work DIR --config FILE [--config FILE]...
#
# Prints "ok N - ..." / "not ok N - ..." and "N passed, N failed".

set -u
usage() {
	echo "usage: $0 --tarball FILE --kernel VERSION --series DIR --work DIR --config FILE..." >&2
	exit 2
}
tarball= kver= series= work= configs=()
while [ $# -gt 0 ]; do
	case $1 in
	--tarball) tarball=$2; shift ;;
	--kernel) kver=$2; shift ;;
	--series) series=$2; shift ;;
	--work) work=$2; shift ;;
	--config) configs+=("$2"); shift ;;
	*) usage ;;
	esac
	shift
done
[ -n "$tarball" ] && [ -n "$kver" ] && [ -n "$series" ] && [ -n "$work" ] &&
	[ ${#configs[@]} -gt 0 ] || usage

. "$(dirname "$0")/../lib/tap.sh"

patches=$(ls "$series"/[0-9]*.patch 2>/dev/null | grep -v '/0000-cover-letter\.patch$')
[ -n "$patches" ] || die "$series: no patches (make series makes them)"
rm -rf "$work"
mkdir -p "$work/out"
cat "${configs[@]}" >"$work/config" || die "cannot read ${configs[*]}"
tar -C "$work" -xf "$tarball" || die "cannot unpack $tarball"
src=$work/linux-source-$kver
[ -f "$src/Makefile" ] || die "$tarball: no linux-source-$kver/Makefile"
git -C "$src" init -q
touched=$(cat $patches | sed -n 's|^--- a/||p' | sort -u)
(cd "$src" && for f in $touched; do [ ! -f "$f" ] || echo "$f"; done | git add -f --pathspec-from-file=- &&
	git -c user.name=t -c user.email=t@localhost commit -q -m base)

kmake() {
	make --no-print-directory -C "$src" O="$work/out" CC="${KCC:-gcc}" -j"${KJOBS:-2}" "$@" >"$work/make.log" 2>&1
}
for p in $patches; do
	name=$(basename "$p")
	if ! git -C "$src" -c user.name=t -c user.email=t@localhost am -q "$p" >"$work/am.log" 2>&1; then
		notok "$name: git am: $(tail -2 "$work/am.log" | tr '\n' ' ')"
		break
	fi
	t0=$SECONDS
	if kmake -s KCONFIG_ALLCONFIG="$work/config" allnoconfig && kmake; then
		ok "$name builds ($((SECONDS - t0)) s)"
	else
		notok "$name does not build: $(grep -E 'error|Error' "$work/make.log" | head -3 | tr '\n' ' ')"
	fi
done
finish
