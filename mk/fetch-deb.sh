#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-deb.sh OPTIONS fetch PACKAGE VERSION SHA256 OUT
# fetch-deb.sh OPTIONS versions PACKAGE...
#
# apt-get for one archive with a state of its own: the sources.list, the
# package lists and the caches are kept below the --apt directory, so the
# machine's apt sources and lists are neither read nor changed (its
# apt.conf.d still applies, e.g. a proxy).  The archive's InRelease is
# checked with --keyring as for any apt source.
#
# fetch     PACKAGE at VERSION into OUT, if the .deb has the SHA-256 the pin
#           gives.  An OUT already there with that sum is kept without
#           asking the mirror; the lists are updated only when they do not
#           have VERSION.
# versions  each version the archive has of PACKAGE, with its .deb's
#           SHA-256 (updates the lists first).
#
# Options:
#   --apt DIR       the private apt state (made if missing)
#   --uri URI       the mirror, e.g. http://deb.debian.org/debian
#   --suite SUITE   e.g. trixie-backports (component main)
#   --arch ARCH     the architecture of the lists, e.g. amd64
#   --keyring FILE  the archive keyring the InRelease must be signed with
#   --pin FILE      the file the pin comes from (for the messages)
#   --list-cmd CMD  the command that lists the versions (for the messages)

set -eu

die() { echo >&2 "ERROR: $*"; exit 1; }

apt='' uri='' suite='' arch='' keyring='' pin='' listcmd=''
while [ $# -gt 0 ]; do
	case $1 in
	--apt) apt=$2; shift 2;;
	--uri) uri=$2; shift 2;;
	--suite) suite=$2; shift 2;;
	--arch) arch=$2; shift 2;;
	--keyring) keyring=$2; shift 2;;
	--pin) pin=$2; shift 2;;
	--list-cmd) listcmd=$2; shift 2;;
	--) shift; break;;
	-*) die "$1: unknown option";;
	*) break;;
	esac
done
[ -n "$apt" ] && [ -n "$uri" ] && [ -n "$suite" ] && [ -n "$arch" ] &&
	[ -n "$keyring" ] && [ $# -ge 2 ] || die "usage: $0 --apt DIR --uri URI --suite SUITE --arch ARCH --keyring FILE [--pin FILE] [--list-cmd CMD] fetch PACKAGE VERSION SHA256 OUT | versions PACKAGE..."
[ -r "$keyring" ] || die "$keyring: archive keyring not readable (package debian-archive-keyring)"

opts=(-q
      -o "Dir::Etc::sourcelist=$apt/sources.list"
      -o "Dir::Etc::sourceparts=$apt/none"
      -o "Dir::Etc::preferences=$apt/none/preferences"
      -o "Dir::Etc::preferencesparts=$apt/none"
      -o "Dir::State::Lists=$apt/lists"
      -o "Dir::State::status=$apt/status"
      -o "Dir::Cache=$apt/cache"
      -o "APT::Architecture=$arch"
      -o "APT::Architectures=$arch"
      -o "Acquire::Languages=none")

# The state, made or corrected; a changed source empties the lists.
prepare() {
	local line="deb [arch=$arch signed-by=$keyring] $uri $suite main"

	mkdir -p "$apt/none" "$apt/cache" "$apt/lists/partial"
	[ -f "$apt/status" ] || : >"$apt/status"
	if [ "$(cat "$apt/sources.list" 2>/dev/null)" != "$line" ]; then
		rm -rf "$apt/lists" "$apt/cache"
		mkdir -p "$apt/cache" "$apt/lists/partial"
		echo "$line" >"$apt/sources.list"
	fi
}

update() {
	echo "  APT     update $uri $suite ($arch)"
	apt-get "${opts[@]}" -qq update ||
		die "$uri $suite: apt-get update failed (see above)"
}

# versions PACKAGE: one a line, as the lists have them.
versions() {
	apt-cache "${opts[@]}" madison "$1" 2>/dev/null |
		awk -F'|' '{ gsub(/ /, "", $2); print $2 }'
}

sum_of() { apt-cache "${opts[@]}" show "$1=$2" 2>/dev/null | sed -n 's/^SHA256: //p' | head -1; }

cmd=$1; shift
case $cmd in
versions)
	prepare
	update
	for p; do
		for v in $(versions "$p"); do
			printf '%s %s %s\n' "$p" "$v" "$(sum_of "$p" "$v")"
		done
	done
	exit 0
	;;
fetch)
	[ $# = 4 ] || die "fetch: PACKAGE VERSION SHA256 OUT expected"
	;;
*)
	die "$cmd: unknown command (fetch or versions)"
	;;
esac

pkg=$1 ver=$2 sha=$3 out=$4
sums=
[ -z "$listcmd" ] || sums=" ($listcmd prints the sums of the mirror)"
move="move the pin in ${pin:-the pin file} to a version the mirror has${listcmd:+ ($listcmd lists them with their SHA-256)}"

case $sha in
*[!0-9a-f]*|'') die "$pkg $ver: pinned SHA-256 '$sha' is not 64 hex digits; $move";;
esac
[ ${#sha} = 64 ] || die "$pkg $ver: pinned SHA-256 '$sha' is not 64 hex digits; $move"

if [ -f "$out" ]; then
	have=$(sha256sum "$out" | cut -d' ' -f1)
	if [ "$have" = "$sha" ]; then
		touch "$out"
		exit 0
	fi
	echo "  FETCH   $out: SHA-256 $have is not the pinned one; fetching it again"
fi

prepare
versions "$pkg" | grep -qxF "$ver" || update
if ! versions "$pkg" | grep -qxF "$ver"; then
	have=$(versions "$pkg" | paste -sd' ')
	die "$pkg $ver: not on $uri $suite (it has: ${have:-no version}); $move"
fi

tmp=$(mktemp -d "$apt/fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# apt downloads as _apt when run as root; let it write there.
if [ "$(id -u)" = 0 ] && id _apt >/dev/null 2>&1; then
	chown _apt "$tmp"
fi
echo "  FETCH   $pkg $ver"
(cd "$tmp" && apt-get "${opts[@]}" download "$pkg=$ver") ||
	die "$pkg $ver: apt-get download failed (see above)"
set -- "$tmp"/*.deb
[ $# = 1 ] && [ -f "$1" ] || die "$pkg $ver: apt-get download left no single .deb"
have=$(sha256sum "$1" | cut -d' ' -f1)
[ "$have" = "$sha" ] ||
	die "$pkg $ver: SHA-256 mismatch: the mirror's .deb has $have, ${pin:-the pin} pins $sha; the download is not kept$sums"
mkdir -p "$(dirname "$out")"
mv "$1" "$out"
