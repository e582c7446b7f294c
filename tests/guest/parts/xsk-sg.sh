#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of host-xsk-sg.sh: a copy-mode AF_XDP socket bound with
# XDP_USE_SG on queue 0 (xsk-test --sg, xsk_redirect_frags.c attached,
# MTU 9000, every frame steered to queue 0) receives the host's jumbo
# frames in several UMEM frames each, compared byte for byte once put
# together, then sends them back split the same way.
. /test/lib.sh
. /test/sg.env
MAP=/sys/fs/bpf/xsk/xsks

A=$(xnic_iface) || { fail setup "no xnic interface"; result; exit 1; }
no_ipv6
check "MTU 9000" ip link set "$A" mtu 9000
ip link set "$A" up
check "carrier" wait_for 20 link_is_up "$A"
xsk_attach "$A" xsk_redirect_frags.o
check "every frame to queue 0 (ethtool -X $A weight 1 0)" ethtool -X "$A" weight 1 0
if xsk_start /tmp/sg.out --map "$MAP" --sg --recv "$N_SG" --out /tmp/sg.pcap \
	--send /test/sg.pcap --timeout 120000 "$A" 0:copy; then
	pass "copy-mode socket bound with XDP_USE_SG on queue 0"
	ready sg
	wait "$XSK_PID" && pass "xsk-test received $N_SG packets and sent them back" ||
		fail "xsk-test" "$(tr '\n' '|' </tmp/sg.out)"
	out=$(xnic-wire cmp /test/sg.pcap /tmp/sg.pcap 2>&1) &&
		pass "multi-buffer packets received byte-exact" ||
		fail "multi-buffer packets received byte-exact" "$out"
	grep -q "queue 0 sent $SG_DESCS of $SG_DESCS descriptors" /tmp/sg.out &&
		pass "sent as $SG_DESCS descriptors, every one completed" ||
		fail "sent as $SG_DESCS descriptors" "$(grep sent /tmp/sg.out)"
else
	fail "copy-mode socket bound with XDP_USE_SG" "$(tr '\n' '|' </tmp/sg.out)"
fi
ethtool -S "$A" | grep -E '^ *(rx0_xdp_redirect|rx0_errors|tx0_packets):'
ip link set dev "$A" xdpdrv off
check "kernel log clean" sh -c "! dmesg | grep -E 'WARNING:|BUG:|Oops'"
result
