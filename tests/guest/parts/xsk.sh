#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of host-xsk.sh: AF_XDP on xnic in zero-copy and copy mode,
# with xsk-test (tests/guest/xsk-test.c) and xsk_redirect.c attached
# natively.  Each XNIC-READY line makes the host send rx.pcap once (the
# churn phase: over and over until churn-done).  RSS (ethtool -X) sends a
# burst to one queue, so each socket's frames arrive in order and are
# compared byte for byte with the host's files (xnic-wire cmp); what the
# sockets send, the host captures and compares.  Checked here: refusals of
# zero-copy binds, the ethtool -S counters against every burst, the ring
# corner cases (fill ring empty, RX ring full, a TX ring full, a socket
# closed under traffic), XDP_PASS on a zero-copy queue (copied to the stack) and an
# offloaded program beside the native one.
. /test/lib.sh
. /test/xsk.env
PROGS=/lib/xnic-xdp
MAP=/sys/fs/bpf/xsk/xsks
BAD_LOG='WARNING:|BUG:|Oops|leak|refcount|xnic.*(error|timed out)'

# sum PATTERN: an ethtool -S counter summed over the names matching PATTERN
sum() {
	ethtool -S "$A" | awk -v p="$1" '$1 ~ "^" p ":$" { n += $2 } END { print n + 0 }'
}

# snap: the counters a phase checks, before it
snap() {
	for c in rx0_xdp_redirect rx1_xdp_redirect rx0_no_buf wire_rx_frames \
		wire_tx_frames tx0_xsk_xmit tx1_packets fw_xdp_drop fw_xdp_pass \
		rx0_xdp_pass rx0_packets; do
		eval "B_$c=$(sum "$c")"
	done
	eval "B_xdp_tx=$(sum 'xdp[0-9]+_tx_packets')"
}

# delta NAME [PATTERN]: how much a counter moved since snap
delta() { eval "echo \$(( \$(sum '${2:-$1}') - B_$1 ))"; }

# expect_delta NAME WANT [PATTERN]
expect_delta() {
	got=$(delta "$1" "${3:-$1}")
	[ "$got" = "$2" ] && pass "$PHASE: $1 moved by $2" ||
		fail "$PHASE: $1 moved by $2" "moved by $got"
}

redirected_all() { [ "$(delta "$1")" -ge "$2" ]; }
counters() { ethtool -S "$A" | grep -E '^ *(rx|tx|xdp)[0-9]|wire_'; }

# start NAME ARGS...: xsk-test with the XSKMAP, its output in /tmp/NAME.out
start() {
	name=$1; shift
	xsk_start "/tmp/$name.out" --map "$MAP" "$@" ||
		fail "$PHASE: sockets bound" "$(tr '\n' '|' <"/tmp/$name.out")"
	APP=$XSK_PID
}

# finish NAME: waits for xsk-test, PASS/FAIL on its exit status
finish() {
	wait "$APP" && pass "$PHASE: xsk-test done" ||
		fail "$PHASE: xsk-test" "$(tr '\n' '|' <"/tmp/$1.out")"
}

# same EXPECTED GOT: byte-exact, in order
same() {
	out=$(xnic-wire cmp "$1" "$2" 2>&1) && pass "$PHASE: received frames byte-exact ($(basename "$1"))" ||
		fail "$PHASE: received frames byte-exact ($(basename "$1"))" "$out"
}

steer() { ethtool -X "$A" weight $1; }

A=$(xnic_iface) || { fail setup "no xnic interface"; result; exit 1; }
no_ipv6
ip link set "$A" up
wait_for 20 link_is_up "$A" || fail link-up "no carrier on $A"
nq=$(ls -d /sys/class/net/"$A"/queues/rx-* | wc -l)
[ "$nq" -ge 2 ] || { fail setup "$A has $nq queues, the test needs 2"; result; exit 1; }
xsk_attach "$A" xsk_redirect.o
dmesg -c >/dev/null

# ---- Refusals: zero-copy where the queue cannot ----
PHASE=refusals
out=$(xsk-test "$A" 5:zc 2>&1)
echo "$out" | grep -q "bind queue 5 (zero-copy): .*(EINVAL)" &&
	pass "zero-copy bind on a queue the device lacks: EINVAL" ||
	fail "zero-copy bind on a queue the device lacks" "$out"
ip link set "$A" mtu 3000
out=$(xsk-test --frame-size 2048 "$A" 0:zc 2>&1)
# 6.1 leaves the check to the driver, which logs why; on 6.12 bind()
# fails with EINVAL before the driver is asked (nothing logged)
if [ "$(guest_kernel)" = 6.1 ]; then
	echo "$out" | grep -q "bind queue 0 (zero-copy): .*(EINVAL)" &&
		dmesg | grep -q "AF_XDP zero-copy on queue 0: UMEM frames hold" &&
		pass "zero-copy bind with UMEM frames smaller than the MTU: EINVAL and the reason logged" ||
		fail "zero-copy bind with UMEM frames smaller than the MTU" "$out $(dmesg | tail -n 2)"
else
	echo "$out" | grep -q "bind queue 0 (zero-copy): .*(EINVAL)" &&
		pass "zero-copy bind with UMEM frames smaller than the MTU: EINVAL from the kernel" ||
		fail "zero-copy bind with UMEM frames smaller than the MTU" "$out $(dmesg | tail -n 2)"
fi
out=$(xsk-test --frame-size 2048 "$A" 0:any 2>&1)
echo "$out" | grep -q "queue 0 bound in copy mode" &&
	pass "the same bind without XDP_ZEROCOPY falls back to copy mode" ||
	fail "bind without XDP_ZEROCOPY falls back to copy mode" "$out"
ip link set "$A" mtu 1500
ip link set dev "$A" xdpdrv off
if ethtool -L "$A" combined 4 2>/dev/null; then
	out=$(xsk-test "$A" 0:zc 2>&1)
	echo "$out" | grep -q "bind queue 0 (zero-copy): .*(EOPNOTSUPP)" &&
		dmesg | grep -q "leave no spare queue block" &&
		pass "zero-copy bind with no spare queue block for its TX ring: EOPNOTSUPP and the reason logged" ||
		fail "zero-copy bind with no spare queue block" "$out $(dmesg | tail -n 2)"
	ethtool -L "$A" combined "$nq"
else
	skip "zero-copy bind with no spare queue block" "ethtool -L $A combined 4 refused"
fi
ip link set dev "$A" xdpdrv pinned /sys/fs/bpf/xskprog
wait_for 20 link_is_up "$A" >/dev/null

# ---- Zero-copy on queue 0 and copy mode on queue 1 together ----
PHASE="zero-copy + copy"
steer "1 0"
snap
start both --wakeup --recv $((2 * N_RX)) --out /tmp/rx2.pcap --send /test/tx.pcap \
	--tx-ring 8 --timeout 300000 "$A" 0:zc,1:copy
grep -q "queue 0 bound in zero-copy mode" /tmp/both.out &&
	grep -q "queue 1 bound in copy mode" /tmp/both.out &&
	pass "queue 0 bound zero-copy, queue 1 copy mode" ||
	fail "zero-copy and copy mode side by side" "$(tr '\n' '|' </tmp/both.out)"
out=$(ethtool -L "$A" combined 1 2>&1)
[ $? != 0 ] && pass "fewer channels than a zero-copy queue refused" ||
	fail "fewer channels than a zero-copy queue refused" "$out"
ready zc-rx
wait_for 120 redirected_all rx0_xdp_redirect "$N_RX" >/dev/null ||
	fail "$PHASE: zero-copy queue redirected the burst" "$(counters | tr '\n' ' ')"
steer "0 1"
ready copy-rx
finish both
same /test/exp-rx2.pcap /tmp/rx2.pcap
grep -q "queue 0 sent $N_TX of $N_TX" /tmp/both.out && grep -q "queue 1 sent $N_TX of $N_TX" /tmp/both.out &&
	pass "$PHASE: both sockets' frames completed" ||
	fail "$PHASE: both sockets' frames completed" "$(tr '\n' '|' </tmp/both.out)"
# an 8-entry TX ring for 100 frames: each socket found it full and waited
# for completions (the host checks the frames byte-exact, in order)
grep -q "queue 0 sent $N_TX of $N_TX frames, TX ring full [1-9]" /tmp/both.out &&
	grep -q "queue 1 sent $N_TX of $N_TX frames, TX ring full [1-9]" /tmp/both.out &&
	pass "$PHASE: both sockets sent through a full TX ring" ||
	fail "$PHASE: both sockets sent through a full TX ring" "$(grep sent /tmp/both.out | tr '\n' '|')"
expect_delta rx0_xdp_redirect "$N_RX"
expect_delta rx1_xdp_redirect "$N_RX"
expect_delta wire_rx_frames $((2 * N_RX))
expect_delta tx0_xsk_xmit "$N_TX"
expect_delta xdp_tx "$N_TX" 'xdp[0-9]+_tx_packets'
expect_delta tx1_packets "$N_TX"
wait_for 20 sh -c "[ \$(ethtool -S $A | awk '\$1 == \"wire_tx_frames:\" { print \$2 }') -ge $((B_wire_tx_frames + 2 * N_TX)) ]" >/dev/null
expect_delta wire_tx_frames $((2 * N_TX))
ready tx-done

# ---- Fill ring empty: 16 frames, then the rest only after a wakeup ----
PHASE="fill ring empty"
steer "1 0"
snap
start fill --wakeup --fill "$FILL" --recv $((FILL + N_RX)) --out /tmp/fill.pcap --timeout 300000 "$A" 0:zc
ready fill-empty
no_buf_all() { [ "$(delta rx0_no_buf)" -ge $((N_RX - FILL)) ]; }
wait_for 120 no_buf_all >/dev/null
settle 20 counters >/dev/null
expect_delta rx0_xdp_redirect "$FILL"
expect_delta rx0_no_buf $((N_RX - FILL))
kill -USR1 "$APP"
wait_for 20 grep -q "fill ring asked for a wakeup" /tmp/fill.out >/dev/null
grep -q "fill ring asked for a wakeup: yes" /tmp/fill.out &&
	pass "$PHASE: the empty RX ring set need_wakeup on the fill ring" ||
	fail "$PHASE: need_wakeup set on the fill ring" "$(tr '\n' '|' </tmp/fill.out)"
ready fill-refilled
finish fill
same /test/exp-fill.pcap /tmp/fill.pcap

# ---- RX ring full: the socket reads nothing until a burst is over ----
PHASE="RX ring full"
snap
start full --ring "$RX_RING" --hold --recv $((RX_RING + N_RX)) --out /tmp/full.pcap --timeout 300000 "$A" 0:zc
ready rx-full
wait_for 120 redirected_all rx0_xdp_redirect "$N_RX" >/dev/null
settle 20 counters >/dev/null
expect_delta rx0_xdp_redirect "$N_RX"
expect_delta rx0_no_buf 0
kill -USR1 "$APP"
ready rx-drained
finish full
same /test/exp-full.pcap /tmp/full.pcap
grep -q "rx_ring_full=$((N_RX - RX_RING)) " /tmp/full.out &&
	pass "$PHASE: the socket counted $((N_RX - RX_RING)) frames its ring had no room for" ||
	fail "$PHASE: rx_ring_full" "$(grep stats /tmp/full.out)"

# ---- Sockets closed under traffic ----
PHASE="closed under traffic"
ready churn
why=""
for r in 1 2 3; do
	snap
	# RX frames fill the unread RX ring, TX frames are in flight
	start churn --wakeup --send /test/tx.pcap --repeat 100000 "$A" 0:zc
	for c in rx0_xdp_redirect tx0_xsk_xmit; do
		wait_for 60 redirected_all "$c" 10 >/dev/null ||
			why="$why round $r: $c moved by $(delta "$c");"
	done
	kill -KILL "$APP"
	wait "$APP" 2>/dev/null
done
ready churn-done
[ -z "$why" ] && pass "$PHASE: 3 zero-copy sockets killed while receiving and sending" ||
	fail "$PHASE: traffic reached the sockets" "fewer than 10 frames in 60 s:$why"
settle 30 counters >/dev/null
snap
start after --wakeup --recv "$N_RX" --out /tmp/after.pcap --timeout 300000 "$A" 0:zc
ready after-churn
finish after
same /test/rx.pcap /tmp/after.pcap

# ---- A zero-copy queue whose socket is not in the XSKMAP: PASS copies ----
PHASE="zero-copy PASS"
snap
xsk_start /tmp/zcpass.out --wakeup --recv 1 --timeout 300000 "$A" 0:zc ||
	fail "$PHASE: socket bound" "$(tr '\n' '|' </tmp/zcpass.out)"
xnic-wire capture "iface:$A" /tmp/zcpass.pcap --count "$N_RX" --timeout 200000 >/tmp/zcpass-cap.out 2>&1 &
cap=$!
wait_for 30 test -e /tmp/zcpass.pcap || fail "$PHASE: stack capture ready" "$(cat /tmp/zcpass-cap.out)"
ready zc-pass
wait "$cap" || fail "$PHASE: stack capture" "$(cat /tmp/zcpass-cap.out)"
same /test/rx.pcap /tmp/zcpass.pcap
expect_delta rx0_xdp_pass "$N_RX"
expect_delta rx0_packets "$N_RX"
kill "$XSK_PID"
wait "$XSK_PID" 2>/dev/null

# ---- An offloaded program's PASS reaching the socket through the native XSKMAP ----
PHASE="offload + native"
if ip link set dev "$A" xdpoffload obj "$PROGS/xsk_offload.o" sec xdp 2>/tmp/off.err; then
	ip link show dev "$A" | grep -q "xdpmulti" &&
		pass "$PHASE: native and offloaded programs attached together" ||
		fail "$PHASE: both attached" "$(ip -d link show dev "$A" | tr '\n' '|')"
	snap
	start off --wakeup --recv "$N_OFFLOAD" --out /tmp/off.pcap --timeout 300000 "$A" 0:zc
	ready offload
	finish off
	same /test/exp-offload.pcap /tmp/off.pcap
	settle 20 counters >/dev/null
	expect_delta fw_xdp_drop $((N_RX - N_OFFLOAD))
	expect_delta fw_xdp_pass "$N_OFFLOAD"
	expect_delta rx0_xdp_redirect "$N_OFFLOAD"
	ip link set dev "$A" xdpoffload off
else
	fail "$PHASE: attach xsk_offload.o offloaded" "$(tr '\n' '|' </tmp/off.err)"
	ready offload
fi

bad=$(dmesg | grep -E "$BAD_LOG")
[ -z "$bad" ] && pass "clean kernel log" || fail "clean kernel log" "$(echo "$bad" | head -n 3 | tr '\n' '|')"
check "detach" ip link set dev "$A" xdpdrv off
rm -rf /sys/fs/bpf/xskprog /sys/fs/bpf/xsk
check "rmmod" rmmod xnic
bad=$(dmesg | grep -E "$BAD_LOG|unregister_netdevice: waiting")
[ -z "$bad" ] && pass "clean kernel log after rmmod" || fail "clean kernel log after rmmod" "$(echo "$bad" | head -n 3 | tr '\n' '|')"
result
