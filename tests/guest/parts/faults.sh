#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of host-faults.sh: an offloaded program with maps
# (tests/guest/xdp/offload_maps.c) counts frames while the host injects
# card faults through QMP (docs/device.md "Fault injection").  Each
# XNIC-READY line hands over to the host.
. /test/lib.sh
. /test/counts.env
. /test/maps-traffic.sh

BAD_LOG='WARNING:|BUG:|Oops|Call Trace'
rx_at_least() { [ "$(rx_frames)" -ge "$1" ]; }

ready traffic
check "the card counted the frames" wait_for 60 reached "$N_A" "$N_B"

# The card stops answering the mailbox in the middle of a MAP_OP: the
# update times out, the map keeps what the card holds, the next operations
# and the datapath work.  The host arms the fault, then sends passes: the
# guest waits for them without a map operation, which would take the fault.
rx0=$(rx_frames)
ready mbox-hang
check "mbox-hang: the frames sent after arming reach the stack" \
	wait_for 60 rx_at_least $((rx0 + N_A))
check "mbox-hang: the update the card never answers fails (timed out)" \
	fails_with "Connection timed out" \
	bpftool map update pinned "$MAPS/verdicts" key 10 9 0 3 value 2 0 0 0
check "mbox-hang: the driver says so" sh -c "dmesg | grep -q 'map operation .* timed out'"
check "mbox-hang: the verdict the card holds is unchanged" verdict_is "10 9 0 3" 1
check "mbox-hang: the counters are intact" reached $((2 * N_A)) "$N_B"
check "mbox-hang: the next update works" \
	bpftool map update pinned "$MAPS/verdicts" key 10 9 0 3 value 2 0 0 0
ready mbox-after
check "mbox-hang: the program runs on with the new verdict" \
	wait_for 60 reached $((2 * N_A + N_B)) "$N_B"

# after_reset TAG: one datapath reset; then the passes the host sends
# once the guest says TAG-after reach the stack and the program counts
# them on top of what it had counted
after_reset() {
	check "$1: one datapath reset" wait_for 60 reset_seen
	p0=$(passes) rx0=$(rx_frames)
	ready "$1-after"
	check "$1: the frames after the reset reach the stack" \
		wait_for 60 rx_at_least $((rx0 + N_A))
	check "$1: the program counts on from its counters" \
		wait_for 60 reached $((p0 + N_A)) "$N_B"
}

# A descriptor read fails (x-fault-dma-desc): the card stops that ring and
# says so (MISC_ERROR); the driver resets the datapath, and the frames
# after the reset arrive.  The host arms the fault and sends passes.
reset_mark "$IFC"
ready dma-desc
check "dma-desc: the driver sees the ring the card stopped" \
	wait_for 60 sh -c "dmesg | grep -q 'the card stopped its .* ring; resetting the datapath'"
after_reset dma-desc
check "dma-desc: the verdict the card holds is unchanged" verdict_is "10 9 0 3" 2

# The queue vectors masked in the MSI-X table (x-fault-msix-mask) behind
# the driver's back: frames wait on the card for an interrupt that does not
# come; the interrupt watchdog sees it, and the datapath reset requests the
# vectors again, which unmasks them.
reset_mark "$IFC"
ready msix-queues
check "msix-queues: the watchdog finds the lost interrupt" \
	wait_for 60 sh -c "dmesg | grep -q 'no interrupt for cause .* resetting the datapath'"
after_reset msix-queues

# The firmware's watchdog fires during a program switch
# (x-fault-switch-watchdog): the replace fails and the kernel keeps the
# old program; the driver reads the maps out of the stopped card,
# restarts it, writes them back and installs the old program again.
PIN2=/sys/fs/bpf/xnic-maps2
xdp_prog_id() { ip -d link show dev "$IFC" | sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p' | head -n 1; }
counts_are() { [ "$(passes)" = "$1" ] && [ "$(drops)" = "$2" ]; }
check "switch-wd: a second program on the same maps" \
	bpftool prog load "$XDP/offload_maps.o" "$PIN2" type xdp dev "$IFC" \
		map name counts pinned "$MAPS/counts" \
		map name verdicts pinned "$MAPS/verdicts"
prog0=$(xdp_prog_id) rx0=$(rx_frames)
reset_mark "$IFC"
ready switch-wd
check "switch-wd: the frames sent after arming reach the stack" \
	wait_for 60 rx_at_least $((rx0 + N_A))
p0=$(passes) d0=$(drops)
check "switch-wd: the replace the watchdog interrupts fails" \
	fails_with "the card refused the program" \
	ip -force link set dev "$IFC" xdpoffload pinned "$PIN2"
check "switch-wd: the driver reports the watchdog" \
	wait_for 30 sh -c "dmesg | grep -q 'tripped the watchdog'"
check "switch-wd: the card restarts (one datapath reset)" wait_for 60 reset_seen
check "switch-wd: the driver writes the maps back" \
	sh -c "dmesg | grep -q 'its offloaded maps are written back'"
check "switch-wd: the counters are what they were" counts_are "$p0" "$d0"
check "switch-wd: the verdict is what it was" verdict_is "10 9 0 3" 2
check "switch-wd: the old program is still attached" [ "$(xdp_prog_id)" = "$prog0" ]
ready switch-wd-after
check "switch-wd: the old program counts on" \
	wait_for 60 reached $((p0 + N_A)) "$d0"
check "switch-wd: the replace works now" \
	ip -force link set dev "$IFC" xdpoffload pinned "$PIN2"
new_prog_attached() { id=$(xdp_prog_id); [ -n "$id" ] && [ "$id" != "$prog0" ]; }
check "switch-wd: the new program is attached" new_prog_attached

# The misc vector masked for good: the driver requests it once, so the
# watchdog handles its causes from then on; link changes still arrive.
link_down() { ! link_is_up "$IFC"; }
ready msix-misc
check "msix-misc: the watchdog finds the lost misc interrupt" \
	wait_for 60 sh -c "dmesg | grep -q 'misc interrupt lost'"
check "msix-misc: the cable pulled reaches the driver" wait_for 60 link_down
ready msix-misc-up
check "msix-misc: the cable back reaches the driver" wait_for 60 link_is_up "$IFC"
check "no kernel warning" sh -c "! dmesg | grep -E '$BAD_LOG'"
result
