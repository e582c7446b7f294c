#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The kernel's own hardware test for the XDP metadata kfuncs,
# tools/testing/selftests/bpf/xdp_hw_metadata.c of the 6.12 source, run
# unmodified against the card (docs/driver.md "RX metadata", "AF_XDP TX
# metadata"; built by scripts/build-hwmeta.sh).  The host is the other
# end of the cable (tests/guest/hwmeta-frames.py): it sends UDP frames to
# port 9091 (IPv4 and IPv6, untagged, 802.1Q and 802.1ad), each after the
# tool's reply to the one before, then one to the tool's socket on 9092.
# What the tool prints must match the frames: the RX hash Toeplitz's with
# its RSS type, the VLAN tag as sent, RX and TX completion timestamps
# inside the host's send windows, the reply mirrored with the UDP checksum
# the card computed, the skb's hardware timestamp.  The guest side is
# tests/guest/parts/hwmeta.sh.  Linux 6.8+: SKIP on 6.1.
. "$(dirname "$0")/host-lib.sh"

skip_on_6_1 xdp_hw_metadata "Linux 6.8+ has the kfuncs and AF_XDP TX metadata it uses (bpf_xdp_metadata_rx_vlan_tag, XDP_UMEM_TX_METADATA_LEN)"
FRAMES=$(dirname "$0")/hwmeta-frames.py
tool=$("$TOP/scripts/build-hwmeta.sh" 2>"$WORK/build.log")/xdp_hw_metadata ||
	{ fail "build" "scripts/build-hwmeta.sh: $(tail -n 3 "$WORK/build.log" | tr '\n' '|')"; result; exit 1; }
python3 "$FRAMES" env "$WORK"

host=$(free_port) qemu=$(free_port)
guest_start "$(dirname "$0")/parts/hwmeta.sh" \
	--netdev "$(dgram_netdev "$qemu" "$host")" --add "$tool:/usr/bin/xdp_hw_metadata" \
	--add "$WORK/hwmeta.env:/test/hwmeta.env" --timeout 900
if guest_wait_line "^XNIC-READY hwmeta\$" 300; then
	python3 "$FRAMES" peer "$WORK" "$qemu" "$host" || fail "peer" "hwmeta-frames.py peer failed"
	guest_wait_line "^HWMETA-END" 200
	tr -d '\r' <"$GUEST_LOG" | sed -n 's/^HWMETA //p' >"$WORK/out.txt"
	python3 "$FRAMES" check "$WORK" "$WORK/out.txt" >"$WORK/check.txt" 2>&1
	guest_results "$WORK/check.txt" $?
else
	fail "guest ready" "no XNIC-READY hwmeta line"
fi
guest_finish
result
