#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of host-driver-link.sh: the carrier must follow the card's
# link through the misc interrupt (docs/driver.md "Interrupts and NAPI")
# while the host pulls and replugs the cable with QMP set_link.
. /test/lib.sh

GATEWAY=10.0.2.2

link_is_down() { [ "$(cat "/sys/class/net/$1/carrier" 2>/dev/null)" = 0 ]; }
misc_irqs() { awk '/xnic-misc/ { for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+$/) n += $i } END { print n + 0 }' /proc/interrupts; }

IFC=$(xnic_iface) || { fail "interface" "no interface bound to xnic"; result; exit 1; }
ip link set "$IFC" up
check "carrier at start" wait_for 10 link_is_up "$IFC"
ip addr add 10.0.2.15/24 dev "$IFC"
check "ping before unplug" ping -c 1 -W 3 "$GATEWAY"
irqs_before=$(misc_irqs)
ready link-up
check "carrier drops when unplugged" wait_for 30 link_is_down "$IFC"
# linkwatch updates operstate a little after the carrier
check "operstate follows" wait_for 10 sh -c "[ \"\$(cat /sys/class/net/$IFC/operstate)\" = down ]"
ready link-down
check "carrier returns when replugged" wait_for 30 link_is_up "$IFC"
check "misc interrupt delivered the changes" sh -c "[ $(misc_irqs) -ge $((irqs_before + 2)) ]"
check "ping after replug" ping -c 2 -W 3 "$GATEWAY"
if dmesg | grep -q "eth0: link is down" && dmesg | grep -q "eth0: link is up"; then
	pass "link changes logged"
else
	fail "link changes logged" "$(dmesg | grep xnic | tail -n 3 | tr '\n' ' ')"
fi
result
