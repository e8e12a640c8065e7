#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make src-7.2 from nothing, a second time, and with a pin that is wrong.
#
# run.sh --repo DIR --build DIR
#
# BUILD is emptied first; it must not be the repository's own build
# directory unless a fresh download (165 MB) is meant.  Needs the mirror
# (about 10 s on a fast link); the second run must not need it and gets
# a proxy that refuses every connection.  Last line "N passed, N failed".

set -eu
. "$(dirname "$0")/../lib/tap.sh"

repo='' build=''
while [ $# -gt 0 ]; do
	case $1 in
	--repo) repo=$2; shift 2;;
	--build) build=$2; shift 2;;
	*) echo >&2 "ERROR: $1: usage: $0 --repo DIR --build DIR"; exit 2;;
	esac
done
[ -n "$repo" ] && [ -n "$build" ] ||
	{ echo >&2 "ERROR: usage: $0 --repo DIR --build DIR"; exit 2; }
repo=$(cd "$repo" && pwd)
rm -rf "$build"
mkdir -p "$build"
build=$(cd "$build" && pwd)
log=$build/log
pin=$repo/mk/linux-7.2.pin
dir=$build/linux-7.2

m() { make -C "$repo" --no-print-directory BUILD="$build" "$@" >"$log" 2>&1; }
pinned() { sed -n "s/^$1[[:space:]]*=[[:space:]]*//p" "$pin"; }

ver=$(pinned K72_VERSION)
src_deb=$dir/deb/linux-source-7.2_${ver}_all.deb
cfg_deb=$dir/deb/linux-config-7.2_${ver}_amd64.deb
tarball=$dir/linux-source-7.2.tar.xz
config=$dir/linux-config-7.2/config.amd64_none_amd64.xz

# 1. From nothing.
t0=$(date +%s)
if m src-7.2; then
	ok "make src-7.2 from nothing ($(($(date +%s) - t0)) s)"
else
	notok "make src-7.2 from nothing: $(tail -3 "$log")"
	finish
fi
why=
[ "$(sha256sum <"$src_deb" | cut -d' ' -f1)" = "$(pinned K72_SOURCE_SHA256)" ] ||
	why="$src_deb: not the pinned SHA-256"
[ "$(sha256sum <"$cfg_deb" | cut -d' ' -f1)" = "$(pinned K72_CONFIG_SHA256)" ] ||
	why="$cfg_deb: not the pinned SHA-256"
check "the .debs have the pinned SHA-256" "$why"
why=
[ -s "$tarball" ] && [ "$tarball" -nt "$src_deb" ] || why="$tarball: missing or older than the .deb"
[ -s "$config" ] || why="$config: missing"
[ "$(xz -dc "$config" | sed -n 's/^CONFIG_MODULES=//p')" = y ] || why="$config: no CONFIG_MODULES=y"
check "the tarball and Debian's config are taken out" "$why"
grep -q '^deb \[arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg\] .* trixie-backports main$' \
	"$dir/apt/sources.list" && why= || why="$(cat "$dir/apt/sources.list")"
check "the private sources.list checks signatures" "$why"

# 2. Everything there: nothing to do, no mirror asked.
if http_proxy=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 m src-7.2 &&
   grep -q "Nothing to be done" "$log" && ! grep -q FETCH "$log"; then
	ok "a second run does nothing"
else
	notok "a second run does nothing: $(tail -3 "$log")"
fi
expect "make -q src-7.2 says it is up to date" \
	make -C "$repo" --no-print-directory -q BUILD="$build" src-7.2

# 3. A version the mirror does not have.
if m src-7.2 K72_VERSION=7.2.0-0~nosuch; then
	notok "a version the mirror lacks fails: make succeeded"
else
	grep -q "^ERROR: linux-source-7.2 7.2.0-0~nosuch: not on .* trixie-backports (it has: .*$ver" "$log" &&
		grep -q "mk/linux-7.2.pin" "$log" && grep -q "make src-7.2-versions" "$log" &&
		why= || why=$(grep ERROR "$log" || tail -1 "$log")
	check "a version the mirror lacks fails, naming it, the pin and how to list" "$why"
fi

# 4. A wrong SHA-256 (of the small package): nothing is kept.
bad=$build/bad.pin
sed 's/^\(K72_CONFIG_SHA256[[:space:]]*=[[:space:]]*\).*/\1'"$(printf '0%.0s' $(seq 64))"/ "$pin" >"$bad"
rm -f "$cfg_deb"
if m src-7.2 K72_PIN="$bad"; then
	notok "a wrong SHA-256 fails: make succeeded"
else
	grep -q "^ERROR: linux-config-7.2 $ver: SHA-256 mismatch: the mirror's .deb has $(pinned K72_CONFIG_SHA256), $bad pins 0000" "$log" &&
		why= || why=$(grep ERROR "$log" || tail -1 "$log")
	[ ! -e "$cfg_deb" ] || why="$cfg_deb: kept"
	for f in "$dir"/apt/fetch.*; do
		[ ! -e "$f" ] || why="$f: a download left behind"
	done
	check "a wrong SHA-256 fails, naming both sums, and keeps nothing" "$why"
fi

# 5. The right pin again: only what is missing is fetched.
if m src-7.2 && grep -q "FETCH   linux-config-7.2" "$log" &&
   ! grep -q "FETCH   linux-source-7.2" "$log"; then
	ok "the right pin again fetches only what is missing"
else
	notok "the right pin again fetches only what is missing: $(tail -3 "$log")"
fi

finish
