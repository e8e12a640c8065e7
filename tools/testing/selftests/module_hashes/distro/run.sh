#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the distribution kernel's packages in a real Debian system.
#
# run.sh --debs DIR --root-tar FILE --work DIR --tool FILE [--timeout S]
#        [--record FILE] [--kdir DIR] [--pkcs7] [--modinfo FILE]
#        [--trace-pass FUNC] [--trace-lookup FUNC]
#
# --debs holds the linux-image (and linux-headers) .deb of make bindeb-pkg;
# --root-tar is a Debian root from mmdebstrap (systemd, udev, kmod,
# initramfs-tools...), of the release whose config the kernel was built
# from (mk/distro.mk: Debian 12 for 6.12, 13 for 7.2).  The root is unpacked in WORK/root, the kernel
# package installed with dpkg -i in a chroot (its postinst runs
# update-initramfs), and:
#   - an out-of-tree module, built as DKMS builds one against the
#     linux-headers package, is signed with the snakeoil key that Debian's
#     OVMF_VARS_4M.snakeoil.fd has in db, compressed and put in
#     updates/dkms; an unsigned copy is kept apart;
#   - each in-tree module without dependencies gets a PKCS#7-signed copy
#     (the same module bytes, the proof replaced by a signature made with
#     the same key), for the per-module figures;
#   - check.sh runs from a systemd service after multi-user.target.
# The root becomes a raw ext4 image (mkfs.ext4 -d), the vmlinuz of the
# package is signed with the snakeoil key (as Debian signs its kernels
# outside the build), and QEMU boots it under OVMF with Secure Boot on
# (q35, TCG, virtio disk, net and rng), -kernel/-initrd from the root's
# /boot, console on ttyS0 (WORK/console.log), results on ttyS1.
#
# --kdir DIR: build the out-of-tree module against DIR (an installed
# linux-headers tree or a build tree) instead of the headers package.
# --pkcs7: every in-tree module of the root signed with PKCS#7 (the
# db key) in place of its proof, the initrd made again, and the same
# checks expect pkcs7: the boot-time figure of signatures on the same
# kernel.
# --modinfo FILE: kmod's multi-call binary built with patches/kmod
# (make kmod-modinfo), installed beside Debian's own as
# /usr/local/lib/mh/modinfo for check.sh.
# --trace-pass FUNC, --trace-lookup FUNC: what check.sh times inside
# module_sig_check() as the SHA-256 pass over the module bytes (the
# longest call of FUNC) and as the blacklist lookup (all calls of FUNC
# added up); by default 6.12's crypto_shash_update and
# module_hashes_revoked (mk/distro.mk names those of each kernel).
# --record FILE: boot only, and write the lsmod of the booted system to
# FILE (to record the module list of localmodconfig with any kernel).
#
# Prints TAP and a last line "N passed, N failed"; figures go to
# WORK/figures.

set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
debs= roottar= work= tool= timeout=900 record= kdir= pkcs7=0 modinfo=
tpass=crypto_shash_update tlookup=module_hashes_revoked
usage="usage: $0 --debs DIR --root-tar FILE --work DIR --tool FILE [--timeout S] [--record FILE] [--kdir DIR] [--pkcs7] [--modinfo FILE] [--trace-pass FUNC] [--trace-lookup FUNC]"
while [ $# -gt 0 ]; do
	case $1 in
	--debs) debs=$2; shift ;;
	--root-tar) roottar=$2; shift ;;
	--work) work=$2; shift ;;
	--tool) tool=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--record) record=$2; shift ;;
	--kdir) kdir=$2; shift ;;
	--pkcs7) pkcs7=1 ;;
	--modinfo) modinfo=$2; shift ;;
	--trace-pass) tpass=$2; shift ;;
	--trace-lookup) tlookup=$2; shift ;;
	*) echo "$usage" >&2; exit 2 ;;
	esac
	shift
done
[ -n "$debs" ] && [ -n "$roottar" ] && [ -n "$work" ] && { [ -n "$tool" ] || [ -n "$record" ]; } ||
	{ echo "$usage" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "ERROR: $0: needs root (chroot, dpkg in the root)" >&2; exit 2; }
# make M= and QEMU want absolute paths.
work=$(realpath -m "$work")
[ -z "$kdir" ] || kdir=$(realpath "$kdir")

ovmf=/usr/share/OVMF
sokey=/usr/share/ovmf/PkKek-1-snakeoil.key
socert=/usr/share/ovmf/PkKek-1-snakeoil.pem
for f in "$roottar" "$ovmf/OVMF_CODE_4M.snakeoil.fd" "$ovmf/OVMF_VARS_4M.snakeoil.fd" "$sokey" "$socert"; do
	[ -s "$f" ] || die "$f: missing (make distro-deps)"
done
image=$(ls "$debs"/linux-image-*.deb 2>/dev/null | grep -v -- '-dbg_' | head -1)
[ -n "$image" ] || die "$debs: no linux-image .deb"
headers=$(ls "$debs"/linux-headers-*.deb 2>/dev/null | head -1)
kver=$(dpkg-deb -f "$image" Package | sed 's/^linux-image-//')

root=$work/root
rm -rf "$work"
mkdir -p "$root" "$work/keys"
: >"$work/figures"
fig() { echo "$1: $2" >>"$work/figures"; }

# chroot CMD...: run in the root, with /proc, /sys and /dev mounted in a
# private mount namespace that goes away with the command.
inroot() {
	unshare --mount --propagation private -- sh -c '
		r=$1; shift
		mount -t proc proc "$r/proc" && mount -t sysfs sys "$r/sys" &&
		mount --rbind /dev "$r/dev" &&
		exec chroot "$r" /usr/bin/env -i HOME=/root TERM=dumb \
			PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
	' inroot "$root" "$@"
}

tar -C "$root" --numeric-owner -xf "$roottar" || die "$roottar: cannot unpack"

# The kernel package, as a user installs it.
cp "$image" "$root/tmp/"
inroot dpkg -i "/tmp/$(basename "$image")" >"$work/dpkg.log" 2>&1
rc=$?
rm -f "$root/tmp/$(basename "$image")"
why=
[ $rc = 0 ] || why="dpkg -i: $(tail -3 "$work/dpkg.log" | tr '\n' ' ')"
[ -s "$root/boot/vmlinuz-$kver" ] || why="${why}no /boot/vmlinuz-$kver "
[ -s "$root/boot/initrd.img-$kver" ] || why="${why}update-initramfs made no /boot/initrd.img-$kver "
check "dpkg -i $(basename "$image") in the root; update-initramfs made the initrd" "$why"
[ -z "$why" ] || finish
nmods=$(find "$root/lib/modules/$kver" -name '*.ko*' | wc -l)
fig "modules in the package" "$nmods"

# The system: root on the virtio disk, no login on the serial console
# (ttyS0 is the log), the checks as a service after multi-user.target.
echo "/dev/vda / ext4 rw,errors=remount-ro 0 1" >"$root/etc/fstab"
echo mh-distro >"$root/etc/hostname"
ln -sf /lib/systemd/system/multi-user.target "$root/etc/systemd/system/default.target"
ln -sf /dev/null "$root/etc/systemd/system/serial-getty@ttyS0.service"
ln -sf /dev/null "$root/etc/systemd/system/serial-getty@ttyS1.service"
mkdir -p "$root/usr/local/lib/mh" "$root/usr/local/sbin" "$root/usr/local/bin"
cp "$here/../lib/tap.sh" "$root/usr/local/lib/mh/"
cp "$here/check.sh" "$root/usr/local/sbin/mh-check"
if [ -n "$record" ]; then
	printf '#!/bin/sh\nfor _ in $(seq 300); do systemd-analyze time >/dev/null 2>&1 && break; sleep 1; done\nlsmod >/dev/ttyS1\necho done >/dev/ttyS1\n' \
		>"$root/usr/local/sbin/mh-check"
else
	cp "$tool" "$root/usr/local/bin/module-hashes"
	# kmod is one binary that acts by the name it is called by.
	if [ -n "$modinfo" ]; then
		cp "$modinfo" "$root/usr/local/lib/mh/kmod" || die "$modinfo: cannot copy"
		ln -s kmod "$root/usr/local/lib/mh/modinfo"
	fi
fi
chmod 0755 "$root/usr/local/sbin/mh-check"
cat >"$root/etc/systemd/system/mh-check.service" <<'EOF'
[Unit]
Description=module_hashes distribution checks
After=multi-user.target

[Service]
Type=exec
ExecStart=/usr/local/sbin/mh-check
ExecStopPost=/bin/systemctl poweroff --no-block
EOF
mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
ln -sf ../mh-check.service "$root/etc/systemd/system/multi-user.target.wants/mh-check.service"

# The snakeoil key, decrypted once for sign-file and sbsign.
openssl pkey -in "$sokey" -passin pass:snakeoil -out "$work/keys/db.key" 2>/dev/null ||
	die "$sokey: cannot decrypt"
cp "$socert" "$work/keys/db.pem"

if [ -z "$record" ]; then
	# The DKMS-style module: built against the headers package only.
	why=
	if [ -z "$headers" ] && [ -z "$kdir" ]; then
		why="$debs: no linux-headers .deb"
	else
		if [ -z "$kdir" ]; then
			dpkg-deb -x "$headers" "$work/hdr" || why="dpkg-deb -x $headers"
			kdir=$work/hdr/usr/src/linux-headers-$kver
		fi
		rm -rf "$work/mokmod"; cp -r "$here/mokmod" "$work/mokmod"
		[ -n "$why" ] || nice -n 10 make -s -C "$kdir" M="$work/mokmod" modules >"$work/mokmod.log" 2>&1 ||
			why="make M=: $(tail -3 "$work/mokmod.log" | tr '\n' ' ')"
		ko=$work/mokmod/mh_mok.ko
		if [ -z "$why" ]; then
			mkdir -p "$root/lib/modules/$kver/updates/dkms"
			cp "$ko" "$root/usr/local/lib/mh/mh_mok-unsigned.ko"
			"$kdir/scripts/sign-file" sha256 "$work/keys/db.key" "$work/keys/db.pem" "$ko" ||
				why="sign-file failed"
			xz --check=crc32 --lzma2=dict=1MiB -c "$ko" >"$root/lib/modules/$kver/updates/dkms/mh_mok.ko.xz"
		fi
	fi
	check "mh_mok built against $(basename "$kdir"), signed with the db key, in updates/dkms" "$why"

	# PKCS#7 copies of the in-tree modules that have no dependencies.
	mkdir -p "$root/usr/local/lib/mh/pkcs7"
	python3 - "$root/lib/modules/$kver" "$root/usr/local/lib/mh/pkcs7" "$here/../lib" <<'EOF' >"$work/pkcs7.list" || die "PKCS#7 copies"
import lzma, os, subprocess, sys
mods, outdir, lib = sys.argv[1:4]
sys.path.insert(0, lib)
import trailer
for line in open(os.path.join(mods, "modules.dep")):
    if not line.startswith("kernel/"):
        continue
    path, deps = line.split(":", 1)
    if deps.strip() or not path.startswith("kernel/"):
        continue
    data = open(os.path.join(mods, path), "rb").read()
    if path.endswith(".xz"):
        data = lzma.decompress(data)
    try:
        body = trailer.proof(data).body
    except trailer.TrailerError:
        continue
    name = os.path.basename(path).split(".ko")[0]
    out = os.path.join(outdir, name + ".ko")
    open(out, "wb").write(body)
    print(out)
EOF
	nsig=0
	for f in $(cat "$work/pkcs7.list"); do
		"$kdir/scripts/sign-file" sha256 "$work/keys/db.key" "$work/keys/db.pem" "$f" && nsig=$((nsig + 1))
	done
	fig "PKCS#7-signed copies (modules without dependencies)" "$nsig"
fi
if [ $pkcs7 = 1 ]; then
	# Proof out, signature in, compressed again as kbuild compresses.
	nsig=0
	for f in $(cd "$root/lib/modules/$kver" && find kernel -name '*.ko.xz'); do
		g=$root/lib/modules/$kver/$f
		python3 -c 'import lzma, sys; sys.path.insert(0, sys.argv[3]); import trailer
open(sys.argv[2], "wb").write(trailer.proof(lzma.decompress(open(sys.argv[1], "rb").read())).body)' \
			"$g" "$work/m.ko" "$here/../lib" || die "$f: no proof to replace"
		"$kdir/scripts/sign-file" sha256 "$work/keys/db.key" "$work/keys/db.pem" "$work/m.ko" ||
			die "sign-file $f"
		xz --check=crc32 --lzma2=dict=1MiB -c "$work/m.ko" >"$g"
		nsig=$((nsig + 1))
	done
	fig "in-tree modules re-signed with PKCS#7" "$nsig"
fi
inroot depmod -a "$kver" || die "depmod in the root"
if [ $pkcs7 = 1 ]; then
	inroot update-initramfs -u -k "$kver" >"$work/initramfs.log" 2>&1 || die "update-initramfs -u"
fi

# The disk: a raw ext4 image of the root, no loop mount.
size=$(( $(du -sm "$root" | cut -f1) + 400 ))
mkfs.ext4 -q -F -L root -d "$root" "$work/root.img" "${size}M" >"$work/mkfs.log" 2>&1 ||
	die "mkfs.ext4 -d $root: $(tail -2 "$work/mkfs.log" | tr '\n' ' ')"
# Signed outside the build, as Debian signs its kernels.
sbsign --key "$work/keys/db.key" --cert "$work/keys/db.pem" --output "$work/vmlinuz.signed" \
	"$root/boot/vmlinuz-$kver" >/dev/null 2>&1 || die "sbsign $root/boot/vmlinuz-$kver"
cp "$root/boot/initrd.img-$kver" "$work/initrd.img"
cp "$ovmf/OVMF_VARS_4M.snakeoil.fd" "$work/vars.fd"

cmdline="root=/dev/vda rw console=ttyS0 quiet systemd.show_status=0 panic=-1"
[ $pkcs7 = 0 ] || cmdline="$cmdline mh_expect=pkcs7"
# The boot-time figure: module_sig_check() and the blacklist lookup
# (--trace-lookup) under function_graph from the first module on; nosleep-time: the time a call spent scheduled out (the loads of
# udev's workers interleave) is not counted in it.  The SHA-256 pass is
# timed per module below, not here: crypto_shash_update() is also ext4's
# crc32c, whose calls at boot would crowd the trace buffer.  check.sh
# reads the functions from the command line.
[ -n "$record" ] || cmdline="$cmdline mh_pass=$tpass mh_lookup=$tlookup ftrace=function_graph ftrace_filter=module_sig_check,$tlookup,mod_verify_sig trace_options=funcgraph-tail,nosleep-time"
start=$(date +%s)
timeout "$timeout" nice -n 10 qemu-system-x86_64 -machine q35,smm=on,accel=tcg -cpu max -m 2048 -smp 1 \
	-global driver=cfi.pflash01,property=secure,value=on \
	-drive if=pflash,format=raw,unit=0,readonly=on,file="$ovmf/OVMF_CODE_4M.snakeoil.fd" \
	-drive if=pflash,format=raw,unit=1,file="$work/vars.fd" \
	-kernel "$work/vmlinuz.signed" -initrd "$work/initrd.img" -append "$cmdline" \
	-drive file="$work/root.img",format=raw,if=virtio \
	-netdev user,id=n0,restrict=on -device virtio-net-pci,netdev=n0 \
	-device virtio-rng-pci \
	-display none -vga none -monitor none \
	-serial file:"$work/console.log" -serial file:"$work/results.log" \
	-no-reboot
rc=$?
fig "QEMU wall time (OVMF, boot, checks, poweroff)" "$(($(date +%s) - start)) s"
tr -d '\r' <"$work/results.log" >"$work/results.txt"
grep -q "done$" "$work/results.txt" ||
	die "the VM did not finish (qemu exit $rc; see $work/console.log: $(tail -3 "$work/console.log" | tr '\n' ' '))"

if [ -n "$record" ]; then
	# The firmware writes its own screen codes to every serial port
	# before the kernel starts: keep lsmod's lines alone.
	sed -n '/^.*Module  */,/^done$/p' "$work/results.txt" | sed 's/^.*Module  /Module  /; /^done$/d' >"$record"
	echo "recorded $(($(wc -l <"$record") - 1)) modules in $record"
	exit 0
fi

# The VM's TAP, renumbered into this run's.
while IFS= read -r l; do
	case $l in
	"ok "*"# SKIP"*) skip "VM: $(echo "$l" | sed 's/^ok [0-9]* - //; s/ # SKIP$//')" ;;
	"ok "*) ok "VM: ${l#ok * - }" ;;
	"not ok "*) notok "VM: ${l#not ok * - }" ;;
	"figure "*) l=${l#figure }; fig "${l%% *}" "${l#* }" ;;
	esac
done <"$work/results.txt"
grep '^permod ' "$work/results.txt" >"$work/permod.txt"
grep '^permodtrace ' "$work/results.txt" | sed 's/^permodtrace //' >"$work/permod-trace.txt"
grep '^trace ' "$work/results.txt" | sed 's/^trace //' >"$work/boot-trace.txt"
grep -c '^ok\|^not ok' "$work/results.txt" | grep -qvx 0 || notok "VM: no check ran"
finish
