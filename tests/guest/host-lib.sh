# Host-side helpers for tests/guest/host-*.sh; sourced.  Result lines as in
# guest-lib.sh.  A test boots its guest in the background with guest_start,
# talks to it through the console log, and collects its result lines.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${XNIC_BUILD:-$TOP/build}
WIRE=$BUILD/tools/xnic-wire/xnic-wire
T_PASSED=0 T_FAILED=0 T_SKIPPED=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/xnic-test.XXXXXX")
trap 'host_cleanup' EXIT INT TERM
. "$TOP/tests/guest/kernel-oops.sh"

pass() { echo "PASS: $1"; T_PASSED=$((T_PASSED + 1)); }
fail() { echo "FAIL: $1: $2"; T_FAILED=$((T_FAILED + 1)); }

host_cleanup() {
	for pid in $HOST_PIDS; do kill "$pid" 2>/dev/null; done
	rm -rf "$WORK"
}
HOST_PIDS=""
background() { "$@" & HOST_PIDS="$HOST_PIDS $!"; LAST_PID=$!; }

# now: the host's CLOCK_MONOTONIC in ns, the clock of the card's timestamps
now() { python3 -c 'import time; print(time.monotonic_ns())'; }

# A free UDP/TCP port on 127.0.0.1 (asked from the kernel).
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# dgram netdev spec: QEMU listens on $1 and sends to $2, both on 127.0.0.1.
dgram_netdev() {
	echo "dgram,local.type=inet,local.host=127.0.0.1,local.port=$1,remote.type=inet,remote.host=127.0.0.1,remote.port=$2"
}

# guest_start SCRIPT [run-guest.sh options]: boots in the background;
# the console goes to $GUEST_LOG.
guest_start() {
	script=$1; shift
	GUEST_LOG=$WORK/console.log
	: >"$GUEST_LOG"
	"$TOP/scripts/run-guest.sh" --script "$script" \
		--add "$TOP/tests/guest/guest-lib.sh:/test/lib.sh" "$@" >"$GUEST_LOG" 2>&1 &
	GUEST_PID=$!
}

# guest_wait_line PATTERN SECONDS: waits for a console line; fails if the
# guest ends first.
guest_wait_line() {
	n=$(($2 * 5))
	while [ "$n" -gt 0 ]; do
		tr -d '\r' <"$GUEST_LOG" | grep -q "$1" && return 0
		kill -0 "$GUEST_PID" 2>/dev/null || break
		sleep 0.2
		n=$((n - 1))
	done
	tr -d '\r' <"$GUEST_LOG" | grep -q "$1"
}

# send_until LINE SECONDS PCAP PORT: sends PCAP to QEMU's PORT over and
# over (0.5 ms apart) until the guest prints LINE, ends, or SECONDS pass.
# Bounded by time, not by rounds: a guest slowed by a loaded host must not
# find the traffic already stopped.
send_until() {
	end=$(($(date +%s) + $2))
	while [ "$(date +%s)" -lt "$end" ] && kill -0 "$GUEST_PID" 2>/dev/null; do
		tr -d '\r' <"$GUEST_LOG" | grep -q "$1" && return 0
		"$WIRE" send "udp:127.0.0.1:$4" "$3" --gap-us 500 >/dev/null
	done
	return 1
}

# guest_finish: waits for the guest, then relays its result lines.
guest_finish() {
	wait "$GUEST_PID"
	GUEST_RC=$?
	tr -d '\r' <"$GUEST_LOG" >"$WORK/console.txt"
	guest_results "$WORK/console.txt" "$GUEST_RC"
}

# guest_results FILE RC: relays the result lines of a console in FILE; a
# guest that ended with RC != 0 and no FAIL line fails.
guest_results() {
	while IFS= read -r line; do
		case "$line" in
		PASS:*) T_PASSED=$((T_PASSED + 1)); echo "$line" ;;
		FAIL:*) T_FAILED=$((T_FAILED + 1)); echo "$line" ;;
		SKIP:*) T_SKIPPED=$((T_SKIPPED + 1)); echo "$line" ;;
		esac
	done <"$1"
	if [ "$2" != 0 ] && ! grep -q '^FAIL:' "$1"; then
		fail "guest" "exit $2; console tail: $(tail -n 8 "$1" | tr '\n' '|')"
	fi
	oops=$(kernel_oops "$1") && fail "guest kernel" "$oops"
}

# skip_on_6_1 WHAT WHY: a test of a 6.12 feature on the 6.1 guest prints
# one "SKIP: WHAT: guest kernel 6.1: WHY" (docs/testing.md "Skips") and ends.
skip_on_6_1() {
	[ "${XNIC_KERNEL:-6.1}" = 6.1 ] || return 0
	echo "SKIP: $1: guest kernel 6.1: $2"
	T_SKIPPED=1
	result
	exit
}

result() {
	echo "RESULT: $T_PASSED passed, $T_FAILED failed, $T_SKIPPED skipped"
	[ "$T_FAILED" = 0 ]
}
