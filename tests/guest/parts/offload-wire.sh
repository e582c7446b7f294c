#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of host-offload.sh.  Each XNIC-READY line makes the host send
# the frames of offload-frames.py once (N_ABORTED, N_DROP, N_TX, N_REDIRECT,
# N_PASS of each verdict).  The first round also checks the card's verdict
# records (debugfs verdicts_card, docs/verdicts.md).
. /test/lib.sh
. /test/counts.env

XDP=/lib/xnic-xdp
PIN=/sys/fs/bpf/parse
BAD_LOG='WARNING:|BUG:|Oops|refcount'

stat() { ethtool -S "$1" | sed -n "s/^ *$2: //p"; }
# frames the stack got on all RX queues (native XDP absent or passing)
rx_frames() { ethtool -S "$1" | awk '/^ *rx[0-9]+_packets:/ { n += $2 } END { print n + 0 }'; }
# grew NAME VAR DELTA: the counter NAME reached its value in VAR plus DELTA
grew() { [ "$(stat "$IFC" "$1")" -ge $(($2 + $3)) ]; }
rx_grew() { [ $(($(rx_frames "$IFC") - rx0)) -ge "$1" ]; }
# records FILE ACTION: how many verdict records in FILE have that action
records() { od -An -v -tu1 -w32 "$1" | awk -v a="$2" '$7 == a { n++ } END { print n + 0 }'; }

VERDICTS="aborted drop tx redirect pass"
snapshot() {
	for v in $VERDICTS; do eval "${v}0=\$(stat \"\$IFC\" fw_xdp_$v)"; done
	rx0=$(rx_frames "$IFC")
}
# grown VERDICT: how much the card's counter grew since the snapshot
grown() { eval "echo \$(( \$(stat \"\$IFC\" fw_xdp_$1) - ${1}0 ))"; }
# counted VERDICT N: the card's counter grew by exactly N since the snapshot
counted() {
	local g
	g=$(grown "$1")
	[ "$g" = "$2" ] || { echo "grew by $g"; return 1; }
}
# all_reached N...: every counter ($VERDICTS order) grew by at least its N
all_reached() {
	local v
	for v in $VERDICTS; do
		[ "$(grown "$v")" -ge "$1" ] || return 1
		shift
	done
}
fw_counters() { ethtool -S "$IFC" | grep -E '^ *fw_xdp_|^ *rx[0-9]+_packets:'; }

# expect PHASE ABORTED DROP TX REDIRECT PASS: send the frames, then the
# card's counters must have grown by exactly these: once they all reached
# their numbers and stopped moving, so that a late extra frame counts too
expect() {
	phase=$1 npass=$6
	shift
	snapshot
	ready "$phase"
	check "$phase: card counted $5 passes" wait_for 30 grew fw_xdp_pass "$pass0" "$5"
	wait_for 30 all_reached "$@" >/dev/null
	check "$phase: card counters settled" settle 30 fw_counters
	for v in $VERDICTS; do
		check "$phase: card counted exactly $1 $v" counted "$v" "$1"
		shift
	done
	check "$phase: passed frames reached the host" wait_for 10 rx_grew "$npass"
}

# nothing of the guest's own (IPv6 autoconfiguration) on the wire capture
no_ipv6
dmesg -c >/dev/null
set -- $(for d in /sys/class/net/*; do
	[ "$(basename "$(readlink "$d/device/driver" 2>/dev/null)")" = xnic ] && basename "$d"
done)
IFC=$1 OTHER=${2:-}
[ -n "$OTHER" ] || { fail "two xnic interfaces" "found: $*"; result; exit 1; }
mkdir -p /sys/fs/bpf
mount -t bpf bpf /sys/fs/bpf 2>/dev/null
ip link set "$IFC" up
check "carrier" wait_for 10 link_is_up "$IFC"

check "ip link ... xdpoffload attaches" ip link set dev "$IFC" xdpoffload obj "$XDP/offload_parse.o" sec xdp
check "ip link shows it offloaded" sh -c "ip link show dev $IFC | grep -q xdpoffload"
PCI=$(basename "$(readlink "/sys/class/net/$IFC/device")")
DBG=/sys/kernel/debug/xnic/$PCI
echo 1 >"$DBG/verdicts_enable"
expect offload "$N_ABORTED" "$N_DROP" "$N_TX" "$N_REDIRECT" "$N_PASS"
cat "$DBG/verdicts_card" >/tmp/card.bin
echo 0 >"$DBG/verdicts_enable"
check "card recorded one verdict per frame" [ "$(wc -c </tmp/card.bin)" = $((32 * N_ALL)) ]
check "card records: $N_ABORTED ABORTED, $N_DROP DROP, $N_PASS PASS, $N_TX TX, $N_REDIRECT REDIRECT" [ \
	"$(records /tmp/card.bin 0) $(records /tmp/card.bin 1) $(records /tmp/card.bin 2) $(records /tmp/card.bin 3) $(records /tmp/card.bin 4)" = \
	"$N_ABORTED $N_DROP $N_PASS $N_TX $N_REDIRECT" ]
check "card lost no records" [ "$(cat "$DBG/verdicts_card_overflow")" = 0 ]
check "native log empty: the program ran on the card" [ ! -s "$DBG/verdicts" ]

# refused RESULT-NAME TEXT COMMAND...: COMMAND fails saying TEXT
refused() {
	local name=$1 text=$2 out
	shift 2
	if out=$("$@" 2>&1); then
		fail "$name" "accepted"
	elif echo "$out" | grep -qF "$text"; then
		pass "$name ($out)"
	else
		fail "$name" "refused with '$out', not '$text'"
	fi
}
refused "replace without -force refused" "XDP program already attached" \
	ip link set dev "$IFC" xdpoffload obj "$XDP/xdp_pass.o" sec xdp
check "replace with -force" ip -force link set dev "$IFC" xdpoffload obj "$XDP/xdp_pass.o" sec xdp
expect replaced 0 0 0 0 "$N_ALL"

check "native program beside the offloaded one" ip link set dev "$IFC" xdpdrv obj "$XDP/xdp_pass.o" sec xdp
check "ip link shows both" sh -c "ip link show dev $IFC | grep -q xdpmulti"
native0=$(ethtool -S "$IFC" | awk '/^ *rx[0-9]+_xdp_pass:/ { n += $2 } END { print n + 0 }')
expect both 0 0 0 0 "$N_ALL"
check "both: native program ran after the card's PASS" sh -c "[ \$(ethtool -S $IFC | awk '/^ *rx[0-9]+_xdp_pass:/ { n += \$2 } END { print n + 0 }') -ge $((native0 + N_ALL)) ]"
check "native program detached" ip link set dev "$IFC" xdpdrv off

# a card restart (firmware reload through debugfs) keeps the program
check "parse program back" ip -force link set dev "$IFC" xdpoffload obj "$XDP/offload_parse.o" sec xdp
reset_mark "$IFC"
echo xnic/xnic-fw.img >"/sys/kernel/debug/xnic/$PCI/firmware"
check "card restarted (one more 'datapath reset' in the log)" wait_for 30 reset_seen
check "carrier after restart" wait_for 10 link_is_up "$IFC"
expect restored "$N_ABORTED" "$N_DROP" "$N_TX" "$N_REDIRECT" "$N_PASS"

check "program loaded for $IFC (bpftool ... dev $IFC)" \
	bpftool prog load "$XDP/offload_parse.o" "$PIN" type xdp dev "$IFC"
# 6.12's dev_xdp_attach() refuses a program bound to another device
# before the driver sees it; 6.1 leaves it to the driver
other_dev="program was loaded for another device"
[ "$(guest_kernel)" = 6.1 ] || other_dev="Program bound to different device"
refused "attaching it to $OTHER refused" "$other_dev" \
	ip link set dev "$OTHER" xdpoffload pinned "$PIN"
rm -f "$PIN"

check "detach" ip link set dev "$IFC" xdpoffload off
check "ip link shows no program" sh -c "! ip link show dev $IFC | grep -q xdp"
expect detached 0 0 0 0 "$N_ALL"
if dmesg | grep -qE "$BAD_LOG"; then
	fail "kernel log clean" "$(dmesg | grep -E "$BAD_LOG" | head -n 2 | tr '\n' ' ')"
else
	pass "kernel log clean"
fi
result
