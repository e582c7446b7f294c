#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of host-skb-meta.sh: with rxhash, rxvlan and hardware RX
# timestamps (SIOCSHWTSTAMP) on, a packet socket (tests/guest/skbmeta.c)
# reads each test frame's VLAN tag (PACKET_AUXDATA) and hardware timestamp
# (SO_TIMESTAMPING) and a tc ingress program (tests/guest/xdp/tc_hints.c)
# its skb->hash; both go to the console, "SKB" and "TCHASH" lines, for the
# host to check (hints-frames.py).  Then the same with the offloads off.
. /test/lib.sh
. /test/hints.env

PROGS=/lib/xnic-xdp
PIN=/sys/fs/bpf/tchints
MAPS=/sys/fs/bpf/tchints_maps

IFC=$(xnic_iface) || { fail "interface" "no interface bound to xnic"; result; exit 1; }

# tc_attach: tc_hints.o on ingress, its map empty
tc_attach() {
	rm -rf "$PIN" "$MAPS"
	bpftool prog load "$PROGS/tc_hints.o" "$PIN" type classifier pinmaps "$MAPS" &&
		tc filter replace dev "$IFC" ingress pref 1 handle 1 bpf object-pinned "$PIN" direct-action
}

# dump TAG: the tc map's entries as "TAG {"key":K,"value":{...}}" lines, then TAG-END
dump() {
	for k in $(seq 0 $((N_HINTS - 1))); do
		echo "$1 $(bpftool -j map lookup pinned "$MAPS/hashes" key $k 0 0 0 |
			sed -n 's/.*"formatted":\(.*\)}$/\1/p')"
	done
	echo "$1-END"
}

# round TAG: skbmeta and the tc map over the host's frames, "TAG" lines
round() {
	skbmeta "$IFC" "$N_HINTS" 60000 >/tmp/skb.out 2>&1 &
	app=$!
	check "$1: packet socket bound" wait_for 10 grep -q listening /tmp/skb.out
	ready "$1"
	wait "$app" && pass "$1: the packet socket got all $N_HINTS frames" ||
		fail "$1: packet socket" "$(grep -v '^SKB' /tmp/skb.out | tr '\n' '|')"
	grep '^SKB ' /tmp/skb.out | sed "s/^SKB /$1-SOCK /"
	echo "$1-SOCK-END"
	dump "$1-TC"
}

ip link set "$IFC" up
check "carrier" wait_for 10 link_is_up "$IFC"
check "rxhash on by default" sh -c "ethtool -k $IFC | grep -qx 'receive-hashing: on'"
check "rxvlan on (ethtool -K $IFC rxvlan on)" ethtool -K "$IFC" rxvlan on
check "SIOCSHWTSTAMP: every RX frame" sh -c "hwtstamp $IFC on | grep -qx 'tx_type 0 rx_filter 1'"
check "clsact qdisc" sh -c "insmod /lib/modules/sch_ingress.ko &&
	insmod /lib/modules/cls_bpf.ko && tc qdisc add dev $IFC clsact"
check "tc ingress program tc_hints.o attached" tc_attach
round SKB

check "rxhash off" ethtool -K "$IFC" rxhash off
check "rxvlan off" ethtool -K "$IFC" rxvlan off
check "SIOCSHWTSTAMP: no frame" sh -c "hwtstamp $IFC off | grep -qx 'tx_type 0 rx_filter 0'"
check "tc_hints.o attached again, its map empty" tc_attach
round SKB-OFF

tc qdisc del dev "$IFC" clsact
rm -rf "$PIN" "$MAPS"
check "kernel log clean" sh -c "! dmesg | grep -E 'WARNING:|BUG:|Oops'"
result
