#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the module_hashes QEMU test: load every case of /cases/list and
# report on the serial console, one "MHT-..." line per fact, then power off.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "MHT-BOOT $(cat /proc/cmdline)"
echo "MHT-ENFORCE $(cat /sys/module/module/parameters/sig_enforce 2>/dev/null)"
depmod && echo "MHT-DEPMOD ok"
dmesg | grep module_hashes | sed 's/^/MHT-BOOTLOG /'

# Each line of /cases/list: NAME HOW FILE-OR-MODULE MODNAME
while read -r name how arg modname; do
	[ -n "$name" ] || continue
	dmesg -c >/dev/null
	case $how in
	modprobe) out=$(modprobe "$arg" 2>&1) ;;
	finit|finitc|finitf|init) out=$(/bin/loadmod "$how" "$arg" 2>&1) ;;
	*) out=$(insmod "$arg" 2>&1) ;;
	esac
	rc=$?
	line=$(grep "^$modname " /proc/modules)
	if [ -n "$line" ]; then loaded=yes; else loaded=no; fi
	echo "MHT-CASE $name rc=$rc loaded=$loaded tainted=$(cat /proc/sys/kernel/tainted)"
	echo "MHT-OUT $name $(echo "$out" | tr '\n' ' ')"
	echo "MHT-MOD $name $line"
	dmesg | grep -e module_hashes -e "verification failed" -e decompress -e compressed | sed "s/^/MHT-LOG $name /"
	# A KUnit suite's results (KTAP, indented below the suite's line).
	dmesg | grep -E '^(\[[ 0-9.]+\] )? {4,}(not )?ok [0-9]+ ' | sed "s/^/MHT-KTAP $name /"
	[ "$loaded" = yes ] && rmmod "$modname"
done < /cases/list
echo "MHT-DONE"
reboot -f
