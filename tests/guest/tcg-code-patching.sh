#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The guest kernel patches its own code while the other vCPU runs it, and
# QEMU's TCG must run the new code from then on (hw/qemu-patches,
# docs/architecture.md "QEMU patches").  Here: a BPF trampoline.  Each
# round attaches xdp_pass.o in generic mode on lo, attaches
# xnic-genverdict's fentry/fexit to it (the kernel writes a call over the
# NOP at the program's entry), pings lo and counts: every run of the
# program (its run_cnt) must have been recorded by the fexit.  Without the
# patch about 1 attach in 30 left the program running its old entry, the
# fexit never called (docs/verdict-ci.md); 100 rounds then all pass with
# a chance of about 5%.
. /test/lib.sh

ROUNDS=100
mkdir -p /sys/fs/bpf
mount -t bpf bpf /sys/fs/bpf 2>/dev/null
sysctl -qw kernel.bpf_stats_enabled=1
ip link set lo up
dmesg -c >/dev/null

prog_id() { ip link show dev lo | sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p'; }
run_cnt() { bpftool prog show id "$1" | sed -n 's/.* run_cnt \([0-9]*\).*/\1/p'; }

# round: 0 when the fexit recorded every run of a freshly attached
# program; otherwise prints what it saw
round() {
	ip link set dev lo xdpgeneric obj /lib/xnic-xdp/xdp_pass.o sec xdp || return 1
	id=$(prog_id)
	: >/tmp/rec.bin
	xnic-genverdict "$id" /tmp/rec.bin >/tmp/gv.out 2>&1 &
	gv=$!
	wait_for 10 grep -q '^attached' /tmp/gv.out >/dev/null || echo "genverdict never attached"
	ping -q -c 2 -i 0.2 -W 2 127.0.0.1 >/dev/null
	ran=$(run_cnt "$id")
	kill -TERM "$gv"
	wait "$gv"
	ip link set dev lo xdpgeneric off
	recorded=$(($(wc -c </tmp/rec.bin) / 32))
	[ "${ran:-0}" -gt 0 ] && [ "$recorded" = "$ran" ] && return 0
	echo "ran $ran, recorded $recorded ($(grep lost= /tmp/gv.out))"
	return 1
}

missed=0 why=""
for r in $(seq "$ROUNDS"); do
	out=$(round) || { missed=$((missed + 1)); why="$why round $r: $out;"; }
done
[ "$missed" = 0 ] &&
	pass "$ROUNDS trampoline attaches: the fexit recorded every run of the program" ||
	fail "trampoline attaches whose fexit saw every run" "$missed of $ROUNDS missed:$why"
check "kernel log clean" sh -c "! dmesg | grep -E 'WARNING:|BUG:|Oops'"
result
