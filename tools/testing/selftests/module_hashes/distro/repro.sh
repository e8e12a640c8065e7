#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Compare the packages of two builds of the distribution kernel.
#
# repro.sh DIR1 DIR2
#
# Each DIR holds the .debs of one make bindeb-pkg.  The linux-image
# packages must be bit-identical (cmp); the linux-headers packages are
# compared too, as information (their host programs are not the
# subject here).  When they are
# not, says what differs inside, as diffoscope would: the control files,
# then each file of the data part (cmp after unpacking; modules also
# after decompressing; text files as a diff).  TAP, last line
# "N passed, N failed".

set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
[ $# = 2 ] || { echo "usage: $0 DIR1 DIR2" >&2; exit 2; }
a=$1 b=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# explain DEB1 DEB2: what differs between two packages of the same name.
explain() {
	local x=$work/x y=$work/y f
	rm -rf "$x" "$y"
	mkdir -p "$x/c" "$y/c"
	dpkg-deb -e "$1" "$x/c"; dpkg-deb -e "$2" "$y/c"
	dpkg-deb -x "$1" "$x/d"; dpkg-deb -x "$2" "$y/d"
	diff -r "$x/c" "$y/c" | head -20
	(cd "$x/d" && find . -type f | sort) >"$work/lx"
	(cd "$y/d" && find . -type f | sort) >"$work/ly"
	diff "$work/lx" "$work/ly" | sed 's/^/  file list: /' | head -20
	while read -r f; do
		[ -f "$y/d/$f" ] || continue
		cmp -s "$x/d/$f" "$y/d/$f" && continue
		echo "  differs: $f"
		case $f in
		*.gz) diff <(zcat "$x/d/$f") <(zcat "$y/d/$f") | sed 's/^/    /' | head -10 ;;
		*.ko.xz) cmp <(xz -dc "$x/d/$f") <(xz -dc "$y/d/$f") | sed 's/^/    decompressed: /' ;;
		*/vmlinuz-*) cmp "$x/d/$f" "$y/d/$f" | sed 's/^/    /' ;;
		*) file -b "$x/d/$f" | grep -q text &&
			diff "$x/d/$f" "$y/d/$f" | sed 's/^/    /' | head -10 ;;
		esac
	done <"$work/lx"
	# The tar members' metadata (mtimes, owners) too.
	diff <(dpkg-deb -c "$1") <(dpkg-deb -c "$2") | sed 's/^/  listing: /' | head -10
}

for pkg in linux-image linux-headers; do
	da=$(ls "$a"/$pkg-*.deb 2>/dev/null | grep -v -- '-dbg_' | head -1)
	db=$(ls "$b"/$pkg-*.deb 2>/dev/null | grep -v -- '-dbg_' | head -1)
	if [ -z "$da" ] || [ -z "$db" ]; then
		[ $pkg = linux-image ] && notok "$pkg: a .deb is missing (${da:-none} vs ${db:-none})"
		continue
	fi
	why=
	[ "$(basename "$da")" = "$(basename "$db")" ] || why="named $(basename "$da") and $(basename "$db") "
	if ! cmp "$da" "$db" >"$work/cmp" 2>&1; then
		why="${why}$(cat "$work/cmp")"
		explain "$da" "$db" >"$work/explain" 2>&1
		sed 's/^/# /' "$work/explain"
	fi
	if [ $pkg = linux-image ]; then
		check "$pkg: $(basename "$da") bit-identical in $a and $b ($(stat -c %s "$da") bytes)" "$why"
	else
		echo "# $pkg: ${why:-bit-identical}"
	fi
done
finish
