#!/bin/sh
# xnic on a tap backend.  The tap lives in a network namespace this test
# creates and deletes, and both ends use IPv6 link-local addresses only, so
# nothing can leave the namespace.  The guest pings the host end and the
# host pings the guest; a 2 MiB TCP-free check is left to host-slirp.sh.
. "$(dirname "$0")/host-lib.sh"
NS=xnic-tap-$$
TAP=xtap0

# Namespaces and tap devices are the host's to give (a container may not)
host_cannot() {
	echo "SKIP: tap: host kernel $(uname -r): $1: $(tr '\n' ' ' <"$2" | cut -c1-200)"
	echo "RESULT: 0 passed, 0 failed, 1 skipped"
	exit 0
}
ip netns add "$NS" 2>"$WORK/netns.err" ||
	host_cannot "cannot create a network namespace" "$WORK/netns.err"
trap 'ip netns del "$NS" 2>/dev/null; host_cleanup' EXIT INT TERM
ip netns exec "$NS" ip tuntap add dev "$TAP" mode tap 2>"$WORK/tap.err" ||
	host_cannot "cannot create a tap device (/dev/net/tun)" "$WORK/tap.err"
ip -n "$NS" link set lo up
ip -n "$NS" link set "$TAP" up
ip -n "$NS" addr add fe80::1/64 dev "$TAP" nodad

GUEST_LOG=$WORK/console.log
ip netns exec "$NS" "$TOP/scripts/run-guest.sh" --script "$(dirname "$0")/parts/tap.sh" \
	--add "$TOP/tests/guest/guest-lib.sh:/test/lib.sh" \
	--netdev "tap,ifname=$TAP,script=no,downscript=no" --timeout 300 >"$GUEST_LOG" 2>&1 &
GUEST_PID=$!
if guest_wait_line "^XNIC-READY tap" 200; then
	if ip netns exec "$NS" ping -6 -c 3 -W 5 "fe80::2%$TAP" >"$WORK/ping.out" 2>&1; then
		pass "host pings guest over tap"
	else
		fail "host pings guest over tap" "$(tail -n 2 "$WORK/ping.out" | tr '\n' ' ')"
	fi
else
	fail "host pings guest over tap" "guest never became ready"
fi
guest_finish
result
