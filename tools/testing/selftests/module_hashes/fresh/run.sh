#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The fresh-machine check: run CI as a new Debian 12 machine would.
#
# run.sh --repo DIR --work DIR [--suite SUITE] [--command CMD] [--keep]
#
# Makes a pristine minbase Debian root in WORK/root with mmdebstrap, from
# this machine's configured Debian apt sources, puts a clean clone of
# REPO's HEAD in it (what CI checks out: committed work only) and runs
# `bash .ci/run` there in a chroot, in a private mount namespace with
# /proc, /sys, /dev and /dev/pts mounted as the suites need.  Nothing that
# was installed on this machine by hand is visible inside, so a package
# that no deps target installs makes a suite fail here.
#
# Prints the suite summary of the run and its wall time; exits with
# .ci/run's status.  The root is removed afterwards unless --keep.
# --command runs CMD in the clone instead of "bash .ci/run", e.g.
# "make deps-all test-build" to check one suite on a fresh machine.

set -u
repo= work= suite=bookworm keep=0 command="bash .ci/run"
usage="usage: $0 --repo DIR --work DIR [--suite SUITE] [--command CMD] [--keep]"
while [ $# -gt 0 ]; do
	case $1 in
	--repo) repo=$2; shift ;;
	--work) work=$2; shift ;;
	--suite) suite=$2; shift ;;
	--command) command=$2; shift ;;
	--keep) keep=1 ;;
	*) echo "$usage" >&2; exit 2 ;;
	esac
	shift
done
[ -n "$repo" ] && [ -n "$work" ] || { echo "$usage" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "ERROR: $0: needs root (mmdebstrap, chroot, mount)" >&2; exit 2; }

# The machine's active apt sources, one-line or deb822, whole files:
# mmdebstrap pastes each one into the new root.  Files apt itself ignores
# (other suffixes) are left out, as apt leaves them out.
sources=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
	 /etc/apt/sources.list.d/*.sources; do
	# Not the deb-src entries the project adds itself (make kmod-deps).
	case $f in */module-hashes-*) continue ;; esac
	[ -s "$f" ] && sources+=("$f")
done
[ ${#sources[@]} -gt 0 ] || { echo "ERROR: /etc/apt: no apt sources configured" >&2; exit 2; }

root=$work/root
log=$work/ci.log
rm -rf "$work"
mkdir -p "$work"

start=$(date +%s)
echo "fresh: mmdebstrap --variant=minbase $suite $root ${sources[*]}"
mmdebstrap --quiet --variant=minbase "$suite" "$root" "${sources[@]}" ||
	{ echo "ERROR: $root: mmdebstrap failed" >&2; exit 2; }
echo "fresh: root made in $(($(date +%s) - start)) s"

# A clean clone of what is committed, as CI checks it out.
git clone --quiet --no-hardlinks "$repo" "$root/ci/repo" ||
	{ echo "ERROR: $repo: git clone failed" >&2; exit 2; }

# A private mount namespace: the mounts go away with the run, whatever
# happens to it, and the host's mount table never sees them.
unshare --mount --propagation private -- sh -c '
	set -e
	r=$1
	mount -t proc proc "$r/proc"
	mount -t sysfs sys "$r/sys"
	mount --rbind /dev "$r/dev"
	exec chroot "$r" /usr/bin/env -i HOME=/root TERM=dumb \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		bash -c "cd /ci/repo && $2"
' fresh "$root" "$command" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
secs=$(($(date +%s) - start))

echo "=== fresh-machine check"
# make test's summary block, or the last summary line of another command.
sum=$(sed -n '/^=== summary$/,$p' "$log" | grep -E '^[-a-z0-9.]*:? ?[0-9]+ passed, ')
[ -n "$sum" ] || sum=$(grep -E '^[0-9]+ passed, ' "$log" | tail -n 1)
echo "${sum:-no summary line}"
printf 'fresh: %s exited %d; wall time %dm%02ds (root, packages and all)\n' \
	"$command" "$rc" $((secs / 60)) $((secs % 60))
[ "$keep" = 1 ] || rm -rf "$root"
exit "$rc"
