#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Module loading policy tests of CONFIG_MODULE_HASHES under QEMU, on a kernel
# with CONFIG_MODULE_SIG as well (configs/module-hashes-policy.config):
# in-tree modules authenticated by proof and an out-of-tree module signed
# with sign-file, in one boot; module.sig_enforce=1; lockdown=integrity; an
# IMA appraise policy; the sysfs ABI against "module-hashes root vmlinux".
#
# run.sh --kernel KBUILD_OUTPUT --src KERNEL_SOURCE --modroot INSTALL_MOD_PATH
#        --tool MODULE_HASHES --work DIR [--timeout SECONDS] [--boots "A B"]
#        [--bench-label TEXT] [--bench-also DIR]
#
# The boot "bench" prints the benchmark's figures and keeps them in
# DIR/bench.tsv, its proof rows labelled TEXT; --bench-also DIR adds the
# rows of an earlier run's DIR/bench.tsv (another kernel, another label) to
# the table, each still a ratio to the bare SHA-256 of its own boot.
#
# Prints "ok N - ..." / "not ok N - ..." and a last line "N passed, N failed";
# exits 1 if anything failed.

set -u
here=$(cd "$(dirname "$0")" && pwd)
qemu_dir=$here/../qemu
kout= ksrc= modroot= tool= work= timeout=300 eckey= mem=256M revoked=
bench_label= bench_also=
boots="normal enforce lockdown ima imahash fips fipsneg"
usage="usage: $0 --kernel DIR --src DIR --modroot DIR --tool FILE --work DIR --revoked DIR [--timeout S] [--boots LIST] [--eckey PEM] [--bench-label TEXT] [--bench-also DIR]"
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kout=$2; shift ;;
	--src) ksrc=$2; shift ;;
	--modroot) modroot=$2; shift ;;
	--tool) tool=$2; shift ;;
	--work) work=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--boots) boots=$2; shift ;;
	--eckey) eckey=$2; shift ;;
	--mem) mem=$2; shift ;;
	--revoked) revoked=$2; shift ;;
	--bench-label) bench_label=$2; shift ;;
	--bench-also) bench_also=$2; shift ;;
	*) echo "$usage" >&2; exit 2 ;;
	esac
	shift
done
[ -n "$kout" ] && [ -n "$ksrc" ] && [ -n "$modroot" ] && [ -n "$tool" ] &&
	[ -n "$work" ] && [ -n "$revoked" ] || { echo "$usage" >&2; exit 2; }
kout=$(realpath "$kout") ksrc=$(realpath "$ksrc") modroot=$(realpath "$modroot")
tool=$(realpath "$tool") work=$(realpath -m "$work")
[ -z "$eckey" ] || eckey=$(realpath "$eckey")

. "$here/../qemu/lib.sh"
find_kernel
. "$here/kernels.sh"
kernel_roles "$kver" || die "no modules for Linux $kver"

# ---------------------------------------------------------------------------
# Cases, made on the host.
rm -rf "$work"
mkdir -p "$work/root/cases" "$work/root/bin" "$work/hello" "$work/keys"
cases=$work/root/cases
kmods=$mods/kernel

# Hostile copies of the module "hostile" (kernels.sh): CASE is made as the
# row VECTOR of kernel/module/hashes_vectors.h, the table the other suites
# read.
vectors=$here/../../../../../kernel/module/hashes_vectors.h
for cv in tampered:"body[40]-bit-3" path-flip:"path[0]-bit-0" \
	  index-range:leaf_index-is-tree_size size-zero:tree_size-0 \
	  truncate-path:path-short-sig_len-adjusted trailer-cut:cut-10 \
	  other-build:"root[31]-bit-7"; do
	python3 "$qemu_dir/mutate.py" one "$vectors" "${cv#*:}" "$kmods/$mod_hostile.ko" \
		"$cases/${cv%%:*}.ko" || die "mutate ${cv#*:}"
done
cp "$kout/$mod_noproof.ko" "$cases/no-proof.ko" || die "no $kout/$mod_noproof.ko"
# The blacklist's modules (revoke.sh, at build time): the signed one is not
# installed; the proven ones are, and must match the installed files.
cp "$revoked/revoked-signed.ko" "$cases/" || die "no $revoked/revoked-signed.ko"
cmp -s "$revoked/revoked-proof.ko" "$kmods/$mod_revoked.ko" &&
	cmp -s "$revoked/revoked-body.ko" "$kmods/$mod_revoked_body.ko" ||
	die "$revoked: the blacklisted modules are not those installed in $modroot"

[ ! -f "$kout/crypto/zstd.ko" ] || cp "$kout/crypto/zstd.ko" "$cases/zstd-noproof.ko"

# The out-of-tree module, built against this kernel and signed by sign-file
# with the key the build generated (certs/signing_key.pem), which is in the
# kernel's builtin trusted keyring.
cp "$here/extmod/"*.c "$here/extmod/Kbuild" "$work/hello/"
make -s -C "$ksrc" O="$kout" M="$work/hello" modules >"$work/hello.log" 2>&1 ||
	die "cannot build the out-of-tree module (see $work/hello.log)"
find_signing_key
cp "$work/hello/mh_hello.ko" "$cases/unsigned.ko"
"$signfile" sha256 "$key" "$x509" "$cases/unsigned.ko" "$cases/signed.ko" ||
	die "sign-file"
"$signfile" sha256 "$key" "$x509" "$work/hello/mh_watch.ko" "$cases/watch.ko" ||
	die "sign-file (mh_watch)"
# A signature by a key the kernel does not know.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=untrusted \
	-keyout "$work/keys/untrusted.pem" -out "$work/keys/untrusted.x509" \
	-outform DER >/dev/null 2>&1 || die "openssl req"
"$signfile" sha256 "$work/keys/untrusted.pem" "$work/keys/untrusted.x509" \
	"$cases/unsigned.ko" "$cases/untrusted.ko" || die "sign-file (untrusted)"
# A PKCS#7 trailer whose signature is garbage, for the parser.
python3 - "$cases/signed.ko" "$cases/garbage-sig.ko" <<'EOF' || die "garbage-sig"
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
end = len(d) - 28 - 12
sig_len = struct.unpack_from(">I", d, end + 8)[0]
for i in range(end - sig_len, end):
    d[i] = (i * 7 + 1) & 0xff
open(sys.argv[2], "wb").write(bytes(d))
EOF
# A validly signed module changed afterwards: one byte of its body.
python3 - "$cases/signed.ko" "$cases/badsig.ko" <<'EOF' || die "badsig"
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[len(data) // 4] ^= 0x01
open(sys.argv[2], "wb").write(bytes(data))
EOF

# The benchmark: the same module bytes with their proof, an RSA-4096
# signature (the build's key) and an ECDSA P-256 one (--eckey, trusted
# through CONFIG_SYSTEM_TRUSTED_KEYS), for a small (proof_a: crc7, 5 KB), a
# large (zstd_compress, 575 KB) and a very large module (kheaders, 4.3 MB).
"$signfile" sha256 "$key" "$x509" "$work/hello/mh_bench.ko" "$cases/bench.ko" ||
	die "sign-file (mh_bench)"
bench_args=
for m in $name_proof_a:$mod_proof_a zstd:$mod_bench_zstd kheaders:$mod_bench_kheaders; do
	b=${m%%:*} f=${m#*:}.ko
	[ -f "$kout/$f" ] || continue
	cp "$mods/kernel/$f" "$cases/bench-$b-merkle.ko"
	"$signfile" sha256 "$key" "$x509" "$kout/$f" "$cases/bench-$b-rsa4096.ko" ||
		die "sign-file (bench rsa)"
	bench_args="$bench_args,/cases/bench-$b-merkle.ko,/cases/bench-$b-rsa4096.ko"
	if [ -n "$eckey" ]; then
		"$signfile" sha256 "$eckey" "$eckey" "$kout/$f" "$cases/bench-$b-ecdsa256.ko" ||
			die "sign-file (bench ecdsa)"
		bench_args="$bench_args,/cases/bench-$b-ecdsa256.ko"
	fi
done
echo "files=${bench_args#,} iterations=${BENCH_ITERATIONS:-300}" > "$cases/bench.args"

# The leaf a proven module must be logged with: SHA-256(0x00 || SHA-256(body)).
leaf() {
	PYTHONPATH=$here/../lib python3 - "$1" <<'EOF'
import hashlib, sys, trailer
body = trailer.proof(open(sys.argv[1], "rb").read()).body
print(hashlib.sha256(b"\0" + hashlib.sha256(body).digest()).hexdigest())
EOF
}
leaf_a=$(leaf "$kmods/$mod_proof_a.ko")
leaf_b=$(leaf "$kmods/$mod_proof_b.ko")

# NAME HOW FILE MODNAME EXPECT per boot. EXPECT: merkle or pkcs7 (loads,
# authenticated that way, no taint), none (loads, authentication none,
# taint E), or no:ERRNO-TEXT (refused with that error).
rej="Key was rejected by service"
perm="Operation not permitted"
bad="Bad message"
row() { printf '%s\t%s\t%s\t%s\t%s\n' "$@"; }
acc="Permission denied"
inval="Invalid argument"
table() {	# BOOT
	local m=/lib/modules/$kver/kernel soft hard
	case $1 in
	normal) soft=none ;;
	enforce) soft="no:$rej" ;;
	lockdown) soft="no:$perm" ;;
	ima|imahash) table_ima "$1"; return ;;
	fips) table_fips; return ;;
	fipsneg) table_fipsneg; return ;;
	esac
	row proof-insmod insmod "$m/$mod_proof_a.ko" $name_proof_a merkle
	row proof-finit finit "$m/$mod_proof_b.ko" $name_proof_b merkle
	row proof-init init "$m/$mod_proof_a.ko" $name_proof_a merkle
	row signed insmod /cases/signed.ko mh_hello pkcs7
	row tampered insmod /cases/tampered.ko $name_hostile "no:$rej"
	row badsig insmod /cases/badsig.ko mh_hello "no:$rej"
	row unsigned insmod /cases/unsigned.ko mh_hello "$soft"
	row untrusted insmod /cases/untrusted.ko mh_hello "$soft"
	row other-build insmod /cases/other-build.ko $name_hostile "$soft"
	row no-proof insmod /cases/no-proof.ko $name_noproof "$soft"
	# Blacklisted (CONFIG_SYSTEM_BLACKLIST_HASH_LIST): the file with its
	# proof, the same module bytes signed, and module bytes listed alone.
	# A signed file's hash revokes it where the kernel looks it up
	# (signed_revoked, kernels.sh); elsewhere its signature loads it.
	row revoked-proof insmod "$m/$mod_revoked.ko" $name_revoked "no:$rej"
	if [ "$signed_revoked" = yes ]; then
		row revoked-signed insmod /cases/revoked-signed.ko $name_revoked "no:$rej"
	else
		row revoked-signed insmod /cases/revoked-signed.ko $name_revoked pkcs7
	fi
	row revoked-body finit "$m/$mod_revoked_body.ko" $name_revoked_body "no:$rej"
	[ "$1" = normal ] || return 0
	# Hostile trailers (also what the KASAN kernel runs).
	row path-flip insmod /cases/path-flip.ko $name_hostile "no:$rej"
	row index-range insmod /cases/index-range.ko $name_hostile "no:$bad"
	row size-zero init /cases/size-zero.ko $name_hostile "no:$bad"
	row truncate-path finit /cases/truncate-path.ko $name_hostile "no:$bad"
	row trailer-cut insmod /cases/trailer-cut.ko $name_hostile none
	row garbage-sig insmod /cases/garbage-sig.ko mh_hello "no:$bad"
}
# Under "appraise func=MODULE_CHECK appraise_type=imasig|modsig", through
# finit_module (IMA appraises files): a proof is not what the rule asks for,
# so IMA refuses every module with EACCES before the loader sees it,
# including the PKCS#7-signed one, whose key is not on the .ima keyring.
# Under "appraise_type=imasig|modsig|modhash" (boot imahash) a valid proof
# passes, unless the module is blacklisted.  A pass by proof is for that
# load only: the same file read as a kexec kernel or as an IMA policy (rules
# that ask for an IMA signature) is refused after it.  A rule that asks for
# "modhash" anywhere but MODULE_CHECK is refused.
table_ima() {
	local m=/lib/modules/$kver/kernel proven=merkle
	[ "$1" = imahash ] || proven="no:$acc"
	row proof-insmod finit "$m/$mod_proof_a.ko" $name_proof_a "$proven"
	row proof-finit finit "$m/$mod_proof_b.ko" $name_proof_b "$proven"
	row signed finit /cases/signed.ko mh_hello "no:$acc"
	row tampered finit /cases/tampered.ko $name_hostile "no:$acc"
	row unsigned finit /cases/unsigned.ko mh_hello "no:$acc"
	row other-build finit /cases/other-build.ko $name_hostile "no:$acc"
	row no-proof finit /cases/no-proof.ko $name_noproof "no:$acc"
	if [ "$1" = ima ]; then
		row kexec-modhash-rule imarule /cases/kexec-modhash.rule - "no:$inval"
		return 0
	fi
	row kexec-after-proof kexec "$m/$mod_proof_b.ko" $name_proof_b "no:$acc"
	row policy-after-proof imapolicy "$m/$mod_proof_b.ko" $name_proof_b "no:$acc"
	# A proof that passes but is revoked: refused by IMA's own check.
	row revoked-proof finit "$m/$mod_revoked.ko" $name_revoked "no:$acc"
	row revoked-body finit "$m/$mod_revoked_body.ko" $name_revoked_body "no:$acc"
}
# fips=1: a crypto module registering an algorithm (crypto/zstd.ko, by
# modprobe with its zstd library modules) panics the kernel unless it is
# authenticated (crypto/algapi.c); here it is, by proof.
table_fips() {
	row fips-crypto modprobe zstd zstd merkle
	row proof-insmod insmod "/lib/modules/$kver/kernel/$mod_proof_a.ko" $name_proof_a merkle
}
# The control: the same crypto module without its proof panics fips=1.
table_fipsneg() {
	row fips-deps modprobe zstd_compress zstd_compress merkle
	row fips-deps2 modprobe zstd_decompress zstd_decompress merkle
	row fips-noproof insmod /cases/zstd-noproof.ko zstd panic
}
for b in $boots; do
	[ "$b" = bench ] && continue
	table "$b" | cut -f1-4 | tr '\t' ' ' > "$cases/$b.list"
done
# IMA: appraise every module with an IMA signature or an appended one, and
# measure them.  finit_module only: init_module has no file to appraise.
cat > "$cases/ima.ima" <<EOF
measure func=MODULE_CHECK
appraise func=MODULE_CHECK appraise_type=imasig|modsig
EOF
cat > "$cases/imahash.ima" <<EOF
measure func=MODULE_CHECK
appraise func=MODULE_CHECK appraise_type=imasig|modsig|modhash
appraise func=KEXEC_KERNEL_CHECK appraise_type=imasig|modsig
appraise func=POLICY_CHECK appraise_type=imasig
EOF
echo "appraise func=KEXEC_KERNEL_CHECK appraise_type=imasig|modhash" \
	> "$cases/kexec-modhash.rule"

# ---------------------------------------------------------------------------
# The initramfs: busybox, loadmod, the installed modules, the cases.
root=$work/root
cp "$busybox" "$root/bin/busybox"
$cc -static -O2 -o "$root/bin/loadmod" "$qemu_dir/loadmod.c" ||
	die "cannot build loadmod (static libc)"
cp "$here/init.sh" "$root/init"
pack_initramfs "$root" "$work/initramfs.cpio.gz"

boot() {	# NAME EXTRA-CMDLINE
	local log=$work/serial-$1.log
	timeout "$timeout" $qemu -nographic -no-reboot -m $mem \
		-kernel "$image" -initrd "$work/initramfs.cpio.gz" \
		-append "console=$console panic=-1 loglevel=4 mhpolicy=$1 $2" \
		</dev/null >"$log" 2>&1
	tr -d '\r' < "$log" > "$log.txt"
	grep -q '^MHP-DONE' "$log.txt"
}

case_check() {	# BOOT NAME MODNAME EXPECT
	local log=$work/serial-$1.log.txt name=$2 modname=$3 want=$4 c out logs why=
	c=$(grep "^MHP-CASE $name " "$log")
	out=$(grep "^MHP-OUT $name " "$log" | cut -d' ' -f3-)
	logs=$(grep "^MHP-LOG $name " "$log" | cut -d' ' -f3-)
	[ -n "$c" ] || why="case did not run"
	case $want in
	merkle|pkcs7|none)
		case $c in *" rc=0 loaded=yes auth=$want "*) ;;
		*) why=${why:-"not loaded with auth=$want: $c $out"} ;; esac
		case $want:$c in
		none:*taint=*E*) ;;
		none:*) why=${why:-"not tainted E: $c"} ;;
		*:*taint=*E*) why=${why:-"tainted: $c"} ;;
		esac
		local word="$modname: authentication: $want" lsm="mh_watch: $modname coming: auth=$want"
		case $name in
		proof-insmod|proof-init) word="$word, leaf $leaf_a"; lsm="$lsm digest=$leaf_a" ;;
		proof-finit) word="$word, leaf $leaf_b"; lsm="$lsm digest=$leaf_b" ;;
		esac
		case $logs in *"$word"*) ;;
		*) why=${why:-"no '$word' in the log: $logs"} ;; esac
		case $logs in *"$lsm"*) ;;
		*) why=${why:-"no '$lsm' from the module notifier: $logs"} ;; esac ;;
	no:*)
		case $c in *" loaded=no "*) ;; *) why=${why:-"loaded: $c"} ;; esac
		case $out in *"${want#no:}"*) ;;
		*) why=${why:-"error is not '${want#no:}': $out"} ;; esac
		case $name in revoked-*)
			case $logs in *"is blacklisted"*) ;;
			*) why=${why:-"no 'is blacklisted' in the log: $logs"} ;; esac ;;
		esac ;;
	esac
	check "$1: $name ($want)" "$why"
}

# The benchmark's figures: median and minimum per file, each as a ratio to
# the median and the minimum of a bare SHA-256 of the same module bytes,
# measured in the same boot (on a busy host the minimum is the steadier).
bench_report() {	# LOG
	local lines
	lines=$(grep '^MHP-BENCH .*median_ns=' "$1")
	if [ -z "$lines" ]; then
		notok "bench: no figures: $(grep -e '^MHP-BENCH' -e mh_bench "$1" | tr '\n' ' ')"
		return
	fi
	printf '%s\n' "$lines" | python3 -c '
import os, re, sys
label, tsv, also = sys.argv[1:4]
rows = {}
for l in sys.stdin:
    m = re.search(r"bench-(\w+)-(\w+)\.ko method=(\w+) bytes=(\d+) path=(\d+) n=(\d+) median_ns=(\d+) min_ns=(\d+)", l)
    if m:
        kind = m[3] if m[3] == "sha256" else m[2]
        if kind == "merkle" and label:
            kind += " (%s)" % label
        rows[(m[1], kind)] = [int(x) for x in m.group(4, 5, 6, 7, 8)]
for (mod, kind), v in rows.items():
    base = rows.get((mod, "sha256"))
    v.append(v[3] / base[3] if base and base[3] else 0)
    v.append(v[4] / base[4] if base and base[4] else 0)
with open(tsv, "w") as f:
    for (mod, kind), v in rows.items():
        print(mod, kind, *v, sep="\t", file=f)
if also and os.path.exists(also):
    for l in open(also):
        mod, kind, *v = l.rstrip("\n").split("\t")
        if kind != "sha256":
            rows.setdefault((mod, kind), [int(x) for x in v[:5]] + [float(x) for x in v[5:7]])
order = lambda k: (k[0], {"sha256": 0, "rsa4096": 8, "ecdsa256": 9}.get(k[1], 5), k[1])
print("# %-8s %-26s %9s %5s %5s %12s %12s %8s %8s" % ("module", "check", "bytes", "path", "n", "median_us", "min_us", "x_median", "x_min"))
for (mod, kind) in sorted(rows, key=order):
    size, path, n, med, mn, ratio, rmin = rows[(mod, kind)]
    print("# %-8s %-26s %9d %5d %5d %12.1f %12.1f %8s %8s" % (mod, kind, size, path, n, med / 1000, mn / 1000,
          "%.2f" % ratio if ratio else "-", "%.2f" % rmin if rmin else "-"))
# Whole loads of kheaders.ko by finit_module, without and with an IMA
# "modhash" rule: the first load, and the median of the others; the extra
# time, and that time in bare SHA-256 passes of its module bytes timed in
# this boot (by their median and their minimum).
loads = {}
for l in open(sys.argv[4]):
    m = re.match(r"MHP-BENCH-LOAD (\w+) (\d+) ok ns=(\d+)", l)
    if m:
        loads.setdefault(m[1], []).append(int(m[3]))
sha = rows.get(("kheaders", "sha256"))
def median(t):
    return sorted(t)[len(t) // 2]
def extra(d):
    return "+%.1f ms = %.2f-%.2f passes" % (d / 1e6, d / sha[3], d / sha[4])
if loads:
    print("# finit_module(kheaders.ko), IMA policy: first load; median of the others")
for ima in ("none", "modhash"):
    t = loads.get(ima)
    if not t:
        continue
    line = "# %-8s first %7.1f ms; others %7.1f ms" % (ima, t[0] / 1e6, median(t[1:] or t) / 1e6)
    n = loads.get("none")
    if ima != "none" and n and sha:
        line += "; extra: first %s, others %s" % (
            extra(t[0] - n[0]), extra(median(t[1:] or t) - median(n[1:] or n)))
    print(line)
' "$bench_label" "$work/bench.tsv" "${bench_also:+$bench_also/bench.tsv}" "$1"
	ok "bench: $(printf '%s\n' "$lines" | wc -l) figures"
}

for b in $boots; do
	case $b in
	normal) extra= ;;
	enforce) extra=module.sig_enforce=1 ;;
	lockdown) extra=lockdown=integrity ;;
	ima|imahash) extra= ;;
	fips|fipsneg) extra=fips=1 ;;
	bench) extra= ;;
	esac
	t0=$SECONDS
	if [ "$b" = fipsneg ]; then
		boot "$b" "$extra"
		log=$work/serial-$b.log.txt
		grep -q '^MHP-CASE fips-deps rc=0 loaded=yes auth=merkle' "$log" &&
			grep -q 'Module zstd signature verification failed in FIPS mode' "$log" &&
			ok "$b: an unproven crypto module panics fips=1 (the check the proof passes)" ||
			notok "$b: an unproven crypto module panics fips=1: $(grep -e '^MHP-CASE' -e 'FIPS mode' "$log" | tr '\n' ' ')"
		continue
	fi
	if boot "$b" "$extra"; then
		ok "$b: boot with '$extra' reached the end ($((SECONDS - t0)) s)"
	else
		notok "$b: boot with '$extra' did not reach MHP-DONE within ${timeout}s (see $work/serial-$b.log)"
		continue
	fi
	log=$work/serial-$b.log.txt
	if grep -q '^CONFIG_KASAN=y' "$kout/.config"; then
		grep -q '^MHP-KASAN .*KernelAddressSanitizer initialized' "$log" &&
			ok "$b: KASAN is active" ||
			notok "$b: KASAN is active: $(grep '^MHP-KASAN' "$log")"
		grep -q 'BUG: KASAN' "$log" &&
			notok "$b: KASAN report: $(grep -A3 'BUG: KASAN' "$log" | tr '\n' ' ')" ||
			ok "$b: no KASAN report"
	fi
	grep -q -e 'Kernel panic' -e 'BUG:' -e 'WARNING:' -e 'Oops' "$log" &&
		notok "$b: kernel warning: $(grep -m1 -A3 -e 'Kernel panic' -e 'BUG:' -e 'WARNING:' -e 'Oops' "$log" | tr '\n' ' ')" ||
		ok "$b: no kernel BUG, WARNING or Oops"
	case $b in
	fips) grep -q '^MHP-FIPS 1' "$log" && ok "$b: fips_enabled is 1" ||
			notok "$b: fips_enabled is 1: $(grep '^MHP-FIPS' "$log")" ;;
	enforce) grep -q '^MHP-ENFORCE Y' "$log" && ok "$b: sig_enforce is Y" ||
			notok "$b: sig_enforce is Y: $(grep '^MHP-ENFORCE' "$log")" ;;
	lockdown) grep -q '^MHP-LOCKDOWN.*\[integrity\]' "$log" &&
			ok "$b: lockdown is [integrity]" ||
			notok "$b: lockdown is [integrity]: $(grep '^MHP-LOCKDOWN' "$log")" ;;
	ima|imahash) grep -q '^MHP-IMA-POLICY ok' "$log" && ok "$b: IMA policy loaded" ||
			notok "$b: IMA policy loaded: $(grep '^MHP-IMA' "$log")"
		for mod in ${mod_proof_a##*/} ${mod_proof_b##*/}; do
			grep -q "^MHP-MEASURE .*/$mod.ko\$" "$log" &&
				ok "$b: IMA measurement list records $mod.ko" ||
				notok "$b: IMA measurement list records $mod.ko: $(grep '^MHP-MEASURE' "$log" | tr '\n' ' ')"
		done ;;
	esac
	grep -q '^MHP-WATCH loaded' "$log" && ok "$b: mh_watch (module notifier) loaded" ||
		notok "$b: mh_watch (module notifier) loaded: $(grep '^MHP-WATCH' "$log")"
	if [ "$b" = bench ]; then
		bench_report "$log"
		continue
	fi
	table "$b" | while IFS='	' read -r name how arg modname want; do
		case_check "$b" "$name" "$modname" "$want"
		echo "$pass $fail $n" > "$work/counts"
	done
	read -r pass fail n < "$work/counts"
done

# The sysfs ABI against the tool's reading of vmlinux, and the tool's
# prediction from those sysfs values against what the kernel did.
if [ -f "$work/serial-normal.log.txt" ]; then
	log=$work/serial-normal.log.txt
	mkdir -p "$work/sysfs"
	for f in algo tree_size root; do
		sed -n "s/^MHP-SYSFS $f //p" "$log" > "$work/sysfs/$f"
	done
	want=$("$tool" root "$kout/vmlinux")
	got=$(printf 'algo: %s\ntree_size: %s\nroot: %s' "$(cat "$work/sysfs/algo")" \
		"$(cat "$work/sysfs/tree_size")" "$(cat "$work/sysfs/root")")
	[ "$want" = "$got" ] && ok "sysfs algo, tree_size, root equal 'module-hashes root vmlinux'" ||
		notok "sysfs equal 'module-hashes root vmlinux': want '$want', got '$got'"
	grep -Eq '^MHP-SYSFS root [0-9a-f]{64}$' "$log" &&
		grep -Eq '^MHP-SYSFS tree_size [0-9]+$' "$log" &&
		ok "sysfs root is 64 lower-case hex digits, tree_size decimal" ||
		notok "sysfs format: $(grep '^MHP-SYSFS' "$log" | tr '\n' ' ')"
	if ! "$tool" verify --help 2>&1 | grep -q -- --running; then
		notok "verify --running: $tool does not have it"
	else
		why=
		for c in proof-insmod:"$kmods/$mod_proof_a.ko" tampered:"$cases/tampered.ko" \
			 other-build:"$cases/other-build.ko" no-proof:"$cases/no-proof.ko" \
			 signed:"$cases/signed.ko"; do
			name=${c%%:*} file=${c#*:}
			v=$("$tool" verify --running --sysfs "$work/sysfs" "$file" 2>&1)
			case $v in *": verified"*) p=merkle ;; *) p=other ;; esac
			k=$(grep "^MHP-CASE $name " "$log")
			case $k in *"auth=merkle"*) a=merkle ;; *) a=other ;; esac
			[ "$p" = "$a" ] || why="$why $name: tool '$v', kernel '$k';"
		done
		check "verify --running on the guest's sysfs predicts which modules load by proof" "$why"
	fi
fi

# modules_sign on this kernel (MODULE_SIG, no MODULE_SIG_ALL): a signature
# over the proof would hide it (the kernel checks the outer signature, IPE's
# module_hashes_proven refuses the module).  Proven modules are left as they
# are, with one line that says so; the external module, installed unsigned,
# is signed as before.  modules_sign compiles nothing.
kmk() { make -C "$ksrc" O="$kout" "$@" >"$work/sign.log" 2>&1; }
sums() { (cd "$1" && find . -name '*.ko*' -type f | sort | xargs sha256sum); }
signed=$work/mods-sign
rm -rf "$signed" && cp -a "$modroot" "$signed"
before=$(sums "$signed")
why=
kmk INSTALL_MOD_PATH="$signed" modules_sign || why="modules_sign: $(tail -n 3 "$work/sign.log" | tr '\n' ' ')"
[ -n "$why" ] || grep -qxF "  SKIP    $signed/lib/modules/$kver/kernel: hash proofs, not signed (CONFIG_MODULE_HASHES)" "$work/sign.log" ||
	why="no SKIP line: $(tail -n 3 "$work/sign.log" | tr '\n' ' ')"
[ -n "$why" ] || ! grep -q '^  SIGN ' "$work/sign.log" ||
	why="it signed: $(grep '^  SIGN ' "$work/sign.log" | head -2 | tr '\n' ' ')"
[ -n "$why" ] || [ "$(sums "$signed")" = "$before" ] || why="installed modules changed"
[ -n "$why" ] || "$tool" verify -q --vmlinux "$kout/vmlinux" "$signed" >"$work/sign.verify" 2>&1 ||
	why="verify: $(head -3 "$work/sign.verify" | tr '\n' ' ')"
check "make modules_sign leaves the proven modules as they are and says so" "$why"
ext=$work/mods-sign-ext
why=
kmk M="$work/hello" INSTALL_MOD_PATH="$ext" modules_install ||
	why="make M= modules_install: $(tail -n 3 "$work/sign.log" | tr '\n' ' ')"
[ -n "$why" ] || kmk M="$work/hello" INSTALL_MOD_PATH="$ext" modules_sign ||
	why="make M= modules_sign: $(tail -n 3 "$work/sign.log" | tr '\n' ' ')"
[ -n "$why" ] || "$tool" show "$ext/lib/modules/$kver/updates/mh_hello.ko" 2>&1 | grep -qi pkcs ||
	why="mh_hello.ko not signed: $("$tool" show "$ext/lib/modules/$kver/updates/mh_hello.ko" 2>&1 | tr '\n' ' ')"
check "make M= modules_sign signs the external module" "$why"

# Kconfig: lockdown no longer forces MODULE_SIG when MODULE_HASHES
# authenticates modules, and FIPS accepts either.
mkdir -p "$work/kconfig"
printf '%s\n' CONFIG_64BIT=y CONFIG_MODULES=y CONFIG_CRYPTO=y CONFIG_MODULE_HASHES=y \
	CONFIG_SECURITY=y CONFIG_SECURITY_LOCKDOWN_LSM=y $fips_kconfig \
	CONFIG_CRYPTO_FIPS=y > "$work/kconfig/frag"
if make -s -C "$ksrc" O="$work/kconfig" KCONFIG_ALLCONFIG="$work/kconfig/frag" \
	allnoconfig >"$work/kconfig/log" 2>&1; then
	c=$work/kconfig/.config
	grep -q '^# CONFIG_MODULE_SIG is not set' "$c" &&
		grep -q '^CONFIG_SECURITY_LOCKDOWN_LSM=y' "$c" &&
		grep -q '^CONFIG_MODULE_SIG_POLICY=y' "$c" &&
		ok "Kconfig: lockdown with MODULE_HASHES does not force MODULE_SIG" ||
		notok "Kconfig: lockdown with MODULE_HASHES does not force MODULE_SIG: $(grep -E 'CONFIG_(MODULE_SIG|SECURITY_LOCKDOWN_LSM)[ =]' "$c" | tr '\n' ' ')"
	grep -q '^CONFIG_CRYPTO_FIPS=y' "$c" &&
		ok "Kconfig: CRYPTO_FIPS with MODULE_HASHES and without MODULE_SIG" ||
		notok "Kconfig: CRYPTO_FIPS with MODULE_HASHES and without MODULE_SIG"
else
	notok "Kconfig: allnoconfig failed (see $work/kconfig/log)"
fi

finish
