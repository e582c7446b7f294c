#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Guest side of host-migrate.sh: an offloaded program with maps
# (tests/guest/xdp/offload_maps.c) counts frames on the card while the host
# migrates the guest, then takes a snapshot (savevm), sends frames and goes
# back to it (loadvm).  Frames from 10.9.0.1 pass, from 10.9.0.3 are
# dropped (a verdict set with bpftool), one from 10.9.0.4 only after the
# loadvm.  Each XNIC-READY line hands over to the host; the counters are
# printed as MIGRATE-COUNTERS.  After a loadvm this script goes on from
# where it was at the savevm, so what follows XNIC-READY savevm runs once
# before the loadvm and once more after it, with the same checks.
. /test/lib.sh
. /test/counts.env
. /test/maps-traffic.sh

BAD_LOG='WARNING:|BUG:|Oops|Call Trace|timed out|datapath reset|card restart|firmware stopped|refused'
counters() { echo "pass=$(passes) drop=$(drops) rx=$(rx_frames)"; }
# show PHASE: settle, then print and remember the counters
show() {
	check "$1: counters settled" settle 40 counters
	eval "$1_pass=\$(passes) $1_drop=\$(drops) $1_rx=\$(rx_frames)"
	echo "MIGRATE-COUNTERS $1: $(counters)"
}
quiet_log() { ! dmesg | grep -E "$BAD_LOG"; }
within() { [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }

# 1: traffic on the source
ready before
check "before: the card counted the first frames" wait_for 60 reached "$N_A" "$N_B"
show before
check "before: exactly $N_A passes, $N_B drops, $N_A to the stack" \
	equals "$before_pass $before_drop $before_rx" "$N_A $N_B $N_A"

# 2: live migration while frames from 10.9.0.1 arrive; afterwards both
# batches once more, on the destination
ready migrate
check "migrated: the card counts on" \
	wait_for 120 reached $((before_pass + N_A)) $((before_drop + N_B))
show migrated
dp=$((migrated_pass - before_pass)) dd=$((migrated_drop - before_drop))
check "migrated: drops sent once counted once ($dd of $N_B)" equals "$dd" "$N_B"
# passes: the batch after the switch, plus those of the batch during
# migration that reached the card before the source stopped
check "migrated: passes within what was sent ($dp of $N_A..$((2 * N_A)))" \
	within "$dp" "$N_A" $((2 * N_A))
check "migrated: every pass counted reached the stack once" \
	equals $((migrated_rx - before_rx)) "$dp"
check "migrated: the hash map kept 10.9.0.3 -> XDP_DROP" verdict_is "10 9 0 3" 1
check "migrated: the hash map kept 10.9.0.1 -> XDP_PASS" verdict_is "10 9 0 1" 2
check "migrated: still offloaded" sh -c "ip link show dev $IFC | grep -q xdpoffload"

# 3: the host takes a snapshot here, counters settled (savevm), then sends
# both batches.  After a loadvm the guest is back here and the host sends
# them again: from the snapshot's counters, so the same counts.
ready savevm
check "savevm: the card counts on" \
	wait_for 120 reached $((migrated_pass + N_A)) $((migrated_drop + N_B))
show saved
check "savevm: $N_A passes, $N_B drops since the snapshot" \
	equals "$((saved_pass - migrated_pass)) $((saved_drop - migrated_drop))" "$N_A $N_B"
check "savevm: every pass since the snapshot reached the stack once" \
	equals $((saved_rx - migrated_rx)) "$N_A"

# 4: the host goes back to the snapshot (loadvm) and sends both batches
# and one from 10.9.0.4: counted as if the frames between the savevm and
# the loadvm had never come.
ready loadvm
check "loadvm: a frame after the loadvm is learnt by the hash map" \
	wait_for 120 verdict_is "10 9 0 4" 2
show loaded
check "loadvm: since the snapshot $((N_A + 1)) passes, $N_B drops" \
	equals "$((loaded_pass - migrated_pass)) $((loaded_drop - migrated_drop))" "$((N_A + 1)) $N_B"
check "loadvm: every pass since the snapshot reached the stack once" \
	equals $((loaded_rx - migrated_rx)) $((N_A + 1))
check "loadvm: the hash map kept 10.9.0.3 -> XDP_DROP" verdict_is "10 9 0 3" 1
check "loadvm: still offloaded" sh -c "ip link show dev $IFC | grep -q xdpoffload"
check "the driver never noticed (no reset, timeout or warning)" quiet_log
result
