#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of bench-xsk.sh: one AF_XDP socket on queue 0 (all frames
# steered there), zero-copy then copy mode, receiving then sending.
. /test/lib.sh
. /test/xsk.env
A=$(xnic_iface) || { echo "no xnic interface"; exit 1; }
echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6
ip link set "$A" up
wait_for 20 link_is_up "$A" >/dev/null
bpftool prog load /lib/xnic-xdp/xsk_redirect.o /sys/fs/bpf/xskprog type xdp pinmaps /sys/fs/bpf/xsk &&
	ip link set dev "$A" xdpdrv pinned /sys/fs/bpf/xskprog || exit 1
ethtool -X "$A" weight 1 0

for mode in zc copy; do
	xsk_start /tmp/rx.out --map /sys/fs/bpf/xsk/xsks --wakeup --bench \
		--recv $((ROUNDS * N_RX)) --idle 3000 --timeout 120000 "$A" "0:$mode"
	ready "rx-$mode"
	wait "$XSK_PID"
	grep "bench" /tmp/rx.out
	xsk_start /tmp/tx.out --wakeup --bench --send /test/tx.pcap --repeat "$ROUNDS" \
		--timeout 60000 "$A" "0:$mode"
	wait "$XSK_PID"
	grep "bench" /tmp/tx.out
done
result
