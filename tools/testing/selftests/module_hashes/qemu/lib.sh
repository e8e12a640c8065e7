# SPDX-License-Identifier: GPL-2.0
#
# Shared by the QEMU suites (qemu/run.sh, policy/run.sh): TAP counters and
# the checks that a built kernel and its installed modules are there.
# Source it after setting kout and modroot.

pass=0 fail=0 n=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $*"; }
die() { echo "ERROR: $*" >&2; notok "$*"; echo "$pass passed, $fail failed"; exit 1; }

# Sets bzimage, kver, mods and busybox, or fails the suite.
find_kernel() {
	bzimage=$kout/arch/x86/boot/bzImage
	kver=$(cat "$kout/include/config/kernel.release") || die "no kernel.release in $kout"
	mods=$modroot/lib/modules/$kver
	[ -f "$bzimage" ] || die "no $bzimage"
	[ -d "$mods/kernel" ] || die "no installed modules in $mods"
	busybox=$(command -v busybox) || die "busybox-static is not installed"
}
