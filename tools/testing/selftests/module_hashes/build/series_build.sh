#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every patch of the series builds on its own: apply the series made by
# series.sh to a pristine 6.12 tree one patch at a time and build after each
# (incrementally, in one output directory, with the given config fragment;
# options a patch does not know yet are dropped by Kconfig).
#
# series_build.sh --tarball LINUX.tar.xz --series DIR --work DIR --config FILE
#
# Prints "ok N - ..." / "not ok N - ..." and "N passed, N failed".

set -u
tarball= series= work= config=
while [ $# -gt 0 ]; do
	case $1 in
	--tarball) tarball=$2; shift ;;
	--series) series=$2; shift ;;
	--work) work=$2; shift ;;
	--config) config=$2; shift ;;
	*) echo "usage: $0 --tarball FILE --series DIR --work DIR --config FILE" >&2; exit 2 ;;
	esac
	shift
done
[ -n "$tarball" ] && [ -n "$series" ] && [ -n "$work" ] && [ -n "$config" ] ||
	{ echo "usage: $0 --tarball FILE --series DIR --work DIR --config FILE" >&2; exit 2; }

. "$(dirname "$0")/../lib/tap.sh"

rm -rf "$work"
mkdir -p "$work/out"
tar -C "$work" -xf "$tarball" || die "cannot unpack $tarball"
src=$work/linux-source-6.12
git -C "$src" init -q
touched=$(cat "$series"/*.patch | sed -n 's|^--- a/||p' | sort -u)
(cd "$src" && for f in $touched; do [ ! -f "$f" ] || echo "$f"; done | git add -f --pathspec-from-file=- &&
	git -c user.name=t -c user.email=t@localhost commit -q -m base)

kmake() {
	make --no-print-directory -C "$src" O="$work/out" CC="${KCC:-gcc}" -j"${KJOBS:-2}" "$@" >"$work/make.log" 2>&1
}
for p in "$series"/*.patch; do
	name=$(basename "$p")
	if ! git -C "$src" -c user.name=t -c user.email=t@localhost am -q "$p" >"$work/am.log" 2>&1; then
		notok "$name: git am: $(tail -2 "$work/am.log" | tr '\n' ' ')"
		break
	fi
	t0=$SECONDS
	if kmake -s KCONFIG_ALLCONFIG="$config" allnoconfig && kmake; then
		ok "$name builds ($((SECONDS - t0)) s)"
	else
		notok "$name does not build: $(grep -E 'error|Error' "$work/make.log" | head -3 | tr '\n' ' ')"
	fi
done
finish
