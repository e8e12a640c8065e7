# SPDX-License-Identifier: GPL-2.0
#
# Shared by the QEMU suites (qemu, policy, ipe, stress): the TAP helpers
# of lib/tap.sh and the checks that a built kernel and its installed
# modules are there.  Source it after setting kout and modroot.

. "$(dirname "${BASH_SOURCE[0]}")/../lib/tap.sh"

# Sets image, kver, mods, busybox and, for the architecture in MH_ARCH
# (x86_64 by default, or arm64), qemu (the emulator and its machine),
# console and cc (a compiler for static programs in the initramfs), or
# fails the suite.  MH_BUSYBOX names a busybox of that architecture; the
# host's is used by default.
find_kernel() {
	case ${MH_ARCH:-x86_64} in
	x86_64)	image=$kout/arch/x86/boot/bzImage
		qemu=qemu-system-x86_64 console=ttyS0 cc=cc ;;
	arm64)	image=$kout/arch/arm64/boot/Image
		qemu="qemu-system-aarch64 -M virt -cpu cortex-a57"
		console=ttyAMA0 cc=aarch64-linux-gnu-gcc ;;
	*)	die "MH_ARCH=$MH_ARCH: not x86_64 or arm64" ;;
	esac
	kver=$(cat "$kout/include/config/kernel.release") || die "no kernel.release in $kout"
	mods=$modroot/lib/modules/$kver
	[ -f "$image" ] || die "no $image"
	[ -d "$mods/kernel" ] || die "no installed modules in $mods"
	busybox=${MH_BUSYBOX:-$(command -v busybox)} || die "busybox-static is not installed"
	[ -x "$busybox" ] || die "no busybox at $busybox"
}

# Sets signfile, key and x509 to kout's sign-file and the signing key
# the build generated (CONFIG_MODULE_SIG), or fails the suite.
find_signing_key() {
	signfile=$kout/scripts/sign-file
	key=$kout/certs/signing_key.pem
	x509=$kout/certs/signing_key.x509
	[ -x "$signfile" ] && [ -f "$key" ] && [ -f "$x509" ] ||
		die "no sign-file or build-time signing key in $kout (CONFIG_MODULE_SIG?)"
}

# Packs ROOT, with the installed modules of find_kernel copied in, as the
# gzip'ed cpio OUT, or fails the suite.
pack_initramfs() {	# ROOT OUT
	mkdir -p "$1/lib/modules" "$1/proc" "$1/sys" "$1/dev" "$1/tmp"
	cp -a "$mods" "$1/lib/modules/"
	rm -f "$1/lib/modules/$kver/build" "$1/lib/modules/$kver/source"
	(cd "$1" && find . | cpio -o -H newc --quiet | gzip -1) > "$2" ||
		die "cannot pack the initramfs"
}
