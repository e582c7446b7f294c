#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Native XDP attach, replace and detach on xnic (docs/driver.md "XDP"):
# the MTU limit refused with an extack message both ways, and 30 rounds
# of attach / replace (with and without force) / detach while pings flow,
# with no lost traffic, no page-pool or kernel complaint and no memory
# lost; the program survives down/up and a datapath reset (debugfs), and
# rmmod with a program attached is clean.  Runs in the guest with
# /test/lib.sh.
. /test/lib.sh

GATEWAY=10.0.2.2
ADDR=10.0.2.15/24
PROGS=/lib/xnic-xdp
BAD_LOG='WARNING:|BUG:|Oops|leak|refcount|stalled pool|xnic.*(error|timed out)'
ROUNDS=30

# Free memory in KiB, per-CPU free lists included (as driver-load.sh)
free_kib() {
	awk '$1 == "MemFree:" { n += $2 } $1 == "count:" { n += $2 * 4 }
	     END { print n }' /proc/meminfo /proc/zoneinfo
}

xdp_prog_id() { ip -d link show dev "$IFC" | sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p' | head -n 1; }

# sum_xdp NAME: rx<q>_xdp_NAME summed over the queues
sum_xdp() {
	ethtool -S "$IFC" | awk -v s="$1" '$1 ~ "^rx[0-9]+_xdp_" s ":$" { n += $2 } END { print n + 0 }'
}
rx_packets() { cat "/sys/class/net/$IFC/statistics/rx_packets"; }

# saw_reply: a ping reply arrived since the last call (the pinger runs on)
SEEN_RX=0
saw_reply() { [ "$(rx_packets)" -gt "$SEEN_RX" ]; }
await_reply() {
	SEEN_RX=$(rx_packets)
	wait_for 10 saw_reply >/dev/null
}

IFC=$(xnic_iface) || { fail setup "no xnic interface"; result; exit 1; }
ip addr add "$ADDR" dev "$IFC"
ip link set "$IFC" up
wait_for 20 link_is_up "$IFC" || fail link-up "carrier never came up"
dmesg -c >/dev/null

for p in pass test; do
	out=$(bpftool prog load "$PROGS/xdp_$p.o" "/sys/fs/bpf/$p" type xdp 2>&1) ||
		{ fail load "bpftool prog load xdp_$p.o: $(echo "$out" | tail -n 5 | tr '\n' '|')"; result; exit 1; }
done

# MTU limit, both ways, with messages
max_xdp=3502
ip link set dev "$IFC" mtu 4000
if out=$(ip link set dev "$IFC" xdpdrv pinned /sys/fs/bpf/pass 2>&1); then
	fail "attach refused at MTU 4000" "accepted"
else
	case "$out" in
	*"MTU too large for a single-buffer XDP program"*) pass "attach refused at MTU 4000 with an extack message" ;;
	*) fail "attach refused at MTU 4000 with an extack message" "$out" ;;
	esac
fi
dmesg | grep -q "XDP needs an MTU of at most $max_xdp, not 4000" &&
	pass "kernel log names the XDP MTU limit ($max_xdp)" ||
	fail "kernel log names the XDP MTU limit" "$(dmesg | tail -n 3 | tr '\n' '|')"
ip link set dev "$IFC" mtu 1500
check "attach at MTU 1500" ip link set dev "$IFC" xdpdrv pinned /sys/fs/bpf/pass
if out=$(ip link set dev "$IFC" mtu 4000 2>&1); then
	fail "MTU 4000 refused with a program attached" "accepted"
else
	case "$out" in
	*"mtu greater than device maximum"*) pass "MTU 4000 refused with a program attached ($out)" ;;
	*) fail "MTU 4000 refused with a program attached" "$out" ;;
	esac
fi
check "MTU $max_xdp allowed with a program attached" ip link set dev "$IFC" mtu "$max_xdp"
ip link set dev "$IFC" mtu 1500
check "detach" ip link set dev "$IFC" xdpdrv off
check "MTU 4000 allowed again after detach" ip link set dev "$IFC" mtu 4000
ip link set dev "$IFC" mtu 1500
wait_for 20 link_is_up "$IFC"
ping -c 2 -W 3 "$GATEWAY" >/dev/null

# Attach / replace / detach under traffic
mem0=$(free_kib)
ping -i 0.05 -W 1 "$GATEWAY" >/tmp/ping.out 2>&1 &
ping_pid=$!
errors=0
for r in $(seq 1 $ROUNDS); do
	ip link set dev "$IFC" xdpdrv pinned /sys/fs/bpf/pass || errors=$((errors + 1))
	id1=$(xdp_prog_id)
	# each program sees traffic before it goes
	await_reply || errors=$((errors + 1))
	# Replacing without -force fails (the core's rule); with -force it works
	ip link set dev "$IFC" xdpdrv pinned /sys/fs/bpf/test 2>/dev/null && errors=$((errors + 1))
	ip -force link set dev "$IFC" xdpdrv pinned /sys/fs/bpf/test || errors=$((errors + 1))
	id2=$(xdp_prog_id)
	[ -n "$id1" ] && [ -n "$id2" ] && [ "$id1" != "$id2" ] || errors=$((errors + 1))
	await_reply || errors=$((errors + 1))
	ip link set dev "$IFC" xdpdrv off || errors=$((errors + 1))
	[ -z "$(xdp_prog_id)" ] || errors=$((errors + 1))
	await_reply || errors=$((errors + 1))
	[ "$r" = 1 ] && mem1=$(free_kib)
done
kill -INT "$ping_pid"
wait "$ping_pid"
[ "$errors" = 0 ] && pass "$ROUNDS rounds of attach, replace (refused without force) and detach" ||
	fail "$ROUNDS rounds of attach, replace and detach" "$errors steps went wrong"
# Pings still in flight when ping was stopped are no loss: count the
# answers missing up to the last one answered (busybox: "seq=N ttl=").
sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' /tmp/ping.out)
got=$(grep -v DUP /tmp/ping.out | grep -c ' seq=[0-9]* ttl=')
last=$(sed -n 's/.* seq=\([0-9]*\) ttl=.*/\1/p' /tmp/ping.out | sort -n | tail -n 1)
lost=$((${last:--1} + 1 - got))
if [ -n "$sent" ] && [ "$got" -gt 50 ] && [ "$lost" -le 2 ]; then
	pass "pings flowed during the loop ($lost of $((last + 1)) lost, $sent sent)"
else
	fail "pings flowed during the loop" "$lost lost of $((${last:--1} + 1)) up to the last answer; $(tail -n 2 /tmp/ping.out | tr '\n' ' ')"
fi
passes=$(sum_xdp pass)
[ "$passes" -gt 0 ] && pass "the programs saw the replies (xdp_pass $passes)" ||
	fail "the programs saw the replies" "xdp_pass is $passes"

# Everything held by the rings and the programs comes back on detach
mem2=$(free_kib)
lost=$((mem1 - mem2))
[ "$lost" -lt 4096 ] && pass "no memory lost over rounds 2-$ROUNDS ($lost KiB)" ||
	fail "no memory lost over rounds 2-$ROUNDS" "$lost KiB gone (start $mem0, round 1 $mem1, end $mem2)"

# A program survives down/up and a datapath reset, and is gone at unload
# runs_on ID WHEN: program ID still attached and seeing the ping replies
runs_on() {
	local before after
	before=$(sum_xdp pass)
	ping -c 3 -W 3 "$GATEWAY" >/dev/null
	after=$(sum_xdp pass)
	if [ -n "$1" ] && [ "$(xdp_prog_id)" = "$1" ] && [ "$after" -ge $((before + 3)) ]; then
		pass "program still runs after $2"
	else
		fail "program still runs after $2" "id '$(xdp_prog_id)' (was '$1'), xdp_pass $before -> $after"
	fi
}
ip link set dev "$IFC" xdpdrv pinned /sys/fs/bpf/pass
id=$(xdp_prog_id)
ip link set "$IFC" down
ip link set "$IFC" up
check "carrier after down/up" wait_for 20 link_is_up "$IFC"
runs_on "$id" down/up
check "ping after down/up" ping -c 2 -W 3 "$GATEWAY"
PCI=$(basename "$(readlink "/sys/class/net/$IFC/device")")
reset_mark "$IFC"
check "datapath reset from debugfs" sh -c "echo 1 >/sys/kernel/debug/xnic/$PCI/reset"
check "reset done (one more 'datapath reset' in the log)" wait_for 20 reset_seen
check "carrier after the reset" wait_for 20 link_is_up "$IFC"
runs_on "$id" "a datapath reset"

bad=$(dmesg | grep -E "$BAD_LOG")
[ -z "$bad" ] && pass "clean kernel log" || fail "clean kernel log" "$(echo "$bad" | head -n 3 | tr '\n' '|')"
rmmod xnic && pass "rmmod with a program attached" || fail "rmmod with a program attached" "failed"
check "module gone" wait_for 10 sh -c "[ ! -e /sys/module/xnic ] && ! ip link show dev $IFC"
bad=$(dmesg | grep -E "$BAD_LOG")
[ -z "$bad" ] && pass "clean kernel log after rmmod" || fail "clean kernel log after rmmod" "$(echo "$bad" | head -n 3 | tr '\n' '|')"
result
