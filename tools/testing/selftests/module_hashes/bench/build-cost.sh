#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What CONFIG_MODULE_HASHES costs a kernel build, per kernel, side by side.
#
# build-cost.sh --work DIR [--jobs N] --tree VERSION SRC FRAGMENT MODULE_C...
#
# For each --tree (a source tree with the series applied, the QEMU config
# fragment of that kernel and the C file of one of its modules), two cold
# builds in DIR/VERSION-off and DIR/VERSION-on, without ccache: the
# fragment with CONFIG_MODULE_HASHES (and its KUnit suite) taken out, and
# the fragment as it is.  Then in each, one incremental make after a line
# is added to MODULE_C, and one after it is put back.  The builds of one
# kernel run one after the other, off then on, so that both see the same
# machine.  Prints a table of wall times in seconds and the extra cost of
# the hashes; MODULE_C is always put back, and a failed build stops the
# run with its log's last lines.

set -u
work= jobs=$(nproc) trees=()
usage="usage: $0 --work DIR [--jobs N] --tree VERSION SRC FRAGMENT MODULE_C..."
while [ $# -gt 0 ]; do
	case $1 in
	--work) work=$2; shift ;;
	--jobs) jobs=$2; shift ;;
	--tree) [ $# -ge 5 ] || { echo "$usage" >&2; exit 2; }
		trees+=("$2|$3|$4|$5"); shift 4 ;;
	*) echo "$usage" >&2; exit 2 ;;
	esac
	shift
done
[ -n "$work" ] && [ ${#trees[@]} -gt 0 ] || { echo "$usage" >&2; exit 2; }

die() { echo "ERROR: $*" >&2; exit 1; }
mkdir -p "$work" || die "$work: cannot create"
work=$(realpath "$work")
# sub A B: A - B, and pct A B: how much more A is than B, in percent.
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a - b }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f%%", (a - b) * 100 / b }'; }

# timed DIR SRC LOG [TARGET...]: the wall time of one make in DIR, in seconds.
timed() {
	local out=$1 src=$2 log=$3 t0
	shift 3
	t0=$(date +%s.%N)
	make -s -C "$src" O="$out" CC=gcc -j"$jobs" "$@" >"$log" 2>&1 ||
		die "$log: make $* failed: $(tail -n 3 "$log" | tr '\n' ' ')"
	sub "$(date +%s.%N)" "$t0"
}

# build VERSION SRC FRAGMENT MODULE_C MODE: a cold build, a module change
# and the change undone; prints "cold change undo".  It runs in a
# subshell of its own, whose exit puts MODULE_C back.
build() {
	local ver=$1 src=$2 frag=$3 modc=$4 mode=$5 out=$work/$1-$5 cold chg undo
	rm -rf "$out"
	mkdir -p "$out"
	if [ "$mode" = off ]; then
		grep -v -e '^CONFIG_MODULE_HASHES=' -e '^CONFIG_MODULE_HASHES_KUNIT_TEST=' \
			"$frag" >"$out/fragment"
	else
		cp "$frag" "$out/fragment"
	fi
	make -s -C "$src" O="$out" KCONFIG_ALLCONFIG="$out/fragment" allnoconfig \
		>"$out/config.log" 2>&1 || die "$out: allnoconfig failed"
	if [ "$mode" = off ]; then
		! grep -qx CONFIG_MODULE_HASHES=y "$out/.config" || die "$out: MODULE_HASHES still on"
	else
		grep -qx CONFIG_MODULE_HASHES=y "$out/.config" || die "$out: MODULE_HASHES did not stick"
	fi
	cold=$(timed "$out" "$src" "$out/cold.log") || exit 1
	cp "$modc" "$out/module.c.orig" || die "$modc: cannot save"
	# Expanded now: the subshell exits after build() returned, without
	# its locals.
	trap "cat $(printf %q "$out/module.c.orig") >$(printf %q "$modc")" EXIT
	echo "MODULE_INFO(mh_bench, \"$mode\");" >>"$modc"
	chg=$(timed "$out" "$src" "$out/change.log") || exit 1
	cat "$out/module.c.orig" >"$modc"
	undo=$(timed "$out" "$src" "$out/undo.log") || exit 1
	echo "$cold $chg $undo"
}

printf '%-8s %-14s %10s %14s %12s\n' kernel MODULE_HASHES "cold (s)" "module change" "change undone"
for t in "${trees[@]}"; do
	IFS='|' read -r ver src frag modc <<<"$t"
	[ -f "$src/Makefile" ] || die "$src: no kernel tree"
	[ -f "$frag" ] || die "$frag: no such fragment"
	[ -f "$modc" ] || die "$modc: no such module source"
	read -r c0 m0 u0 <<<"$(build "$ver" "$src" "$frag" "$modc" off)" || exit 1
	[ -n "$c0" ] || exit 1
	printf '%-8s %-14s %10.1f %14.1f %12.1f\n' "$ver" off "$c0" "$m0" "$u0"
	read -r c1 m1 u1 <<<"$(build "$ver" "$src" "$frag" "$modc" on)" || exit 1
	[ -n "$c1" ] || exit 1
	printf '%-8s %-14s %10.1f %14.1f %12.1f\n' "$ver" on "$c1" "$m1" "$u1"
	printf '%-8s %-14s %10s %14s %12s\n' "$ver" extra "$(pct "$c1" "$c0")" \
		"$(pct "$m1" "$m0")" "$(pct "$u1" "$u0")"
done
