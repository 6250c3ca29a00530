#!/usr/bin/env bash
# Runs every xenrtos test and prints the closing line `N passed, M failed`; exits non-zero on any
# failure. Three groups, each counted per test:
#   1. host unit tests: `make host-test` (cmocka binaries from tests/host/tests.mk); counts are read
#      from cmocka's "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)" lines;
#   2. the boot kit's own tests (tools/tests/run.py: config parser, placement, tree, runner);
#   3. the fuzz targets over their committed seeds and regression inputs (`make fuzz-replay`,
#      mk/fuzz.mk; no fuzzing: crashes found by `make fuzz` stay fixed);
#   4. QEMU integration cases (tests/qemu/harness.py: tests/qemu/cases/*.test).
# Expects Xen and the images to be built (`make test` does that first). Logs: build/test-logs/.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BUILD=${BUILD:-build}
LOGS="$BUILD/test-logs"
mkdir -p "$LOGS"
export BUILD

total_pass=0
total_fail=0

# count GROUP LOG: adds the last "N passed, M failed" line of LOG to the totals.
count() {
    local group=$1 log=$2 line p f
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n1)
    if [ -z "$line" ]; then
        echo "run-all: $group: no result line (crashed?), counted as 1 failure; log: $log"
        total_fail=$((total_fail + 1))
        return
    fi
    p=${line%% passed*}
    f=${line#*, }
    f=${f%% failed}
    echo "run-all: $group: $line"
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
}

# 1. host unit tests
echo "run-all: host unit tests (make host-test)"
if [ -f tests/host/tests.mk ]; then
    make -k --no-print-directory host-test >"$LOGS/host.log" 2>&1
    rc=$?
    # cmocka: "[  PASSED  ] 3 test(s)." and "[  FAILED  ] 1 test(s), listed below:"
    hp=$(sed -n 's/^\[  PASSED  \] \([0-9]\+\) test(s)\..*/\1/p' "$LOGS/host.log" | awk '{s+=$1} END {print s+0}')
    hf=$(sed -n 's/^\[  FAILED  \] \([0-9]\+\) test(s).*/\1/p' "$LOGS/host.log" | awk '{s+=$1} END {print s+0}')
    if [ "$rc" -ne 0 ] && [ "$hf" -eq 0 ]; then
        # The build or a test binary died without a cmocka verdict: still a failure.
        hf=1
        echo "run-all: host: make host-test failed (exit $rc) without a cmocka verdict:"
        tail -n 30 "$LOGS/host.log"
    elif [ "$hf" -ne 0 ]; then
        grep -E '^\[  (FAILED  |ERROR   )\]' "$LOGS/host.log" | head -n 40
    fi
    echo "$hp passed, $hf failed" >>"$LOGS/host.log"
    count host "$LOGS/host.log"
else
    echo "run-all: host: tests/host/tests.mk not present yet: no host tests"
fi

# 2. boot kit tests
echo "run-all: boot kit tests (tools/tests/run.py)"
python3 tools/tests/run.py -q >"$LOGS/bootkit.log" 2>&1
[ $? -eq 0 ] || grep -E -A15 '^(FAIL|ERROR):' "$LOGS/bootkit.log" | head -n 80
count bootkit "$LOGS/bootkit.log"

# 3. fuzz targets replayed over their corpora
echo "run-all: fuzz replay (make fuzz-replay)"
make --no-print-directory fuzz-replay >"$LOGS/fuzz.log" 2>&1
[ $? -eq 0 ] || tail -n 30 "$LOGS/fuzz.log"
count fuzz "$LOGS/fuzz.log"

# 4. QEMU cases (prints its own PASS/FAIL lines and the console of failures)
echo "run-all: QEMU cases (tests/qemu/harness.py)"
tests/qemu/harness.py 2>&1 | tee "$LOGS/qemu.log"
count qemu "$LOGS/qemu.log"

echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
