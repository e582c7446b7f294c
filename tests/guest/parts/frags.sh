#!/bin/sh
# Guest side of host-frags.sh (docs/driver.md "XDP multi-buffer"): at MTU
# 9000 a single-buffer program is refused and a multi-buffer one
# (tests/guest/xdp/xdp_frags.c, section xdp.frags) attaches, offloading it
# is refused; then the host's corpus runs through it: PASS frames reach a
# packet socket byte-exact, DROP and the TX kinds leave the stack alone,
# and the ethtool -S counters add up to the corpus.
. /test/lib.sh
PROGS=/lib/xnic-xdp
BAD_LOG='WARNING:|BUG:|Oops|leak|refcount|stalled pool'
dev=$(xnic_iface) || { fail frags "no xnic interface"; result; exit 1; }
# pass= drop= tx= rewrite= grow= tx_bytes=, from frags-corpus.py
eval "$(cat /test/counts.txt)"
n_tx=$((tx + rewrite + grow))
n_all=$((pass + drop + n_tx))
# Nothing but the test frames may leave: no IPv6 autoconfiguration traffic.
no_ipv6
ip link set "$dev" mtu 9000
ip link set "$dev" up
wait_for 20 link_is_up "$dev" || fail link-up "carrier never came up on $dev"
dmesg -c >/dev/null

# stat REGEX: the ethtool -S counters whose names match, summed
stat() {
	ethtool -S "$dev" | awk -v re="^($1):\$" '$1 ~ re { n += $2 } END { print n + 0 }'
}

for p in pass frags; do
	out=$(bpftool prog load "$PROGS/xdp_$p.o" "/sys/fs/bpf/$p" 2>&1) ||
		{ fail load "bpftool prog load xdp_$p.o: $(echo "$out" | tail -n 5 | tr '\n' '|')"; result; exit 1; }
done

if out=$(ip link set dev "$dev" xdpdrv pinned /sys/fs/bpf/pass 2>&1); then
	fail "single-buffer program refused at MTU 9000" "accepted"
	ip link set dev "$dev" xdpdrv off
else
	case "$out" in
	*"MTU too large for a single-buffer XDP program"*xdp.frags*)
		pass "single-buffer program refused at MTU 9000 with an extack message" ;;
	*) fail "single-buffer program refused at MTU 9000 with an extack message" "$out" ;;
	esac
fi
if out=$(ip link set dev "$dev" xdpoffload pinned /sys/fs/bpf/frags 2>&1); then
	fail "multi-buffer program refused for offload" "accepted"
	ip link set dev "$dev" xdpoffload off
else
	case "$out" in
	*"multi-buffer programs (BPF_F_XDP_HAS_FRAGS) cannot be offloaded"*)
		pass "multi-buffer program refused for offload with an extack message" ;;
	*) fail "multi-buffer program refused for offload with an extack message" "$out" ;;
	esac
fi
check "multi-buffer program attached at MTU 9000" \
	ip link set dev "$dev" xdpdrv pinned /sys/fs/bpf/frags
max_mtu=$(ip -d link show dev "$dev" | sed -n 's/.*maxmtu \([0-9]*\).*/\1/p')
[ "$max_mtu" = 9198 ] && pass "MTU limit with it is the card's (9198)" ||
	fail "MTU limit with it is the card's (9198)" "maxmtu '$max_mtu'"
ip link set dev "$dev" mtu 9000
wait_for 20 link_is_up "$dev"

rx0=$(stat 'rx[0-9]+_packets') rxb0=$(stat 'rx[0-9]+_bytes')
xtx0=$(stat 'xdp[0-9]+_tx_packets') xtxb0=$(stat 'xdp[0-9]+_tx_bytes')
rm -f /tmp/pass.pcap
xnic-wire capture "iface:$dev" /tmp/pass.pcap --count "$pass" --timeout 300000 >/tmp/cap.out 2>&1 &
cap=$!
wait_for 30 test -e /tmp/pass.pcap || fail "capture ready" "$(cat /tmp/cap.out)"
ready frags
wait $cap
if out=$(xnic-wire cmp /test/exp-pass.pcap /tmp/pass.pcap); then
	pass "PASS frames reach the stack byte-exact ($out)"
else
	fail "PASS frames reach the stack byte-exact" "$out; $(cat /tmp/cap.out)"
fi
# Every frame has had its verdict once the program's counters add up
ran() { [ "$(stat 'rx[0-9]+_xdp_(pass|drop|tx|aborted|redirect)')" -ge "$n_all" ]; }
wait_for 120 ran || fail "every frame ran the program" "$(ethtool -S "$dev" | grep xdp | tr '\n' ' ')"
done_tx() { [ "$(stat 'xdp[0-9]+_tx_packets')" -ge $((xtx0 + n_tx)) ]; }
wait_for 60 done_tx

expect() {
	got=$2
	[ "$got" = "$3" ] && pass "$1 ($got)" || fail "$1" "$got, expected $3"
}
expect "rx<q>_xdp_pass add up to the PASS frames" "$(stat 'rx[0-9]+_xdp_pass')" "$pass"
expect "rx<q>_xdp_drop add up to the DROP frames" "$(stat 'rx[0-9]+_xdp_drop')" "$drop"
expect "rx<q>_xdp_tx add up to the TX frames" "$(stat 'rx[0-9]+_xdp_tx')" "$n_tx"
expect "no frame aborted (length, fragment bytes, helpers as 6.1)" \
	"$(stat 'rx[0-9]+_xdp_aborted')" 0
expect "no XDP TX ring overflow" "$(stat 'rx[0-9]+_xdp_tx_errors')" 0
expect "rx<q>_packets count the PASS frames" $(( $(stat 'rx[0-9]+_packets') - rx0 )) "$pass"
expect "rx<q>_bytes count their fragments" $(( $(stat 'rx[0-9]+_bytes') - rxb0 )) $((pass * 9000))
expect "xdp<r>_tx_packets count the TX frames" $(( $(stat 'xdp[0-9]+_tx_packets') - xtx0 )) "$n_tx"
expect "xdp<r>_tx_bytes count every fragment sent" $(( $(stat 'xdp[0-9]+_tx_bytes') - xtxb0 )) "$tx_bytes"
expect "no RX errors" "$(stat 'rx[0-9]+_errors')" 0
check "detach" ip link set dev "$dev" xdpdrv off
if dmesg | grep -qE "$BAD_LOG"; then
	fail "kernel log clean" "$(dmesg | grep -E "$BAD_LOG" | head -n 3 | tr '\n' '|')"
else
	pass "kernel log clean"
fi
result
