#!/bin/sh
# `make check`: the unit tests (meson test), a bounded sanitizer set
# (scripts/asan.sh check), then the guest tests (tests/guest/run-all.sh)
# on each guest kernel of XNIC_CHECK_KERNELS (default 6.1).
# Each part counts checks (a Check test case, a PASS/FAIL line); a skip
# without a reason docs/testing.md accepts ("host ..." or "expected
# (...)") and meson's "Unexpected Pass" are failures.  Ends with one line "check: N passed, N failed, N skipped" and
# exits non-zero when anything failed.
set -eu
XNIC_STEP=check
. "$(dirname "$0")/lib.sh"
mode=${1:-all}
build=${XNIC_BUILD:-$XNIC_TOP/build}
XNIC_QEMU=${XNIC_QEMU:-$XNIC_CACHE/qemu-system-x86_64}
export XNIC_QEMU

passed=0 failed=0 skipped=0
add() { passed=$((passed + $1)); failed=$((failed + $2)); skipped=$((skipped + $3)); }

# meson's summary has lines "Ok: N", "Fail: N", "Skipped: N", ... padded
# with trailing blanks by some meson versions.
summary_count() { sed -n "s/^$1: *\([0-9][0-9]*\) *$/\1/p" "$2" | tail -n 1; }

unit_tests() {
	log=$build/unit-tests.log
	say "unit tests (meson test; log: $log)"
	meson test -C "$build" --no-rebuild --print-errorlogs >"$log" 2>&1 || true
	grep -E '^ *[0-9]+/[0-9]+ ' "$log" | sed 's/^/  /' >&2 || true
	ok=$(summary_count Ok "$log") fail=$(summary_count Fail "$log")
	to=$(summary_count Timeout "$log") xpass=$(summary_count 'Unexpected Pass' "$log")
	if [ -z "$ok" ] || [ ! -f "$build/meson-logs/testlog.txt" ]; then
		tail -n 30 "$log" >&2
		add 0 1 0
		return
	fi
	[ "$((fail + to + ${xpass:-0}))" = 0 ] ||
		grep -A40 -- '--- \(Listing\|stdout\)' "$log" | head -n 120 >&2 || true
	# In checks, as the guest half counts; unexplained skips count as failures
	set -- $("$XNIC_TOP/scripts/count-checks.py" "$build/meson-logs/testlog.txt" | tr -dc '0-9 ')
	say "unit: $1 passed, $2 failed, $3 skipped (checks of $ok+$fail+$to meson tests)"
	grep -h '^SKIP: ' "$build/meson-logs/testlog.txt" | sort -u >&2 || true
	add "$1" "$(($2 + ${xpass:-0}))" "$3"
}

# The core units and a short hostile qtest under ASan+UBSan, one check per
# PASS/FAIL line (docs/testing.md "Sanitizer builds").
asan_tests() {
	log=$build/asan-check.log
	say "sanitizer set (scripts/asan.sh check; log: $log)"
	"$XNIC_TOP/scripts/asan.sh" check >"$log" 2>&1 || true
	grep -E '^(PASS|FAIL): ' "$log" | sed 's/^/  /' >&2 || true
	line=$(grep -E '^asan: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		tail -n 30 "$log" >&2
		add 0 1 0
		return
	fi
	set -- $(echo "$line" | tr -dc '0-9 ')
	[ "$2" = 0 ] || grep -v '^  ' "$log" | tail -n 60 >&2
	say "asan: $1 passed, $2 failed"
	add "$1" "$2" 0
}

# The guest suite on kernel $1; its lines labelled with the kernel
guest_suite() {
	kernel=$1 log=$build/guest-tests-$1.log
	say "guest tests on $kernel (tests/guest/run-all.sh; log: $log)"
	XNIC_KERNEL=$kernel "$XNIC_TOP/tests/guest/run-all.sh" 2>&1 |
		sed "s/^\(PASS\|FAIL\|SKIP\): /\1: $kernel: /" | tee "$log" |
		grep -E '^(PASS|FAIL|SKIP|\[)' >&2 || true
	line=$(grep -E '^RESULT: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		add 0 1 0
		return
	fi
	set -- $(echo "$line" | tr -dc '0-9 ')
	unexplained=$("$XNIC_TOP/scripts/count-checks.py" --skips "$log" | tr -dc '0-9')
	say "guest $kernel: $1 passed, $2 failed, ${3:-0} skipped ($unexplained skips unexplained)"
	add "$1" "$(($2 + unexplained))" "${3:-0}"
}

# Each of XNIC_CHECK_KERNELS (make check: CHECK_KERNELS) in turn
guest_tests() {
	for kernel in ${XNIC_CHECK_KERNELS:-6.1}; do
		guest_suite "$kernel"
	done
}

case "$mode" in
unit) unit_tests ;;
asan) asan_tests ;;
guest) guest_tests ;;
all) unit_tests; asan_tests; guest_tests ;;
*) die "usage: check.sh unit|asan|guest|all" ;;
esac
echo "check: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
