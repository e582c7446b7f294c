#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of host-hwmeta.sh: the kernel's xdp_hw_metadata (built by
# scripts/build-hwmeta.sh, added as /usr/bin/xdp_hw_metadata) runs
# unmodified on the xnic interface until the host's frames are through,
# then its output goes to the console as "HWMETA" lines for the host to
# check (hwmeta-frames.py).
. /test/lib.sh
. /test/hwmeta.env

OUT=/tmp/hwmeta.out
IFC=$(xnic_iface) || { fail "interface" "no interface bound to xnic"; result; exit 1; }
# The program's counters, from the .bss map of the only program loaded
bss() { bpftool map dump id "$(bpftool map show | sed -n 's/^\([0-9]*\): .*name [^ ]*\.bss .*/\1/p')"; }
counter() { bss | grep -o "\"$1\": *[0-9]*" | tr -dc '0-9'; }
all_seen() { [ "$(counter pkts_redir)" -ge "$N_XSK" ] && [ "$(counter pkts_skip)" -ge "$N_SKIP" ]; }
attached() { ip link show dev "$IFC" | grep -q 'prog/xdp'; }
# SIGINT ends the tool's poll loop; one that lands outside poll() is lost
stop_tool() {
	for i in $(seq 15); do
		kill -INT "$1" 2>/dev/null || return 0
		sleep 2
	done
}

# Exit 0, or 1 from the 6.12 tool's own ending: cleanup() frees the
# interface name that its atexit hwtstamp_restore() then hands to
# SIOCSHWTSTAMP (0x89b0 = 35248), which finds no such device.
tool_ended() {
	[ "$1" = 0 ] && return 0
	[ "$1" = 1 ] && [ "$(tail -n 1 "$OUT")" = "xdp_hw_metadata: ioctl(35248): No such device" ] &&
		return 0
	echo "exit $1: $(tail -n 3 "$OUT" | tr '\n' '|')"
	return 1
}

# no frames of the guest's own stack on the wire; the host's frames are
# to this MAC and hints-frames.py's IPv4 destination
echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6
echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6
ip link set dev "$IFC" address 02:00:00:00:00:99
ip addr add 161.142.100.80/24 dev "$IFC"
ip link set "$IFC" up
check "carrier" wait_for 10 link_is_up "$IFC"
# The tool reads the tag; xnic strips it only when asked (docs/driver.md)
check "rxvlan on (ethtool -K $IFC rxvlan on)" ethtool -K "$IFC" rxvlan on
xdp_hw_metadata "$IFC" >"$OUT" 2>&1 &
pid=$!
if check "xdp_hw_metadata $IFC: sockets bound, program attached" wait_for 120 attached; then
	ready hwmeta
	check "its program saw the host's frames" wait_for 600 all_seen
fi
stop_tool "$pid"
wait "$pid"
check "xdp_hw_metadata ended on SIGINT" tool_ended "$?"
# without the 256 lines of its UMEM layout and the idle polls
grep -v -e ' -> [0-9a-f]*$' -e '^poll: 0 ' "$OUT" | sed 's/^/HWMETA /'
echo "HWMETA-END"
check "it detached its program" sh -c "! ip link show dev $IFC | grep -q prog/xdp"
check "kernel log clean" sh -c "! dmesg | grep -E 'WARNING:|BUG:|Oops'"
result
