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
# A host test whose header says "# shards: N" runs as N jobs, the K-th with
# XNIC_SHARD=K/N, each doing its share of the work.  Jobs start longest
# first, by their times in the last run on the same guest kernel
# ($XNIC_CACHE/guest-test-times-KERNEL), so that the slots end together;
# each job's time is printed after its lines.  XNIC_KERNEL (default 6.1)
# is the guest kernel (scripts/run-guest.sh --kernel).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/scripts/lib.sh"   # XNIC_CACHE
. "$here/kernel-oops.sh"
XNIC_TOP=$top
filter=${1:-}
cpus=$(nproc 2>/dev/null || echo 1)
jobs=${XNIC_GUEST_JOBS:-$((cpus < 2 ? cpus : 2))}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# One test's lines, with a FAIL of its own when it ended without a
# RESULT line or with a non-zero exit and no FAIL line.
run_one() {
	t=$1 name=$(job_name "$1" "$2") log=$3.log start=$SECONDS
	echo "[guest-test] $name"
	case "$name" in
	host-*) XNIC_SHARD=$2 "$t" >"$log" 2>&1; rc=$? ;;
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
	oops=$(kernel_oops "$log.txt") && echo "FAIL: $name: guest kernel: $oops"
	rm -f "$log" "$log.txt"
	echo "[guest-test] $name: $((SECONDS - start)) s"
	echo "$name $((SECONDS - start))" >"$3.time"
}

# "host-verdict" or, for a shard, "host-verdict[1/2]"
job_name() { echo "$(basename "$1" .sh)${2:+[$2]}"; }

# Jobs: a test file and its shard (empty for an unsharded test).
tests=() shards=()
for t in "$here"/*.sh; do
	case "$(basename "$t")" in run-all.sh|guest-lib.sh|host-lib.sh|kernel-oops.sh) continue ;; esac
	case "$(basename "$t")" in *"$filter"*) ;; *) continue ;; esac
	n=$(sed -n 's/^# shards: \([0-9][0-9]*\)$/\1/p' "$t")
	[ "${n:-1}" -gt 1 ] || { tests+=("$t"); shards+=(""); continue; }
	for k in $(seq 1 "$n"); do tests+=("$t"); shards+=("$k/$n"); done
done

# Job indexes, longest in the last run first (unknown ones first of all:
# a new test's time is not known).
times=$XNIC_CACHE/guest-test-times-${XNIC_KERNEL:-6.1}
start_order() {
	for i in "${!tests[@]}"; do
		name=$(job_name "${tests[$i]}" "${shards[$i]}")
		secs=$(awk -v n="$name" '$1 == n { print $2 }' "$times" 2>/dev/null)
		echo "${secs:-999999} $i"
	done | sort -k1,1nr -k2,2n | cut -d' ' -f2
}

# Start the jobs in that order; print them in file order as they end.
next_print=0
print_done() {
	while [ "$next_print" -lt "${#tests[@]}" ] && [ -f "$out/$next_print.done" ]; do
		cat "$out/$next_print.out"
		next_print=$((next_print + 1))
	done
}
for i in $(start_order); do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n
		print_done
	done
	{ run_one "${tests[$i]}" "${shards[$i]}" "$out/$i" >"$out/$i.out"; touch "$out/$i.done"; } &
done
wait
print_done

# This run's times replace those of the same jobs
if mkdir -p "$XNIC_CACHE" 2>/dev/null; then
	cat "$out"/*.time 2>/dev/null >"$out/new-times"
	awk 'NR == FNR { seen[$1] = 1; print; next } !($1 in seen)' \
		"$out/new-times" "$times" 2>/dev/null >"$out/all-times"
	mv "$out/all-times" "$times" 2>/dev/null || true
fi

passed=$(cat "$out"/*.out 2>/dev/null | grep -c '^PASS: ')
failed=$(cat "$out"/*.out 2>/dev/null | grep -c '^FAIL: ')
skipped=$(cat "$out"/*.out 2>/dev/null | grep -c '^SKIP: ')
echo "RESULT: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
