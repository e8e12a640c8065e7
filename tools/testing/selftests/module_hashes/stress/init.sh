#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the module_hashes stress test (make test-stress), booted with
# mhstress=stress and mhrounds=ROUNDS:
#   1. the fault-injection loop on the very first loads after boot, with no
#      load in between and only the allocations under the verifier's
#      hashing counted, so that faults meet the verifier's first
#      allocation of its SHA-256 transform;
#   2. ROUNDS rounds of /cases/concurrent.list loaded all at once by
#      loadmany;
#   3. the fault-injection loops of /cases/fault.list, each faulted load
#      followed by one without fault.
# Reports on the serial console, one "MHS-..." line per fact; the host
# (stress/run.sh) judges them.  The kernel log is read with dmesg -c after
# each step and kept whole in /tmp/klog, which is searched at the end.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
rounds=$(sed -n 's/.*mhrounds=\([0-9]*\).*/\1/p' /proc/cmdline)
kml=/sys/kernel/debug/kmemleak
fdir=/sys/kernel/debug
: > /tmp/klog
echo "MHS-BOOT $(cat /proc/cmdline)"

# The kernel log since the last call, kept in /tmp/klog; its lines about
# module authentication are printed with the prefix $1.
klog() {
	dmesg -c > /tmp/klog.new
	cat /tmp/klog.new >> /tmp/klog
	grep -E 'module_hashes|authentication|Loading of|FAULT_INJECTION' /tmp/klog.new |
		sed "s/^/$1 /"
}

lockdep() {
	echo "MHS-LOCKDEP $1 $(grep -E 'debug_locks' /proc/lockdep_stats 2>/dev/null | tr -s ' ')"
}

# A kmemleak scan: objects unreferenced for 5 s are reported, so wait that
# long after the last load; then the report, and forget it.
kmemleak() {
	sleep 6
	echo scan > $kml
	sed "s/^/MHS-KMEMLEAK $1 /" $kml
	echo "MHS-KMEMLEAK-DONE $1 $(grep -c 'unreferenced object' $kml)"
	echo clear > $kml
}

# STATE TAG MODNAME: whether it is loaded, how it was authenticated.
state() {
	local loaded=no
	grep -q "^$2 " /proc/modules && loaded=yes
	echo "$1 $2 loaded=$loaded auth=$(cat /sys/module/$2/authentication 2>/dev/null || echo -) taint=$(cat /sys/module/$2/taint 2>/dev/null)"
}

# Unload MODNAME; a crypto module can be busy for a moment after its
# self-test, so try a few times.
unload() {
	local i
	for i in 1 2 3 4 5 6 7 8 9 10; do
		grep -q "^$1 " /proc/modules || return 0
		rmmod "$1" 2>/dev/null && return 0
		sleep 1
	done
	echo "MHS-RMMOD-FAILED $1"
}

echo "MHS-KMEMLEAK-ON $([ -r $kml ] && echo yes || echo no)"
lockdep start
# The boot's own suspects are not ours: report them once, then forget them.
if [ -r $kml ]; then
	echo scan > $kml
	echo "MHS-KMEMLEAK-BOOT $(grep -c 'unreferenced object' $kml)"
	echo clear > $kml
fi
klog MHS-BOOTLOG
echo "MHS-ENFORCE $(cat /sys/module/module/parameters/sig_enforce)"
echo "MHS-KASAN $(grep -m1 'KernelAddressSanitizer initialized' /tmp/klog)"

concurrent() {
	local r=1 files
	files=$(cut -d' ' -f1 /cases/concurrent.list)
	while [ "$r" -le "${rounds:-1}" ]; do
		loadmany $files | sed "s/^/MHS-C $r /"
		klog "MHS-CLOG $r"
		while read -r file modname rest; do
			state "MHS-STATE $r" "$modname"
		done < /cases/concurrent.list
		while read -r file modname rest; do
			unload "$modname"
		done < /cases/concurrent.list
		klog "MHS-CLOG $r"
		r=$((r + 1))
	done
}

# The injection knobs: by default failslab and fail_page_alloc skip every
# allocation that may sleep (ignore-gfp-wait) and fail_page_alloc every
# order-0 page (min-order 1), which is nearly all a load makes.
fault_knobs() {
	local f
	for f in failslab fail_page_alloc; do
		echo N > $fdir/$f/ignore-gfp-wait
		echo 1 > $fdir/$f/verbose
	done
	echo N > $fdir/fail_page_alloc/ignore-gfp-highmem
	echo 0 > $fdir/fail_page_alloc/min-order
	for f in failslab/ignore-gfp-wait fail_page_alloc/ignore-gfp-wait \
		 fail_page_alloc/min-order; do
		echo "MHS-KNOB $f $(cat $fdir/$f)"
	done
}

# FAULTLOOP KIND MODE MODNAME FILE: the fail-nth loop, in loadmany (-F)
# because here starting programs costs more than loading a module.
faultloop() {
	klog MHS-PRELOG
	loadmany -F "$@"
}

# The stack filter of both: only allocations with an address in
# [START, END) on their stack are fault points.
fault_filter() {	# START END
	local f
	for f in failslab fail_page_alloc; do
		echo "$1" > $fdir/$f/require-start
		echo "$2" > $fdir/$f/require-end
	done
}

fault_knobs
t0=$(date +%s)
# The first loads count only the allocations under the verifier's hashing,
# module_hashes_sha256() (where module_hashes_get_tfm() is inlined): a
# fault anywhere else could end a load before the verifier, or be absorbed
# by a fallback and let the verifier make its transform unhindered.
start=$(grep ' module_hashes_sha256$' /proc/kallsyms | cut -d' ' -f1)
end=$(sort /proc/kallsyms | grep -A1 ' module_hashes_sha256$' | sed -n 2p | cut -d' ' -f1)
echo "MHS-FILTER module_hashes_sha256 0x$start 0x$end"
read -r kind file modname < /cases/fault.list
if [ -n "$start" ] && [ -n "$end" ]; then
	fault_filter "0x$start" "0x$end"
	faultloop first first "$modname" "$file"
fi
fault_filter 0 0xffffffffffffffff
echo "MHS-PHASE first-loads $(($(date +%s) - t0)) s"
lockdep first
t0=$(date +%s)
concurrent
echo "MHS-PHASE concurrent $(($(date +%s) - t0)) s"
lockdep concurrent
kmemleak concurrent
t0=$(date +%s)
while read -r kind file modname; do
	faultloop "$kind" clean "$modname" "$file"
done < /cases/fault.list
echo "MHS-PHASE fault $(($(date +%s) - t0)) s"
lockdep fault
kmemleak fault
klog MHS-ENDLOG >/dev/null
# Whatever the kernel said that is a report of a bug, with what follows.
grep -n -A12 -E 'BUG:|WARNING:|KASAN|possible circular|possible recursive|inconsistent lock|suspicious RCU|Oops|general protection|kernel BUG|lock held|DEBUG_LOCKS_WARN|INFO: task' /tmp/klog |
	head -400 | sed 's/^/MHS-SPLAT /'
echo "MHS-KLOG-LINES $(wc -l < /tmp/klog)"
echo "MHS-DONE"
reboot -f
