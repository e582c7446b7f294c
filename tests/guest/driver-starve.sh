#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# RX starvation (docs/driver.md "Interrupts and NAPI", "debugfs"): with
# page allocation failing on purpose through debugfs fail_rx_alloc, open
# must fail cleanly, and a running interface whose RX ring runs dry must
# recover by itself once memory is back (NAPI keeps polling a starved ring,
# since the card cannot interrupt without buffers).
. /test/lib.sh

GATEWAY=10.0.2.2
ADDR=10.0.2.15/24
BAD_LOG='WARNING:|BUG:|Oops|leak|refcount|stalled pool|xnic.*(error|timed out)'

sum_stat() {
	ethtool -S "$IFC" | awk -v s="$1" '$1 ~ "^(rx|tx)[0-9]+" s ":$" { n += $2 } END { print n + 0 }'
}

# rx_rings_full: every RX ring has all but one slot posted (debugfs indices)
rx_rings_full() {
	size=$(ethtool -g "$IFC" | awk '/^Current/ { c = 1 } c && $1 == "RX:" { print $2; exit }')
	awk -v size="$size" '
		$1 ~ /drv_rx_clean$/ { clean = $2 }
		$1 ~ /drv_rx_use$/ { if ((($2 - clean) + size) % size != size - 1) bad = 1; n++ }
		END { exit bad || !n }' "/sys/kernel/debug/xnic/$PCI/regs"
}

dmesg -c >/dev/null
IFC=$(xnic_iface) || { fail "interface" "no interface bound to xnic"; result; exit 1; }
PCI=$(basename "$(readlink "/sys/class/net/$IFC/device")")
KNOB=/sys/kernel/debug/xnic/$PCI/fail_rx_alloc

echo 1000000 >"$KNOB"
if ip link set "$IFC" up 2>/dev/null; then
	fail "open fails without RX memory" "ip link set up succeeded"
else
	pass "open fails without RX memory"
fi
# IPv6 would send on its own (router solicitations) and wake NAPI with TX
echo 1 >"/proc/sys/net/ipv6/conf/$IFC/disable_ipv6"
check "interface stays down" sh -c "! ip link show $IFC | grep -q '<.*UP'"
echo 0 >"$KNOB"
check "open works with memory back" ip link set "$IFC" up
check "carrier" wait_for 10 link_is_up "$IFC"
ip addr add "$ADDR" dev "$IFC"
check "ping" ping -c 2 -W 3 "$GATEWAY"

# 63 buffers per RX ring: 150 pings drain the ring the replies hash to
check "small RX ring" ethtool -G "$IFC" rx 64
check "ping with the small ring" ping -c 2 -W 3 "$GATEWAY"
no_buf_before=$(sum_stat _no_buf)
echo 1000000 >"$KNOB"
ping -c 150 -i 0.02 -W 2 "$GATEWAY" >/dev/null
no_buf=$(($(sum_stat _no_buf) - no_buf_before))
if [ "$no_buf" -gt 0 ]; then
	pass "ring ran dry (card dropped $no_buf frames for lack of buffers)"
else
	fail "ring ran dry" "rx_no_buf did not grow"
fi
# Memory comes back while nothing is sent: no TX completion can wake NAPI,
# so only a driver that kept polling the starved ring refills it.
echo 0 >"$KNOB"
check "RX rings refill without traffic" wait_for 5 rx_rings_full
check "traffic resumes once memory is back" wait_for 15 ping -c 1 -W 2 "$GATEWAY"
check "ping after recovery" ping -c 3 -W 3 "$GATEWAY"
check "interface down and up" sh -c "ip link set $IFC down && ip link set $IFC up"
check "carrier again" wait_for 10 link_is_up "$IFC"

bad=$(dmesg | grep -E "$BAD_LOG")
if [ -z "$bad" ]; then pass "kernel log clean"; else fail "kernel log clean" "$(echo "$bad" | head -n 3 | tr '\n' ' ')"; fi
result
