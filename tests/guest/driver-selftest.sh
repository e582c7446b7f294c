#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# ethtool -t (docs/driver.md "Self-test"): online and offline runs pass
# and report every check by name; the offline loopback sends its frames
# through the card (wire TX counted, the stack sees none of them) and
# traffic flows afterwards; on an interface that is down the loopback
# checks fail with ENETDOWN and a log line.  Runs in the guest with
# /test/lib.sh.
. /test/lib.sh

GATEWAY=10.0.2.2
ADDR=10.0.2.15/24
BAD_LOG='WARNING:|BUG:|Oops|leak|refcount|stalled pool'

IFC=$(xnic_iface) || { fail setup "no xnic interface"; result; exit 1; }
stat() { ethtool -S "$IFC" | sed -n "s/^ *$1: //p"; }
ip link set "$IFC" up
wait_for 20 link_is_up "$IFC" || fail link-up "carrier never came up"
ip addr add "$ADDR" dev "$IFC"
dmesg -c >/dev/null

# result_of NAME: the number ethtool -t printed for the check NAME
result_of() { sed -n "s/^\t*$1 *\([0-9]*\)$/\1/p" /tmp/t.txt; }
all_named() {
	local n
	for n in "register file (online)" "mailbox memory (online)" "firmware mailbox (online)" \
		"misc interrupt (online)" "ME loopback, firmware (offline)" "DMA loopback (offline)"; do
		grep -qF "$n" /tmp/t.txt || { echo "no line for '$n'"; return 1; }
	done
}
results_are() {
	local got
	got=$(sed -n 's/^\t*[^\t].* \([0-9][0-9]*\)$/\1/p' /tmp/t.txt | tr '\n' ' ')
	[ "$got" = "$1" ] || { echo "results: $got"; return 1; }
}

ethtool -t "$IFC" online >/tmp/t.txt 2>&1
cat /tmp/t.txt
check "online: PASS" grep -q "The test result is PASS" /tmp/t.txt
check "online: every check named" all_named
check "online: every check 0" results_are "0 0 0 0 0 0 "

wire_tx=$(stat wire_tx_frames) rx=$(cat "/sys/class/net/$IFC/statistics/rx_packets")
ethtool -t "$IFC" offline >/tmp/t.txt 2>&1
cat /tmp/t.txt
check "offline: PASS" grep -q "The test result is PASS" /tmp/t.txt
check "offline: every check 0" results_are "0 0 0 0 0 0 "
check "offline: 32 loopback frames through the card's MAC" [ "$(stat wire_tx_frames)" -ge $((wire_tx + 32)) ]
check "offline: the stack saw none of them" [ "$(cat "/sys/class/net/$IFC/statistics/rx_packets")" -lt $((rx + 32)) ]
check "loopback off again" sh -c "grep -q '^CTRL 0x0000000[15]' /sys/kernel/debug/xnic/*/regs"
check "traffic after the self-test" ping -c 2 -W 3 "$GATEWAY"

ip link set "$IFC" down
ethtool -t "$IFC" offline >/tmp/t.txt 2>&1
cat /tmp/t.txt
check "down: FAIL" grep -q "The test result is FAIL" /tmp/t.txt
check "down: the loopback checks fail with ENETDOWN (100), the others pass" results_are "0 0 0 0 100 100 "
check "down: the log says why" sh -c "dmesg | grep -q 'the loopback tests need the interface up'"
ip link set "$IFC" up
if dmesg | grep -qE "$BAD_LOG"; then
	fail "kernel log clean" "$(dmesg | grep -E "$BAD_LOG" | head -n 2 | tr '\n' ' ')"
else
	pass "kernel log clean"
fi
result
