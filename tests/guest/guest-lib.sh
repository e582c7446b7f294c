# In-guest helpers for test scripts (busybox sh).  run-all.sh adds this
# file to every guest as /test/lib.sh; scripts start with `. /test/lib.sh`.
# Results are lines the host counts: "PASS: name", "FAIL: name: why",
# "SKIP: name: why", and a closing "RESULT: N passed, N failed, N skipped".
T_PASSED=0 T_FAILED=0 T_SKIPPED=0

pass() { echo "PASS: $1"; T_PASSED=$((T_PASSED + 1)); }
fail() { echo "FAIL: $1: $2"; T_FAILED=$((T_FAILED + 1)); }
skip() { echo "SKIP: $1: $2"; T_SKIPPED=$((T_SKIPPED + 1)); }

# check NAME COMMAND...: PASS when COMMAND succeeds, FAIL with its output if not.
check() {
	name=$1; shift
	if out=$("$@" 2>&1); then
		pass "$name"
	else
		fail "$name" "$(echo "$out" | tail -n 3 | tr '\n' ' ')"
	fi
}

# The first xnic interface (bound to the xnic driver).
xnic_iface() {
	for d in /sys/class/net/*; do
		[ "$(basename "$(readlink "$d/device/driver" 2>/dev/null)")" = xnic ] &&
			{ basename "$d"; return 0; }
	done
	return 1
}

# wait_for SECONDS COMMAND...: retries COMMAND every 0.2 s.
wait_for() {
	n=$(($1 * 5)); shift
	while [ "$n" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.2
		n=$((n - 1))
	done
	return 1
}

link_is_up() { [ "$(cat "/sys/class/net/$1/carrier" 2>/dev/null)" = 1 ]; }

# The host waits for this line before it puts frames on the wire.
ready() { echo "XNIC-READY${1:+ $1}"; }

result() {
	echo "RESULT: $T_PASSED passed, $T_FAILED failed, $T_SKIPPED skipped"
	[ "$T_FAILED" = 0 ]
}
