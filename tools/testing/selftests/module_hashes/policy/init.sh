#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the module_hashes policy test.  The boot is named on the kernel
# command line (mhpolicy=NAME); run /cases/NAME.list and report on the
# serial console, one "MHP-..." line per fact, then power off.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
boot=$(sed -n 's/.*mhpolicy=\([a-z0-9-]*\).*/\1/p' /proc/cmdline)
echo "MHP-BOOT $boot $(cat /proc/cmdline)"
echo "MHP-KASAN $(dmesg | grep -m1 KernelAddressSanitizer)"
echo "MHP-FIPS $(cat /proc/sys/crypto/fips_enabled 2>/dev/null)"
echo "MHP-ENFORCE $(cat /sys/module/module/parameters/sig_enforce 2>/dev/null)"
echo "MHP-LOCKDOWN $(cat /sys/kernel/security/lockdown 2>/dev/null)"
for f in algo tree_size root; do
	echo "MHP-SYSFS $f $(cat /sys/kernel/module_hashes/$f 2>&1)"
done
# An LSM's view: mh_watch logs each module's method from a module notifier.
echo "MHP-WATCH $(insmod /cases/watch.ko 2>&1 && echo loaded)"
ima_policy=/sys/kernel/security/ima/policy
if [ -f "/cases/$boot.ima" ]; then
	if cat "/cases/$boot.ima" > $ima_policy; then
		echo "MHP-IMA-POLICY ok"
	else
		echo "MHP-IMA-POLICY failed"
	fi
fi

if [ "$boot" = bench ]; then
	dmesg -c >/dev/null
	insmod /cases/bench.ko $(cat /cases/bench.args) >/dev/null 2>&1
	dmesg | grep mh_bench | sed 's/^/MHP-BENCH /'
	# What an IMA "modhash" rule costs a load: the largest module through
	# finit_module, 21 times with no IMA policy, then 21 times under the
	# imahash boot's policy (IMA hashes the file, checks the proof, then
	# the loader checks it again).
	big=$(find /lib/modules -name kheaders.ko | head -n 1)
	for ima in none modhash; do
		[ -n "$big" ] || break
		[ $ima = none ] || cat /cases/imahash.ima > $ima_policy
		for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21; do
			echo "MHP-BENCH-LOAD $ima $i $(/bin/loadmod finitt "$big")"
			rmmod kheaders
		done
	done
fi

# Each line: NAME HOW FILE MODNAME; HOW is insmod, finit, init, modprobe,
# kexec (FILE read as a kexec kernel), imapolicy (FILE's path written to
# the IMA policy, which reads it as a policy) or imarule (FILE's text
# written to the IMA policy).
[ -f "/cases/$boot.list" ] || : > "/cases/$boot.list"
while read -r name how arg modname; do
	[ -n "$name" ] || continue
	dmesg -c >/dev/null
	case $how in
	finit|init|kexec) out=$(/bin/loadmod "$how" "$arg" 2>&1) ;;
	imapolicy) out=$( (echo "$arg" > $ima_policy) 2>&1) ;;
	imarule) out=$( (cat "$arg" > $ima_policy) 2>&1) ;;
	modprobe) out=$(modprobe "$arg" 2>&1) ;;
	*) out=$(insmod "$arg" 2>&1) ;;
	esac
	rc=$?
	line=$(grep "^$modname " /proc/modules)
	if [ -n "$line" ]; then loaded=yes; else loaded=no; fi
	auth=$(cat "/sys/module/$modname/authentication" 2>/dev/null)
	echo "MHP-CASE $name rc=$rc loaded=$loaded auth=${auth:--} taint=$(cat "/sys/module/$modname/taint" 2>/dev/null)"
	echo "MHP-OUT $name $(echo "$out" | tr '\n' ' ')"
	dmesg | grep -i -E 'module_hashes|authentication|mh_watch|verification failed|lockdown|ima|integrity|blacklisted' |
		sed "s/^/MHP-LOG $name /"
	# fipsneg keeps its dependencies loaded for the last case.
	[ "$boot" = fipsneg ] && continue
	[ "$loaded" = yes ] && modprobe -r "$modname" 2>/dev/null || rmmod "$modname" 2>/dev/null
done < "/cases/$boot.list"
# Every module measured, whatever its name (the suite's modules differ per
# kernel: policy/kernels.sh).
if [ -f "/cases/$boot.ima" ]; then
	grep '\.ko$' /sys/kernel/security/ima/ascii_runtime_measurements |
		sed 's/^/MHP-MEASURE /'
fi
echo "MHP-DONE"
reboot -f
