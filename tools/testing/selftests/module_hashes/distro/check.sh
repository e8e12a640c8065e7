#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The checks inside the booted distribution VM (run by mh-check.service
# once multi-user.target is reached).  Results go to ttyS1, which run.sh
# reads: TAP lines and "figure NAME VALUE" lines, then "done".
#
# check.sh [OUT]   OUT defaults to /dev/ttyS1.

out=${1:-/dev/ttyS1}
exec >"$out" 2>&1
# The firmware's screen codes on this port end without a newline.
echo
. /usr/local/lib/mh/tap.sh

kver=$(uname -r)
# run.sh --pkcs7 boots the same kernel with every in-tree module signed
# with PKCS#7 instead of proven (mh_expect=pkcs7 on the command line).
expect=merkle
grep -qw mh_expect=pkcs7 /proc/cmdline && expect=pkcs7
mods=/lib/modules/$kver
tr=/sys/kernel/tracing
# What the figures time inside module_sig_check() (run.sh --trace-pass,
# --trace-lookup): the SHA-256 update of the pass over the module, and
# the blacklist lookup.  6.12's when the command line does not say.
# (Not $pass: lib/tap.sh counts the checks passed in it.)
trace_pass=$(sed -n 's/.*\bmh_pass=\([^ ]*\).*/\1/p' /proc/cmdline)
trace_lookup=$(sed -n 's/.*\bmh_lookup=\([^ ]*\).*/\1/p' /proc/cmdline)
trace_pass=${trace_pass:-crypto_shash_update}
trace_lookup=${trace_lookup:-module_hashes_revoked}
figure() { echo "figure $1 $2"; }

# Boot is finished when no job is left; this service's own start job
# ends when it is forked (Type=exec), so it does not hold the boot up.
for _ in $(seq 600); do
	systemd-analyze time >/tmp/analyze 2>/dev/null && break
	sleep 1
done
figure systemd-analyze "$(head -1 /tmp/analyze | sed 's/^Startup finished in //')"
figure multi-user.target "$(systemd-analyze time 2>/dev/null | sed -n 's/.*multi-user.target reached after \(.*\) in userspace.*/\1/p')"
check "booted to multi-user.target" \
	"$(systemctl is-active multi-user.target | grep -vx active)"

# The firmware booted with Secure Boot, so the kernel is locked down.
check "Secure Boot on and the kernel locked down (integrity)" \
	"$(grep -q '\[integrity\]' /sys/kernel/security/lockdown || cat /sys/kernel/security/lockdown)"

# 1. Every module loaded so far (initramfs, udev, systemd) was
# authenticated by its proof, and nothing tainted the kernel.
# A loadable module has initstate; each must say how it was
# authenticated, and say $expect.  One pass, so a module that loads
# meanwhile is counted once.
loaded=0 bad=
for d in /sys/module/*/initstate; do
	[ -e "$d" ] || continue
	d=${d%/initstate}
	loaded=$((loaded + 1))
	a=$(cat "$d/authentication" 2>/dev/null)
	[ "$a" = "$expect" ] || bad="$bad ${d#/sys/module/}=${a:-no attribute}"
done
figure modules-loaded "$loaded"
[ "$loaded" -gt 0 ] || bad="no module loaded"
check "all $loaded modules loaded at boot authenticated ($expect)" "$bad"
check "kernel not tainted after boot" \
	"$(t=$(cat /proc/sys/kernel/tainted); [ "$t" = 0 ] || echo "tainted=$t")"

# 2. The installed tree verifies against the running kernel's root: the
# in-tree modules by proof; with the DKMS module, signed is allowed
# outside modules.order.
# verify_tree WHAT ARGS...: the tool's exit status and every line that is
# not a module verified (or signed) is the reason it failed.
verify_tree() {
	local what=$1 v rc why
	shift
	v=$(module-hashes verify --running "$@" 2>&1)
	rc=$?
	why=$(echo "$v" | grep -v ': verified$\|: signed\|^summary: ' | head -3 | tr '\n' ' ')
	[ $rc = 0 ] || why="exit $rc: $why"
	check "module-hashes verify --running $what ($(echo "$v" | tail -1))" "$why"
}
[ $expect = pkcs7 ] ||
	verify_tree "--order modules.order: every in-tree module verified" --order "$mods/modules.order" "$mods"
if [ $expect = pkcs7 ]; then
	# Signed in-tree modules: the tool cannot check PKCS#7 and, with
	# modules.order naming them, does not vouch for them: the answer is no.
	v=$(module-hashes verify --running --allow-signed "$mods" 2>&1)
	rc=$?
	why=
	[ $rc = 1 ] || why="exit $rc, not 1: $(echo "$v" | grep -v ': verified$\|: signed\|: no-proof\|^summary: ' | head -3 | tr '\n' ' ')"
	echo "$v" | grep -q '^summary: 0 verified, ' || why="${why}$(echo "$v" | tail -1)"
	check "module-hashes verify --running --allow-signed: signed in-tree modules are not enough ($(echo "$v" | tail -1))" "$why"
else
	verify_tree "--allow-signed: the whole tree, DKMS module included" --allow-signed "$mods"
fi

# 3. A tampered .ko.xz is refused by modprobe; the genuine one loads.
# The module is one the boot did not load; the copy in updates/ takes
# precedence over kernel/ for depmod.
# Modules that load without hardware come first.
victim=
for m in x_tables ip_tables binfmt_misc fuse loop dm_mod configfs cryptd gf128mul \
	 $(sed 's|.*/||; s|\.ko.*||' "$mods/modules.order"); do
	[ -d "/sys/module/${m//-/_}" ] && continue
	modinfo -n "$m" >/dev/null 2>&1 || continue
	victim=$m
	break
done
why=
if [ -z "$victim" ]; then
	why="no module left that the boot did not load"
else
	f=$(modinfo -n "$victim")
	mkdir -p "$mods/updates"
	size=$(xz -dc "$f" | wc -c)
	xz -dc "$f" >/tmp/victim.ko
	# Flip one byte in the middle of the module, inside what the proof covers.
	off=$((size / 2))
	b=$(od -An -tu1 -j"$off" -N1 /tmp/victim.ko | tr -d ' ')
	printf "\\$(printf %o $(((b + 1) & 255)))" |
		dd of=/tmp/victim.ko bs=1 seek="$off" conv=notrunc status=none
	xz --check=crc32 --lzma2=dict=1MiB -c /tmp/victim.ko >"$mods/updates/$victim.ko.xz"
	depmod -a
	[ "$(modinfo -n "$victim")" = "$mods/updates/$victim.ko.xz" ] || why="depmod does not pick the tampered copy"
	err=$(modprobe "$victim" 2>&1) && why="${why}tampered $victim loaded"
	echo "$err" | grep -q 'Key was rejected' || why="${why}modprobe said: $err"
	rm -f "$mods/updates/$victim.ko.xz"
	depmod -a
	modprobe "$victim" || why="${why}genuine $victim did not load"
	[ "$(cat "/sys/module/${victim//-/_}/authentication" 2>/dev/null)" = $expect ] ||
		why="${why}genuine $victim not authenticated ($expect)"
	modprobe -r "$victim" 2>/dev/null
fi
check "modprobe $victim: a tampered .ko.xz refused (EKEYREJECTED), the genuine one loads ($expect)" "$why"

# 4. The out-of-tree module signed with the firmware-trusted key (the
# snakeoil db key: .platform keyring) loads beside them; the same module
# unsigned is refused under lockdown.
why=
keyctl list %:.platform 2>/dev/null | grep -q SnakeOil || why="the db key is not in .platform: $(keyctl list %:.platform 2>&1 | tr '\n' ' ')"
modprobe mh_mok 2>/tmp/mok.err || why="${why}modprobe mh_mok: $(cat /tmp/mok.err)"
a=$(cat /sys/module/mh_mok/authentication 2>/dev/null)
[ "$a" = pkcs7 ] || why="${why}authentication '$a', not pkcs7"
# TAINT_OOT_MODULE (4096) is what an out-of-tree module sets; no
# TAINT_UNSIGNED_MODULE (8192).
t=$(cat /proc/sys/kernel/tainted)
[ "$t" = 4096 ] || why="${why}tainted=$t, not 4096 (O) alone"
check "DKMS-style mh_mok.ko.xz signed with the db key loads (pkcs7), taint O only" "$why"
why=
insmod /usr/local/lib/mh/mh_mok-unsigned.ko 2>/tmp/unsigned.err &&
	why="the unsigned copy loaded"
modprobe -r mh_mok 2>/dev/null
grep -q 'not permitted\|rejected' /tmp/unsigned.err || why="${why}$(cat /tmp/unsigned.err)"
check "the same module unsigned is refused under lockdown" "$why"

# 5. modinfo names the proof: kmod with patches/kmod/debian-30, put
# beside Debian's own as /usr/local/lib/mh/modinfo by run.sh.  For a
# module the boot loaded: with its proof, the patched modinfo names the
# running kernel's tree (root, size) and no signer; with a signature it
# prints exactly what Debian's modinfo prints.
pm=/usr/local/lib/mh/modinfo
why=
m=
for d in /sys/module/*/initstate; do
	d=${d%/initstate}
	[ "$(cat "$d/authentication" 2>/dev/null)" = "$expect" ] || continue
	modinfo -n "${d#/sys/module/}" >/dev/null 2>&1 && { m=${d#/sys/module/}; break; }
done
if [ ! -x $pm ]; then
	why="$pm: missing (run.sh --modinfo)"
elif [ -z "$m" ]; then
	why="no loaded module with a file"
else
	f=$(modinfo -n "$m")
	$pm "$f" >/tmp/modinfo.out 2>&1 || why="$pm $f failed: $(head -2 /tmp/modinfo.out)"
	modinfo "$f" >/tmp/modinfo.deb 2>&1
	field() { $pm -F "$1" "$f" 2>&1 | tr -d ': \t\n' | tr A-F a-f; }
	if [ $expect = merkle ]; then
		[ "$(field sig_id)" = merkle ] || why="${why}sig_id '$(field sig_id)', not merkle; "
		[ "$(field sig_hashalgo)" = sha256 ] || why="${why}sig_hashalgo '$(field sig_hashalgo)'; "
		[ "$(field sig_key)" = "$(tr A-F a-f </sys/kernel/module_hashes/root)" ] ||
			why="${why}sig_key $(field sig_key) is not the running root; "
		[ "$(field sig_tree_size)" = "$(cat /sys/kernel/module_hashes/tree_size)" ] ||
			why="${why}sig_tree_size $(field sig_tree_size); "
		grep -q '^signer:' /tmp/modinfo.out && why="${why}a signer line; "
		grep -q '^sig_id:' /tmp/modinfo.deb && why="${why}Debian's modinfo already prints sig_id; "
	else
		cmp -s /tmp/modinfo.out /tmp/modinfo.deb ||
			why="${why}differs from Debian's modinfo: $(diff /tmp/modinfo.deb /tmp/modinfo.out | head -3 | tr '\n' ' ')"
		grep -q '^sig_id:.*PKCS#7' /tmp/modinfo.out || why="${why}no PKCS#7 sig_id"
	fi
	sed -n 's/^\(sig_[a-z_]*\|signer\):/modinfo &/p' /tmp/modinfo.out | head -8
fi
if [ $expect = merkle ]; then
	check "patched modinfo $m: sig_id merkle, the running root and tree size, no signer" "$why"
else
	check "patched modinfo $m: a PKCS#7 module printed as Debian's modinfo prints it" "$why"
fi

# 6. Figures: what module_sig_check() cost at boot, per call, from the
# function_graph trace that ftrace= started on the kernel command line.
if [ -r "$tr/trace" ] && grep -q function_graph "$tr/current_tracer"; then
	echo 0 >"$tr/tracing_on"
	# The lookup's calls inside a check, indented under it (7.2's
	# is_hash_blacklisted() is also called on its own, for certificates);
	# one with a traced call inside ends in "} /* name */".
	awk -v lookup="$trace_lookup" '/module_sig_check/ && / us / { for (i = 1; i <= NF; i++) if ($(i+1) == "us") { s += $i; n++; break } }
	     $0 ~ "\\|    +(} /\\* )?" lookup "(\\(| \\*/)" && / us / { for (i = 1; i <= NF; i++) if ($(i+1) == "us") { r += $i; break } }
	     END { printf "figure boot-sig-check-calls %d\nfigure boot-sig-check-us %.1f\n", n, s
		   printf "figure boot-revocation-us %.1f\n", r }' \
		"$tr/trace"
	grep -c . "$tr/trace" | sed 's/^/figure trace-lines /'
	# Whether the revocation pass runs at all: a binary hash on the
	# blacklist (dbx) turns it on.
	figure blacklist-bin-hashes "$(keyctl list %:.blacklist 2>/dev/null | grep -c ' bin:')"
	sed 's/^/trace /' "$tr/trace"
fi

# 7. Per module, measured apart: load each module the boot did not
# load with its proof, then (after unloading) the same module signed
# with PKCS#7, seven rounds, each time with module_sig_check() and the
# calls inside it traced: the longest call of $trace_pass (6.12's
# crypto_shash_update(), 7.2's __sha256_update()) is the one pass over
# the module bytes (the floor: a bare SHA-256 of them; the same pass
# gives the whole-file digest while the blacklist holds any binary hash,
# as UEFI dbx does, even the snakeoil variables' one entry); the calls of
# $trace_lookup (6.12's module_hashes_revoked(), 7.2's two
# is_hash_blacklisted(), as its module_hashes_revoked() is inlined in
# some configs) added up are the blacklist lookup of the two digests, no hashing;
# mod_verify_sig() is the signature.
# figures.sh compares the parts of each load with each other: times
# under TCG swing by half from one load to the next, their ratios
# within one load do not.
if [ $expect = merkle ] && [ -d /usr/local/lib/mh/pkcs7 ] && [ -w "$tr/current_tracer" ]; then
	echo nop >"$tr/current_tracer"
	# The time a call spent scheduled out is not its own.
	echo 0 >"$tr/options/sleep-time"
	echo 1 >"$tr/options/funcgraph-tail"
	: >"$tr/set_ftrace_filter"
	# A number written there picks a function by its index, so each
	# name must be read back.
	for f in module_sig_check "$trace_pass" "$trace_lookup" mod_verify_sig; do
		echo "$f" >>"$tr/set_ftrace_filter" 2>/dev/null
		grep -qx -- "$f" "$tr/set_ftrace_filter" || echo "# $f: not traceable"
	done
	echo function_graph >"$tr/current_tracer"
	# load_traced HOW M P: load module M (its signed copy P for pkcs7),
	# print its "permod" line from the trace, unload it.
	load_traced() {
		local how=$1 m=$2 p=$3 a
		echo >"$tr/trace"
		echo 1 >"$tr/tracing_on"
		if [ $how = pkcs7 ]; then
			insmod "$p" 2>/dev/null
		else
			modprobe "$m" 2>/dev/null
		fi
		echo 0 >"$tr/tracing_on"
		a=$(cat "/sys/module/${m//-/_}/authentication" 2>/dev/null)
		awk -v m="$m" -v how="$how" -v a="$a" -v sz="$(stat -c %s "$p")" \
		    -v pass="$trace_pass" -v lookup="$trace_lookup" 'BEGIN { c = l = v = r = -1 }
		     function us(   i) { for (i = 1; i <= NF; i++) if ($(i+1) == "us") return $i; return -1 }
		     /module_sig_check/ { c = us() } /mod_verify_sig/ { v = us() }
		     # Indented under a caller: inside module_sig_check(),
		     # not the crc32c of ext4, say.
		     # A call with a traced call inside (an interrupt) ends
		     # in a line of its own: "} /* name */".
		     $0 ~ "\\|    +(} /\\* )?" pass "(\\(| \\*/)" { x = us(); if (x > l) l = x }
		     $0 ~ "\\|    +(} /\\* )?" lookup "(\\(| \\*/)" { x = us(); if (x >= 0) r = (r < 0 ? 0 : r) + x }
		     END { printf "permod %s %s %s %d %s %s %s %s\n", m, how, a, sz, c, l, v, r }' "$tr/trace" |
			tee /tmp/permod.line
		# The first proven load whose pass was not found leaves its
		# trace (lines "permodtrace ..."), to see why the table has a hole.
		if [ -z "${warmup:-}" ] && [ $how = merkle ] && [ ! -e /tmp/permod.dumped ] &&
		   [ "$(cut -d' ' -f7 /tmp/permod.line)" = -1 ]; then
			grep -v '^#' "$tr/trace" | head -200 | sed 's/^/permodtrace /'
			: >/tmp/permod.dumped
		fi
		modprobe -r "$m" 2>/dev/null || rmmod "$m" 2>/dev/null
	}
	# Setting the filter patched the kernel's text, which TCG
	# translates again on first use: the first load of each module and
	# kind is not counted.
	for p in /usr/local/lib/mh/pkcs7/*.ko; do
		[ -e "$p" ] || continue
		m=$(basename "$p" .ko)
		[ -d "/sys/module/${m//-/_}" ] && continue
		for round in 0 1 2 3 4 5 6 7; do
			for how in merkle pkcs7; do
				if [ $round = 0 ]; then
					warmup=1 load_traced $how "$m" "$p" >/dev/null
				else
					load_traced $how "$m" "$p"
				fi
			done
		done
	done
	echo nop >"$tr/current_tracer"
fi

echo "done"
finish
