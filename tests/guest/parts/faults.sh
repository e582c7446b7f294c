#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of host-faults.sh: an offloaded program with maps
# (tests/guest/xdp/offload_maps.c) counts frames while the host injects
# card faults through QMP.  Each XNIC-READY line hands over to the host.
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
check "no kernel warning" sh -c "! dmesg | grep -E '$BAD_LOG'"
result
