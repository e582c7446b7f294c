#!/bin/sh
# The skeleton's user path through slirp: the driver binds, the link comes
# up, DHCP gets a lease, the gateway answers ping, and 4 MiB go each way
# over TCP intact (checked by SHA-256 on both ends).
. "$(dirname "$0")/host-lib.sh"
SIZE=$((4 * 1024 * 1024))

background python3 "$TOP/tests/guest/tcp-peer.py" --size "$SIZE" --result "$WORK/put.result" \
	--timeout 500 >"$WORK/peer.out"
peer_pid=$LAST_PID
n=50
while [ "$n" -gt 0 ] && ! grep -q '^PORTS' "$WORK/peer.out"; do sleep 0.1; n=$((n - 1)); done
set -- $(cat "$WORK/peer.out")
get_port=$2 put_port=$3 sha=$5
printf 'GET_PORT=%s\nPUT_PORT=%s\nGET_SHA=%s\nSIZE=%s\n' "$get_port" "$put_port" "$sha" "$SIZE" \
	>"$WORK/env.sh"

guest_start "$(dirname "$0")/parts/slirp.sh" --netdev user --add "$WORK/env.sh" --timeout 500
guest_finish
wait "$peer_pid" 2>/dev/null
sent=$(sed -n 's/^UPLOAD-SHA: \([0-9a-f]*\).*/\1/p' "$WORK/console.txt")
if [ -n "$sent" ] && [ "$(cat "$WORK/put.result" 2>/dev/null)" = "$SIZE $sent" ]; then
	pass "tcp guest-to-host 4 MiB intact"
else
	fail "tcp guest-to-host 4 MiB intact" "guest sent '$sent', host got '$(cat "$WORK/put.result" 2>/dev/null)'"
fi
result
