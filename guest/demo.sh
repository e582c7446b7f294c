#!/bin/sh
# `make run`'s main job, inside the guest: find the xnic interface, bring
# the link up, get an address from slirp, pass traffic, show the counters.
set -u
step() { printf '\n== %s\n' "$*"; }
dev=
for d in /sys/class/net/*; do
	[ "$(basename "$(readlink "$d/device/driver" 2>/dev/null)")" = xnic ] && dev=$(basename "$d")
done
if [ -z "$dev" ]; then
	echo "demo: no interface is bound to xnic.ko; dmesg says:"
	dmesg | grep -i xnic | tail -n 20
	exit 1
fi
step "the card and its driver"
lspci -k 2>/dev/null | grep -A2 -i 1de5 || true
ethtool -i "$dev"
step "the card firmware (every frame runs through it on the microengines)"
dmesg | grep "firmware xnic/" | tail -n 1
step "link up, DHCP from slirp"
ip link set "$dev" up
n=0
while [ "$(cat "/sys/class/net/$dev/carrier")" != 1 ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
udhcpc -i "$dev" -n -q -t 10 -T 2 || echo "demo: no DHCP lease"
ip -br addr show dev "$dev"
step "traffic: ping the slirp gateway"
ping -c 4 10.0.2.2
step "counters per queue and per firmware verdict (ethtool -S $dev)"
ethtool -S "$dev" | grep -v ': 0$'
echo
echo "demo: done.  xnic.ko is loaded on $dev; try ethtool -S $dev, ip -s link, tcpdump -i $dev"
