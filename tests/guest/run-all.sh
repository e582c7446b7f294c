#!/bin/sh
# Runs every guest test and prints PASS/FAIL/SKIP lines, then
# "RESULT: N passed, N failed, N skipped".
#   tests/guest/host-*.sh   host-side drivers: they boot their own guests
#                           (and wire peers) and print result lines
#   tests/guest/*.sh        other scripts run inside a guest with slirp,
#                           with guest-lib.sh as /test/lib.sh
# A name given as argument runs only the tests whose file names contain it.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
filter=${1:-}
passed=0 failed=0 skipped=0

count() {
	p=$(grep -c '^PASS: ' "$1") f=$(grep -c '^FAIL: ' "$1") s=$(grep -c '^SKIP: ' "$1")
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	grep -E '^(PASS|FAIL|SKIP): ' "$1"
}

run_one() {
	t=$1 name=$(basename "$1" .sh) log=$(mktemp)
	echo "[guest-test] $name"
	case "$name" in
	host-*) "$t" >"$log" 2>&1; rc=$? ;;
	*) "$top/scripts/run-guest.sh" --script "$t" --add "$here/guest-lib.sh:/test/lib.sh" \
		--timeout "${XNIC_GUEST_TIMEOUT:-600}" >"$log" 2>&1; rc=$? ;;
	esac
	tr -d '\r' <"$log" >"$log.txt"
	count "$log.txt"
	if ! grep -q '^RESULT: ' "$log.txt"; then
		echo "FAIL: $name: no RESULT line (exit $rc); last lines:"
		tail -n 15 "$log.txt" | sed 's/^/    /'
		failed=$((failed + 1))
	elif [ "$rc" != 0 ] && ! grep -q '^FAIL: ' "$log.txt"; then
		echo "FAIL: $name: exit code $rc without a FAIL line"
		failed=$((failed + 1))
	fi
	rm -f "$log" "$log.txt"
}

for t in "$here"/*.sh; do
	case "$(basename "$t")" in run-all.sh|guest-lib.sh|host-lib.sh) continue ;; esac
	case "$(basename "$t")" in *"$filter"*) run_one "$t" ;; esac
done
echo "RESULT: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
