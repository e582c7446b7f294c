#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# AF_XDP TX metadata (docs/driver.md "AF_XDP TX metadata"): a zero-copy
# socket in the guest (tests/guest/parts/xsk-txmeta.sh) sends the frames
# of tests/guest/txmeta-frames.py, each with its struct xsk_tx_metadata:
# checksum requests (UDP and TCP over IPv4 and IPv6, one beyond the card's
# 255-byte reach that the driver computes, one outside the frame that is
# ignored), completion timestamps, none at all.  The host captures the
# card's wire: every checksum as the host computes it and verifying,
# every other byte as sent; each timestamp inside the host's send window
# and rising in send order.  Linux 6.8+ (the driver needs 6.12's API):
# SKIP on 6.1.
. "$(dirname "$0")/host-lib.sh"

skip_on_6_1 "AF_XDP TX metadata" "Linux 6.8+ has it (xsk_tx_metadata_ops)"
FRAMES=$(dirname "$0")/txmeta-frames.py
python3 "$FRAMES" "$WORK" || { fail frames "txmeta-frames.py failed"; result; exit 1; }
. "$WORK/txmeta.env"

host=$(free_port) qemu=$(free_port)
background "$WIRE" capture "udp:127.0.0.1:$host" "$WORK/got.pcap" \
	--count "$N_TXMETA" --timeout 600000
cap=$LAST_PID
guest_start "$(dirname "$0")/parts/xsk-txmeta.sh" \
	--netdev "$(dgram_netdev "$qemu" "$host")" \
	--add "$WORK/txmeta.env:/test/txmeta.env" --add "$WORK/tx.pcap:/test/tx.pcap" \
	--add "$WORK/tx.plan:/test/tx.plan" --timeout 300
if guest_wait_line "^XNIC-READY txmeta\$" 200; then
	t0=$(now)
	"$WIRE" send "udp:127.0.0.1:$qemu" "$WORK/trigger.pcap" >/dev/null
	guest_wait_line "^TXTS-END" 100
	for i in $(seq 100); do kill -0 "$cap" 2>/dev/null || break; sleep 0.2; done
	t1=$(now)
	kill "$cap" 2>/dev/null
	wait "$cap"
	tr -d '\r' <"$GUEST_LOG" | sed -n 's/^TXTS \([0-9]* [0-9]*\)$/\1/p' >"$WORK/ts.txt"
	python3 "$FRAMES" "$WORK" "$WORK/got.pcap" "$WORK/ts.txt" "$t0" "$t1" \
		>"$WORK/check.txt" 2>&1
	guest_results "$WORK/check.txt" $?
else
	fail "guest ready" "no XNIC-READY txmeta line"
fi
guest_finish
result
