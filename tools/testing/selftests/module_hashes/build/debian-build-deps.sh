#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the build dependencies of "make bindeb-pkg" for this machine.
#
# debian-build-deps.sh LINUX.tar.xz|LINUX-SOURCE-DIR
#
# They are the Build-Depends fields that the kernel's own
# scripts/package/mkdebian writes into debian/control, read from the
# tarball or the unpacked tree and filled in for this machine's architecture as mkdebian fills
# them in.  dpkg-checkbuilddeps says whether any is missing; apt-get
# build-dep installs those.  Nothing is installed when all are there.

set -eu
src=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/debian"

host_gnu=$(dpkg-architecture -q DEB_HOST_GNU_TYPE | sed 's/_/-/g')
if [ -d "$src" ]; then
	mkdebian() { cat "$src/scripts/package/mkdebian"; }
else
	mkdebian() { tar -xOf "$src" --wildcards '*/scripts/package/mkdebian'; }
fi
fields=$(mkdebian |
	sed -n '/^Build-Depends:/,/^Homepage:/{/^Homepage:/d;p}' |
	sed "s/\${host_gnu}/$host_gnu/g; s/\${sourcename}/linux-upstream/g")
[ -n "$fields" ] || { echo "ERROR: $src: no Build-Depends in scripts/package/mkdebian" >&2; exit 1; }
printf 'Source: linux-upstream\n%s\n\nPackage: linux-upstream\nArchitecture: any\n' \
	"$fields" >"$work/debian/control"

dpkg-checkbuilddeps "$work/debian/control" 2>/dev/null && exit 0
echo "installing the Build-Depends of bindeb-pkg: $(dpkg-checkbuilddeps "$work/debian/control" 2>&1 | sed 's/.*dependencies: //')"
apt-get update -qq
cd "$work"
DEBIAN_FRONTEND=noninteractive apt-get build-dep -y -qq --no-install-recommends ./ >/dev/null
dpkg-checkbuilddeps debian/control
