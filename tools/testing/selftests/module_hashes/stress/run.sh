#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Concurrent and faulted module loads under QEMU, on the policy kernel with
# KASAN, lockdep, kmemleak and fault injection
# (configs/module-hashes-policy-kasan.config), booted with
# module.sig_enforce=1:
#
# One boot, three phases:
#  first   the first loads after boot: a proven module loaded with its
#          n-th fault-injection point under the verifier's hashing failing
#          (the stack filter of fault injection), n = 1, 2, ..., with no
#          load in between, so that faults meet the verifier's first
#          allocation of its SHA-256 transform;
#  concurrent  every in-tree module of the build that depends on no other
#          (at least 32), proven, loaded all at once with hostile copies
#          made from the rows of kernel/module/hashes_vectors.h and with
#          modules without proof; ROUNDS times.  Each verdict is checked
#          (rc, errno, loaded or not, /sys/module/*/authentication, the
#          kernel log);
#  fault   fail-nth loops: a proven module and hostile ones loaded with
#          their n-th fault-injection point failing, for n = 1, 2, ...
#          until a load meets no fault, each followed by a load without.
#  No lockdep, KASAN or kmemleak report in either boot.
#
# run.sh --kernel KBUILD_OUTPUT --modroot INSTALL_MOD_PATH --work DIR
#        [--timeout SECONDS] [--mem SIZE]
#        [--rounds N] [--expect-errno VERDICT=ERRNO] [--log SERIAL_LOG]
#
# --expect-errno overrides the errno expected for one verdict, to see the
# suite fail; --log judges the serial log of an earlier run (of the same
# build and rounds) instead of booting.  Prints TAP lines and a last line
# "N passed, N failed".

set -u
here=$(cd "$(dirname "$0")" && pwd)
qemu_dir=$here/../qemu
kout= modroot= work= timeout=900 mem=1G rounds=3 override= oldlog=
usage="usage: $0 --kernel DIR --modroot DIR --work DIR [--timeout S] [--mem M] [--rounds N] [--expect-errno VERDICT=ERRNO] [--log FILE]"
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kout=$2; shift ;;
	--modroot) modroot=$2; shift ;;
	--work) work=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--mem) mem=$2; shift ;;
	--rounds) rounds=$2; shift ;;
	--expect-errno) override=$2; shift ;;
	--log) oldlog=$(realpath "$2"); shift ;;
	*) echo "$usage" >&2; exit 2 ;;
	esac
	shift
done
[ -n "$kout" ] && [ -n "$modroot" ] && [ -n "$work" ] || { echo "$usage" >&2; exit 2; }
kout=$(realpath "$kout") modroot=$(realpath "$modroot") work=$(realpath -m "$work")

. "$qemu_dir/lib.sh"
find_kernel
for c in CONFIG_KASAN CONFIG_PROVE_LOCKING CONFIG_DEBUG_KMEMLEAK CONFIG_FAILSLAB \
	 CONFIG_FAIL_PAGE_ALLOC CONFIG_FAULT_INJECTION_DEBUG_FS CONFIG_MODULE_HASHES; do
	grep -q "^$c=y" "$kout/.config" || die "$kout/.config: no $c=y"
done

# An earlier log may be in $work, which is made anew.
if [ -n "$oldlog" ]; then
	cp "$oldlog" "$work.judged-log" || die "cannot read $oldlog"
	oldlog=$work.judged-log
fi
rm -rf "$work"
mkdir -p "$work/root/cases" "$work/root/bin"
cases=$work/root/cases
vectors=$here/../../../../../kernel/module/hashes_vectors.h
modname() { basename "$1" .ko | tr - _; }

# The verdict a row of the table must get, as hashes_vectors.h says.
verdict() {
	python3 - "$qemu_dir" "$vectors" "$1" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import mutate
rows, _ = mutate.load(sys.argv[2])
print([r.want for r in rows if r.name == sys.argv[3]][0])
PY
}

# What a verdict is reported as with module.sig_enforce=1: errno and the
# words of the kernel log line that names the loader ("module from
# mhs-NN[pid]: WORDS"), or "unsigned" when module signing, not the
# verifier, turns it away without a name.
want_errno() {
	case $override in "$1="*) echo "${override#*=}"; return ;; esac
	case $1 in
	verified) echo 0 ;;
	malformed) echo EBADMSG ;;
	tampered|other-build|no-proof) echo EKEYREJECTED ;;
	*) echo "?" ;;
	esac
}

# Proven: every installed module that needs no other (modules.dep), but
# the few kept as the bases of the hostile copies, and crc64, which the
# policy kernel's blacklist revokes (policy/revoke.sh).
bases="crc4 crc8 crc_ccitt crc16"
proven=()
while IFS=: read -r path deps; do
	[ -z "${deps// /}" ] || continue
	case " $bases crc64 " in *" $(modname "$path") "*) continue ;; esac
	proven+=("$path")
done < "$mods/modules.dep"
[ ${#proven[@]} -ge 32 ] ||
	die "only ${#proven[@]} modules without dependencies in $mods (need 32; configs/module-hashes-policy-kasan.config)"
ok "${#proven[@]} distinct proven in-tree modules without dependencies"

# Hostile: ROW:BASE, made by qemu/mutate.py from the named rows; and two
# modules straight out of the build directory, without proof.
hostile_rows="body[40]-bit-3:crc4 body[-1]-bit-7:crc8 path[0]-bit-0:crc_ccitt
	leaf_index-is-tree_size:crc16 tree_size-0:crc4 path-short-sig_len-adjusted:crc8
	info.algo-1:crc_ccitt sig_len-0xffffffff:crc16
	root[31]-bit-7:crc4 tree_size-bit-31-path-fitted:crc8
	cut-10:crc_ccitt no-trailer:crc16"
basefile() {
	grep -E "(^|/)$(echo "$1" | sed 's/_/[-_]/g')\.ko:" "$mods/modules.dep" | cut -d: -f1
}
list=$cases/concurrent.list
: > "$list.hostile"
i=0
for hb in $hostile_rows; do
	row=${hb%:*} base=${hb##*:}
	src=$mods/$(basefile "$base")
	[ -f "$src" ] || die "no $base.ko in $mods"
	v=$(verdict "$row") || die "no row $row in $vectors"
	python3 "$qemu_dir/mutate.py" one "$vectors" "$row" "$src" "$cases/h$i.ko" ||
		die "mutate.py $row"
	echo "/cases/h$i.ko $base $v $row" >> "$list.hostile"
	i=$((i + 1))
done
for base in crc4 crc16; do
	f=$(basefile "$base")
	cp "$kout/${f#kernel/}" "$cases/h$i.ko" || die "no $f in $kout"
	echo "/cases/h$i.ko $base no-proof build-directory-copy" >> "$list.hostile"
	i=$((i + 1))
done
nhostile=$i
# One hostile load after every three proven ones, so that they overlap.
: > "$list"
j=0
exec 3< "$list.hostile"
for p in "${proven[@]}"; do
	echo "/lib/modules/$kver/$p $(modname "$p") verified $(modname "$p")" >> "$list"
	j=$((j + 1))
	if [ $((j % 3)) = 0 ] && read -r h <&3; then echo "$h" >> "$list"; fi
done
while read -r h <&3; do echo "$h" >> "$list"; done
exec 3<&-
rm "$list.hostile"
ok "$nhostile hostile modules from the rows of hashes_vectors.h and the build directory"

# The fault loops: a small proven module, and hostile ones of each kind
# that the verifier parses.
small=$(basefile crc7)
{
	echo "proven /lib/modules/$kver/$small crc7"
	grep -m1 ' tampered ' "$list" | awk '{ print "tampered " $1 " " $2 }'
	grep -m1 ' malformed ' "$list" | awk '{ print "malformed " $1 " " $2 }'
	grep -m1 ' other-build ' "$list" | awk '{ print "other-build " $1 " " $2 }'
} > "$cases/fault.list"

# ---------------------------------------------------------------------------
root=$work/root
cp "$busybox" "$root/bin/busybox"
$cc -static -O2 -Wall -o "$root/bin/loadmany" "$here/loadmany.c" ||
	die "cannot build loadmany (static libc)"
cp "$here/init.sh" "$root/init"
pack_initramfs "$root" "$work/initramfs.cpio.gz"

boot() {	# NAME
	local log=$work/serial-$1.log
	if [ -n "$oldlog" ]; then
		cp "$oldlog" "$log.txt" || return 1
		grep -q '^MHS-DONE' "$log.txt"
		return
	fi
	timeout "$timeout" $qemu -nographic -no-reboot -m "$mem" -smp 2 \
		-kernel "$image" -initrd "$work/initramfs.cpio.gz" \
		-append "console=$console panic=-1 loglevel=4 module.sig_enforce=1 mhstress=$1 mhrounds=$rounds" \
		</dev/null >"$log" 2>&1
	tr -d '\r' < "$log" > "$log.txt"
	grep -q '^MHS-DONE' "$log.txt"
}

# The reports every boot must be free of.
clean_kernel() {	# BOOT LOG
	local b=$1 log=$2 k
	grep -q '^MHS-KMEMLEAK-ON yes' "$log" && ok "$b: kmemleak is on" ||
		notok "$b: kmemleak is on: $(grep '^MHS-KMEMLEAK-ON' "$log")"
	grep -q '^MHS-KASAN .*KernelAddressSanitizer initialized' "$log" && ok "$b: KASAN is on" ||
		notok "$b: KASAN is on (no 'KernelAddressSanitizer initialized' in the log)"
	k=$(grep '^MHS-SPLAT' "$log")
	[ -z "$k" ] && ok "$b: no KASAN, lockdep, BUG or WARNING report" ||
		notok "$b: kernel report: $(echo "$k" | head -20 | tr '\n' ' ')"
	for k in $(grep '^MHS-LOCKDEP' "$log" | cut -d' ' -f2); do
		grep -Eq "^MHS-LOCKDEP $k +debug_locks: *1\$" "$log" &&
			ok "$b: lockdep still on after $k (debug_locks 1)" ||
			notok "$b: lockdep still on after $k: $(grep "^MHS-LOCKDEP $k" "$log")"
	done
	for k in $(grep '^MHS-KMEMLEAK-DONE' "$log" | cut -d' ' -f2); do
		grep -q "^MHS-KMEMLEAK-DONE $k 0\$" "$log" &&
			ok "$b: kmemleak: no leak after $k" ||
			notok "$b: kmemleak after $k: $(grep "^MHS-KMEMLEAK $k" "$log" | head -30 | tr '\n' ' ')"
	done
	grep -q '^MHS-RMMOD-FAILED' "$log" &&
		notok "$b: modules would not unload: $(grep '^MHS-RMMOD-FAILED' "$log" | sort -u | tr '\n' ' ')"
	return 0
}

# Each load of a concurrent round against what its file must get.
concurrent_check() {	# LOG ROUND
	local log=$1 r=$2 i=0 file name want row why l st e logs unsigned=0 nu
	local nproven=0 nhost=0 t
	while read -r file name want row; do
		why=
		l=$(grep "^MHS-C $r LOAD i=$(printf %02d $i) " "$log")
		st=$(grep "^MHS-STATE $r $name " "$log")
		e=$(want_errno "$want")
		case $l in *" ran=no "*|"") why="did not run: $l" ;; esac
		if [ "$want" = verified ]; then
			nproven=$((nproven + 1))
			case $l in *" rc=0 errno=0 "*) ;; *) why=${why:-"not loaded: $l"} ;; esac
			case $st in *" loaded=yes auth=merkle "*) ;;
			*) why=${why:-"not loaded by proof: $st"} ;; esac
			grep -Eq "^MHS-CLOG $r .*\] $name: authentication: merkle, leaf [0-9a-f]{64}\$" "$log" ||
				why=${why:-"no '$name: authentication: merkle' in the log"}
		else
			nhost=$((nhost + 1))
			case $l in *" errno=$e "*) ;; *) why=${why:-"want errno $e: $l"} ;; esac
			case $st in *" loaded=no "*) ;; *) why=${why:-"loaded: $st"} ;; esac
			t=$(printf 'mhs-%02d' $i)
			logs=$(grep "^MHS-CLOG $r .*module from $t\[" "$log")
			case $want in
			no-proof)
				[ -z "$logs" ] || why=${why:-"the verifier judged it: $logs"}
				unsigned=$((unsigned + 1)) ;;
			*)	case $logs in *"$t["*"]: $want: "*) ;;
				*) why=${why:-"no 'module from $t[..]: $want:' in the log: $logs"} ;; esac ;;
			esac
		fi
		check "round $r: $(basename "$file") ${row} ($want)" "$why"
		i=$((i + 1))
	done < "$cases/concurrent.list"
	nu=$(grep -c "^MHS-CLOG $r .*Loading of unsigned module is rejected" "$log")
	[ "$nu" = "$unsigned" ] &&
		ok "round $r: $unsigned modules without proof turned away as unsigned" ||
		notok "round $r: want $unsigned 'Loading of unsigned module is rejected', got $nu"
	t=$(sed -n "s/^MHS-C $r WALL loads=\([0-9]*\) us=\([0-9]*\)/\1 \2/p" "$log")
	[ -n "$t" ] && echo "# round $r: ${t% *} loads ($nproven proven, $nhost hostile) in $(( ${t#* } / 1000 )) ms (guest wall time)"
}

# The fault loop of one kind: every faulted load fails with an error, does
# not load and gets no wrong verdict; the load after it gets the right one.
fault_check() {	# BOOT LOG KIND WANT
	local b=$1 log=$2 kind=$3 want=$4 nth last hits=0 why= l st nl nst e flog
	local recovered=0 tfm=0
	last=$(sed -n "s/^MHS-FEND $kind //p" "$log")
	[ -n "$last" ] || { notok "$b: $kind: the fault loop did not end"; return; }
	e=$(want_errno "$want")
	for nth in $(seq 1 "$last"); do
		l=$(grep "^MHS-F $kind $nth LOAD" "$log")
		st=$(grep "^MHS-FSTATE $kind $nth " "$log")
		flog=$(grep "^MHS-FLOG $kind $nth " "$log")
		case $l in
		*" hit=1 "*)
			hits=$((hits + 1))
			case $flog in *"cannot hash module: -12"*) tfm=$((tfm + 1)) ;; esac
			case $want:$l in
			verified:*" rc=0 "*)
				# A fault met by an allocation with a fallback.
				recovered=$((recovered + 1))
				case $st in *" loaded=yes auth=merkle "*) ;;
				*) why="$why n=$nth: loaded without proof: $st;" ;; esac ;;
			*:*" rc=0 "*) why="$why n=$nth: loaded: $l;" ;;
			verified:*" errno=EKEYREJECTED "*|verified:*" errno=EBADMSG "*|verified:*" errno=ENOKEY "*|verified:*" errno=ENODATA "*)
				why="$why n=$nth: a proven module refused with a verdict: $l;" ;;
			*)	case $st in *" loaded=no "*) ;; *) why="$why n=$nth: loaded: $st;" ;; esac ;;
			esac
			[ "$want" = verified ] || case $l in
			*" errno=$e "*) recovered=$((recovered + 1)) ;;
			*" errno=ENOMEM "*) ;;
			*) why="$why n=$nth: neither ENOMEM nor $e: $l;" ;; esac
			# A wrong verdict in the log: a proven module called
			# anything else, a hostile one anything but what it is.
			case $want:$flog in
			verified:*": tampered: "*|verified:*": malformed: "*|verified:*": other-build: "*|verified:*": no-proof: "*)
				why="$why n=$nth: wrong verdict: $flog;" ;;
			esac
			[ "$want" = verified ] || case $flog in
			*"authentication: "*) why="$why n=$nth: authenticated: $flog;" ;; esac ;;
		*" hit=0 "*)
			[ "$nth" = "$last" ] || why="$why n=$nth: no fault met before the end;" ;;
		*)	why="$why n=$nth: no result: $l;" ;;
		esac
		# The load after it.
		nl=$(grep "^MHS-N $kind $nth LOAD" "$log")
		[ -n "$nl" ] || continue
		nst=$(grep "^MHS-NSTATE $kind $nth " "$log")
		if [ "$want" = verified ]; then
			case $nl$nst in *" rc=0 errno=0 "*" loaded=yes auth=merkle "*) ;;
			*) why="$why n=$nth: next load: $nl $nst;" ;; esac
		else
			case $nl$nst in *" errno=$e "*" loaded=no "*) ;;
			*) why="$why n=$nth: next load (want $e): $nl $nst;" ;; esac
		fi
	done
	check "$b: $kind ($want): $hits fault-injection points, each load failed or stayed authenticated, the next load right" "$why"
	echo "# $b: $kind: $hits fault-injection points met ($recovered absorbed by a fallback: the load went on to its verdict; $tfm in the SHA-256 transform's allocation), $(grep -c "^MHS-N $kind " "$log") loads after them"
	[ "$kind" != first ] || {
		[ "$tfm" -gt 0 ] &&
			ok "$b: a fault met the allocation of the SHA-256 transform ($tfm points: 'cannot hash module: -12')" ||
			notok "$b: no fault met the allocation of the SHA-256 transform: the first load did not make it (module_hashes_init() makes it at boot)"
	}
}

b=stress
t0=$SECONDS
if boot "$b"; then
	ok "$b: boot reached the end ($((SECONDS - t0)) s)"
	log=$work/serial-$b.log.txt
	echo "# $b: $(grep '^MHS-PHASE' "$log" | cut -d' ' -f2- | tr '\n' ';') whole boot $((SECONDS - t0)) s"
	grep -q '^MHS-ENFORCE Y$' "$log" && ok "$b: module.sig_enforce is Y" ||
		notok "$b: module.sig_enforce is Y: $(grep '^MHS-ENFORCE' "$log")"
	grep -Eq '^MHS-FILTER module_hashes_sha256 0x[0-9a-f]{16} 0x[0-9a-f]{16}$' "$log" &&
		ok "$b: fault points of the first loads limited to module_hashes_sha256" ||
		notok "$b: no address range of module_hashes_sha256 in /proc/kallsyms: $(grep '^MHS-FILTER' "$log")"
	fault_check "$b" "$log" first verified
	for r in $(seq 1 "$rounds"); do
		concurrent_check "$log" "$r"
	done
	while read -r kind file name; do
		want=verified
		[ "$kind" = proven ] || want=$kind
		fault_check "$b" "$log" "$kind" "$want"
	done < "$cases/fault.list"
	for f in failslab/ignore-gfp-wait:N fail_page_alloc/ignore-gfp-wait:N \
		 fail_page_alloc/min-order:0; do
		grep -q "^MHS-KNOB ${f%:*} ${f#*:}\$" "$log" &&
			ok "$b: ${f%:*} is ${f#*:}" || notok "$b: ${f%:*} is not ${f#*:}"
	done
	clean_kernel "$b" "$log"
else
	notok "$b: boot did not reach MHS-DONE within ${timeout}s (see $work/serial-$b.log)"
fi
finish
