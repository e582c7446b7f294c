#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Test runs and the card's profile in the guest (docs/performance.md "Test
# runs in the guest", "The profile in the guest"): xnic-testrun puts a
# frame through the program offloaded to the card (tests/guest/xdp/
# testrun_loop.c: a 37-trip loop, a run counter in an array, XDP_TX with a
# changed byte for EtherType 0x88b5) while pings flow through the same
# program: return value, output bytes, equal cycles per run, the counter
# moved by exactly the runs, nothing counted or sent by the firmware, no
# ping lost; the profile from debugfs start/stop/reset: rows adding up to
# the card's instruction counter, xnic-objdump --profile's loop lines run
# 37 times per frame, its counts adding up too; a batch of frames
# (--lengths), a line each; the errors: a host
# program, a program offloaded but not attached, a frame too large, a card
# without running firmware, each with its exit status.  Runs in the guest
# with /test/lib.sh.
. /test/lib.sh

XDP=/lib/xnic-xdp
PIN=/sys/fs/bpf/xnic-testrun
GATEWAY=10.0.2.2
TRIPS=37
IFC=$(xnic_iface) || { fail "interface" "no interface bound to xnic"; result; exit 1; }
DBG=/sys/kernel/debug/xnic/$(basename "$(readlink /sys/class/net/$IFC/device)")
mkdir -p /sys/fs/bpf
mount -t bpf bpf /sys/fs/bpf 2>/dev/null
ip link set "$IFC" up
ip addr add 10.0.2.15/24 dev "$IFC"
wait_for 10 link_is_up "$IFC"

# frame FILE LEN: an Ethernet frame of EtherType 0x88b5, LEN bytes
frame() {
	{ printf '\377\377\377\377\377\377\002\000\000\000\000\001\210\265'
	  head -c $(($2 - 14)) /dev/zero | tr '\000' '\132'; } >"$1"
}
hex() { od -An -v -tx1 "$1" | tr -s ' \n' '  '; }
runs() {
	bpftool -j map lookup pinned /sys/fs/bpf/testrun-runs key 0 0 0 0 |
		sed -n 's/.*"value":\[\([^]]*\)\].*/\1/p' | tr -d '"' | tr ',' ' ' |
		{ read -r b0 b1 b2 b3 rest; echo $((b0 + 256 * b1 + 65536 * b2 + 16777216 * b3)); }
}
fw_tx() { ethtool -S "$IFC" | sed -n 's/^ *fw_xdp_tx: //p'; }
# status CMD...: the exit status of CMD in $st, its output in $OUT
status() { OUT=$("$@" 2>&1); st=$?; }
# said: the start of $OUT on one line, for a check's name
said() { echo "$OUT" | tr '\n' ' ' | cut -c1-160; }

check "program loaded for $IFC" bpftool prog load "$XDP/testrun_loop.o" "$PIN" type xdp dev "$IFC"
check "map pinned" sh -c "bpftool map pin id \$(bpftool map show | sed -n 's/^\([0-9]*\): array  name runs .*/\1/p' | tail -n 1) /sys/fs/bpf/testrun-runs"
check "attached offloaded" ip link set dev "$IFC" xdpoffload pinned "$PIN"
frame /tmp/in 60

# while traffic flows through the same program: pings, and test runs
# between their frames
ping -c 10 "$GATEWAY" >/tmp/ping.out 2>&1 &
ping_pid=$!
sleep 1
tx0=$(fw_tx)
status xnic-testrun "$PIN" --data-in /tmp/in --data-out /tmp/out --repeat 5
check "xnic-testrun runs (exit $st: $(said))" [ "$st" = 0 ]
check "return value XDP_TX, bpftool's line" sh -c "echo '$OUT' | grep -q '^Return value: 3, duration (average): [0-9]*ns$'"
frame /tmp/want 60
printf '\002' | dd of=/tmp/want bs=1 count=1 conv=notrunc 2>/dev/null
check "output bytes: the frame with its first byte set by the program" [ "$(hex /tmp/out)" = "$(hex /tmp/want)" ]
check "card cycles: the same each run" sh -c "echo '$OUT' | grep -qE '^Card cycles: ([0-9]+) per run \(min \1, max \1\), mean \1.0 over 5 runs$'"
n=0
while kill -0 "$ping_pid" 2>/dev/null && [ $n -lt 50 ]; do
	xnic-testrun "$PIN" --data-in /tmp/in --repeat 20 >/dev/null 2>&1 || break
	n=$((n + 1))
done
wait "$ping_pid"
pings=$(sed -n 's/.* \([0-9]*\) packets received.*/\1/p' /tmp/ping.out)
check "no ping lost while the card ran $n more test runs of 20 frames (${pings:-?} of 10)" \
	sh -c "[ '${pings:-0}' = 10 ] && [ $n -gt 0 ]"
check "the firmware sent and counted no test frame (fw_xdp_tx $tx0 -> $(fw_tx))" [ "$(fw_tx)" = "$tx0" ]
r0=$(runs)
status xnic-testrun "$PIN" --data-in /tmp/in --repeat 7 --json
r1=$(runs)
check "map side effects are real: the counter moved by the 7 runs ($r0 -> $r1)" [ "$((r1 - r0))" = 7 ]
check "--json: retval, data_size_out, cycles of 7 runs ($(said))" sh -c "echo '$OUT' | grep -q '\"retval\":3,\"duration\":[0-9]*,\"data_size_out\":60,\"meta_len\":0,\"redirect_ifindex\":0,\"cycles\":{\"runs\":7,'"

# --lengths: frames back to back, a run and a line each; the large one refused
frame /tmp/big 9300
frame /tmp/f100 100
cat /tmp/in /tmp/big /tmp/f100 >/tmp/batch
printf '60\n9300\n100\n' >/tmp/batch.len
cp /tmp/f100 /tmp/want100
printf '\002' | dd of=/tmp/want100 bs=1 count=1 conv=notrunc 2>/dev/null
flat() { od -An -v -tx1 "$1" | tr -d ' \n'; }
r0=$(runs)
xnic-testrun "$PIN" --data-in /tmp/batch --lengths /tmp/batch.len >/tmp/batch.out 2>/tmp/batch.err
st=$?
r1=$(runs)
check "--lengths: exit 4, the large frame's ($(tr '\n' ' ' </tmp/batch.err))" \
	sh -c "[ $st = 4 ] && grep -q '^xnic-testrun: frame 1: frame too large' /tmp/batch.err"
check "--lengths: frame 0's line, XDP_TX and its output" [ "$(sed -n 1p /tmp/batch.out)" = "0 3 $(flat /tmp/want)" ]
check "--lengths: frame 1 refused ($(sed -n 2p /tmp/batch.out))" [ "$(sed -n 2p /tmp/batch.out)" = "1 none 4" ]
check "--lengths: frame 2's line, 100 bytes out" [ "$(sed -n 3p /tmp/batch.out)" = "2 3 $(flat /tmp/want100)" ]
check "--lengths: the counter moved by the 2 frames that ran ($r0 -> $r1)" [ "$((r1 - r0))" = 2 ]
xnic-testrun "$PIN" --data-in /tmp/batch --lengths /tmp/batch.len --json >/tmp/batch.json 2>/dev/null
st=$?
check "--lengths --json: frame 0's object with its output, frame 1's exit (exit $st)" sh -c \
	"[ $st = 4 ] && sed -n 1p /tmp/batch.json | grep -q '^{\"frame\":0,\"data_out\":\[2,255,255,255,255,255,2,0,0,0,0,1,136,181,90,.*\"retval\":3,' &&
	 [ \"\$(sed -n 2p /tmp/batch.json)\" = '{\"frame\":1,\"exit\":4}' ]"

# the profile: only test frames while it runs
echo stop >"$DBG/profile"
echo reset >"$DBG/profile"
echo start >"$DBG/profile"
status xnic-testrun "$PIN" --data-in /tmp/in --repeat 10
echo stop >"$DBG/profile"
check "profiled runs (exit $st)" [ "$st" = 0 ]
cat "$DBG/profile" >/tmp/prof
card_insns=$(sed -n 's/^card_insns //p' /tmp/prof)
rows=$(awk '/^[0-9]/ { n += $2 } END { print n }' /tmp/prof)
check "debugfs profile: rows add up to the card's instructions ($rows = ${card_insns:-?})" \
	sh -c "[ -n '$card_insns' ] && [ '$rows' = '$card_insns' ] && [ '$rows' -gt 0 ]"
status xnic-objdump -p "$PIN" --profile --json
echo "$OUT" >/tmp/prof.json
check "xnic-objdump --profile --json (exit $st)" [ "$st" = 0 ]
packets=$(sed -n 's/.*"packets":\([0-9]*\),.*/\1/p' /tmp/prof.json)
check "packets: the frames the slot took (${packets:-?} >= 10)" [ "${packets:-0}" -ge 10 ]
loop=$(sed 's/{"kind"/\
{"kind"/g' /tmp/prof.json | grep 'testrun-loop-body' |
	grep -o '"count":[0-9]*' | cut -d: -f2 | sort -u | tr '\n' ' ')
check "every card instruction of the loop line ran $TRIPS x $packets times ($loop)" \
	[ "$loop" = "$((TRIPS * packets)) " ]
listed=$(grep -o '"count":[0-9]*' /tmp/prof.json | cut -d: -f2 | awk '{ n += $1 } END { print n }')
outside=$(sed -n 's/.*"outside":{"insns":\([0-9]*\),.*/\1/p' /tmp/prof.json)
total=$(sed -n 's/.*"card_insns":\([0-9]*\),.*/\1/p' /tmp/prof.json)
check "listed counts + the firmware's add up to the card's ($listed + $outside = $total)" \
	[ "$((listed + outside))" = "$total" ]
status xnic-objdump -p "$PIN" --profile
echo "$OUT" >/tmp/prof.txt	# the listing has quotes: grep the file
check "text listing with the loop's C line" grep -q 'testrun_loop.c:[0-9]*: .*testrun-loop-body' /tmp/prof.txt
check "text listing's first line" grep -q "^testrun_loop: $packets packets, " /tmp/prof.txt

# errors and their exit statuses
bpftool prog load "$XDP/testrun_loop.o" /sys/fs/bpf/host-prog type xdp 2>/dev/null
status xnic-testrun /sys/fs/bpf/host-prog --data-in /tmp/in
check "a host program: exit 3 ($(said))" sh -c "[ $st = 3 ] && echo '$OUT' | grep -q 'not offloaded'"
bpftool prog load "$XDP/testrun_loop.o" /sys/fs/bpf/other-prog type xdp dev "$IFC" 2>/dev/null
status xnic-testrun /sys/fs/bpf/other-prog --data-in /tmp/in
check "offloaded but not attached: exit 3 ($(said))" sh -c "[ $st = 3 ] && echo '$OUT' | grep -q 'not the program its card runs'"
status xnic-objdump -p /sys/fs/bpf/other-prog --profile
check "its profile: exit 3" [ "$st" = 3 ]
status xnic-testrun "$PIN" --data-in /tmp/big
check "a frame too large: exit 4 ($(said))" sh -c "[ $st = 4 ] && echo '$OUT' | grep -q 'too large'"
status xnic-testrun "$PIN" --data-in /tmp/in --repeat 0
check "repeat 0: usage, exit 2" [ "$st" = 2 ]
# a card without running firmware: its restart fails (the file is gone)
mv /lib/firmware/xnic/xnic-fw.img /tmp/xnic-fw.img
echo xnic/xnic-fw.img >"$DBG/firmware"
wait_for 20 sh -c "dmesg | grep -q 'card restart failed'"
status xnic-testrun "$PIN" --data-in /tmp/in
check "a card that runs no firmware: exit 5 ($(said))" sh -c "[ $st = 5 ] && echo '$OUT' | grep -q 'restarting'"
mv /tmp/xnic-fw.img /lib/firmware/xnic/xnic-fw.img
echo xnic/xnic-fw.img >"$DBG/firmware"
ip link set "$IFC" up
wait_for 20 sh -c "[ \"\$(cat /sys/class/net/$IFC/carrier)\" = 1 ] && xnic-testrun $PIN --data-in /tmp/in"
status xnic-testrun "$PIN" --data-in /tmp/in
check "after the restart, test runs again (exit $st)" [ "$st" = 0 ]
check "kernel log clean" sh -c "! dmesg | grep -E 'WARNING:|BUG:|Oops|Call Trace'"
result
