#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Unloads and reloads xnic.ko 20 times (docs/driver.md "Testing"): each
# round the interface must come back, go up with carrier, pass a ping to
# the slirp gateway and go away again (every other round while still up)
# leaving no interrupt, BAR or debugfs directory behind.  Free memory must
# not shrink over the rounds, and the kernel log must hold no warning, BUG,
# leak or refcount message.  Runs in the guest with /test/lib.sh (tests/guest/guest-lib.sh).
. /test/lib.sh

ROUNDS=20
MODULE=/lib/modules/xnic.ko
GATEWAY=10.0.2.2
LEAK_SLACK_MIB=8
ADDR=10.0.2.15/24
BAD_LOG='WARNING:|BUG:|Oops|leak|refcount|stalled pool|unregister_netdevice: waiting|xnic.*(error|timed out)'

# round N: load, up, ping, down (even N), unload.  Prints why it failed.
round() {
	insmod "$MODULE" || { echo "insmod failed"; return 1; }
	wait_for 5 xnic_iface || { echo "no xnic interface after insmod"; return 1; }
	ifc=$(xnic_iface)
	ip link set "$ifc" up || { echo "ip link set $ifc up failed"; return 1; }
	wait_for 10 link_is_up "$ifc" || { echo "$ifc has no carrier"; return 1; }
	ip addr add "$ADDR" dev "$ifc" || { echo "ip addr add failed"; return 1; }
	ping -c 1 -W 3 "$GATEWAY" >/dev/null || { echo "no ping reply from $GATEWAY"; return 1; }
	# Odd rounds unload a running interface: remove must stop it itself
	if [ $(($1 % 2)) = 0 ]; then
		ip link set "$ifc" down || { echo "ip link set $ifc down failed"; return 1; }
	fi
	rmmod xnic || { echo "rmmod failed"; return 1; }
	! xnic_iface >/dev/null || { echo "interface still there after rmmod"; return 1; }
	! grep -q xnic /proc/interrupts || { echo "xnic interrupts left after rmmod"; return 1; }
	! grep -q xnic /proc/iomem || { echo "xnic BAR still claimed after rmmod"; return 1; }
	[ ! -e /sys/kernel/debug/xnic ] || { echo "debugfs directory left after rmmod"; return 1; }
	return 0
}

# The init script loaded the module; start from an unloaded state.
if lsmod | grep -q '^xnic '; then
	check "initial rmmod" rmmod xnic
fi
dmesg -c >/dev/null

# Free memory in KiB: MemFree plus the pages parked on the per-CPU free
# lists (/proc/zoneinfo "count:"), which MemFree leaves out; freed RX pages
# land there first.  Read once the first round has warmed the caches up.
mem_free() {
	awk '$1 == "MemFree:" { n += $2 } $1 == "count:" { n += $2 * 4 }
	     END { print n }' /proc/meminfo /proc/zoneinfo
}

failed_round="" free_after_first=""
i=1
while [ "$i" -le "$ROUNDS" ]; do
	if ! why=$(round "$i" 2>&1); then
		failed_round="round $i: $why"
		break
	fi
	[ "$i" = 1 ] && free_after_first=$(mem_free)
	i=$((i + 1))
done
if [ -z "$failed_round" ]; then
	pass "load/unload $ROUNDS rounds"
else
	fail "load/unload $ROUNDS rounds" "$failed_round"
fi

# Each load posts about 2 MiB of RX pages (2 queues x 255 x 4 KiB): pages
# kept by every round would add up to far more than this slack.
# Measured only over rounds that ran: a failed first round gives no
# starting point, and no rounds at all would prove nothing.
last=$((i - 1))
if [ -z "$free_after_first" ] || [ "$last" -lt 2 ]; then
	fail "no memory lost over the rounds" "not measured: rounds 1 and 2 did not both complete (${failed_round:-?})"
else
	lost=$(( (free_after_first - $(mem_free)) / 1024 ))
	echo "memory: free memory dropped by $lost MiB over rounds 2..$last"
	if [ "$lost" -lt "$LEAK_SLACK_MIB" ]; then
		pass "no memory lost over rounds 2..$last"
	else
		fail "no memory lost over rounds 2..$last" "free memory dropped by $lost MiB"
	fi
fi

bad=$(dmesg | grep -E "$BAD_LOG")
if [ -z "$bad" ]; then
	pass "kernel log clean"
else
	fail "kernel log clean" "$(echo "$bad" | head -n 3 | tr '\n' ' ')"
fi

# Leave the module loaded with a working interface for whoever looks next.
lsmod | grep -q '^xnic ' || insmod "$MODULE"
check "interface after the loop" wait_for 5 xnic_iface
result
