#!/bin/sh
# XDP multi-buffer at MTU 9000 (docs/driver.md "XDP multi-buffer"): the
# host sends tests/guest/frags-corpus.py's 9000-byte frames to a guest
# running tests/guest/xdp/xdp_frags.c (tests/guest/parts/frags.sh checks
# PASS, DROP and the counters there) and checks byte for byte the frames
# XDP_TX puts back on the wire: unchanged, rewritten in a fragment and
# trimmed, and grown into a fragment's room.
. "$(dirname "$0")/host-lib.sh"

counts=$(python3 "$TOP/tests/guest/frags-corpus.py" "$WORK") ||
	{ fail corpus "frags-corpus.py failed"; result; exit 1; }
echo "$counts" | tr ' ' '\n' >"$WORK/counts.txt"
n_tx=$(echo "$counts" | tr ' ' '\n' |
	awk -F= '$1 == "tx" || $1 == "rewrite" || $1 == "grow" { n += $2 } END { print n }')

host_port=$(free_port) qemu_port=$(free_port)
background "$WIRE" capture "udp:127.0.0.1:$host_port" "$WORK/from-guest.pcap" \
	--count "$n_tx" --timeout 600000
capture_pid=$LAST_PID

guest_start "$(dirname "$0")/parts/frags.sh" --netdev "$(dgram_netdev "$qemu_port" "$host_port")" \
	--add "$WORK/counts.txt" --add "$WORK/exp-pass.pcap" --timeout 600

if guest_wait_line "^XNIC-READY frags" 400; then
	"$WIRE" send "udp:127.0.0.1:$qemu_port" "$WORK/corpus.pcap" --gap-us 20000 >/dev/null
else
	fail "corpus sent" "guest never became ready"
fi
guest_finish
wait "$capture_pid" 2>/dev/null
if out=$("$WIRE" cmp "$WORK/exp-tx.pcap" "$WORK/from-guest.pcap"); then
	pass "XDP_TX frames on the wire byte-exact, fragments included ($out)"
else
	fail "XDP_TX frames on the wire byte-exact, fragments included" "$out"
fi
result
