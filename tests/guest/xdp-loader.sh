#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# xdp-loader (Debian's xdp-tools, with libxdp's dispatcher) attaches a
# program to xnic in native mode, as `ip link ... xdpdrv` does: the
# program runs on received frames and detaches cleanly.
. /test/lib.sh

GATEWAY=10.0.2.2
XDP=/lib/xnic-xdp
BAD_LOG='WARNING:|BUG:|Oops|refcount'
xdp_passed() { ethtool -S "$IFC" | awk '/^ *rx[0-9]+_xdp_pass:/ { n += $2 } END { print n + 0 }'; }

dmesg -c >/dev/null
IFC=$(xnic_iface) || { fail "interface" "no interface bound to xnic"; result; exit 1; }
mkdir -p /sys/fs/bpf
mount -t bpf bpf /sys/fs/bpf 2>/dev/null
ip link set "$IFC" up
ip addr add 10.0.2.15/24 dev "$IFC"
check "carrier" wait_for 10 link_is_up "$IFC"

check "xdp-loader load --mode native" xdp-loader load --mode native "$IFC" "$XDP/xdp_pass.o"
xdp-loader status "$IFC" >/tmp/status.txt 2>&1
cat /tmp/status.txt
check "xdp-loader status shows it native" sh -c "grep -q xdp_pass /tmp/status.txt && grep -q native /tmp/status.txt"
check "ip link shows a native program" sh -c "ip link show dev $IFC | grep -q 'xdp\\b\\|xdpdrv\\|prog/xdp'"
before=$(xdp_passed)
check "ping through the program" ping -c 3 -W 3 "$GATEWAY"
check "the program ran on the replies" sh -c "[ $(xdp_passed) -ge $((before + 3)) ]"
check "xdp-loader unload --all" xdp-loader unload "$IFC" --all
check "no program left" sh -c "! ip link show dev $IFC | grep -q prog/xdp"
check "ping after unload" ping -c 1 -W 3 "$GATEWAY"
if dmesg | grep -qE "$BAD_LOG"; then
	fail "kernel log clean" "$(dmesg | grep -E "$BAD_LOG" | head -n 2 | tr '\n' ' ')"
else
	pass "kernel log clean"
fi
result
