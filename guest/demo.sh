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
step "offload: an XDP program compiled for the card's microengines"
prog=/lib/xnic-xdp/drop_odd_ping.o	# examples/xdp/drop_odd_ping.c
mkdir -p /sys/fs/bpf
mount -t bpf bpf /sys/fs/bpf 2>/dev/null
echo "# ip link set dev $dev xdpoffload obj $prog sec xdp"
ip link set dev "$dev" xdpoffload obj "$prog" sec xdp || echo "demo: offload refused"
ip link show dev "$dev" | grep -o 'prog/xdp.*\|xdpoffload.*'
id=$(bpftool prog show | sed -n 's/^\([0-9]*\): xdp  name drop_odd_ping .*/\1/p' | tail -n 1)
bpftool prog show id "$id"
dmesg | grep "program drop_odd_ping:" | tail -n 1
echo "# xnic-objdump -p $id   (the card code, first lines)"
xnic-objdump -p "$id" | sed -n 3,10p
step "traffic through the offloaded program: replies with odd sequence numbers are dropped on the card"
ping -c 6 10.0.2.2
step "verdicts counted by the card's firmware (ethtool -S $dev)"
ethtool -S "$dev" | grep '^ *fw_'
step "the program's map, held in card memory (bpftool map dump name replies: key 0 even, 1 odd)"
bpftool map dump name replies
echo "# ip link set dev $dev xdpoffload off"
ip link set dev "$dev" xdpoffload off
ping -c 2 10.0.2.2 | tail -n 2
step "counters per queue (ethtool -S $dev)"
ethtool -S "$dev" | grep -v ': 0$' | grep -v '^ *fw_'
echo
echo "demo: done.  xnic.ko is loaded on $dev; try ethtool -S $dev, bpftool prog, tcpdump -i $dev,"
echo "      ip link set dev $dev xdpoffload obj /lib/xnic-xdp/drop_odd_ping.o sec xdp"
