#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of host-xdp-hints.sh: RX VLAN stripping (ethtool rxvlan) and
# hardware RX timestamps (SIOCSHWTSTAMP, tests/guest/hwtstamp.c) on, the
# device-bound program tests/guest/xdp/xdp_hints.c attached; after the
# host's frames its map goes to the console as "HINTS" lines for the host
# to check (hints-frames.py).  Then the offloads off again: the
# kfuncs must say -ENODATA for what the card no longer supplies.
. /test/lib.sh
. /test/hints.env

XDP=/lib/xnic-xdp
PIN=/sys/fs/bpf/hints
MAPS=/sys/fs/bpf/hints_maps

IFC=$(xnic_iface) || { fail "interface" "no interface bound to xnic"; result; exit 1; }
# frames the program has filed: entries with "seen" above 0
filed() { bpftool -j map dump pinned "$MAPS/hints" | grep -o '"seen":[1-9]' | wc -l; }
all_filed() { [ "$(filed)" -ge "$N_HINTS" ]; }
# TAG: one console line per frame, "TAG {"key":K,"value":{...}}", BTF's
# view of the entry only (short lines), then "TAG-END"
dump() {
	for k in $(seq 0 $((N_HINTS - 1))); do
		echo "$1 $(bpftool -j map lookup pinned "$MAPS/hints" key $k 0 0 0 |
			sed -n 's/.*"formatted":\(.*\)}$/\1/p')"
	done
	echo "$1-END"
}

ip link set "$IFC" up
check "carrier" wait_for 10 link_is_up "$IFC"
check "rxhash on by default" sh -c "ethtool -k $IFC | grep -qx 'receive-hashing: on'"
check "rxvlan on (ethtool -K $IFC rxvlan on)" ethtool -K "$IFC" rxvlan on
check "ethtool -k shows rx-vlan-offload: on" sh -c "ethtool -k $IFC | grep -qx 'rx-vlan-offload: on'"
check "ethtool -T: hardware receive timestamps, all frames" \
	sh -c "ethtool -T $IFC | grep -q 'hardware-receive' && ethtool -T $IFC | grep -q 'all'"
check "SIOCSHWTSTAMP: every RX frame, no TX" sh -c "hwtstamp $IFC on | grep -qx 'tx_type 0 rx_filter 1'"
check "SIOCGHWTSTAMP reads it back" sh -c "hwtstamp $IFC | grep -qx 'tx_type 0 rx_filter 1'"
check "device-bound program loaded (bpftool prog load ... xdpmeta_dev $IFC)" \
	bpftool prog load "$XDP/xdp_hints.o" "$PIN" type xdp xdpmeta_dev "$IFC" pinmaps "$MAPS"
check "attached in the driver" ip link set dev "$IFC" xdpdrv pinned "$PIN"
ready hints
check "the program filed all $N_HINTS frames" wait_for 60 all_filed
ethtool -S "$IFC" | grep -E 'rx|wire' | grep -v ': 0$'
dump HINTS

# Offloads off: the same frames again, every kfunc but the hash -ENODATA
check "detached" ip link set dev "$IFC" xdpdrv off
ethtool -K "$IFC" rxvlan off
hwtstamp "$IFC" off >/dev/null
rm -rf "$PIN" "$MAPS"
check "program loaded again" \
	bpftool prog load "$XDP/xdp_hints.o" "$PIN" type xdp xdpmeta_dev "$IFC" pinmaps "$MAPS"
check "attached again" ip link set dev "$IFC" xdpdrv pinned "$PIN"
ready off
check "the program filed all $N_HINTS frames again" wait_for 60 all_filed
dump HINTS-OFF
ip link set dev "$IFC" xdpdrv off
rm -rf "$PIN" "$MAPS"
check "kernel log clean" sh -c "! dmesg | grep -E 'WARNING:|BUG:|Oops'"
result
