#!/bin/sh
# `make check`: the unit tests (meson test), then the guest tests
# (tests/guest/run-all.sh).  Ends with one line "check: N passed, N failed,
# N skipped" and exits non-zero when anything failed.
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
	to=$(summary_count Timeout "$log") skip=$(summary_count Skipped "$log")
	if [ -z "$ok" ]; then
		tail -n 30 "$log" >&2
		add 0 1 0
		return
	fi
	[ "$((fail + to))" = 0 ] || grep -A40 -- '--- \(Listing\|stdout\)' "$log" | head -n 120 >&2 || true
	add "$ok" "$((fail + to))" "${skip:-0}"
}

guest_tests() {
	log=$build/guest-tests.log
	say "guest tests (tests/guest/run-all.sh; log: $log)"
	"$XNIC_TOP/tests/guest/run-all.sh" 2>&1 | tee "$log" | grep -E '^(PASS|FAIL|SKIP|\[)' >&2 || true
	line=$(grep -E '^RESULT: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		add 0 1 0
		return
	fi
	set -- $(echo "$line" | tr -dc '0-9 ')
	add "$1" "$2" "${3:-0}"
}

case "$mode" in
unit) unit_tests ;;
guest) guest_tests ;;
all) unit_tests; guest_tests ;;
*) die "usage: check.sh unit|guest|all" ;;
esac
echo "check: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
