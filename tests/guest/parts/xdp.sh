#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of host-xdp.sh.  Two xnic cards: xdp_test.o runs natively on
# the first; the host injects corpus.pcap into it.  The program's TX frames
# go back to the host, REDIRECT frames leave through the second card
# (devmap), reach the stack through a cpumap on CPU 1 or an AF_XDP socket
# (xsk-test, copy mode, through an XSKMAP), PASS frames reach the stack; a
# packet socket (xnic-wire capture) collects what the stack got.  Checked
# here: per-queue counters add up to the corpus, per action; the XDP TX
# rings' counters; a tc ingress program (tc_meta.c) sees the metadata of
# every XDP_PASS frame.  Printed for the host: the verdict records, the
# stack's capture and the AF_XDP frames, as hex dumps.  Then a churn phase
# under traffic (see below).
. /test/lib.sh
. /test/counts.env
PROGS=/lib/xnic-xdp
BAD_LOG='WARNING:|BUG:|Oops|leak|refcount|stalled pool|xnic.*(error|timed out)'

# All xnic interfaces, in PCI order (the order of the -device options)
xnic_ifaces() {
	for d in /sys/class/net/*; do
		[ "$(basename "$(readlink "$d/device/driver" 2>/dev/null)")" = xnic ] &&
			echo "$(basename "$(readlink "$d/device")") $(basename "$d")"
	done | sort | awk '{ print $2 }'
}

# sum NAME PATTERN: an ethtool -S counter of IFACE summed over its queues
sum() {
	ethtool -S "$1" | awk -v p="$2" '$1 ~ "^" p ":$" { n += $2 } END { print n + 0 }'
}

xdp_total() {
	t=0
	for a in pass drop aborted tx redirect; do
		t=$((t + $(sum "$A" "rx[0-9]+_xdp_$a")))
	done
	echo "$t"
}

# hexdump NAME FILE: the file as hex for xdp-corpus.py extract
hexdump() {
	echo "XNIC-HEX-BEGIN $1"
	od -An -v -tx1 "$2"
	echo "XNIC-HEX-END $1"
}

set -- $(xnic_ifaces)
A=$1 B=${2:-}
[ -n "$B" ] || { fail setup "expected two xnic interfaces, found '$*'"; result; exit 1; }
DBG=/sys/kernel/debug/xnic/$(basename "$(readlink "/sys/class/net/$A/device")")
# Nothing but the test frames may leave: no IPv6 autoconfiguration traffic
no_ipv6
ip link set "$A" up
ip link set "$B" up
wait_for 20 link_is_up "$A" && wait_for 20 link_is_up "$B" ||
	fail link-up "carrier missing on $A or $B"
dmesg -c >/dev/null

le32() { printf '%d %d %d %d' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)); }
out=$(bpftool prog load "$PROGS/xdp_test.o" /sys/fs/bpf/test type xdp pinmaps /sys/fs/bpf/maps 2>&1 &&
	bpftool map update pinned /sys/fs/bpf/maps/tx_port key 0 0 0 0 \
		value $(le32 "$(cat "/sys/class/net/$B/ifindex")") 2>&1 &&
	bpftool map update pinned /sys/fs/bpf/maps/cpu_map key 1 0 0 0 value $(le32 256) 2>&1 &&
	ip link set dev "$A" xdpdrv pinned /sys/fs/bpf/test 2>&1)
if [ $? = 0 ]; then
	pass "xdp_test.o attached natively to $A, devmap -> $B, cpumap -> CPU 1"
else
	fail "attach xdp_test.o" "$(echo "$out" | tail -n 4 | tr '\n' '|')"
	result
	exit 1
fi
out=$(insmod /lib/modules/sch_ingress.ko 2>&1 && insmod /lib/modules/cls_bpf.ko 2>&1 &&
	tc qdisc add dev "$A" clsact 2>&1 &&
	bpftool prog load "$PROGS/tc_meta.o" /sys/fs/bpf/tcmeta type classifier pinmaps /sys/fs/bpf/tcmaps 2>&1 &&
	tc filter add dev "$A" ingress bpf object-pinned /sys/fs/bpf/tcmeta direct-action 2>&1) ||
	fail "tc ingress program for the metadata check" "$(echo "$out" | tail -n 3 | tr '\n' '|')"
ip -d link show dev "$A" | grep -q "xdp " && pass "ip link shows the native (xdpdrv) program" ||
	fail "ip link shows the native program" "$(ip -d link show dev "$A" | tr '\n' '|')"
echo 1 >"$DBG/verdicts_enable"

xnic-wire capture "iface:$A" /tmp/stack.pcap --count "$N_STACK" --timeout 200000 >/tmp/cap.out 2>&1 &
cap=$!
nq=$(ls -d /sys/class/net/"$A"/queues/rx-* | wc -l)
xsk-test --map /sys/fs/bpf/maps/xsks --recv "$N_XSK" --out /tmp/xsk.pcap \
	--timeout 200000 "$A" "$(seq -s, 0 $((nq - 1)))" >/tmp/xsk.out 2>&1 &
xsk=$!
wait_for 10 grep -q "sockets bound" /tmp/xsk.out ||
	fail "AF_XDP sockets bound in copy mode" "$(cat /tmp/xsk.out)"
# xnic-wire creates its output file once its socket is bound
wait_for 30 test -e /tmp/stack.pcap || fail "stack capture ready" "$(cat /tmp/cap.out)"
ready actions
wait "$cap" || fail "stack capture" "$(cat /tmp/cap.out)"
wait "$xsk" && pass "AF_XDP (copy mode) received $N_XSK frames through the XSKMAP" ||
	fail "AF_XDP receive" "$(cat /tmp/xsk.out | tr '\n' ' ')"
xdp_counted_all() { [ "$(xdp_total)" -ge "$N_FRAMES" ]; }
wait_for 60 xdp_counted_all >/dev/null ||
	fail "XDP counted every injected frame" "$(xdp_total) of $N_FRAMES after 60 s"
# exact counts once nothing moves any more: a late extra frame counts too
xdp_counters() { ethtool -S "$A" | grep -E '^ *(rx[0-9]+_xdp_|xdp[0-9]+_tx_)'; }
settle 30 xdp_counters >/dev/null || fail "XDP counters settled" "$(xdp_counters | tr '\n' ' ')"

total=$(xdp_total)
[ "$total" = "$N_FRAMES" ] && pass "XDP counters add up to the $N_FRAMES injected frames" ||
	fail "XDP counters add up to the injected frames" "$total counted, $N_FRAMES injected"
for a in aborted drop pass tx redirect; do
	want=$(eval echo "\$N_$(echo $a | tr a-z A-Z)")
	got=$(sum "$A" "rx[0-9]+_xdp_$a")
	[ "$got" = "$want" ] && pass "rx*_xdp_$a = $want" || fail "rx*_xdp_$a" "$got, expected $want"
done
errs=$(sum "$A" "rx[0-9]+_xdp_tx_errors")
[ "$errs" = 0 ] && pass "no xdp_tx_errors" || fail "no xdp_tx_errors" "$errs"
queues=$(ethtool -S "$A" | awk '$1 ~ /^rx[0-9]+_xdp_(pass|drop|aborted|tx|redirect):$/ && $2 > 0 { split($1, q, "_"); print q[1] }' | sort -u | wc -l)
[ "$queues" -ge 2 ] && pass "XDP ran on $queues RX queues" || fail "XDP ran on several RX queues" "only $queues"
wait_for 10 sh -c "[ \$(ethtool -S $A | awk '\$1 ~ /^xdp[0-9]+_tx_packets:\$/ { n += \$2 } END { print n + 0 }') = $N_TX ]" &&
	pass "$A's XDP TX rings completed $N_TX frames" ||
	fail "$A's XDP TX rings completed the XDP_TX frames" "$(ethtool -S "$A" | grep '^ *xdp' | tr '\n' ' ')"
wait_for 10 sh -c "[ \$(ethtool -S $B | awk '\$1 ~ /^xdp[0-9]+_tx_packets:\$/ { n += \$2 } END { print n + 0 }') = $N_DEV ]" &&
	pass "$B sent the $N_DEV frames redirected to it (ndo_xdp_xmit)" ||
	fail "$B sent the frames redirected to it" "$(ethtool -S "$B" | grep '^ *xdp' | tr '\n' ' ')"

meta_seen() {
	bpftool map lookup pinned /sys/fs/bpf/tcmaps/meta_seen key "$1" 0 0 0 |
		sed -n 's/.*"value": \([0-9]*\).*/\1/p'
}
ok=$(meta_seen 0) bad=$(meta_seen 1)
[ "$ok" = "$N_PASS" ] && [ "$bad" = 0 ] &&
	pass "XDP metadata reached the skb of all $N_PASS XDP_PASS frames (tc ingress)" ||
	fail "XDP metadata reached the skb" "$ok with, $bad without, of $N_PASS"

cat "$DBG/verdicts" >/tmp/verdicts.bin
overflow=$(cat "$DBG/verdicts_overflow")
[ "$overflow" = 0 ] && pass "no verdict records lost" || fail "no verdict records lost" "$overflow"
[ ! -s "$DBG/verdicts" ] && pass "reading drains the verdict log" || fail "reading drains the verdict log" "records left"
hexdump verdicts /tmp/verdicts.bin
hexdump stack /tmp/stack.pcap
hexdump xsk /tmp/xsk.pcap
echo 0 >"$DBG/verdicts_enable"

bad=$(dmesg | grep -E "$BAD_LOG")
[ -z "$bad" ] && pass "clean kernel log" || fail "clean kernel log" "$(echo "$bad" | head -n 3 | tr '\n' '|')"

# Redirects that fail: the devmap target is down, so xdp_do_redirect
# refuses; the records say REDIRECT with the FAILED flag (the host checks)
ip link set "$B" down
echo 1 >"$DBG/verdicts_enable"
r0=$(sum "$A" "rx[0-9]+_xdp_redirect")
ready failed
wait_for 60 sh -c "[ \$(ethtool -S $A | awk '\$1 ~ /^rx[0-9]+_xdp_redirect:\$/ { n += \$2 } END { print n + 0 }') -ge $((r0 + N_FAILED)) ]" &&
	pass "$N_FAILED redirects to a card that is down counted as xdp_redirect" ||
	fail "redirects to a card that is down counted" "$(sum "$A" "rx[0-9]+_xdp_redirect") after $r0"
redirects() { sum "$A" "rx[0-9]+_xdp_redirect"; }
settle 30 redirects >/dev/null || fail "failed redirects settled" "$(redirects)"
cat "$DBG/verdicts" >/tmp/failed.bin
hexdump failed /tmp/failed.bin
echo 0 >"$DBG/verdicts_enable"
ip link set "$B" up

# Churn while the host keeps sending the corpus: replace the program,
# take the redirect target down (ndo_xdp_xmit refuses), reset the
# datapath and take the XDP card down with XDP_TX, redirected and cpumap
# frames in flight.  Nothing may leak: after rmmod the page pools must
# drain (the kernel warns after 60 s about a pool with pages out).
bpftool prog load "$PROGS/xdp_pass.o" /sys/fs/bpf/pass type xdp
rx0=$(sum "$A" wire_rx_frames)
ready churn
# Each step waits for its effect (no fixed pause): the program's id on
# the interface, the target's operstate, the reset's log line, carrier.
prog_id() { bpftool prog show pinned "$1" | sed -n 's/^\([0-9]*\):.*/\1/p'; }
attached_id() { ip -d link show dev "$A" | sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p' | head -n 1; }
attached() { [ "$(attached_id)" = "$1" ]; }
operstate_is() { [ "$(cat "/sys/class/net/$1/operstate")" = "$2" ]; }
pass_id=$(prog_id /sys/fs/bpf/pass) test_id=$(prog_id /sys/fs/bpf/test)
errors=0 why=""
step() { errors=$((errors + 1)) why="$why round $r: $1;"; }
for r in 1 2 3 4 5 6 7 8; do
	ip -force link set dev "$A" xdpdrv pinned /sys/fs/bpf/pass || step "replace with pass"
	wait_for 10 attached "$pass_id" >/dev/null || step "pass ($pass_id) not attached"
	ip -force link set dev "$A" xdpdrv pinned /sys/fs/bpf/test || step "replace with test"
	wait_for 10 attached "$test_id" >/dev/null || step "test ($test_id) not attached"
	ip link set "$B" down
	wait_for 10 operstate_is "$B" down >/dev/null || step "$B not down"
	ip link set "$B" up
	reset_mark "$A"
	echo 1 >"$DBG/reset"
	wait_for 30 reset_seen >/dev/null || step "reset: $(reset_seen)"
	ip link set "$A" down
	ip link set "$A" up
	wait_for 20 link_is_up "$A" >/dev/null || step "no carrier on $A after down/up"
	wait_for 20 link_is_up "$B" >/dev/null || step "no carrier on $B after down/up"
done
rx1=$(sum "$A" wire_rx_frames)
ready churn-done
[ "$errors" = 0 ] && pass "8 rounds of replace, target down/up, reset, down/up under traffic" ||
	fail "churn under traffic" "$errors steps went wrong:$why"
[ $((rx1 - rx0)) -gt $((4 * N_FRAMES)) ] && pass "traffic flowed during the churn ($((rx1 - rx0)) frames)" ||
	fail "traffic flowed during the churn" "only $((rx1 - rx0)) frames"
# the host stopped sending at churn-done: wait for the last frames
wire_rx() { sum "$A" wire_rx_frames; }
settle 30 wire_rx >/dev/null || fail "traffic stopped after the churn" "$(wire_rx) frames and counting"
check "detach" ip link set dev "$A" xdpdrv off
rm -rf /sys/fs/bpf/test /sys/fs/bpf/pass /sys/fs/bpf/maps
check "rmmod" rmmod xnic
# The kernel warns about a page pool with pages out 60 s after its
# destroy: a fixed wait on the kernel's own timer, not on a condition
sleep 62
bad=$(dmesg | grep -E "$BAD_LOG|unregister_netdevice: waiting")
[ -z "$bad" ] && pass "clean kernel log 60 s after rmmod (page pools drained)" ||
	fail "clean kernel log 60 s after rmmod" "$(echo "$bad" | head -n 3 | tr '\n' '|')"
result
