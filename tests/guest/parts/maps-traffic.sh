# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the guest sides of host-migrate.sh and host-faults.sh (as
# /test/maps-traffic.sh, after /test/lib.sh): the interface up and
# tests/guest/xdp/offload_maps.c offloaded with its maps pinned, frames
# from 10.9.0.3 dropped by a verdict bpftool sets; counters of the card.
XDP=/lib/xnic-xdp
PIN=/sys/fs/bpf/xnic-maps
MAPS=/sys/fs/bpf

IFC=$(xnic_iface) || { fail "interface" "no interface bound to xnic"; result; exit 1; }
mkdir -p /sys/fs/bpf
mount -t bpf bpf /sys/fs/bpf 2>/dev/null
no_ipv6
ip link set "$IFC" up
wait_for 10 link_is_up "$IFC"
dmesg -c >/dev/null

# frames the stack got on all RX queues (ethtool: no map operation)
rx_frames() { ethtool -S "$IFC" | awk '/^ *rx[0-9]+_packets:/ { n += $2 } END { print n + 0 }'; }
passes() { map_value counts "2 0 0 0"; }
drops() { map_value counts "1 0 0 0"; }
# reached PASSES DROPS: the card's counts are at least these
reached() {
	[ "$(passes)" -ge "$1" ] && [ "$(drops)" -ge "$2" ] && return 0
	echo "pass=$(passes) drop=$(drops), want at least pass=$1 drop=$2"
	return 1
}
# verdict_is KEY-BYTES VALUE: the hash map on the card holds it
verdict_is() { [ "$(map_value verdicts "$1")" = "$2" ]; }

check "program and its maps loaded for $IFC" \
	bpftool prog load "$XDP/offload_maps.o" "$PIN" type xdp dev "$IFC"
check "maps pinned" sh -c "bpftool map pin id $(map_id counts) $MAPS/counts &&
	bpftool map pin id $(map_id verdicts) $MAPS/verdicts"
check "attach offloaded" ip link set dev "$IFC" xdpoffload pinned "$PIN"
check "10.9.0.3 set to XDP_DROP on the card" \
	bpftool map update pinned "$MAPS/verdicts" key 10 9 0 3 value 1 0 0 0
