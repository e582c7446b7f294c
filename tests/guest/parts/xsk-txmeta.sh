#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of host-xsk-txmeta.sh: a zero-copy AF_XDP socket on queue 0
# (xsk-test --tx-meta, xsk_redirect.c attached, every frame steered to
# queue 0) waits for the host's trigger frame, then sends tx.pcap with the
# TX metadata of tx.plan; the completion timestamps go to the console as
# "TXTS K NS" lines for the host to check (txmeta-frames.py), with what
# it captured.
. /test/lib.sh
. /test/txmeta.env
MAP=/sys/fs/bpf/xsk/xsks

A=$(xnic_iface) || { fail setup "no xnic interface"; result; exit 1; }
# no frames of the guest's own stack on the wire
no_ipv6
ip link set "$A" up
check "carrier" wait_for 20 link_is_up "$A"
xsk_attach "$A" xsk_redirect.o
check "every frame to queue 0 (ethtool -X $A weight 1 0)" ethtool -X "$A" weight 1 0
if xsk_start /tmp/txmeta.out --map "$MAP" --recv 1 --send /test/tx.pcap \
	--tx-meta /test/tx.plan --timeout 120000 "$A" 0:zc; then
	pass "zero-copy socket with TX metadata bound on queue 0"
	ready txmeta
	wait "$XSK_PID" && pass "xsk-test sent all $N_TXMETA frames" ||
		fail "xsk-test" "$(tr '\n' '|' </tmp/txmeta.out)"
else
	fail "zero-copy socket with TX metadata bound" "$(tr '\n' '|' </tmp/txmeta.out)"
fi
sed -n 's/^xsk-test: tx-meta frame \([0-9]*\) ts \([0-9]*\)$/TXTS \1 \2/p' /tmp/txmeta.out
echo "TXTS-END"
ip link set dev "$A" xdpdrv off
check "kernel log clean" sh -c "! dmesg | grep -E 'WARNING:|BUG:|Oops'"
result
