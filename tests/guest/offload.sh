#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# BPF offload in the driver (docs/driver.md "Offload"): programs loaded for
# an xnic are verified with the driver's hooks, compiled in the kernel by
# the offload compiler and shown by bpftool as offloaded, with their card
# code as the jited image; refusals reach the verifier log; programs die
# with their device.
. /test/lib.sh

XDP=/lib/xnic-xdp
PIN=/sys/fs/bpf/xnic-offload
IFC=$(xnic_iface) || { fail "interface" "no interface bound to xnic"; result; exit 1; }
mkdir -p /sys/fs/bpf
mount -t bpf bpf /sys/fs/bpf 2>/dev/null
dmesg -c >/dev/null

check "load for $IFC (bpftool prog load ... dev $IFC)" \
	bpftool prog load "$XDP/offload_parse.o" "$PIN" type xdp dev "$IFC"
bpftool prog show pinned "$PIN" >/tmp/show.txt 2>&1
check "bpftool shows it offloaded to $IFC" grep -q "offloaded_to $IFC" /tmp/show.txt
jited=$(sed -n 's/.* jited \([0-9]*\)B.*/\1/p' /tmp/show.txt)
words=$(( ${jited:-0} / 8 ))
check "translated size shown ($words card instructions)" [ "$words" -gt 0 ]
xnic-objdump -p "$PIN" >/tmp/card.txt 2>&1
check "xnic-objdump -p disassembles the jited image" \
	sh -c "[ \$(grep -c '^ *[0-9]*: [0-9a-f]\{16\} ' /tmp/card.txt) = $words ] && ! grep -q bad: /tmp/card.txt"
echo "card code:"
cat /tmp/card.txt

# The verifier removes the dead branch (3 of the object's 78 instructions)
# and tells the driver through replace_insn/remove_insns: the driver's copy,
# which it translates, must end as long as the kernel's.
xlated=$(bpftool prog dump xlated pinned "$PIN" | grep -c '^ *[0-9]*:')
check "verifier's dead-code removal followed ($xlated instructions translated)" \
	sh -c "dmesg | grep -q 'program offload_parse: $xlated eBPF instructions -> '"

out=$(ip link set dev "$IFC" xdpdrv pinned "$PIN" 2>&1)
if [ $? != 0 ] && echo "$out" | grep -qi 'device-bound\|HW_MODE\|offload'; then
	pass "native attach of the offloaded program refused"
else
	fail "native attach of the offloaded program refused" "$out"
fi

out=$(bpftool prog load "$XDP/offload_printk.o" /sys/fs/bpf/printk type xdp dev "$IFC" 2>&1)
if [ $? != 0 ] && echo "$out" | grep -q '\[xnic\] insn [0-9]*: bpf_trace_printk: the format in r1 must be a constant string in .rodata'; then
	pass "unsupported helper refused in the verifier log"
else
	fail "unsupported helper refused in the verifier log" "$(echo "$out" | grep -i 'xnic\|error' | head -n 3)"
fi
check "the same program loads for the host" bpftool prog load "$XDP/offload_printk.o" /sys/fs/bpf/printk type xdp

# make run's example: its map gives sizes instead of BTF types, which the
# kernel refuses on offloaded maps, so libbpf has nothing to warn about.
out=$(ip link set dev "$IFC" xdpoffload obj "$XDP/drop_odd_ping.o" sec xdp 2>&1)
if [ $? = 0 ] && [ -z "$out" ]; then
	pass "the example offloads without a word from libbpf"
else
	fail "the example offloads without a word from libbpf" "$out"
fi
ip link set dev "$IFC" xdpoffload off

# Device removal: the offloaded program stays pinned but loses its device.
check "rmmod with an offloaded program" rmmod xnic
bpftool prog show pinned "$PIN" >/tmp/show.txt 2>&1
# The kernel answers ENODEV: bookworm's bpftool prints the error, trixie's
# an "orphaned" program
check "program orphaned: its device is gone" grep -qE 'No such device|orphaned' /tmp/show.txt
check "modprobe again" insmod /lib/modules/xnic.ko
check "interface back" wait_for 10 xnic_iface
rm -f "$PIN" /sys/fs/bpf/printk
if dmesg | grep -qE 'WARNING|BUG|Call Trace'; then
	fail "kernel log clean" "$(dmesg | grep -E 'WARNING|BUG|Call Trace' | head -n 2 | tr '\n' ' ')"
else
	pass "kernel log clean"
fi
result
