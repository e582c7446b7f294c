#!/bin/bash
# Runs every guest test and prints PASS/FAIL/SKIP lines, then
# "RESULT: N passed, N failed, N skipped".
#   tests/guest/host-*.sh   host-side drivers: they boot their own guests
#                           (and wire peers) and print result lines
#   tests/guest/*.sh        other scripts run inside a guest with slirp,
#                           with guest-lib.sh as /test/lib.sh
# A name given as argument runs only the tests whose file names contain it.
# Each guest is one TCG thread, so XNIC_GUEST_JOBS tests (default: one per
# host CPU, at most 2) run side by side; a test's lines are printed in one
# piece, in the order of the test files, once it ends.  Tests take their
# ports from the kernel (host-lib.sh free_port), so they never collide.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
filter=${1:-}
cpus=$(nproc 2>/dev/null || echo 1)
jobs=${XNIC_GUEST_JOBS:-$((cpus < 2 ? cpus : 2))}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# One test's lines, with a FAIL of its own when it ended without a
# RESULT line or with a non-zero exit and no FAIL line.
run_one() {
	t=$1 name=$(basename "$1" .sh) log=$2.log
	echo "[guest-test] $name"
	case "$name" in
	host-*) "$t" >"$log" 2>&1; rc=$? ;;
	*) "$top/scripts/run-guest.sh" --script "$t" --add "$here/guest-lib.sh:/test/lib.sh" \
		--timeout "${XNIC_GUEST_TIMEOUT:-600}" >"$log" 2>&1; rc=$? ;;
	esac
	tr -d '\r' <"$log" >"$log.txt"
	grep -E '^(PASS|FAIL|SKIP): ' "$log.txt"
	if ! grep -q '^RESULT: ' "$log.txt"; then
		echo "FAIL: $name: no RESULT line (exit $rc); last lines:"
		tail -n 15 "$log.txt" | sed 's/^/    /'
	elif [ "$rc" != 0 ] && ! grep -q '^FAIL: ' "$log.txt"; then
		echo "FAIL: $name: exit code $rc without a FAIL line"
	fi
	rm -f "$log" "$log.txt"
}

tests=()
for t in "$here"/*.sh; do
	case "$(basename "$t")" in run-all.sh|guest-lib.sh|host-lib.sh) continue ;; esac
	case "$(basename "$t")" in *"$filter"*) tests+=("$t") ;; esac
done

# Start test i in the background; print tests in order as they end.
next_print=0
print_done() {
	while [ "$next_print" -lt "${#tests[@]}" ] && [ -f "$out/$next_print.done" ]; do
		cat "$out/$next_print.out"
		next_print=$((next_print + 1))
	done
}
for i in "${!tests[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n
		print_done
	done
	{ run_one "${tests[$i]}" "$out/$i" >"$out/$i.out"; touch "$out/$i.done"; } &
done
wait
print_done

passed=$(cat "$out"/*.out 2>/dev/null | grep -c '^PASS: ')
failed=$(cat "$out"/*.out 2>/dev/null | grep -c '^FAIL: ')
skipped=$(cat "$out"/*.out 2>/dev/null | grep -c '^SKIP: ')
echo "RESULT: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
