# SPDX-License-Identifier: GPL-2.0
#
# Shared by the QEMU suites (qemu/run.sh, policy/run.sh): the TAP helpers
# of lib/tap.sh and the checks that a built kernel and its installed
# modules are there.  Source it after setting kout and modroot.

. "$(dirname "${BASH_SOURCE[0]}")/../lib/tap.sh"

# Sets bzimage, kver, mods and busybox, or fails the suite.
find_kernel() {
	bzimage=$kout/arch/x86/boot/bzImage
	kver=$(cat "$kout/include/config/kernel.release") || die "no kernel.release in $kout"
	mods=$modroot/lib/modules/$kver
	[ -f "$bzimage" ] || die "no $bzimage"
	[ -d "$mods/kernel" ] || die "no installed modules in $mods"
	busybox=$(command -v busybox) || die "busybox-static is not installed"
}
