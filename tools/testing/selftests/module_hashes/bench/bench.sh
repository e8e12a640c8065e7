#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmark scripts/module-hashes against openssl dgst, sha256sum and the
# kernel's scripts/sign-file over every module of a real Debian 6.12 kernel.
#
#   bench.sh                      (usually via `make bench`)
#
# Environment (all optional):
#   BUILD        output root (default: <repo>/build); work dir is $BUILD/bench
#   TOOL         module-hashes binary (default: <repo>/scripts/module-hashes)
#   KSRC         6.12 source tree for sign-file.c
#                (default: the tree of make kernel, else unpacked from
#                /usr/src/linux-source-6.12.tar.xz)
#   BENCH_PKG    exact linux-image package name (default: found via apt-cache)
#   REPEAT       runs per hashing tool; the median wall-time run is shown (5)
#   SIGN_KEY     rsa4096 (default, the kernel's default_x509.genkey) or ec256
#   SIGN_HASH    digest for sign-file (sha256, as Debian's MODULE_SIG_HASH)
#   SIGN_MAX_S   sign every module if that is estimated to take <= this many
#                seconds (300); else sign SIGN_SUBSET random modules
#                (500, seed SIGN_SEED=1) and extrapolate by module count
#   SIGN_JOBS    sign-file rows: how many processes at a time ("1 $(nproc)")
#   MH_EXTRA     1 (default): also time `-j 1`, `--sidecar`, `-o` and verify
#   MAX_LOAD     if set (e.g. 0.5), wait up to WAIT_S (900) seconds for the
#                1-minute load average to drop below it before timing

set -euo pipefail
export LC_ALL=C

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../../../../.." && pwd)
BUILD=${BUILD:-$TOP/build}
B=$BUILD/bench
TOOL=${TOOL:-$TOP/scripts/module-hashes}
KSRC=${KSRC:-$BUILD/src/linux-source-6.12}
REPEAT=${REPEAT:-5}
SIGN_KEY=${SIGN_KEY:-rsa4096}
SIGN_HASH=${SIGN_HASH:-sha256}
SIGN_MAX_S=${SIGN_MAX_S:-300}
SIGN_SUBSET=${SIGN_SUBSET:-500}
SIGN_SEED=${SIGN_SEED:-1}
SIGN_JOBS=${SIGN_JOBS:-1 $(nproc)}
MH_EXTRA=${MH_EXTRA:-1}
HELPER="python3 $HERE/bench_helper.py"
TIME=/usr/bin/time

MODS=$B/mods			# lib/modules/<kver> of the package, stripped
LIST=$MODS/modules.list		# every module, relative to $MODS
RES=$B/results.tsv

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

for t in "$TIME" openssl sha256sum xz dpkg-deb python3 cc apt-get; do
	command -v "$t" >/dev/null || die "$t missing (run: make bench-deps)"
done
mkdir -p "$B"

# ---------------------------------------------------------------- 1. fetch
find_pkg() {
	local re='^linux-image-6\.12\.[0-9]+\+[A-Za-z0-9.~]+-amd64-unsigned$'
	local cands srcver up pick
	cands=$(apt-cache search --names-only "$re" 2>/dev/null | awk '{print $1}')
	if [ -z "$cands" ]; then
		log "apt-cache knows no $re; running apt-get update"
		apt-get update -qq >&2 || true
		cands=$(apt-cache search --names-only "$re" 2>/dev/null | awk '{print $1}')
	fi
	[ -n "$cands" ] || return 1
	# Prefer the ABI matching linux-source-6.12 (installed, else candidate).
	srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || true)
	[ -n "$srcver" ] || srcver=$(apt-cache policy linux-source-6.12 2>/dev/null |
				     awk '/Candidate:/ {print $2}')
	up=${srcver%%-*}
	pick=
	[ -z "$up" ] || [ "$up" = "(none)" ] ||
		pick=$(printf '%s\n' $cands | grep -F "linux-image-$up+" | sort -V | tail -n1 || true)
	[ -n "$pick" ] || pick=$(printf '%s\n' $cands | sort -V | tail -n1)
	echo "$pick"
}

PKG=${BENCH_PKG:-$(find_pkg || true)}
if [ -n "$PKG" ]; then
	DEB=$(ls -1 "$B/${PKG}"_*.deb 2>/dev/null | sort -V | tail -n1 || true)
	if [ -z "$DEB" ]; then
		log "downloading $PKG into $B"
		(cd "$B" && apt-get download "$PKG") >&2 ||
			die "apt-get download $PKG failed"
		DEB=$(ls -1 "$B/${PKG}"_*.deb | sort -V | tail -n1)
	else
		log "using cached $(basename "$DEB")"
	fi
else
	DEB=$(ls -1 "$B"/linux-image-6.12.*-amd64-unsigned_*.deb 2>/dev/null | sort -V | tail -n1 || true)
	[ -n "$DEB" ] || die "no linux-image-6.12.*-amd64-unsigned package found by apt-cache"
	log "apt-cache found nothing; using cached $(basename "$DEB")"
fi

# ------------------------------------------------- 2. unpack, decompress, strip
STAMP="$(basename "$DEB") v1"
if [ "$(cat "$MODS/.stamp" 2>/dev/null || true)" != "$STAMP" ]; then
	log "unpacking $(basename "$DEB")"
	rm -rf "$B/unpack" "$MODS"
	dpkg-deb -x "$DEB" "$B/unpack"
	kdir=$(ls -d "$B"/unpack/lib/modules/* "$B"/unpack/usr/lib/modules/* 2>/dev/null | head -n1 || true)
	[ -n "$kdir" ] || die "no lib/modules in $DEB"
	mv "$kdir" "$MODS"
	rm -rf "$B/unpack"
	log "decompressing modules (2 parallel jobs)"
	(cd "$MODS"
	 find . -name '*.ko.xz' -print0 | xargs -0r -P2 -n32 xz -d
	 find . -name '*.ko.zst' -print0 | xargs -0r -P2 -n32 zstd -q -d --rm
	 find . -name '*.ko.gz' -print0 | xargs -0r -P2 -n32 gzip -d)
	(cd "$MODS" && find . -name '*.ko' -type f | sed 's|^\./||' | sort) > "$LIST.tmp"
	log "stripping signature trailers"
	$HELPER strip "$MODS" "$LIST.tmp" > "$MODS/.strip"
	mv "$LIST.tmp" "$LIST"
	echo "$STAMP" > "$MODS/.stamp"
fi
read -r NMOD NSTRIPPED BYTES < "$MODS/.strip"
[ "$NMOD" -gt 0 ] || die "no modules"
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }')

# -------------------------------------------------------------- 3. measure
if [ -n "${MAX_LOAD:-}" ]; then
	waited=0
	while awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v m="$MAX_LOAD" \
		'BEGIN { exit !(l >= m) }' && [ "$waited" -lt "${WAIT_S:-900}" ]; do
		[ $((waited % 60)) != 0 ] || log "load $(load) >= $MAX_LOAD; waiting"
		sleep 10
		waited=$((waited + 10))
	done
fi
: > "$RES"

warm() {	# read every module once so all runs see a warm page cache
	(cd "$MODS" && xargs -a "$LIST" -d '\n' cat > /dev/null)
}

# run_timed OUTFILE cmd...   -> "wall cpu rss" in OUTFILE's .t sibling
run_timed() {
	local out=$1; shift
	"$TIME" -f '%e %U %S %M' -o "$out.t" "$@" > "$out" ||
		{ log "FAILED ($?): $*"; cat "$out.t" >&2; return 1; }
	awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$out.t"
}

# measure NAME NOTE cmd...  -> REPEAT runs, median wall kept, row appended
measure() {
	local name=$1 note=$2 i runs= ld rep=${MREPEAT:-$REPEAT}
	shift 2
	warm
	ld=$(load)
	for i in $(seq "$rep"); do
		runs+=$(run_timed "$B/out.$i" "$@")$'\n' || {
			printf '%s\t-\t-\t-\t-\tFAILED (see log)\n' "$name" >> "$RES"
			return 1
		}
	done
	row "$name" "$runs" "$note; median of $rep; load $ld"
}

# row NAME RUNS NOTE: append the median-wall run of RUNS ("wall cpu rss" lines)
row() {
	local n med
	n=$(printf '%s' "$2" | grep -c .)
	med=$(printf '%s' "$2" | sort -n -k1,1 | sed -n "$(( (n + 1) / 2 ))p")
	log "$1: runs (wall cpu rssKB): $(printf '%s' "$2" | tr '\n' ';')"
	set -- "$1" "$3" $med
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$3" "$4" "$5" "$MB" "$2" >> "$RES"
}

# The head-to-head group runs round-robin: REPEAT rounds, each running
# every command once in turn, so that the other users' load (this is a
# shared machine) falls on all of them alike.
RR_N=0
rr_add() {	# rr_add NAME NOTE cmd...
	RR_NAME[RR_N]=$1
	RR_NOTE[RR_N]=$2
	shift 2
	eval "RR_CMD_$RR_N=(\"\$@\")"
	RR_N=$((RR_N + 1))
}
rr_run() {	# output of command K in round R: $B/out.K.R
	local r k x ld cmd
	local -a runs=() fail=()
	warm
	ld=$(load)
	for r in $(seq "$REPEAT"); do
		for ((k = 0; k < RR_N; k++)); do
			[ -z "${fail[k]:-}" ] || continue
			eval "cmd=(\"\${RR_CMD_$k[@]}\")"
			if x=$(run_timed "$B/out.$k.$r" "${cmd[@]}"); then
				runs[k]+=$x$'\n'
			else
				fail[k]=1
			fi
		done
	done
	for ((k = 0; k < RR_N; k++)); do
		if [ -n "${fail[k]:-}" ]; then
			printf '%s\t-\t-\t-\t-\tFAILED (see log)\n' "${RR_NAME[k]}" >> "$RES"
		else
			row "${RR_NAME[k]}" "${runs[k]}" \
			    "${RR_NOTE[k]}; median of $REPEAT, round-robin; load $ld"
		fi
	done
}

XMAX=$(xargs --show-limits < /dev/null 2>&1 |
       awk -F': *' '/could actually use/ { print $2 }')
XARGS=(xargs -a "$LIST" -d '\n' -s "$XMAX")
NPROC_OSSL=$(cd "$MODS" && "${XARGS[@]}" echo | wc -l)

cd "$MODS"

MH_ROOT=
TOOL_ID=
if [ ! -x "$TOOL" ] && [ -f "$TOP/scripts/modhashes/main.c" ]; then
	make -C "$TOP" tool >&2 || log "make tool failed"
fi
HAVE_TOOL=
if [ -x "$TOOL" ]; then
	HAVE_TOOL=1
	# time a private copy: the tool may be rebuilt while we run
	cp "$TOOL" "$B/module-hashes.bin"
	TOOL_ID="$(sha256sum "$B/module-hashes.bin" | cut -c1-12), built $(date -r "$TOOL" '+%F %T')"
	TOOL=$B/module-hashes.bin
	# (a) module-hashes
	rr_add "module-hashes build" "all cores ($(nproc))" \
		"$TOOL" build -r "$B/root.bin" "$LIST"
	[ "$MH_EXTRA" != 1 ] ||
		rr_add "module-hashes build -j 1" "one thread" \
			"$TOOL" build -j 1 -r "$B/root1.bin" "$LIST"
else
	printf '%s\t-\t-\t-\t-\t%s\n' "module-hashes build" \
		"not available ($TOOL not built)" >> "$RES"
fi
# (b) openssl, one (or few) processes: single-thread SHA-256 limit
K_OSSL=$RR_N
rr_add "openssl dgst -sha256" "$NPROC_OSSL process(es), 1 thread" \
	"${XARGS[@]}" openssl dgst -sha256
# (c) sha256sum
K_SUM=$RR_N
rr_add "sha256sum" "$NPROC_OSSL process(es), 1 thread" \
	"${XARGS[@]}" sha256sum
rr_run

# sanity: openssl and sha256sum computed the same digests
a=$(awk '{ print $NF }' "$B/out.$K_OSSL.1" | sort | md5sum)
b=$(awk '{ print $1 }' "$B/out.$K_SUM.1" | sort | md5sum)
[ "$a" = "$b" ] || log "WARNING: openssl and sha256sum digests differ"

if [ -n "$HAVE_TOOL" ] && [ -s "$B/root.bin" ]; then
	MH_ROOT=$(od -An -tx1 "$B/root.bin" | tr -d ' \n')
	rsz=$(stat -c %s "$B/root.bin")
	[ "$rsz" = 40 ] || log "WARNING: root descriptor is $rsz bytes, expected 40"
	# determinism: run once more and compare
	"$TOOL" build -r "$B/root2.bin" "$LIST" > /dev/null
	cmp -s "$B/root.bin" "$B/root2.bin" ||
		log "WARNING: two runs gave different roots"
	[ "$MH_EXTRA" != 1 ] || cmp -s "$B/root.bin" "$B/root1.bin" ||
		log "WARNING: -j 1 root differs from the all-core root"
fi
if [ -n "$HAVE_TOOL" ] && [ "$MH_EXTRA" = 1 ]; then
	find . -name '*.ko.proof' -delete
	if measure "module-hashes build --sidecar" \
		"writes $NMOD .proof files" \
		"$TOOL" build --sidecar -r "$B/root3.bin" "$LIST"; then
		np=$(find . -name '*.proof' | wc -l)
		[ "$np" = "$NMOD" ] ||
			log "WARNING: --sidecar wrote $np .proof files for $NMOD modules"
		cmp -s "$B/root.bin" "$B/root3.bin" ||
			log "WARNING: --sidecar root differs"
	fi
	find . -name '*.proof' -delete
	# proven copies, then verify them against the root
	rm -rf "$B/proven"
	if MREPEAT=$(( REPEAT < 3 ? REPEAT : 3 )) \
	   measure "module-hashes build -o DIR" \
		"writes proven copies of all $NMOD modules" \
		"$TOOL" build -o "$B/proven" -r "$B/root4.bin" "$LIST"; then
		cmp -s "$B/root.bin" "$B/root4.bin" ||
			log "WARNING: -o root differs"
		if measure "module-hashes verify" \
			"all cores, over the -o copies (cached: just written)" \
			"$TOOL" verify --root-file "$B/root.bin" "$B/proven"; then
			nv=$(grep -c ': verified$' "$B/out.1" || true)
			[ "$nv" = "$NMOD" ] ||
				log "WARNING: verify: $nv of $NMOD verified"
			log "verify: $(tail -n1 "$B/out.1")"
		fi
	fi
	rm -rf "$B/proven"
fi

# (d) sign-file
SIGNFILE=$B/sign-file
if [ ! -x "$SIGNFILE" ]; then
	if [ ! -f "$KSRC/scripts/sign-file.c" ]; then
		tarball=/usr/src/linux-source-6.12.tar.xz
		[ -f "$tarball" ] || die "no $KSRC and no $tarball (apt-get install linux-source-6.12)"
		log "extracting sign-file.c from $tarball"
		mkdir -p "$B/ksrc"
		tar -C "$B/ksrc" --strip-components=1 -xJf "$tarball" \
			--wildcards '*/scripts/sign-file.c' '*/scripts/ssl-common.h'
		KSRC=$B/ksrc
	fi
	cc -O2 -I"$KSRC/scripts" -o "$SIGNFILE" "$KSRC/scripts/sign-file.c" -lcrypto
fi
KEY=$B/signing_key-$SIGN_KEY.pem
if [ ! -s "$KEY" ]; then
	case $SIGN_KEY in
	rsa4096) kopt=(-newkey rsa:4096) ;;
	ec256)   kopt=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1) ;;
	*)	 die "SIGN_KEY must be rsa4096 or ec256" ;;
	esac
	openssl req -new -nodes -utf8 -sha256 -days 36500 -batch -x509 \
		-subj "/CN=module-hashes bench throwaway key" \
		-outform PEM -out "$KEY" -keyout "$KEY" "${kopt[@]}" 2>/dev/null
fi

# sign_run LISTFILE JOBS -> "wall cpu rss" (copy time excluded; logged)
sign_run() {
	local l=$1 jobs=$2 c=$B/signcopy t0 t1
	rm -rf "$c"
	t0=$(date +%s.%N)
	mkdir -p "$c"
	(cd "$MODS" && xargs -a "$l" -d '\n' cp --parents -t "$c")
	t1=$(date +%s.%N)
	log "copy of $(wc -l < "$l") modules: $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}') s (not timed)"
	warm
	(cd "$c" && run_timed "$B/out.sign" xargs -a "$l" -d '\n' -n1 -P"$jobs" \
		"$SIGNFILE" "$SIGN_HASH" "$KEY" "$KEY")
	# sanity: every copy now carries a trailer
	local bad
	bad=$(cd "$c" && xargs -a "$l" -d '\n' -n1 tail -c 28 2>/dev/null |
	      grep -c '~Module signature appended~' || true)
	[ "$bad" = "$(wc -l < "$l")" ] || log "WARNING: only $bad signed modules"
	rm -rf "$c"
}

ld=$(load)
$HELPER subset "$LIST" 50 "$SIGN_SEED" > "$B/sign-pilot.list"
set -- $(sign_run "$B/sign-pilot.list" 1)
pilot=$1
log "sign-file pilot: 50 modules in $pilot s at -P1"
for jobs in $SIGN_JOBS; do
	SNOTE="$SIGN_KEY/$SIGN_HASH key, one process per module, $jobs at a time"
	est=$(awk -v w="$pilot" -v n="$NMOD" -v j="$jobs" \
		'BEGIN { printf "%.0f", w * n / 50 / (j < 2 ? 1 : j) }')
	log "sign-file -P$jobs: ~$est s estimated for all $NMOD"
	if [ "$est" -le "$SIGN_MAX_S" ]; then
		set -- $(sign_run "$LIST" "$jobs")
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "scripts/sign-file -P$jobs" \
			"$1" "$2" "$3" "$MB" \
			"$SNOTE; all $NMOD modules, on copies; load $ld" >> "$RES"
	else
		$HELPER subset "$LIST" "$SIGN_SUBSET" "$SIGN_SEED" > "$B/sign-subset.list"
		set -- $(sign_run "$B/sign-subset.list" "$jobs")
		read -r w c <<< "$(awk -v w="$1" -v c="$2" -v n="$NMOD" -v k="$SIGN_SUBSET" \
			'BEGIN { printf "%.2f %.2f", w * n / k, c * n / k }')"
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "scripts/sign-file -P$jobs (extrapolated)" \
			"$w" "$c" "$3" "$MB" \
			"$SNOTE; EXTRAPOLATED: measured $1 s on $SIGN_SUBSET random modules (seed $SIGN_SEED), scaled x$NMOD/$SIGN_SUBSET by count; load $ld" >> "$RES"
	fi
	ld=$(load)
done

# ------------------------------------------------------------------ report
echo
echo "module-hashes benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "package:  $(basename "$DEB")"
echo "modules:  $NMOD .ko ($NSTRIPPED had a PKCS#7 trailer, stripped), $MB MB total (1 MB = 10^6 bytes)"
echo "machine:  $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(openssl version | cut -d' ' -f1-2)"
echo "cache:    warm (every module read with cat > /dev/null before each tool)"
echo "load:     $(uptime | sed 's/.*load/load/') (at end)"
[ -z "$TOOL_ID" ] || echo "tool:     scripts/module-hashes sha256 $TOOL_ID"
[ -z "$MH_ROOT" ] || echo "root:     $MH_ROOT (40-byte descriptor, hex)"
echo
$HELPER table "$RES"
echo
echo "wall/CPU/RSS: /usr/bin/time (-f '%e %U+%S %M'); CPU = user+sys incl. children."
echo "x m-h wall = wall / module-hashes build wall (higher = slower than module-hashes)."
