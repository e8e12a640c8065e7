#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IPE's module_hashes_proven property under QEMU, on the policy kernel
# (configs/module-hashes-policy.config: MODULE_SIG, MODULE_HASHES, IPE with
# IPE_PROP_MODULE_HASHES, in-kernel xz decompression).  One boot per IPE
# policy; in each, proven in-tree modules, a module signed by sign-file and
# an unsigned one, each through finit_module, init_module and finit_module
# of its .ko.xz with MODULE_INIT_COMPRESSED_FILE:
#
#   proven    DEFAULT op=KMODULE action=DENY
#             op=KMODULE module_hashes_proven=TRUE action=ALLOW
#   unproven  DEFAULT op=KMODULE action=DENY
#             op=KMODULE module_hashes_proven=FALSE action=ALLOW
#
# Each load must load or be refused with EACCES as the policy says, and
# leave exactly one IPE audit record (ipe.success_audit=1) with the rule
# that decided, from the loader's hook (ipe_hook=KERNEL_MODULE_AUTH).
#
# run.sh --kernel KBUILD_OUTPUT --src KERNEL_SOURCE --modroot INSTALL_MOD_PATH
#        --work DIR [--timeout SECONDS] [--mem SIZE] [--boots "A B"]
#
# Prints "ok N - ..." / "not ok N - ..." and a last line "N passed, N failed";
# exits 1 if anything failed.

set -u
here=$(cd "$(dirname "$0")" && pwd)
kout= ksrc= modroot= work= timeout=300 mem=256M boots="proven unproven"
usage="usage: $0 --kernel DIR --src DIR --modroot DIR --work DIR [--timeout S] [--mem SIZE] [--boots LIST]"
while [ $# -gt 0 ]; do
	[ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }
	case $1 in
	--kernel) kout=$2 ;;
	--src) ksrc=$2 ;;
	--modroot) modroot=$2 ;;
	--work) work=$2 ;;
	--timeout) timeout=$2 ;;
	--mem) mem=$2 ;;
	--boots) boots=$2 ;;
	*) echo "$usage" >&2; exit 2 ;;
	esac
	shift 2
done
[ -n "$kout" ] && [ -n "$ksrc" ] && [ -n "$modroot" ] && [ -n "$work" ] ||
	{ echo "$usage" >&2; exit 2; }
kout=$(realpath "$kout") ksrc=$(realpath "$ksrc") modroot=$(realpath "$modroot")
work=$(realpath -m "$work")

. "$here/../qemu/lib.sh"
find_kernel
. "$here/../policy/kernels.sh"
kernel_roles "$kver" || die "no modules for Linux $kver"
for c in CONFIG_SECURITY_IPE CONFIG_IPE_PROP_MODULE_HASHES CONFIG_MODULE_SIG \
	 CONFIG_MODULE_HASHES CONFIG_MODULE_DECOMPRESS CONFIG_MODULE_COMPRESS_XZ; do
	grep -q "^$c=y" "$kout/.config" || die "$kout/.config: $c is not set"
done

# ---------------------------------------------------------------------------
# Cases, made on the host.
rm -rf "$work"
mkdir -p "$work/root/cases" "$work/root/bin" "$work/hello"
cases=$work/root/cases
m=/lib/modules/$kver/kernel

# xz as kbuild compresses modules (scripts/Makefile.modinst), which the
# kernel's decompressor reads.
compress() { xz --check=crc32 --lzma2=dict=1MiB -c "$1" > "$2" || die "xz $1"; }

# The proven modules: in-tree modules as installed, with their proofs
# (proof_a and proof_b of policy/kernels.sh), the second also compressed.
for f in $mod_proof_a $mod_proof_b; do
	[ -f "$mods/kernel/$f.ko" ] || die "no $mods/kernel/$f.ko"
done
xz_b=${mod_proof_b##*/}.ko.xz
compress "$mods/kernel/$mod_proof_b.ko" "$cases/$xz_b"

# The out-of-tree module, built against this kernel: unsigned, and signed
# by sign-file with the key the build generated, which the kernel trusts.
cp "$here/../policy/extmod/mh_hello.c" "$work/hello/"
echo 'obj-m := mh_hello.o' > "$work/hello/Kbuild"
make -s -C "$ksrc" O="$kout" M="$work/hello" modules >"$work/hello.log" 2>&1 ||
	die "cannot build the out-of-tree module (see $work/hello.log)"
find_signing_key
cp "$work/hello/mh_hello.ko" "$cases/unsigned.ko"
"$signfile" sha256 "$key" "$x509" "$cases/unsigned.ko" "$cases/signed.ko" ||
	die "sign-file"
compress "$cases/signed.ko" "$cases/signed.ko.xz"
compress "$cases/unsigned.ko" "$cases/unsigned.ko.xz"

# NAME HOW FILE MODNAME KIND, where KIND is how the loader authenticates
# the module: merkle (proof), pkcs7 (signature) or none.
row() { printf '%s\t%s\t%s\t%s\t%s\n' "$@"; }
table() {
	row proven-finit finit "$m/$mod_proof_a.ko" $name_proof_a merkle
	row proven-init init "$m/$mod_proof_a.ko" $name_proof_a merkle
	row proven-xz finitc "/cases/$xz_b" $name_proof_b merkle
	row signed-finit finit /cases/signed.ko mh_hello pkcs7
	row signed-init init /cases/signed.ko mh_hello pkcs7
	row signed-xz finitc /cases/signed.ko.xz mh_hello pkcs7
	row unsigned-finit finit /cases/unsigned.ko mh_hello none
	row unsigned-init init /cases/unsigned.ko mh_hello none
	row unsigned-xz finitc /cases/unsigned.ko.xz mh_hello none
}

# The policies, and the rule each one must log for a module of each kind.
deny_default='DEFAULT op=KMODULE action=DENY'
policy() {	# BOOT
	echo "policy_name=mh_$1 policy_version=0.0.1"
	echo "DEFAULT action=ALLOW"
	echo "$deny_default"
	case $1 in
	proven) echo "op=KMODULE module_hashes_proven=TRUE action=ALLOW" ;;
	unproven) echo "op=KMODULE module_hashes_proven=FALSE action=ALLOW" ;;
	esac
}
# Prints "ACTION RULE" for BOOT and KIND.
verdict() {	# BOOT KIND
	case $1:$2 in
	proven:merkle) echo "ALLOW op=KMODULE module_hashes_proven=TRUE action=ALLOW" ;;
	proven:*) echo "DENY $deny_default" ;;
	unproven:merkle) echo "DENY $deny_default" ;;
	unproven:*) echo "ALLOW op=KMODULE module_hashes_proven=FALSE action=ALLOW" ;;
	esac
}
# IPE takes new policies signed (PKCS#7) by a key the kernel trusts: the
# build's signing key.
sign_policy() {	# FILE
	openssl smime -sign -in "$1" -signer "$key" -inkey "$key" -noattr \
		-nodetach -nosmimecap -binary -outform der -out "$1.p7s" ||
		die "cannot sign the IPE policy $1"
}
for b in $boots; do
	case $b in proven|unproven) ;; *) die "--boots: no boot '$b'" ;; esac
	policy "$b" > "$cases/$b.pol"
	sign_policy "$cases/$b.pol"
	table | cut -f1-4 | tr '\t' ' ' > "$cases/$b.list"
done
# A value the parser does not know: the policy must not load.
printf '%s\n' 'policy_name=mh_bad policy_version=0.0.1' 'DEFAULT action=ALLOW' \
	'op=KMODULE module_hashes_proven=MAYBE action=ALLOW' > "$cases/bad.pol"
sign_policy "$cases/bad.pol"

# ---------------------------------------------------------------------------
# The initramfs: busybox, loadmod, the installed modules, the cases.
root=$work/root
cp "$busybox" "$root/bin/busybox"
$cc -static -O2 -o "$root/bin/loadmod" "$here/../qemu/loadmod.c" ||
	die "cannot build loadmod (static libc)"
cp "$here/init.sh" "$root/init"
pack_initramfs "$root" "$work/initramfs.cpio.gz"

boot() {	# NAME
	local log=$work/serial-$1.log
	timeout "$timeout" $qemu -nographic -no-reboot -m "$mem" \
		-kernel "$image" -initrd "$work/initramfs.cpio.gz" \
		-append "console=$console panic=-1 loglevel=4 ipe.success_audit=1 mhipe=$1" \
		</dev/null >"$log" 2>&1
	tr -d '\r' < "$log" > "$log.txt"
	grep -q '^IPE-DONE' "$log.txt"
}

# One load: the result the policy wants, and the one audit record of it.
case_check() {	# BOOT NAME HOW FILE MODNAME KIND
	local b=$1 name=$2 how=$3 file=$4 modname=$5 kind=$6
	local log=$work/serial-$b.log.txt c out recs nrec act rule path why=
	read -r act rule < <(verdict "$b" "$kind")
	c=$(grep "^IPE-CASE $name " "$log")
	out=$(grep "^IPE-OUT $name " "$log" | cut -d' ' -f3-)
	recs=$(grep "^IPE-AUDIT $name .*ipe_op=KMODULE " "$log")
	nrec=$(printf '%s' "$recs" | grep -c .)
	[ -n "$c" ] || why="case did not run"
	if [ "$act" = ALLOW ]; then
		case $c in *" rc=0 loaded=yes auth=$kind "*) ;;
		*) why=${why:-"not loaded with auth=$kind: $c $out"} ;; esac
	else
		case $c in *" rc=1 loaded=no "*) ;; *) why=${why:-"loaded: $c"} ;; esac
		case $out in "Permission denied"*) ;;
		*) why=${why:-"error is not EACCES: $out"} ;; esac
	fi
	# init_module has no file: IPE logs path=?.
	if [ "$how" = init ]; then path='path=?'; else path="path=\"$file\""; fi
	[ "$nrec" = 1 ] || why=${why:-"$nrec KMODULE audit records, not 1: $recs"}
	case $recs in
	*"ipe_op=KMODULE ipe_hook=KERNEL_MODULE_AUTH enforcing=1 "*) ;;
	*) why=${why:-"record is not of KMODULE from KERNEL_MODULE_AUTH, enforcing: $recs"} ;;
	esac
	case $recs in *" comm=\"loadmod\" $path "*) ;;
	*) why=${why:-"record without comm=\"loadmod\" $path: $recs"} ;; esac
	case $recs in *" rule=\"$rule\"") ;;
	*) why=${why:-"record without rule=\"$rule\": $recs"} ;; esac
	case $recs in *"type=1420 "*) ;;
	*) why=${why:-"not an AUDIT_IPE_ACCESS (1420) record: $recs"} ;; esac
	check "$b: $name ($kind): $act" "$why"
}

for b in $boots; do
	t0=$SECONDS
	if boot "$b"; then
		ok "$b: boot reached the end ($((SECONDS - t0)) s)"
	else
		notok "$b: boot did not reach IPE-DONE within ${timeout}s (see $work/serial-$b.log)"
		continue
	fi
	log=$work/serial-$b.log.txt
	grep -q -e 'Kernel panic' -e 'BUG:' -e 'WARNING:' -e 'Oops' "$log" &&
		notok "$b: kernel warning: $(grep -m1 -A3 -e 'Kernel panic' -e 'BUG:' -e 'WARNING:' -e 'Oops' "$log" | tr '\n' ' ')" ||
		ok "$b: no kernel BUG, WARNING or Oops"
	grep -q '^IPE-LSM .*\bipe\b' "$log" && ok "$b: IPE is an active LSM" ||
		notok "$b: IPE is an active LSM: $(grep '^IPE-LSM' "$log")"
	grep -q "^IPE-POLICY mh_$b active=1\$" "$log" &&
		ok "$b: policy mh_$b is active" ||
		notok "$b: policy mh_$b is active: $(grep '^IPE-POLICY' "$log")"
	grep -q '^IPE-SUCCESS-AUDIT 1$' "$log" && ok "$b: success auditing is on" ||
		notok "$b: success auditing is on: $(grep '^IPE-SUCCESS-AUDIT' "$log")"
	grep -q '^IPE-BADPOLICY refused .*Bad message' "$log" &&
		ok "$b: module_hashes_proven=MAYBE does not parse (EBADMSG)" ||
		notok "$b: module_hashes_proven=MAYBE does not parse: $(grep '^IPE-BADPOLICY' "$log")"
	table > "$work/$b.table"
	while IFS='	' read -r name how file modname kind; do
		case_check "$b" "$name" "$how" "$file" "$modname" "$kind"
	done < "$work/$b.table"
	# A module IPE refuses is refused before the loader marks the kernel:
	# no 'O' (out-of-tree) or 'E' (unauthenticated) taint from the
	# refused mh_hello under the proven policy.
	if [ "$b" = proven ]; then
		t=$(sed -n 's/^IPE-TAINTED //p' "$log")
		[ -n "$t" ] && [ $(( ${t:-0} & (4096 | 8192) )) = 0 ] &&
			ok "$b: refused modules left no O or E taint (tainted=$t)" ||
			notok "$b: refused modules left no O or E taint: tainted=$t"
	fi
done

finish
