#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-suites.sh --build DIR [--jobs N] LANE:SUITE...
#
# make test's runner.  Each SUITE is a make target, run with $MAKE (make).
# The suites of one LANE run one after another in the order given; lanes
# run side by side, N at a time (lane k on worker k mod N).  Suites that
# share a source tree or a build directory must share a lane.  With N=1
# every suite runs in the order given.
#
# Why lanes: a kernel build keeps both cores of a small machine busy only
# while it compiles.  The links, modpost, hashing, the packaging, the
# unpacking of a source tarball and every QEMU boot (TCG runs a guest on
# one host thread) use one core; another lane's work fills the other.
#
# A suite runs even when an earlier one failed.  Its output goes to
# DIR/SUITE.log and, with N > 1 prefixed by "[SUITE] ", to standard output.
# Then "=== summary": a line per suite in the order given, "SUITE: N passed,
# N failed[, N skipped] (T s)" with its wall time, also in DIR/test-summary,
# and the sums.  A suite that printed no such line, or whose make failed
# with none failed, counts one failure.  Exits 1 if anything failed.

set -u
usage="usage: $0 --build DIR [--jobs N] LANE:SUITE..."
build= jobs=1
while [ $# -gt 0 ]; do
	case $1 in
	--build) build=$2; shift ;;
	--jobs) jobs=$2; shift ;;
	--*) echo "$usage" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
[ -n "$build" ] && [ "$jobs" -ge 1 ] 2>/dev/null || { echo "$usage" >&2; exit 2; }
make=${MAKE:-make}
results=$build/test-summary.d
mkdir -p "$results"
rm -f "$results"/* "$build/test-summary"

# run_suite SUITE: run it, and write its summary line to $results/SUITE.
run_suite() {
	local t=$1 t0=$SECONDS r line

	echo "=== $t"
	if [ "$jobs" -gt 1 ]; then
		$make --no-print-directory "$t" 2>&1 | tee "$build/$t.log" |
			sed -u "s/^/[$t] /"
	else
		$make --no-print-directory "$t" 2>&1 | tee "$build/$t.log"
	fi
	r=${PIPESTATUS[0]}
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$build/$t.log" | tail -1)
	[ -n "$line" ] || line="0 passed, 1 failed"
	[ "$r" = 0 ] || case $line in *", 0 failed"*) line="$line, exit $r" ;; esac
	echo "$t: $line ($((SECONDS - t0)) s)" >"$results/$t"
	echo "=== $t: $line ($((SECONDS - t0)) s)"
}

suites=() lanes=()
declare -A lane_suites
for arg; do
	lane=${arg%%:*} suite=${arg#*:}
	[ "$lane" != "$arg" ] && [ -n "$suite" ] || { echo "$usage" >&2; exit 2; }
	suites+=("$suite")
	[ -n "${lane_suites[$lane]+set}" ] || lanes+=("$lane")
	lane_suites[$lane]+=" $suite"
done

# stop: an interrupt stops every lane, with the makes and whatever they
# run, and the run: each lane is a process group of its own (job control
# on), which the terminal's interrupt does not reach.  A lane's input is
# /dev/null: nothing in it may stop on reading the terminal.
lane_pids=()
stop() {
	trap - INT TERM HUP
	for p in "${lane_pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null; done
	wait 2>/dev/null
	echo "=== interrupted" >&2
	exit 130
}

if [ "$jobs" = 1 ]; then
	for t in "${suites[@]}"; do run_suite "$t"; done
else
	set -m
	trap stop INT TERM HUP
	for ((w = 0; w < jobs && w < ${#lanes[@]}; w++)); do
		(
			for ((i = w; i < ${#lanes[@]}; i += jobs)); do
				for t in ${lane_suites[${lanes[i]}]}; do run_suite "$t"; done
			done
		) </dev/null &
		lane_pids+=($!)
	done
	wait 2>/dev/null
	trap - INT TERM HUP
	set +m
fi

echo "=== summary"
for t in "${suites[@]}"; do
	cat "$results/$t" 2>/dev/null || echo "$t: 0 passed, 1 failed (not run)"
done | tee "$build/test-summary"
awk '{ p += $2; f += $4 } $7 == "skipped" { s += $6 } /, exit / { f++ }
     END { printf "%d passed, %d failed%s\n", p, f, s ? ", " s " skipped" : "";
	   exit f > 0 }' "$build/test-summary"
