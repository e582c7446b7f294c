#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Card firmware (docs/firmware.md, docs/driver.md "Probe"): the driver
# loaded xnic/xnic-fw.img, traffic runs through it and is counted per
# action; a firmware whose XDP slot loops (firmware/test/xnic-fw-loop.s,
# loaded through debugfs) trips the card's watchdog on the first frame, the
# driver reports it and restarts the card with the default firmware, and
# traffic flows again.  Runs in the guest with /test/lib.sh.
. /test/lib.sh

GATEWAY=10.0.2.2
ADDR=10.0.2.15/24
BAD_LOG='WARNING:|BUG:|Oops|leak|refcount|stalled pool|timed out'

stat() { ethtool -S "$IFC" | sed -n "s/^ *$1: //p"; }

reg() {
	v=$(sed -n "s/^$1 //p" "$DBG/regs")
	echo $((v))
}

ping_gw() { ping -c 1 -W 2 "$GATEWAY" >/dev/null; }
log_has() { dmesg | grep -q "$1"; }
default_fw_runs() { [ "$(cat "$DBG/firmware")" = xnic/xnic-fw.img ] && [ "$(reg FW_STATUS)" = 1 ]; }

dmesg -c >/dev/null
IFC=$(xnic_iface) || { fail "interface" "no interface bound to xnic"; result; exit 1; }
PCI=$(basename "$(readlink "/sys/class/net/$IFC/device")")
DBG=/sys/kernel/debug/xnic/$PCI

check "firmware installed" test -f /lib/firmware/xnic/xnic-fw.img
check "firmware running" sh -c "[ $(reg FW_STATUS) = 1 ] && [ $(reg FW_ABI) = 65537 ]"
check "debugfs names the firmware" default_fw_runs

ip link set "$IFC" up
ip addr add "$ADDR" dev "$IFC"
check "carrier" wait_for 10 link_is_up "$IFC"
pass_before=$(stat fw_xdp_pass)
check "ping through the firmware" wait_for 10 ping_gw
check "firmware counted PASS" sh -c "[ $(stat fw_xdp_pass) -gt $pass_before ]"
check "card cycles counted" sh -c "[ $(stat fw_card_cycles) -gt 0 ]"

# A looping XDP slot: the first frame trips the watchdog.
echo xnic/xnic-fw-loop.img >"$DBG/firmware"
check "looping firmware loaded" wait_for 10 log_has "firmware xnic/xnic-fw-loop.img"
check "carrier after the restart" wait_for 10 link_is_up "$IFC"
ping -c 3 -W 1 "$GATEWAY" >/dev/null 2>&1
check "watchdog reported" wait_for 20 log_has "tripped the watchdog"
check "card restarted with the default firmware" wait_for 20 default_fw_runs
check "ping after recovery" wait_for 20 ping_gw
check "firmware counts again" sh -c "[ $(stat fw_xdp_pass) -gt 0 ]"

echo xnic/no-such-firmware.img >"$DBG/firmware"
check "missing firmware falls back" wait_for 10 log_has "falling back to firmware xnic/xnic-fw.img"
check "ping after the fallback" wait_for 20 ping_gw

log=$(dmesg | grep -E "$BAD_LOG")
if [ -z "$log" ]; then pass "kernel log clean"; else fail "kernel log clean" "$log"; fi
result
