#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# RX metadata in the skb (docs/driver.md "RX metadata"), read where the
# stack hands it on: the frames of tests/guest/hints-frames.py go onto
# the card's wire, and in the guest (tests/guest/parts/skb-meta.sh) a
# packet socket reads the stripped VLAN tag (PACKET_AUXDATA) and the raw
# hardware RX timestamp (SO_TIMESTAMPING), a tc ingress program skb->hash.
# The hash must be Toeplitz's over the frame's addresses and ports (0 where
# the card gives none), the tag the one sent (802.1Q and 802.1ad), the
# timestamp inside the host's send window and rising in send order.  With
# rxhash, rxvlan and timestamps off: no hash, no timestamp, and the tag
# still there (the stack takes off a tag the card left in).  Both kernels.
. "$(dirname "$0")/host-lib.sh"

FRAMES=$(dirname "$0")/hints-frames.py
python3 "$FRAMES" "$WORK" || { fail frames "hints-frames.py failed"; result; exit 1; }
# entries TAG: the lines the guest printed after TAG into $WORK/TAG.json
entries() { tr -d '\r' <"$GUEST_LOG" | sed -n "s/^$1 //p" >"$WORK/$1.json"; }

# round TAG [off]: the frames sent once the guest is ready for TAG, checked
round() {
	tag=$1 when=
	if ! guest_wait_line "^XNIC-READY $tag\$" 200; then
		fail "guest ready for $tag" "no XNIC-READY $tag line"
		return
	fi
	t0=$(now)
	"$WIRE" send "udp:127.0.0.1:$qemu" "$WORK/in.pcap" --gap-us 2000 >/dev/null
	guest_wait_line "^$tag-TC-END" 100
	t1=$(now)
	entries "$tag-SOCK"
	entries "$tag-TC"
	[ "${2:-}" = off ] && when=off || when="$t0 $t1"
	python3 "$FRAMES" "$WORK" skb "$WORK/$tag-SOCK.json" "$WORK/$tag-TC.json" $when \
		>"$WORK/check.txt" 2>&1
	guest_results "$WORK/check.txt" $?
}

host=$(free_port) qemu=$(free_port)
guest_start "$(dirname "$0")/parts/skb-meta.sh" \
	--netdev "$(dgram_netdev "$qemu" "$host")" \
	--add "$WORK/hints.env:/test/hints.env" --timeout 300
round SKB
round SKB-OFF off
guest_finish
result
