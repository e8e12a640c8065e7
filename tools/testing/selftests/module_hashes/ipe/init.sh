#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the IPE test of module_hashes.  The boot is named on the kernel
# command line (mhipe=NAME): make /cases/NAME.pol the active IPE policy, run
# /cases/NAME.list and report on the serial console, one "IPE-..." line per
# fact, then power off.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t securityfs securityfs /sys/kernel/security
boot=$(sed -n 's/.*mhipe=\([a-z0-9-]*\).*/\1/p' /proc/cmdline)
echo "IPE-BOOT $boot $(cat /proc/cmdline)"
echo "IPE-LSM $(cat /sys/kernel/security/lsm)"
# Audit records reach the console through printk_ratelimit(): let them all.
# A larger burst is not enough on 7.2, whose ratelimit refills only when
# the current interval ends (lib/ratelimit.c), dropping the records of the
# first load; an interval of 0 never limits.
echo 100000 > /proc/sys/kernel/printk_ratelimit_burst
echo 0 > /proc/sys/kernel/printk_ratelimit
ipe=/sys/kernel/security/ipe

# Policies are signed (/cases/NAME.pol.p7s).  A property value IPE does not
# know must make a policy fail to parse.
if cat /cases/bad.pol.p7s > $ipe/new_policy 2>/tmp/err; then
	echo "IPE-BADPOLICY accepted"
else
	echo "IPE-BADPOLICY refused $(cat /tmp/err)"
fi

name=$(sed -n 's/^policy_name=\([^ ]*\).*/\1/p' "/cases/$boot.pol")
if cat "/cases/$boot.pol.p7s" > $ipe/new_policy 2>/tmp/err &&
   echo 1 > "$ipe/policies/$name/active" 2>>/tmp/err; then
	echo "IPE-POLICY $name active=$(cat "$ipe/policies/$name/active")"
else
	echo "IPE-POLICY $name failed: $(cat /tmp/err)"
fi
echo "IPE-SUCCESS-AUDIT $(cat $ipe/success_audit)"

# Wait for kauditd to print what the last load made IPE decide: one
# KMODULE record is expected; wait a little longer to see any second one.
audit_wait() {
	local i=0
	while [ $i -lt 30 ] && ! dmesg | grep -q 'ipe_op=KMODULE'; do
		sleep 0.1
		i=$((i + 1))
	done
	sleep 0.3
}

# Each line: NAME HOW FILE MODNAME; HOW is finit, finitc or init (loadmod).
while read -r name how arg modname; do
	[ -n "$name" ] || continue
	dmesg -c >/dev/null
	out=$(/bin/loadmod "$how" "$arg" 2>&1)
	rc=$?
	audit_wait
	if grep -q "^$modname " /proc/modules; then loaded=yes; else loaded=no; fi
	auth=$(cat "/sys/module/$modname/authentication" 2>/dev/null)
	echo "IPE-CASE $name rc=$rc loaded=$loaded auth=${auth:--} taint=$(cat "/sys/module/$modname/taint" 2>/dev/null)"
	echo "IPE-OUT $name $(echo "$out" | tr '\n' ' ')"
	dmesg | grep 'type=1420 ' | sed "s/^/IPE-AUDIT $name /"
	[ "$loaded" = yes ] && rmmod "$modname"
done < "/cases/$boot.list"
echo "IPE-TAINTED $(cat /proc/sys/kernel/tainted)"
echo "IPE-DONE"
reboot -f
