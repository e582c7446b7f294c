#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Channels and RSS (docs/driver.md "Channels", "RSS"): ethtool -l/-L
# changes the queue pairs live, refuses counts above the card's and one
# that leaves native XDP no spare block, keeps native and offloaded
# programs running; ethtool -x/-X reads and sets the card's indirection
# table and Toeplitz key, and replies land on the queue this script
# computes from them; the per-queue counters keep adding up to ip -s.
# Runs in the guest (2 CPUs, a card with 4 queue pairs) with /test/lib.sh.
. /test/lib.sh

GATEWAY=10.0.2.2
ADDR=10.0.2.15/24
PROGS=/lib/xnic-xdp
BAD_LOG='WARNING:|BUG:|Oops|leak|refcount|stalled pool'
# Local addresses whose ping replies the test steers
HOSTS="15 16 17 18 19 20"

stat() { ethtool -S "$IFC" | sed -n "s/^ *$1: //p"; }
sum_dir() {
	ethtool -S "$IFC" | awk -v s="$2" -v d="$1" '$1 ~ "^" d "[0-9]+" s ":$" { n += $2 } END { print n + 0 }'
}
combined() { ethtool -l "$IFC" | awk '/^Combined:/ { print $2 }' | sed -n "${1}p"; }
xdp_prog_id() { ip -d link show dev "$IFC" | sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p' | head -n 1; }

# ip -s and the summed per-queue ethtool -S counters agree, both ways
stats_agree() {
	local d k e s
	for d in rx tx; do
		for k in packets bytes; do
			e=$(sum_dir "$d" "_$k")
			s=$(cat "/sys/class/net/$IFC/statistics/${d}_$k")
			[ "$e" = "$s" ] || { echo "${d}_$k: ip -s $s, ethtool -S $e"; return 1; }
		done
	done
}

ping_from() { ping -c "$2" -W 3 -I "10.0.2.$1" "$GATEWAY" >/dev/null; }

# The Toeplitz hash (Microsoft RSS specification) of bytes $2.. with the
# key $1 (80 hex digits), written out here so that the card is checked,
# not trusted.
toeplitz() {
	local key=$1 hash=0 win i=0 b bit
	local -a k
	shift
	for ((b = 0; b < 40; b++)); do k[b]=$((16#${key:2*b:2})); done
	win=$(((k[0] << 24) | (k[1] << 16) | (k[2] << 8) | k[3]))
	for b in "$@"; do
		for ((bit = 7; bit >= 0; bit--)); do
			((((b >> bit) & 1) == 1)) && hash=$((hash ^ win))
			win=$((((win << 1) | ((k[i + 4] >> bit) & 1)) & 0xffffffff))
		done
		i=$((i + 1))
	done
	echo "$hash"
}

# The key and the table as ethtool -x prints them
rss_key() { ethtool -x "$IFC" | sed -n '/^RSS hash key:/{n;p}' | tr -d ':\n'; }
rss_table() { ethtool -x "$IFC" | awk '/^ *[0-9]+: / { for (i = 2; i <= NF; i++) print $i }'; }

# expected_queue H: where the card must put 10.0.2.2 -> 10.0.2.H (ICMP:
# addresses only), from the key and table ethtool -x shows
expected_queue() {
	local h
	h=$(toeplitz "$(rss_key)" 10 0 2 2 10 0 2 "$1")
	rss_table | sed -n "$((h % 128 + 1))p"
}

# steered: the replies to each local address land on its expected queue
# (all of them; at most one other frame, an ARP from slirp, elsewhere);
# prints the queues used
steered() {
	local h q n before got total used=""
	for h in $HOSTS; do
		ping_from "$h" 1 || { echo "no reply to 10.0.2.$h"; return 1; }
		q=$(expected_queue "$h")
		before=$(stat "rx${q}_packets") n=$(sum_dir rx _packets)
		ping_from "$h" 2 || { echo "no reply to 10.0.2.$h"; return 1; }
		got=$(($(stat "rx${q}_packets") - before)) total=$(($(sum_dir rx _packets) - n))
		[ "$got" -ge 2 ] && [ "$total" -le 3 ] ||
			{ echo "10.0.2.$h: 2 replies expected on rx$q, it got $got of $total"; return 1; }
		case " $used " in *" $q "*) ;; *) used="$used $q" ;; esac
	done
	echo "queues used:$used"
}

# steered_on N: steered, and the replies used at least N queues (the
# addresses spread so with every table below)
steered_on() {
	local out
	out=$(steered) || { echo "$out"; return 1; }
	[ "$(echo "${out#queues used:}" | wc -w)" -ge "$1" ] || { echo "only $out"; return 1; }
}

IFC=$(xnic_iface) || { fail setup "no xnic interface"; result; exit 1; }
DBG=/sys/kernel/debug/xnic/$(basename "$(readlink "/sys/class/net/$IFC/device")")
# No IPv6 chatter: every frame counted below is a ping reply
echo 1 >"/proc/sys/net/ipv6/conf/$IFC/disable_ipv6"
ip link set "$IFC" up
wait_for 20 link_is_up "$IFC" || fail link-up "carrier never came up"
ip addr add "$ADDR" dev "$IFC"
for h in $HOSTS; do ip addr add "10.0.2.$h/24" dev "$IFC" 2>/dev/null; done
mkdir -p /sys/fs/bpf
mount -t bpf bpf /sys/fs/bpf 2>/dev/null
dmesg -c >/dev/null

# ---- Channels ----
check "ethtool -l: 4 at most (the card's), 2 in use (the CPUs)" \
	sh -c "[ '$(combined 1)' = 4 ] && [ '$(combined 2)' = 2 ]"
out=$(ethtool -L "$IFC" combined 5 2>&1)
if [ $? != 0 ] && echo "$out" | grep -q "exceeds maximum"; then
	pass "5 channels refused: $(echo "$out" | tail -n 1)"
else
	fail "5 channels refused with the core's message" "$out"
fi
check "ethtool -L combined 4" ethtool -L "$IFC" combined 4
check "4 channels: 4 RX and TX queues, 4 rings on the card" sh -c "
	[ '$(combined 2)' = 4 ] && [ -d /sys/class/net/$IFC/queues/rx-3 ] &&
	[ -d /sys/class/net/$IFC/queues/tx-3 ]"
check "4 channels: traffic" ping_from 15 2
out=$(ip link set dev "$IFC" xdpdrv obj "$PROGS/xdp_pass.o" sec xdp 2>&1)
if [ $? != 0 ] && echo "$out" | grep -q "no spare queue block"; then
	pass "native XDP refused on 4 of 4 channels with an extack message"
else
	fail "native XDP refused on 4 of 4 channels with an extack message" "$out"
	ip link set dev "$IFC" xdpdrv off
fi
check "ethtool -L combined 3" ethtool -L "$IFC" combined 3
check "native XDP on 3 channels" ip link set dev "$IFC" xdpdrv obj "$PROGS/xdp_pass.o" sec xdp
id=$(xdp_prog_id)
out=$(ethtool -L "$IFC" combined 4 2>&1)
if [ $? != 0 ] && dmesg | grep -q "4 channels leave no spare queue block"; then
	pass "4 channels refused with native XDP attached: $(echo "$out" | tail -n 1); log: $(dmesg | grep 'no spare queue block' | tail -n 1 | sed 's/^\[[^]]*\] //')"
else
	fail "4 channels refused with native XDP attached" "$out"
fi
pass_before=$(sum_dir rx _xdp_pass)
check "ethtool -L combined 1 with native XDP" ethtool -L "$IFC" combined 1
check "the program stays attached" sh -c "[ '$(xdp_prog_id)' = '$id' ]"
check "1 channel: replies through the program on rx0" sh -c "
	a=\$(ethtool -S $IFC | sed -n 's/^ *rx0_xdp_pass: //p'); ping -c 3 -W 3 -I 10.0.2.16 $GATEWAY >/dev/null &&
	[ \$(ethtool -S $IFC | sed -n 's/^ *rx0_xdp_pass: //p') -ge \$((a + 3)) ]"
check "ethtool -S keeps every queue's counters (rx3_packets listed)" sh -c "ethtool -S $IFC | grep -q '^ *rx3_packets:'"
check "ethtool -L combined 2 with native XDP" ethtool -L "$IFC" combined 2
check "XDP passes counted over all changes" sh -c "[ $(sum_dir rx _xdp_pass) -ge $pass_before ]"
check "detach native" ip link set dev "$IFC" xdpdrv off
check "offload drop_odd_ping" ip link set dev "$IFC" xdpoffload obj "$PROGS/drop_odd_ping.o" sec xdp
drop_before=$(stat fw_xdp_drop)
check "ethtool -L combined 4 with an offloaded program" ethtool -L "$IFC" combined 4
check "offloaded program still drops odd replies" sh -c "
	ping -c 4 -W 2 -I 10.0.2.17 $GATEWAY >/dev/null; [ \$(ethtool -S $IFC | sed -n 's/^ *fw_xdp_drop: //p') -ge $((drop_before + 2)) ]"
check "detach offload" ip link set dev "$IFC" xdpoffload off
check "ethtool -L combined 2" ethtool -L "$IFC" combined 2
check "ip -s agrees with the per-queue ethtool -S counters" stats_agree

# ---- RSS ----
NEW_KEY=0123456789abcdeffedcba98765432100f1e2d3c4b5a69788796a5b4c3d2e1f01122334455667788
key_is() { [ "$(rss_key)" = "$1" ] || { echo "ethtool -x shows key $(rss_key)"; return 1; }; }
# table_queues: the distinct queues of the table, on one line
table_queues() { rss_table | sort -u | tr '\n' ' '; }
table_is() { [ "$(table_queues)" = "$1" ] || { echo "the table uses queues $(table_queues)"; return 1; }; }
toeplitz_on() { ethtool -x "$IFC" | grep -q '^ *toeplitz: on'; }
rss_on_card() { grep -q '^RSS_CTRL 0x00000001' "$DBG/regs"; }
all_on() { steered | grep -q "queues used: $1\$"; }

check "ethtool -x: Toeplitz on" toeplitz_on
check "ethtool -x: the card's reset key" \
	key_is 6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b477cb2da38030f20c6a42b73bbeac01fa
check "ethtool -x: 128 entries" [ "$(rss_table | wc -l)" = 128 ]
check "ethtool -x: spread over 2 queues" table_is "0 1 "
check "RSS on in the card" rss_on_card
check "default table: replies land where the hash says, on 2 queues" steered_on 2
check "ethtool -X weight 1 3" ethtool -X "$IFC" weight 1 3
check "weighted table: replies land where the hash says, on 2 queues" steered_on 2
check "ethtool -X hkey" ethtool -X "$IFC" hkey \
	$(echo "$NEW_KEY" | sed 's/\(..\)/\1:/g; s/:$//')
check "ethtool -x shows the new key" key_is "$NEW_KEY"
check "new key: replies land where the hash says, on 2 queues" steered_on 2
check "ethtool -X weight 0 1" ethtool -X "$IFC" weight 0 1
check "the table sends everything to rx1" table_is "1 "
check "replies all on rx1" all_on 1
out=$(ethtool -L "$IFC" combined 1 2>&1)
if [ $? != 0 ] && echo "$out" | grep -q "indirection table"; then
	pass "1 channel refused while the table uses rx1: $(echo "$out" | tail -n 1)"
else
	fail "1 channel refused while the table uses rx1" "$out"
fi
check "ethtool -L combined 4 with a set table" ethtool -L "$IFC" combined 4
check "the set table stays" table_is "1 "
check "ethtool -X default" ethtool -X "$IFC" default
check "the default table spreads over 4" table_is "0 1 2 3 "
check "4 queues: replies land where the hash says, on 3 queues" steered_on 3
# A card restart (the firmware loaded again through debugfs) resets the
# card's key and table: the driver writes them again.
reset_mark "$IFC"
echo xnic/xnic-fw.img >"$DBG/firmware"
check "card restarted" wait_for 60 reset_seen
check "after the restart: the key stays" key_is "$NEW_KEY"
check "after the restart: replies land where the hash says, on 3 queues" steered_on 3
check "ip -s agrees with the per-queue ethtool -S counters at the end" stats_agree
if dmesg | grep -qE "$BAD_LOG"; then
	fail "kernel log clean" "$(dmesg | grep -E "$BAD_LOG" | head -n 2 | tr '\n' ' ')"
else
	pass "kernel log clean"
fi
result
