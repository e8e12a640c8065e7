#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the host tests of CONFIG_MODULE_HASHES: the format tests, the tool
# tests and a bounded libFuzzer smoke run, all printing TAP; end with one
# line "N passed, N failed, N skipped".
# Usage: run.sh TOOL BUILD_DIR [FUZZ_SECONDS]

set -u
here=$(dirname "$(realpath "$0")")
TOOL=$(realpath "$1")
B=$(realpath -m "$2")
FUZZ_SECONDS=${3:-30}
mkdir -p "$B"
log="$B/host-tests.tap"
: >"$log"

# Each suite's TAP goes to the terminal and the log; a suite that cannot
# even be built or exits without TAP counts as one failure.
suite() {
	local name=$1; shift
	echo "# suite: $name" | tee -a "$log"
	"$@" 2>&1 | tee "$B/$name.tap" | tee -a "$log"
	local rc=${PIPESTATUS[0]}
	if [ "$rc" != 0 ] && ! grep -q '^not ok' "$B/$name.tap"; then
		echo "not ok - $name exited $rc without a failing test" | tee -a "$log"
	fi
}

fuzz() {
	local corpus="$B/fuzz-corpus"
	rm -rf "$corpus" && mkdir -p "$corpus"
	# Seeds: proven, signed and bare modules made by the tool suite.
	local t="$B/tool-work"
	cat "$t/root.bin" "$t/out13/drivers/net/m1.ko" >"$corpus/proven" 2>/dev/null
	cat "$t/root.bin" "$t/out13/fs/ext9/m3.ko" >"$corpus/proven3" 2>/dev/null
	cat "$t/root.bin" "$t/v/pkcs7.ko" >"$corpus/pkcs7" 2>/dev/null
	cat "$t/root.bin" "$t/v/sig.ko" >"$corpus/malformed" 2>/dev/null
	echo "TAP version 13"
	if (cd "$B" && "$B/fuzz_parse" -max_total_time="$FUZZ_SECONDS" -max_len=8192 \
		-print_final_stats=1 "$corpus" >"$B/fuzz.log" 2>&1); then
		echo "ok 1 - libFuzzer (ASan+UBSan) on parse+walk for ${FUZZ_SECONDS}s: $(grep -o 'Done [0-9]* runs' "$B/fuzz.log")"
	else
		echo "not ok 1 - libFuzzer found a failure:"
		grep -E 'ERROR|runtime error|SUMMARY|artifact' "$B/fuzz.log" | sed 's/^/# /'
	fi
	echo "1..1"
}

cc -O2 -Wall -Wextra -Werror -o "$B/test_format" "$here/test_format.c" \
	"$here/../../../../scripts/modhashes/tree.c" -lcrypto
suite format "$B/test_format"
suite tool bash "$here/test_tool.sh" "$TOOL" "$B/tool-work"
if clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-o "$B/fuzz_parse" "$here/fuzz_parse.c" -lcrypto; then
	suite fuzz fuzz
else
	echo "not ok - cannot build the libFuzzer target" | tee -a "$log"
fi

skipped=$(grep -c '^ok .*# SKIP' "$log")
passed=$(($(grep -c '^ok ' "$log") - skipped))
failed=$(grep -c '^not ok' "$log")
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
