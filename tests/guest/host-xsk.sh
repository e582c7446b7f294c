#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# AF_XDP on xnic, zero-copy and copy mode, with frames from the host: the
# guest (tests/guest/parts/xsk.sh) binds xsk-test's sockets; at each of its
# XNIC-READY lines the host sends rx.pcap (tests/guest/xsk-corpus.py) into
# the card, and it captures what the sockets send: tx.pcap from the
# zero-copy socket, then from the copy-mode one, byte for byte.
. "$(dirname "$0")/host-lib.sh"

python3 "$(dirname "$0")/xsk-corpus.py" gen "$WORK" || { fail corpus "xsk-corpus.py gen failed"; result; exit 1; }
. "$WORK/xsk.env"

a_host=$(free_port) a_qemu=$(free_port)
background "$WIRE" capture "udp:127.0.0.1:$a_host" "$WORK/got-tx.pcap" \
	--count $((2 * N_TX)) --timeout 600000
cap=$LAST_PID

adds=""
for f in xsk.env rx.pcap tx.pcap exp-rx2.pcap exp-fill.pcap exp-full.pcap exp-offload.pcap; do
	adds="$adds --add $WORK/$f:/test/$f"
done
guest_start "$(dirname "$0")/parts/xsk.sh" \
	--netdev "$(dgram_netdev "$a_qemu" "$a_host")" $adds --timeout 900

send_at() {
	if guest_wait_line "^XNIC-READY $1\$" 400; then
		"$WIRE" send "udp:127.0.0.1:$a_qemu" "$WORK/rx.pcap" --gap-us 2000 >/dev/null
	else
		fail "send at $1" "the guest never got there"
	fi
}

send_at zc-rx
send_at copy-rx
# The TX capture is complete once the guest has checked its counters; a
# sink takes the frames of the later phases
guest_wait_line "^XNIC-READY tx-done" 400
for i in $(seq 50); do kill -0 "$cap" 2>/dev/null || break; sleep 0.2; done
kill "$cap" 2>/dev/null
wait "$cap"
background "$WIRE" capture "udp:127.0.0.1:$a_host" /dev/null --timeout 600000
send_at fill-empty
send_at fill-refilled
send_at rx-full
send_at rx-drained
guest_wait_line "^XNIC-READY churn\$" 400 &&
	send_until "^XNIC-READY churn-done" 600 "$WORK/rx.pcap" "$a_qemu"
send_at after-churn
send_at zc-pass
send_at offload
guest_finish

out=$("$WIRE" cmp "$WORK/exp-tx2.pcap" "$WORK/got-tx.pcap" 2>&1) &&
	pass "frames sent by the zero-copy, then the copy-mode socket reached the host byte-exact ($N_TX each)" ||
	fail "frames sent through AF_XDP reached the host byte-exact" "$out"
result
