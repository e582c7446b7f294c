#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The XDP metadata kfuncs (docs/driver.md "RX metadata"): a device-bound
# program (tests/guest/xdp/xdp_hints.c) reads bpf_xdp_metadata_rx_hash,
# _rx_vlan_tag and _rx_timestamp for frames the host puts on the card's
# wire (tests/guest/hints-frames.py): the hash must be Toeplitz's over the
# frame's addresses and ports with its kernel RSS type, the tag exactly the
# one sent (802.1Q and 802.1ad), the timestamp inside the host's send
# window and rising in send order.  With rxvlan and timestamps off again,
# -ENODATA for those.  Linux 6.8+ (XDP_METADATA kfuncs with the VLAN tag):
# SKIP on 6.1.  The guest side is tests/guest/parts/xdp-hints.sh.
. "$(dirname "$0")/host-lib.sh"

skip_on_6_1 "XDP metadata kfuncs" "Linux 6.8+ has them all (bpf_xdp_metadata_rx_vlan_tag since 6.8)"
FRAMES=$(dirname "$0")/hints-frames.py
python3 "$FRAMES" "$WORK" || { fail frames "hints-frames.py failed"; result; exit 1; }
# json TAG: the map entries the guest printed after TAG into $WORK/TAG.json
json() { tr -d '\r' <"$GUEST_LOG" | sed -n "s/^$1 //p" >"$WORK/$1.json"; }

host=$(free_port) qemu=$(free_port)
guest_start "$(dirname "$0")/parts/xdp-hints.sh" \
	--netdev "$(dgram_netdev "$qemu" "$host")" \
	--add "$WORK/hints.env:/test/hints.env" --timeout 300
if guest_wait_line "^XNIC-READY hints\$" 200; then
	t0=$(now)
	"$WIRE" send "udp:127.0.0.1:$qemu" "$WORK/in.pcap" --gap-us 2000 >/dev/null
	guest_wait_line "^HINTS-END" 100
	t1=$(now)
	json HINTS
	python3 "$FRAMES" "$WORK" "$WORK/HINTS.json" "$t0" "$t1" >"$WORK/check.txt" 2>&1
	guest_results "$WORK/check.txt" $?
else
	fail "guest ready" "no XNIC-READY hints line"
fi
if guest_wait_line "^XNIC-READY off\$" 100; then
	"$WIRE" send "udp:127.0.0.1:$qemu" "$WORK/in.pcap" --gap-us 2000 >/dev/null
	guest_wait_line "^HINTS-OFF-END" 100
	json HINTS-OFF
	python3 "$FRAMES" "$WORK" "$WORK/HINTS-OFF.json" off >"$WORK/check.txt" 2>&1
	guest_results "$WORK/check.txt" $?
else
	fail "guest ready again" "no XNIC-READY off line"
fi
guest_finish
result
