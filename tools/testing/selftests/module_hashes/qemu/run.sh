#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a CONFIG_MODULE_HASHES kernel under QEMU and check what it does with
# good and hostile modules, with and without module.sig_enforce=1.
#
# run.sh --kernel KBUILD_OUTPUT --modroot INSTALL_MOD_PATH --tool MODULE_HASHES
#        --work DIR [--timeout SECONDS] [--demo] [--extmod FILE.ko MODNAME]
#
# If the modules are installed compressed (.ko.xz, .ko.zst, .ko.gz), the cases
# are compressed ones, loaded with finit_module(MODULE_INIT_COMPRESSED_FILE):
# good, tampered inside the compression, unproven, corrupt and truncated.
# --extmod adds an external (make M=) module, which has no proof.
#
# The hostile cases are the rows of kernel/module/hashes_vectors.h, the
# table KUnit and the host tests read too: mutate.py makes each row that any
# proven module can take from the installed module A (crc4.ko; with B,
# crc7.ko, as "another module" and A proven in a second tree as "another
# build"),
# and reports the others, which this suite counts as skipped.  The verdict
# of each row gives what the kernel must do, in both boots.  Everything is
# packed with busybox into an initramfs whose /init (init.sh) loads the
# cases and reports "MHT-..." lines on the serial console.
# Prints "ok N - ..." / "not ok N - ..." and a last line "N passed, N failed";
# exits 1 if anything failed.

set -u
here=$(cd "$(dirname "$0")" && pwd)
kout= modroot= tool= work= timeout=300 demo=0 extmod= extname=
usage="usage: $0 --kernel DIR --modroot DIR --tool FILE --work DIR [--timeout S] [--demo] [--extmod FILE.ko MODNAME]"
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kout=$2; shift ;;
	--modroot) modroot=$2; shift ;;
	--tool) tool=$2; shift ;;
	--work) work=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--demo) demo=1 ;;
	--extmod) extmod=$2 extname=$3; shift 2 ;;
	*) echo "$usage" >&2
	   exit 2 ;;
	esac
	shift
done
[ -n "$kout" ] && [ -n "$modroot" ] && [ -n "$tool" ] && [ -n "$work" ] || {
	echo "$usage" >&2
	exit 2
}

. "$here/lib.sh"
find_kernel

# ---------------------------------------------------------------------------
# Cases, made on the host.
rm -rf "$work"
mkdir -p "$work/root/cases" "$work/root/bin" "$work/other"
cases=$work/root/cases

# The small in-tree modules the cases are made of, as paths below kernel/:
# A is proven, then damaged; B is "another module"; P is loaded with
# modprobe and left out of the "another build" tree; U is loaded as linked,
# without a proof.  Linux 7.x has no prompt for the CRC libraries: its
# config builds those of the CRC KUnit suite, in lib/crc/.
case $kver in
7.*)	mod_a=lib/crc/crc16 mod_b=lib/crc/crc7 mod_p=lib/crc/crc64 mod_u=lib/crc/crc-t10dif ;;
*)	mod_a=lib/crc4 mod_b=lib/crc7 mod_p=lib/crc8 mod_u=lib/crc-itu-t ;;
esac
mod_name() { basename "$1" | tr - _; }
name_a=$(mod_name $mod_a) name_b=$(mod_name $mod_b) name_p=$(mod_name $mod_p) name_u=$(mod_name $mod_u)
lib=$mods/kernel
vectors=$here/../../../../../kernel/module/hashes_vectors.h
# The file of one vector, made from a module: mutate NAME IN OUT
mutate() { python3 "$here/mutate.py" one "$vectors" "$1" "$2" "$3" || die "mutate $1 $2"; }

# Compressed modules, as modules_install makes them.
ext=
for e in .xz .zst .gz; do [ -f "$lib/$mod_b.ko$e" ] && ext=$e; done
unz() { case $ext in .xz) xz -dc ;; .zst) zstd -dcq ;; .gz) gzip -dc ;; esac; }
z() { case $ext in .xz) xz --check=crc32 --lzma2=dict=1MiB -c ;; .zst) zstd -qc ;; .gz) gzip -9c ;; esac; }

rejected="Key was rejected by service"
badmsg="Bad message"
einval="Invalid argument"
# A forced load (modprobe --force) is never authenticated: it reads no
# proof, so under the default policy it loads tainted where the kernel
# allows forced loads at all, and is refused for its vermagic where not.
if grep -q '^CONFIG_MODULE_FORCE_LOAD=y' "$kout/.config"; then
	forced="taint	-	: no-proof:"
else
	forced="no	Exec format error	: no-proof:"
fi

if [ -z "$ext" ]; then
	mutate "body[40]-bit-3" "$lib/$mod_a.ko" "$cases/body-flip.ko"
	# A proof that does not match: the module itself is intact, so a
	# forced load, which does not read the proof, can still load it.
	mutate "path[0]-bit-0" "$lib/$mod_a.ko" "$cases/path-flip.ko"
	cp "$kout/$mod_u.ko" "$cases/no-trailer.ko"	# as linked: no proof
	# Another build: a tree over a different set of modules.
	grep -vx "$mod_p.o" "$kout/modules.order" > "$work/other/modules.order"
	"$tool" build -C "$kout" -r "$work/other/root" -o "$work/other/out" \
		"$work/other/modules.order" >/dev/null || die "tool build of the other tree"
	python3 "$here/mutate.py" all "$vectors" "$lib/$mod_a.ko" "$lib/$mod_b.ko" \
		"$work/other/out/$mod_a.ko" "$cases" > "$work/vectors" ||
		die "mutate.py cannot make the vectors"
else
	# Compressed: what decompression changes; the vectors are the
	# uncompressed run's.
	unz < "$lib/$mod_a.ko$ext" > "$work/a.ko" || die "cannot decompress $mod_a.ko$ext"
	mutate "body[40]-bit-3" "$work/a.ko" "$work/body-flip.ko"
	z < "$work/body-flip.ko" > "$cases/body-flip.ko$ext"
	z < "$kout/$mod_u.ko" > "$cases/no-trailer.ko$ext"	# as linked: no proof
	# A byte flipped in the middle of the compressed stream, and the
	# stream cut in half: the kernel must refuse both and carry on.
	cp "$lib/$mod_a.ko$ext" "$cases/corrupt.ko$ext"
	size=$(stat -c %s "$cases/corrupt.ko$ext")
	python3 - "$cases/corrupt.ko$ext" $((size / 2)) <<'PY' || die "corrupt"
import sys
with open(sys.argv[1], 'r+b') as f:
    f.seek(int(sys.argv[2])); b = f.read(1); f.seek(int(sys.argv[2]))
    f.write(bytes([b[0] ^ 0xff]))
PY
	head -c $((size / 2)) "$lib/$mod_a.ko$ext" > "$cases/truncated.ko$ext"
fi
[ -z "$extmod" ] || cp "$extmod" "$cases/extmod.ko" || die "no $extmod"

echo "# host verdicts (scripts/module-hashes verify):"
"$tool" verify --vmlinux "$kout/vmlinux" "$cases" "$mods/kernel" | sed 's/^/#   /'

# NAME HOW ARG MODNAME | normal: LOADS ERRTEXT LOGWORD | enforce: LOADS ERRTEXT LOGWORD
# LOADS: yes (verified, no taint, silent) / test (verified, may log) /
#        taint (loads, taints E) / no
if [ -n "$ext" ]; then
	# A cut xz stream fails to decompress; the kernel's zstd decoder
	# returns what it got, which is no module.  busybox modprobe
	# decompresses .xz itself (after trying finit_module without
	# MODULE_INIT_COMPRESSED_FILE, which logs no-proof) but not .zst.
	m=/lib/modules/$kver/kernel
	cut="$einval	decompress"
	[ "$ext" = .xz ] || cut="-	-"
	table=$(cat <<EOT
good-finitc	finitc	$m/$mod_b.ko$ext	$name_b	yes	-	-	yes	-	-
body-flip-finitc	finitc	/cases/body-flip.ko$ext	$name_a	no	$rejected	: tampered:	no	$rejected	: tampered:
no-trailer-finitc	finitc	/cases/no-trailer.ko$ext	$name_u	taint	-	: no-proof:	no	$rejected	: no-proof:
corrupt-finitc	finitc	/cases/corrupt.ko$ext	$name_a	no	-	-	no	-	-
truncated-finitc	finitc	/cases/truncated.ko$ext	$name_a	no	$cut	no	$cut
EOT
)
	[ "$ext" = .zst ] || table=$(printf '%s\n%s\n' "$table" \
		"good-modprobe	modprobe	$name_p	$name_p	test	-	-	test	-	-")
else
table=$(cat <<EOT
good-insmod	insmod	/lib/modules/$kver/kernel/$mod_b.ko	$name_b	yes	-	-	yes	-	-
good-modprobe	modprobe	$name_p	$name_p	yes	-	-	yes	-	-
good-finit	finit	/lib/modules/$kver/kernel/$mod_b.ko	$name_b	yes	-	-	yes	-	-
good-init	init	/lib/modules/$kver/kernel/$mod_b.ko	$name_b	yes	-	-	yes	-	-
body-flip-finit	finit	/cases/body-flip.ko	$name_a	no	$rejected	: tampered:	no	$rejected	: tampered:
body-flip-init	init	/cases/body-flip.ko	$name_a	no	$rejected	: tampered:	no	$rejected	: tampered:
no-trailer-init	init	/cases/no-trailer.ko	$name_u	taint	-	: no-proof:	no	$rejected	: no-proof:
kunit	insmod	/lib/modules/$kver/kernel/kernel/module/hashes_kunit.ko	hashes_kunit	test	-	] ok 1 module_hashes	test	-	] ok 1 module_hashes
no-trailer	insmod	/cases/no-trailer.ko	$name_u	taint	-	: no-proof:	no	$rejected	: no-proof:
good-force	finitf	/lib/modules/$kver/kernel/$mod_b.ko	$name_b	$forced	no	$rejected	: no-proof:
path-flip-finit	finit	/cases/path-flip.ko	$name_a	no	$rejected	: tampered:	no	$rejected	: tampered:
path-flip-force	finitf	/cases/path-flip.ko	$name_a	$forced	no	$rejected	: no-proof:
EOT
)
	# The vectors: what each verdict makes the kernel do, normal | enforce.
	: > "$work/labels"
	while read -r kind id want body name; do
		if [ "$kind" = skip ]; then
			[ $demo = 1 ] ||
				skip "vector $id: scope $want, not applicable to a booted kernel's modules"
			continue
		fi
		case $want in
		verified)	expect="yes	-	-	yes	-	-" ;;
		tampered)	expect="no	$rejected	: tampered:	no	$rejected	: tampered:" ;;
		malformed)	expect="no	$badmsg	: malformed:	no	$badmsg	: malformed:" ;;
		other-build|no-proof)
				expect="taint	-	: $want:	no	$rejected	: $want:" ;;
		*)		die "vector $name: unknown verdict $want" ;;
		esac
		[ "$body" = other ] && modname=$name_b || modname=$name_a
		table=$(printf '%s\n%s\n' "$table" "$id	insmod	/cases/$id.ko	$modname	$expect")
		echo "$id $name" >> "$work/labels"
	done < "$work/vectors"
	[ $demo = 1 ] ||
		echo "# vectors: $(grep -c '^case' "$work/vectors") applied, $(grep -c '^skip' "$work/vectors") not applicable"
fi
if [ -n "$extmod" ]; then
	table=$(printf '%s\n%s\n' "$table" \
		"extmod	insmod	/cases/extmod.ko	$extname	taint	-	: no-proof:	no	$rejected	: no-proof:")
fi
if [ ! -f "$mods/kernel/kernel/module/hashes_kunit.ko" ]; then
	table=$(printf '%s\n' "$table" | grep -v '^kunit	')
fi
if [ $demo = 1 ]; then
	show=$(awk '$1 == "case" && ($5 == "body[40]-bit-3" || $5 == "path[0]-bit-0" ||
		$5 == "path-short-sig_len-adjusted" || $5 == "proof-from-another-tree") { print $2 }' \
		"$work/vectors" 2>/dev/null | paste -sd'|')
	table=$(printf '%s\n' "$table" | grep -E "^(good-insmod|good-modprobe|no-trailer|$show)	")
fi
printf '%s\n' "$table" | cut -f1-4 | tr '\t' ' ' > "$cases/list"

# ---------------------------------------------------------------------------
# The initramfs: busybox, the installed modules, the cases.
root=$work/root
cp "$busybox" "$root/bin/busybox"
$cc -static -O2 -o "$root/bin/loadmod" "$here/loadmod.c" || die "cannot build loadmod (static libc)"
cp "$here/init.sh" "$root/init"
mkdir -p "$root/lib/modules" "$root/proc" "$root/sys" "$root/dev"
cp -a "$mods" "$root/lib/modules/"
rm -f "$root/lib/modules/$kver/build" "$root/lib/modules/$kver"/modules.dep*
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/initramfs.cpio.gz" ||
	die "cannot pack the initramfs"

# boot NAME EXTRA-CMDLINE: one boot, its serial log in serial-NAME.log.txt,
# and in boot-NAME its wall time and whether it reached the end.
boot() {
	local log=$work/serial-$1.log t0=$SECONDS
	timeout "$timeout" $qemu -nographic -no-reboot -m 256M \
		-kernel "$image" -initrd "$work/initramfs.cpio.gz" \
		-append "console=$console panic=-1 loglevel=4 $2" </dev/null >"$log" 2>&1
	tr -d '\r' < "$log" > "$log.txt"
	if grep -q '^MHT-DONE' "$log.txt"; then
		echo "$((SECONDS - t0)) done" >"$work/boot-$1"
	else
		echo "$((SECONDS - t0)) -" >"$work/boot-$1"
	fi
}

# The vector name of case NAME, if it is one.
label() { [ -f "$work/labels" ] && awk -v id="$1" '$1 == id { print $2 }' "$work/labels"; }

# case_check MODE NAME LOADS ERRTEXT LOGWORD: one case in one boot.
case_check() {
	local mode=$1 name=$2 loads=$3 err=$4 word=$5 log=$work/serial-$1.log.txt
	local c out mod logs why=
	c=$(grep "^MHT-CASE $name " "$log")
	out=$(grep "^MHT-OUT $name " "$log")
	mod=$(grep "^MHT-MOD $name " "$log")
	logs=$(grep "^MHT-LOG $name " "$log")
	[ -n "$c" ] || why="case did not run"
	case $loads in
	yes)	case $c in *" rc=0 loaded=yes"*) ;; *) why="${why:-did not load: $out}" ;; esac
		case $mod in *"("*E*")"*) why="${why:-module tainted: $mod}" ;; esac
		[ -z "$logs" ] || why="${why:-unexpected log: $logs}" ;;
	test)	case $c in *" rc=0 loaded=yes"*) ;; *) why="${why:-did not load: $out}" ;; esac
		case $mod in *"("*E*")"*) why="${why:-module tainted: $mod}" ;; esac ;;
	taint)	case $c in *" rc=0 loaded=yes"*) ;; *) why="${why:-did not load: $out}" ;; esac
		case $mod in *"("*E*")"*) ;; *) why="${why:-module not tainted E: $mod}" ;; esac ;;
	no)	case $c in *" loaded=no"*) ;; *) why="${why:-loaded}" ;; esac
		case $c in *" rc=0 "*) why="${why:-insmod succeeded}" ;; esac ;;
	esac
	if [ "$err" != - ]; then
		case $out in *"$err"*) ;; *) why="${why:-error is not '$err': $out}" ;; esac
	fi
	if [ "$word" != - ]; then
		case $logs in *"$word"*) ;; *) why="${why:-no '$word' in the kernel log: $logs}" ;; esac
	fi
	local what="$mode: $name$(label "$name" | sed 's/^/ /') ($loads${err:+, $err}${word:+, log '$word'})"
	what=${what//, -/}
	check "$what" "$why"
}

# The checks of boot MODE, once it has run.
run_mode() {	# MODE CMDLINE FIELD-OFFSET
	local mode=$1 extra=$2 off=$3 secs done
	read -r secs done <"$work/boot-$mode"
	if [ "$done" = done ]; then
		ok "$mode: boot with '$extra' reached the end ($secs s)"
	else
		notok "$mode: boot with '$extra' did not reach MHT-DONE within ${timeout}s (see $work/serial-$mode.log)"
		return
	fi
	if [ "$mode" = enforce ]; then
		grep -q '^MHT-ENFORCE Y' "$work/serial-$mode.log.txt" &&
			ok "$mode: module.sig_enforce=1 took effect" ||
			notok "$mode: module.sig_enforce=1 took effect"
	fi
	grep -q '^MHT-DEPMOD ok' "$work/serial-$mode.log.txt" &&
		ok "$mode: depmod in the guest" || notok "$mode: depmod in the guest"
	printf '%s\n' "$table" | while IFS='	' read -r name how arg modname rest; do
		set -- $(printf '%s' "$rest" | tr ' ' '\001' | tr '\t' ' ')
		local loads err word
		shift $off
		loads=$1 err=$(printf '%s' "$2" | tr '\001' ' ') word=$(printf '%s' "$3" | tr '\001' ' ')
		case_check "$mode" "$name" "$loads" "$err" "$word"
		echo "$pass $fail $n" > "$work/counts"
	done
	read -r pass fail n < "$work/counts"
}

# The KUnit suite's own results in boot MODE, a TAP line for each test it
# ran (each parameter of a parameterised case): so a failed KUnit test
# is named here, and the suite needs no kernel build of its own.  Cases
# are KTAP's lines indented once, their parameters twice, before them.
kunit_rows() {	# MODE
	printf '%s\n' "$table" | grep -q '^kunit	' || return 0
	local rows st what
	rows=$(sed -n 's/^MHT-KTAP kunit \(\[[^]]*\] \)\{0,1\}//p' "$work/serial-$1.log.txt" |
	awk '{	match($0, /^ */); d = RLENGTH / 4; t = substr($0, RLENGTH + 1)
		st = (t ~ /^not ok/) ? "fail" : "ok"
		sub(/^(not )?ok [0-9]+ /, "", t)
		if (t ~ /# SKIP/) { st = "skip"; sub(/ *# SKIP.*/, "", t) }
		if (d >= 2) { p[++np] = st "\t" t; bad += (st == "fail"); next }
		for (i = 1; i <= np; i++) {
			split(p[i], f, "\t"); print f[1] "\t" t ": " f[2]
		}
		if (!np || (st == "fail" && !bad)) print st "\t" t
		np = bad = 0 }')
	[ -n "$rows" ] || { notok "$1: KUnit: no results in the kernel log"; return; }
	while IFS='	' read -r st what; do
		case $st in
		ok)	ok "$1: KUnit: $what" ;;
		skip)	skip "$1: KUnit: $what" ;;
		*)	notok "$1: KUnit: $what" ;;
		esac
	done <<< "$rows"
}

# Both boots at once: QEMU's TCG runs a guest on one host core, so two
# cores run both in the time of one.
boot normal "" &
pn=$!
boot enforce "module.sig_enforce=1" &
wait "$pn" $!
run_mode normal "" 0
[ $demo = 1 ] || kunit_rows normal
run_mode enforce "module.sig_enforce=1" 3

# What one case did in one boot, in a few words.
describe() {	# MODE NAME
	local log=$work/serial-$1.log.txt c out mod
	c=$(grep "^MHT-CASE $2 " "$log") || { echo "did not run"; return; }
	out=$(grep "^MHT-OUT $2 " "$log" | cut -d' ' -f3-)
	mod=$(grep "^MHT-MOD $2 " "$log")
	case $c in
	*loaded=yes*) case $mod in *"("*E*")"*) echo "loaded, tainted (E)" ;; *) echo "loaded, not tainted" ;; esac ;;
	*) out=${out##*: }; echo "refused: ${out% }" ;;
	esac
}

if [ $demo = 1 ]; then
	echo
	echo "Linux $kver, booted twice under QEMU (make demo KVER=6.12 or KVER=7.2 picks the kernel)."
	echo
	printf '%-34s %-40s %s\n' "module (how loaded)" "default boot" "module.sig_enforce=1"
	printf '%-34s %-40s %s\n' "-------------------" "------------" "--------------------"
	printf '%s\n' "$table" | while IFS='	' read -r name how arg modname rest; do
		printf '%-34s %-40s %s\n' "$(label "$name" | grep . || echo "$name") ($how $modname)" \
			"$(describe normal "$name")" "$(describe enforce "$name")"
	done
	echo
	echo "# kernel log of the default boot:"
	grep '^MHT-LOG' "$work/serial-normal.log.txt" | cut -d' ' -f3- | sort -u -k3 | sed 's/^/#   /'
fi
finish
