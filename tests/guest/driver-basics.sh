#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The xnic driver's user-visible basics (docs/driver.md "Testing"): ethtool
# -i/-S/-g/-G, carrier, traffic to the slirp gateway, MTU inside and beyond
# the card's limits, MAC and promiscuous mode reaching the card registers
# (read through debugfs), link down/up.  Runs in the guest with /test/lib.sh.
. /test/lib.sh

GATEWAY=10.0.2.2
ADDR=10.0.2.15/24
BAD_LOG='WARNING:|BUG:|Oops|leak|refcount|stalled pool|xnic.*(error|timed out)'

# stat NAME: one ethtool -S counter
stat() { ethtool -S "$IFC" | sed -n "s/^ *$1: //p"; }

# sum_stat SUFFIX: a per-queue counter summed over the queues, e.g. _packets
sum_stat() { sum_dir "(rx|tx)" "$1"; }
# sum_dir DIR SUFFIX: the same for one direction (rx or tx)
sum_dir() {
	ethtool -S "$IFC" | awk -v s="$2" -v d="$1" '$1 ~ "^" d "[0-9]+" s ":$" { n += $2 } END { print n + 0 }'
}

# reg NAME: a card register from debugfs, as a decimal number; fails
# (printing why, on stderr) when debugfs has no line for NAME
reg() {
	local v
	v=$(awk -v r="$1" '$1 == r { print $2; n++ } END { exit n != 1 }' "$REGS") ||
		{ echo "debugfs regs has no single register '$1'" >&2; return 1; }
	echo $((v))
}

# regs_are NAME[&MASK]=VALUE...: each register (its MASK bits) reads VALUE
regs_are() {
	local a name mask v
	for a in "$@"; do
		name=${a%%=*} mask=
		case "$name" in *"&"*) mask=${name#*&} name=${name%%&*} ;; esac
		v=$(reg "$name") || return 1
		[ -z "$mask" ] || v=$((v & mask))
		[ "$v" = $((${a#*=})) ] || { echo "register $name${mask:+ & $mask} is $v, expected ${a#*=}"; return 1; }
	done
}

# stats_agree: the interface's statistics (ip -s) are the per-queue
# ethtool -S counters summed, packets and bytes both ways, and traffic
# was counted.  Read between two ethtool reads that agree, so that a
# frame in flight cannot make them differ.
stats_agree() {
	local try=0 d k e1 e2 sys why
	while [ "$try" -lt 10 ]; do
		why=""
		for d in rx tx; do
			for k in packets bytes; do
				e1=$(sum_dir "$d" "_$k")
				sys=$(cat "/sys/class/net/$IFC/statistics/${d}_$k")
				e2=$(sum_dir "$d" "_$k")
				[ "$e1" = "$e2" ] || { why="moving"; continue; }
				[ "$sys" = "$e1" ] || why="$why ${d}_$k: ip -s $sys, ethtool -S $e1;"
				[ "$sys" -gt 0 ] || why="$why ${d}_$k is 0;"
			done
		done
		[ -z "$why" ] && return 0
		try=$((try + 1))
		sleep 0.5
	done
	echo "$why"
	return 1
}

# expect_field FIELD VALUE: one `ethtool -i` line
expect_field() {
	got=$(ethtool -i "$IFC" | sed -n "s/^$1: //p")
	[ "$got" = "$2" ] || { echo "$1 is '$got', expected '$2'"; return 1; }
}

# ring_now DIR: current ring size from ethtool -g (RX or TX)
ring_now() { ethtool -g "$IFC" | awk -v d="$1:" '/^Current/ { c = 1 } c && $1 == d { print $2; exit }'; }

ping_gw() { ping -c "${1:-2}" -W 3 ${2:+-s "$2"} "$GATEWAY" >/dev/null; }

# mtu_refused MTU WORD: setting MTU fails and the message names the limit
mtu_refused() {
	out=$(ip link set dev "$IFC" mtu "$1" 2>&1) && { echo "mtu $1 accepted"; return 1; }
	echo "$out" | grep -qi "$2" || { echo "message '$out' does not say '$2'"; return 1; }
	[ "$(cat "/sys/class/net/$IFC/mtu")" = "$MTU_BEFORE" ] || { echo "mtu changed anyway"; return 1; }
}

mtu_set() {
	ip link set dev "$IFC" mtu "$1" || return 1
	[ "$(cat "/sys/class/net/$IFC/mtu")" = "$1" ] || { echo "mtu reads $(cat "/sys/class/net/$IFC/mtu")"; return 1; }
	regs_are "MTU=$1"
}

dmesg -c >/dev/null
IFC=$(xnic_iface) || { fail "interface" "no interface bound to xnic"; result; exit 1; }
pass "interface $IFC"
PCI=$(basename "$(readlink "/sys/class/net/$IFC/device")")
REGS=/sys/kernel/debug/xnic/$PCI/regs
check "debugfs regs" test -r "$REGS"

check "ethtool -i driver" expect_field driver xnic
check "ethtool -i version" expect_field version 1.0
check "ethtool -i bus-info" expect_field bus-info "$PCI"
check "ethtool -i firmware-version" expect_field firmware-version 1.1.0
check "card firmware running" regs_are FW_STATUS=1

names=$(ethtool -S "$IFC" | sed -n 's/^ *\([a-z0-9_]*\): .*/\1/p' | tr '\n' ' ')
missing=""
for n in rx0_packets rx0_bytes rx0_drops rx0_errors rx0_no_buf rx0_trunc \
	 tx0_packets tx0_bytes tx0_drops tx0_errors tx0_hw_errors \
	 wire_rx_frames wire_tx_frames wire_rx_filtered wire_rx_oversize card_driver_errors \
	 fw_xdp_aborted fw_xdp_drop fw_xdp_pass fw_xdp_tx fw_xdp_redirect fw_rx_no_firmware fw_card_cycles; do
	case " $names " in *" $n "*) ;; *) missing="$missing $n" ;; esac
done
if [ -z "$missing" ]; then pass "ethtool -S names"; else fail "ethtool -S names" "missing$missing"; fi

check "ethtool -g defaults" sh -c "[ '$(ring_now RX)' = 256 ] && [ '$(ring_now TX)' = 256 ]"

ip link set "$IFC" up
check "carrier after up" wait_for 10 link_is_up "$IFC"
check "card datapath enabled" regs_are "CTRL&1=1"
ip addr add "$ADDR" dev "$IFC"
rx_before=$(sum_stat _packets)
pass_before=$(stat fw_xdp_pass)
check "ping gateway" ping_gw 3
check "firmware passed the replies" sh -c "[ $(stat fw_xdp_pass) -ge $((pass_before + 3)) ] && [ $(stat fw_xdp_drop) = 0 ]"
check "ethtool -S counts the ping" sh -c "[ $(stat rx0_packets) -gt 0 ] && [ $(sum_stat _packets) -ge $((rx_before + 6)) ]"
check "ip -s agrees with ethtool -S" stats_agree

# Every queue pair carries traffic: TX queue q is pinned to CPU q with XPS
# and pings run there; replies to several local addresses hash to
# different RX queues on the card (docs/device.md "RX queue selection").
queues_busy() {
	nq=$(ls -d /sys/class/net/"$IFC"/queues/tx-* | wc -l)
	q=0
	while [ "$q" -lt "$nq" ]; do
		printf '%x' $((1 << q)) >"/sys/class/net/$IFC/queues/tx-$q/xps_cpus" || return 1
		for h in 15 16 17 18 19 20 21 22 23; do
			ip addr add "10.0.2.$h/24" dev "$IFC" 2>/dev/null
			taskset $((1 << q)) ping -c 1 -W 3 -I "10.0.2.$h" "$GATEWAY" >/dev/null ||
				{ echo "no reply to 10.0.2.$h from CPU $q"; return 1; }
		done
		q=$((q + 1))
	done
	for h in 16 17 18 19 20 21 22 23; do ip addr del "10.0.2.$h/24" dev "$IFC"; done
	q=0
	while [ "$q" -lt "$nq" ]; do
		[ "$(stat "rx${q}_packets")" -gt 0 ] && [ "$(stat "tx${q}_packets")" -gt 0 ] ||
			{ echo "queue pair $q idle: rx $(stat "rx${q}_packets") tx $(stat "tx${q}_packets")"; return 1; }
		q=$((q + 1))
	done
	echo "$nq queue pairs"
}
check "traffic on every queue pair" queues_busy

check "ethtool -G while up" ethtool -G "$IFC" rx 512 tx 128
check "ethtool -g shows new sizes" sh -c "[ '$(ring_now RX)' = 512 ] && [ '$(ring_now TX)' = 128 ]"
check "card ring sizes follow" regs_are q0.RX_SIZE=512 q0.TX_SIZE=128
check "ping after ethtool -G" ping_gw 2
if ethtool -G "$IFC" rx 100 >/dev/null 2>&1; then
	fail "ethtool -G refuses 100" "accepted"
else
	pass "ethtool -G refuses 100"
fi

MTU_BEFORE=$(cat "/sys/class/net/$IFC/mtu")
max=$(reg MAX_MTU) && min=$(reg MIN_MTU) ||
	fail "card MTU limits" "$(reg MAX_MTU 2>&1 >/dev/null; reg MIN_MTU 2>&1 >/dev/null)"
check "mtu beyond max refused" mtu_refused $((max + 1)) maximum
check "mtu below min refused" mtu_refused $((min - 1)) minimum
check "mtu max ($max)" mtu_set "$max"
check "ping at mtu max" ping_gw 2 1400
check "mtu min ($min)" mtu_set "$min"
check "mtu 1500" mtu_set 1500
check "ping at mtu 1500" ping_gw 2 1400

check "set MAC" ip link set dev "$IFC" address 02:11:22:33:44:55
# slirp learns the new MAC from the next ARP request
ip neigh flush dev "$IFC"
check "card MAC follows" regs_are MAC_LO=0x33221102 MAC_HI=0x5544
check "ping after MAC change" ping_gw 2

check "promisc on" ip link set dev "$IFC" promisc on
check "card PROMISC set" regs_are "CTRL&4=4"
check "promisc off" ip link set dev "$IFC" promisc off
check "card PROMISC clear" regs_are "CTRL&4=0"

ip link set "$IFC" down
check "card datapath off when down" regs_are "CTRL&1=0" q0.RX_CTRL=0
check "operstate down" sh -c "[ $(cat /sys/class/net/$IFC/operstate) = down ]"
ip link set "$IFC" up
check "carrier after down/up" wait_for 10 link_is_up "$IFC"
ip addr add "$ADDR" dev "$IFC" 2>/dev/null
check "ping after down/up" ping_gw 2

# The TX-timeout recovery (down/up from a work item), run from debugfs
# while pings are in flight
rx_before=$(cat "/sys/class/net/$IFC/statistics/rx_packets")
ping -c 40 -i 0.05 -W 1 "$GATEWAY" >/dev/null 2>&1 &
pinger=$!
# in flight: the first reply is in
wait_for 10 sh -c "[ \$(cat /sys/class/net/$IFC/statistics/rx_packets) -gt $rx_before ]" ||
	fail "pings before the reset" "no reply counted"
reset_mark "$IFC"
check "datapath reset from debugfs" sh -c "echo 1 >/sys/kernel/debug/xnic/$PCI/reset"
check "reset done (one more 'datapath reset' in the log)" wait_for 20 reset_seen
wait "$pinger"
check "ping after reset" ping_gw 2

no_card_errors() {
	[ "$(stat card_driver_errors)" = 0 ] || { echo "card_driver_errors $(stat card_driver_errors)"; return 1; }
	regs_are ERR_COUNT=0
}
check "no driver errors seen by the card" no_card_errors
bad=$(dmesg | grep -E "$BAD_LOG")
if [ -z "$bad" ]; then pass "kernel log clean"; else fail "kernel log clean" "$(echo "$bad" | head -n 3 | tr '\n' ' ')"; fi
result
