#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Native XDP on xnic, every action, with frames from the host: a corpus of
# IPv4/UDP frames (tests/guest/xdp-corpus.py) goes into the first of two
# xnic cards, where tests/guest/xdp/xdp_test.c aborts, drops, passes (with
# metadata and a trimmed tail), sends back (VLAN pushed), redirects to the
# second card (tail grown), to a cpumap or to AF_XDP sockets (copy mode).  The host checks byte for byte
# what leaves each card and what reached the guest's stack, and the
# verdict records against the corpus (sequence numbers, actions, digests).
# Then the guest replaces programs, resets and takes the cards down and up
# while the host keeps sending, and checks that nothing leaks.
# The guest side is tests/guest/parts/xdp.sh.
. "$(dirname "$0")/host-lib.sh"
CORPUS="python3 $(dirname "$0")/xdp-corpus.py"

# verify NAME COMMAND...: PASS/FAIL with the command's one-line finding
verify() {
	name=$1; shift
	if out=$("$@" 2>&1); then pass "$name ($out)"; else fail "$name" "$out"; fi
}

$CORPUS gen "$WORK" >/dev/null || { fail corpus "xdp-corpus.py gen failed"; result; exit 1; }
. "$WORK/counts.env"

a_host=$(free_port) a_qemu=$(free_port) b_host=$(free_port) b_qemu=$(free_port)
background "$WIRE" capture "udp:127.0.0.1:$a_host" "$WORK/got-tx.pcap" \
	--count "$N_TX" --timeout 400000
cap_a=$LAST_PID
background "$WIRE" capture "udp:127.0.0.1:$b_host" "$WORK/got-redirect.pcap" \
	--count "$N_DEV" --timeout 400000
cap_b=$LAST_PID

guest_start "$(dirname "$0")/parts/xdp.sh" \
	--netdev "$(dgram_netdev "$a_qemu" "$a_host")" \
	--netdev "$(dgram_netdev "$b_qemu" "$b_host")" \
	--add "$WORK/counts.env" --timeout 400
if guest_wait_line "^XNIC-READY actions" 300; then
	"$WIRE" send "udp:127.0.0.1:$a_qemu" "$WORK/corpus.pcap" --gap-us 2000 >/dev/null
else
	fail "inject corpus" "guest never became ready"
fi
if guest_wait_line "^XNIC-READY failed" 300; then
	"$WIRE" send "udp:127.0.0.1:$a_qemu" "$WORK/failed.pcap" --gap-us 2000 >/dev/null
fi
# Traffic for the guest's churn phase: the corpus over and over until the
# guest is done
guest_wait_line "^XNIC-READY churn" 300 &&
	send_until "^XNIC-READY churn-done" 600 "$WORK/corpus.pcap" "$a_qemu"
guest_finish
wait "$cap_a" "$cap_b" 2>/dev/null

verify "XDP_TX frames back on the wire byte-exact" \
	$CORPUS cmp "$WORK/exp-tx.pcap" "$WORK/got-tx.pcap"
verify "XDP_REDIRECT frames out of the second card byte-exact" \
	$CORPUS cmp "$WORK/exp-redirect.pcap" "$WORK/got-redirect.pcap"
verify "stack capture dumped" $CORPUS extract "$WORK/console.txt" stack "$WORK/got-stack.pcap" &&
	verify "XDP_PASS and cpumap frames reached a guest socket byte-exact" \
		$CORPUS cmp "$WORK/exp-stack.pcap" "$WORK/got-stack.pcap"
verify "AF_XDP frames dumped" $CORPUS extract "$WORK/console.txt" xsk "$WORK/got-xsk.pcap" &&
	verify "XDP_REDIRECT to an XSKMAP reached the AF_XDP sockets byte-exact" \
		$CORPUS cmp "$WORK/exp-xsk.pcap" "$WORK/got-xsk.pcap"
verify "verdict records dumped" $CORPUS extract "$WORK/console.txt" verdicts "$WORK/verdicts.bin" &&
	verify "verdict records match the corpus" \
		$CORPUS verdicts "$WORK/verdicts.bin" "$WORK/corpus.pcap"
verify "failed-redirect records dumped" $CORPUS extract "$WORK/console.txt" failed "$WORK/failed.bin" &&
	verify "failed redirects recorded as REDIRECT with the FAILED flag" \
		$CORPUS verdicts "$WORK/failed.bin" "$WORK/failed.pcap" failed
result
