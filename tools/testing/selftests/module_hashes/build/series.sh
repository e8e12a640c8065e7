#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The whole change as a git format-patch series against a pristine kernel
# tree: 6.12, for a distribution's patch queue, or 7.2, for upstream.
#
# series.sh --tarball LINUX.tar.xz --repo OVERLAY --work DIR --out DIR
#           [--kernel VERSION] [--series DIR] [--cover-letter FILE]
#           [--check] FILE...
#
# VERSION is 6.12 (the default) or 7.2: the tarball's top directory is
# linux-source-VERSION.  FILE... are the overlay's new files (paths
# relative to OVERLAY, in the kernel tree, or below kernels/VERSION/ for
# the files of that kernel alone); OVERLAY/DIR/[0-9]*.patch the edits to
# existing files, in order (DIR: patches for 6.12, patches-VERSION
# otherwise).  The series is the overlay's patches, each with the new
# files it needs to build folded in (the map below), then the new files no
# patch claims.  Written to OUT/NNNN-*.patch.
#
# --cover-letter FILE: OUT/0000-cover-letter.patch as well, made by
# git format-patch --cover-letter (shortlog and diffstat) with the subject
# and the text of FILE: its first paragraph is the subject, the rest the
# body.
#
# The pristine tree is made of the files the series touches, taken from the
# tarball: the patches are the same as against the whole tree (git names
# blobs by their content) and the rest of the tree is not touched.
#
# --check: apply OUT with "git am" onto the pristine files and the overlay
# with "make apply" onto another copy; the two trees must be the same.
# With --cover-letter, the cover letter must be filled in and answer each
# point of the upstream review of v4 (the terms below).  Prints
# "ok N - ..." / "not ok N - ..." and "N passed, N failed".

set -u
tarball= repo= work= out= with_check=0 files=()
kver=6.12 series= cover=
usage="usage: $0 --tarball FILE --repo DIR --work DIR --out DIR [--kernel VERSION] [--series DIR] [--cover-letter FILE] [--check] FILE..."
while [ $# -gt 0 ]; do
	case $1 in
	--tarball) tarball=$2; shift ;;
	--repo) repo=$2; shift ;;
	--work) work=$2; shift ;;
	--out) out=$2; shift ;;
	--kernel) kver=$2; shift ;;
	--series) series=$2; shift ;;
	--cover-letter) cover=$2; shift ;;
	--check) with_check=1 ;;
	-*) echo "$usage" >&2; exit 2 ;;
	*) files+=("$1") ;;
	esac
	shift
done
[ -n "$tarball" ] && [ -n "$repo" ] && [ -n "$work" ] && [ -n "$out" ] ||
	{ echo "$usage" >&2; exit 2; }
repo=$(cd "$repo" && pwd)
if [ -z "$series" ]; then
	case $kver in 6.12) series=patches ;; *) series=patches-$kver ;; esac
fi

. "$(dirname "$0")/../lib/tap.sh"

# Where a file of the overlay goes in the tree: a file of one kernel alone
# is in kernels/<version>/ of the overlay.
tree_path() { echo "${1#kernels/"$kver"/}"; }

# Which patch each new file goes with: the first patch that builds it.
join_patch() {
	case $1 in
	include/linux/module_hashes.h | kernel/module/hashes.c | \
	kernel/module/hashes_kunit.c | kernel/module/hashes_vectors.h | \
	kernel/module/Kconfig.hashes | kernel/module/.kunitconfig | \
	kernel/module/hashes_sha256.h)
		echo module-authenticate-modules-by-a-Merkle-tree ;;
	scripts/modhashes/*)
		echo kbuild-build-the-module-hashes-host-tool ;;
	esac
}

patches=$(ls "$repo/$series"/[0-9]*.patch 2>/dev/null | sort)
[ -n "$patches" ] || die "$repo/$series: no patches"
[ -z "$cover" ] || [ -f "$cover" ] || die "$cover: no cover letter"
touched=$(cat $patches | sed -n 's|^+++ b/||p' | sort -u)
top=linux-source-$kver

# The pristine files.
rm -rf "$work"
mkdir -p "$work/pristine"
members=$(for f in $touched Makefile; do echo "$top/$f"; done | sort -u)
tar -C "$work/pristine" -xf "$tarball" --wildcards $members 2>"$work/tar.err"
# Files the series creates are not in the tarball; anything else is.
[ -f "$work/pristine/$top/Makefile" ] || die "$tarball: no $top/Makefile"
pristine=$work/pristine/$top

# The series, in a git repository of the pristine files.
g=$work/git
cp -a "$pristine" "$g"
export GIT_AUTHOR_DATE="@0 +0000" GIT_COMMITTER_DATE="@0 +0000"
git -C "$g" init -q
git -C "$g" -c user.name=base -c user.email=base@localhost add -A
git -C "$g" -c user.name=base -c user.email=base@localhost commit -q -m "Linux $kver (files the series touches)"
base=$(git -C "$g" rev-parse HEAD)
claimed=()
for p in $patches; do
	git -C "$g" -c user.name=series -c user.email=series@localhost am -q --keep-cr "$p" ||
		die "$(basename "$p") does not apply with git am"
	add=()
	for f in "${files[@]}"; do
		j=$(join_patch "$(tree_path "$f")")
		[ -n "$j" ] && case $(basename "$p") in *"$j"*) add+=("$f") ;; esac
	done
	if [ ${#add[@]} -gt 0 ]; then
		for f in "${add[@]}"; do
			t=$(tree_path "$f")
			mkdir -p "$g/$(dirname "$t")"
			cp "$repo/$f" "$g/$t"
			git -C "$g" add -f "$t"
		done
		git -C "$g" -c user.name=series -c user.email=series@localhost \
			commit -q --amend --no-edit
		claimed+=("${add[@]}")
	fi
done
rest=()
for f in "${files[@]}"; do
	case " ${claimed[*]-} " in *" $f "*) continue ;; esac
	rest+=("$f")
done
if [ ${#rest[@]} -gt 0 ]; then
	for f in "${rest[@]}"; do
		t=$(tree_path "$f")
		mkdir -p "$g/$(dirname "$t")"
		cp "$repo/$f" "$g/$t"
		git -C "$g" add -f "$t"
	done
	author=$(git -C "$g" log -1 --format='%an <%ae>')
	msg="module: add the remaining module hashes files"
	case "${rest[*]}" in
	Documentation/admin-guide/module-hashes.rst) msg="Documentation: admin-guide: describe module hashes

The format of the module hash tree and proofs, the verdicts and the
loading policy of CONFIG_MODULE_HASHES, and how to build, install and
check a kernel with it." ;;
	*) echo "WARNING: no patch claims ${rest[*]}; they go in a last patch" >&2 ;;
	esac
	git -C "$g" -c user.name=series -c user.email=series@localhost \
		commit -q --author="$author" -m "$msg

Signed-off-by: $author"
fi
rm -rf "$out"
mkdir -p "$out"
if [ -n "$cover" ]; then
	# The cover letter is from the series' author, dated as its latest
	# patch; git takes its subject and text from the branch description.
	author=$(git -C "$g" log -1 --format='%an <%ae>')
	branch=$(git -C "$g" symbolic-ref --short HEAD)
	latest=$(git -C "$g" log --format=%at "$base"..HEAD | sort -n | tail -1)
	GIT_COMMITTER_DATE="@$latest +0000" \
	git -C "$g" -c user.name="${author% <*}" -c user.email="$(echo "${author##*<}" | tr -d '>')" \
		-c "branch.$branch.description=$(cat "$cover")" \
		format-patch -q --cover-letter --cover-from-description=subject \
		-o "$out" "$base"..HEAD || die "git format-patch --cover-letter"
else
	git -C "$g" format-patch -q -o "$out" "$base"..HEAD || die "git format-patch"
fi
series_patches=$(ls "$out"/[0-9]*.patch | grep -v '/0000-cover-letter\.patch$')
count=$(echo "$series_patches" | wc -l)
echo "series: $count patches in $out${cover:+, with a cover letter}"
[ $with_check = 1 ] || exit 0

# ---------------------------------------------------------------------------
# The series applies with git am onto the pristine files and gives the
# tree make apply gives.
a=$work/am b=$work/apply
cp -a "$pristine" "$a"
cp -a "$pristine" "$b"
(cd "$a" && git init -q && git add -A &&
	git -c user.name=t -c user.email=t@localhost commit -q -m base &&
	git -c user.name=t -c user.email=t@localhost am -q $series_patches) >"$work/am.log" 2>&1 &&
	ok "git am of the $count patches onto pristine $kver" ||
	notok "git am of the series onto pristine $kver: $(tail -3 "$work/am.log" | tr '\n' ' ')"
make --no-print-directory -C "$repo" apply KSRC="$b" >"$work/apply.log" 2>&1 &&
	ok "make apply onto pristine $kver" ||
	notok "make apply onto pristine $kver: $(tail -3 "$work/apply.log" | tr '\n' ' ')"
d=$(diff -r -x .git -x .module_hashes-series "$a" "$b" 2>&1 | head -20)
[ -z "$d" ] && ok "the two trees are the same" ||
	notok "the two trees differ: $(echo "$d" | grep -E '^(Only|diff)' | head -5 | tr '\n' ' ')"
why=
for p in $series_patches; do
	grep -q '^Signed-off-by: ' "$p" || why="$why$(basename "$p"): no Signed-off-by "
	s=$(sed -n 's/^Subject: \[PATCH [0-9/]*\] //p' "$p")
	case $s in *:*) ;; *) why="$why$(basename "$p"): subject without a subsystem prefix " ;; esac
done
[ -z "$why" ] && ok "every patch has a 'subsystem: summary' subject and a Signed-off-by" ||
	notok "patch messages: $why"
[ -n "$cover" ] || finish

# ---------------------------------------------------------------------------
# The cover letter: filled in, with the shortlog and diffstat, and it says
# how the series answers each point of the review of v4 (Petr Pavlu's, on
# "[PATCH v4 15/17] module: Introduce hash-based integrity checking", and
# the replies): the modules built from scripts/link-vmlinux.sh, the order
# vmlinux.unstripped -> modules -> vmlinux, BTF against vmlinux.unstripped,
# the root written in the objcopy of cmd_strip_relocs, MODULE_HASHES
# without DEBUG_INFO_BTF_MODULES, and one Makefile.vmlinux with two
# targets.  A reference "patch N/M" must name a patch of this series.
c=$out/0000-cover-letter.patch
why=
if [ ! -f "$c" ]; then
	why="no $(basename "$c")"
else
	grep -q '\*\*\* \(SUBJECT\|BLURB\) HERE \*\*\*' "$c" && why="$why placeholder left;"
	grep -q "^Subject: \[PATCH 00*/$count\] " "$c" || why="$why subject not [PATCH 0/$count];"
	grep -q ' files\? changed, ' "$c" || why="$why no diffstat;"
	for p in $series_patches; do
		s=$(sed -n 's/^Subject: \[PATCH [0-9/]*\] //p' "$p")
		grep -qF "${s:0:40}" "$c" || why="$why $(basename "$p") not in the shortlog;"
	done
fi
check "the cover letter ($(basename "$c")) is filled in, with shortlog and diffstat" "$why"
why=
if [ -f "$c" ]; then
	# The text: after the headers, before the shortlog ("Author (N):").
	body=$(sed '1,/^$/d; /^[^ ].* ([0-9]*):$/,$d' "$c")
	for t in 'v4' 'link-vmlinux.sh' 'make -f Makefile modules' \
		 'vmlinux.unstripped' 'modules: vmlinux.unstripped' \
		 'vmlinux: modules' 'cmd_strip_relocs' '.module_hashes' \
		 'DEBUG_INFO_BTF_MODULES' 'Makefile.vmlinux' 'RFC 9162'; do
		grep -qF -- "$t" <<<"$body" || why="$why '$t'"
	done
	[ -z "$why" ] || why="does not mention$why;"
	for r in $(grep -oiE 'patch [0-9]+/[0-9]+' <<<"$body" | sed 's/^[^ ]* //' | sort -u); do
		pn=${r%/*} pm=${r#*/}
		[ "$pm" = "$count" ] && [ "$pn" -ge 1 ] && [ "$pn" -le "$count" ] ||
			why="$why patch $r is not one of the $count;"
	done
fi
check "the cover letter answers each point of the v4 review" "$why"
finish
