#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of bench-drop.sh: tests/guest/xdp/offload_parse.c drops the
# host's frames, natively (xdpdrv, the guest's CPUs) then offloaded
# (xdpoffload, the card's MEs), ROUNDS times (MODES).  Before each blast it says
# XNIC-READY MODE-ROUND; while frames come it samples, every SAMPLE
# seconds, the drop counter that is the mode's source of truth, the clock
# and the CPU time of /proc/stat, and prints one line per blast:
#   drop-bench MODE ROUND dropped N rate R busy B interval S samples K
# R and B are over the samples strictly between the first and the last
# frame: from the first sample that saw a drop to the one before the
# last sample that saw the count grow (frames still came after it).
. /test/lib.sh
. /test/drop.env
XDP=/lib/xnic-xdp
IFC=$(xnic_iface) || { echo "no xnic interface"; exit 1; }
echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6
ip link set "$IFC" up
wait_for 20 link_is_up "$IFC" >/dev/null

# count_drops MODE: DROPS = frames the program dropped so far: the driver's
# per-queue XDP counters (native) or the firmware's (offload).  One exec
# (ethtool) per call; the rest is shell builtins, so the sampler costs the
# guest as little as it can.
count_drops() {
	local name value
	ethtool -S "$IFC" >/tmp/stats
	DROPS=0
	while read -r name value; do
		case "$1:$name" in
		native:rx*_xdp_drop: | offload:fw_xdp_drop:) DROPS=$((DROPS + value)) ;;
		esac
	done </tmp/stats
}

# sample MODE: appends "uptime drops busy-ticks all-ticks" to /tmp/samples
sample() {
	local up user nice sys idle iowait irq softirq steal
	read -r up _ </proc/uptime
	read -r _ user nice sys idle iowait irq softirq steal _ </proc/stat
	count_drops "$1"
	echo "$up $DROPS $((user + nice + sys + irq + softirq))" \
		"$((user + nice + sys + idle + iowait + irq + softirq + steal))" >>/tmp/samples
}

# blast MODE ROUND: samples from the ready line until the count moved and
# then stood still for STILL samples in a row (or TIMEOUT samples passed)
blast() {
	local base still=0 n=0 last
	: >/tmp/samples
	count_drops "$1"
	base=$DROPS last=$DROPS
	ready "$1-$2"
	while [ "$still" -lt "$STILL" ] && [ "$n" -lt "$TIMEOUT" ]; do
		sleep "$SAMPLE"
		sample "$1"
		if [ "$DROPS" = "$last" ] && [ "$DROPS" != "$base" ]; then
			still=$((still + 1))
		else
			still=0
		fi
		last=$DROPS n=$((n + 1))
	done
	awk -v mode="$1" -v round="$2" -v base="$base" '
	{ t[NR] = $1; c[NR] = $2; busy[NR] = $3; all[NR] = $4 }
	END {
		for (a = 1; a <= NR && c[a] == base; a++);
		for (z = NR; z > 1 && c[z] == c[z - 1]; z--);
		z--
		if (a > NR || z <= a || t[z] <= t[a]) {
			printf "drop-bench %s %s dropped %d too-short\n", mode, round, c[NR] - base
			exit
		}
		printf "drop-bench %s %s dropped %d rate %.0f busy %.1f interval %.2f samples %d\n",
			mode, round, c[NR] - base, (c[z] - c[a]) / (t[z] - t[a]),
			100 * (busy[z] - busy[a]) / (all[z] - all[a]), t[z] - t[a], z - a + 1
	}' /tmp/samples
}

# MODES: native (xdpdrv) and offload (xdpoffload), in that order by default
round=1
while [ "$round" -le "$ROUNDS" ]; do
	for mode in $MODES; do
		flag=xdpdrv
		[ "$mode" = offload ] && flag=xdpoffload
		ip link set dev "$IFC" "$flag" obj "$XDP/offload_parse.o" sec xdp || exit 1
		blast "$mode" "$round"
		ip link set dev "$IFC" "$flag" off
	done
	round=$((round + 1))
done
# The host reads QEMU's CPU time once it sees the last result line
sleep 3
