#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deb-src.sh [--print]: give apt the source index of the Debian archive
# this machine already uses, so that `apt-get source` works.
#
# For every active entry of type deb in /etc/apt/sources.list and
# /etc/apt/sources.list.d/*.{list,sources} whose suite is this release
# (VERSION_CODENAME of /etc/os-release, or <codename>-updates,
# -security, ...), the same mirror, suites, components and key go into one
# deb822 file of type deb-src.  Idempotent: the file is rewritten, and
# apt-get update run, only when its contents change or apt knows no
# source package yet.  --print writes the file to stdout instead.
# APT_ETC (default /etc/apt) names another apt configuration to read.
set -eu

APT_ETC=${APT_ETC:-/etc/apt}
OUT=$APT_ETC/sources.list.d/module-hashes-deb-src.sources
. /etc/os-release
CODENAME=${VERSION_CODENAME:?/etc/os-release: no VERSION_CODENAME}

# The one-line format: "deb [opts] URI SUITE COMPONENTS...".
from_list() {
	local f=$1
	awk -v cn="$CODENAME" '
		# first pass: what has a deb-src line already
		NR == FNR {
			if ($1 == "deb-src") {
				for (i = 2; i < NF && $i !~ /:\/\//; i++)
					;
				src[$i " " $(i + 1)] = 1
			}
			next
		}
		/^[ \t]*deb[ \t]/ {
			signed = ""
			if ($2 ~ /^\[/) {
				opts = ""
				for (i = 2; i <= NF; i++) {
					opts = opts " " $i
					if ($i ~ /\]$/) break
				}
				if (match(opts, /signed-by=[^] ]+/))
					signed = substr(opts, RSTART + 10, RLENGTH - 10)
				i++
			} else {
				i = 2
			}
			uri = $i; suite = $(i + 1)
			if (suite !~ "^" cn "(-[a-z]+)?/?$") next
			if ((uri " " suite) in src) next
			comps = ""
			for (j = i + 2; j <= NF; j++) comps = comps (comps ? " " : "") $j
			printf "%s\t%s\t%s\t%s\n", uri, suite, comps, signed
		}' "$f" "$f"
}

# deb822: stanzas separated by blank lines; Enabled: no turns one off.
from_sources() {
	local f=$1
	awk -v cn="$CODENAME" '
		function flush(   n, s, i, out) {
			# a stanza that has deb-src already needs nothing
			if (types ~ /(^| )deb( |$)/ && types !~ /deb-src/ &&
			    enabled != "no" && uris != "") {
				n = split(suites, s, " ")
				for (i = 1; i <= n; i++)
					if (s[i] ~ "^" cn "(-[a-z]+)?/?$")
						out = out (out ? " " : "") s[i]
				if (out != "") {
					split(uris, u, " ")
					for (i in u)
						printf "%s\t%s\t%s\t%s\n", u[i], out, comps, signed
				}
			}
			types = uris = suites = comps = signed = enabled = ""
		}
		/^[ \t]*#/ { next }
		/^[ \t]*$/ { flush(); next }
		{
			key = tolower($1); sub(/:$/, "", key)
			val = $0; sub(/^[^:]*:[ \t]*/, "", val)
			if (key == "types") types = val
			else if (key == "uris") uris = val
			else if (key == "suites") suites = val
			else if (key == "components") comps = val
			else if (key == "signed-by") signed = val
			else if (key == "enabled") enabled = tolower(val)
		}
		END { flush() }' "$f"
}

entries() {
	local f
	for f in "$APT_ETC"/sources.list "$APT_ETC"/sources.list.d/*.list; do
		[ -f "$f" ] && from_list "$f"
	done
	for f in "$APT_ETC"/sources.list.d/*.sources; do
		[ -f "$f" ] && [ "$f" != "$OUT" ] && from_sources "$f"
	done
	return 0
}

render() {
	echo "# Written by tools/testing/selftests/module_hashes/kmod/deb-src.sh:"
	echo "# the source index of the archive the deb entries use."
	entries | sort -u | while IFS=$'\t' read -r uri suites comps signed; do
		echo
		echo "Types: deb-src"
		echo "URIs: $uri"
		echo "Suites: $suites"
		echo "Components: $comps"
		[ -z "$signed" ] || echo "Signed-By: $signed"
	done
}

new=$(render)
if ! grep -q '^Types: deb-src' <<<"$new"; then
	echo "ERROR: $APT_ETC: no deb entry for $CODENAME to take a source index from" >&2
	exit 1
fi
if [ "${1-}" = --print ]; then
	echo "$new"
	exit 0
fi
if [ -f "$OUT" ] && [ "$(cat "$OUT")" = "$new" ] && apt-cache showsrc kmod 2>/dev/null | grep -q '^Package:'; then
	exit 0
fi
echo "$new" >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "deb-src: $OUT written; apt-get update"
apt-get update -qq
