#!/bin/sh
# Frames both ways through xnic's wire side, byte for byte: the host replays
# pcaps into a socket/dgram netdev on 127.0.0.1 and captures what the guest
# sends.  Sizes run from the 14-byte header-only frame to the largest frame
# the card takes (MTU raised to the card's maximum for the jumbo part).
. "$(dirname "$0")/host-lib.sh"

STD_SIZES=14,15,42,59,60,61,64,65,127,128,255,256,511,512,1000,1023,1024,1499,1500,1513,1514
JUMBO_SIZES=1515,2048,4096,8192,9000,9014,9100,9212

"$WIRE" gen "$WORK/std.pcap" "$STD_SIZES" >/dev/null
"$WIRE" gen "$WORK/jumbo.pcap" "$JUMBO_SIZES" >/dev/null
"$WIRE" gen "$WORK/out.pcap" "$STD_SIZES,$JUMBO_SIZES" >/dev/null
n_out=$(echo "$STD_SIZES,$JUMBO_SIZES" | tr ',' '\n' | wc -l)

host_port=$(free_port) qemu_port=$(free_port)
background "$WIRE" capture "udp:127.0.0.1:$host_port" "$WORK/from-guest.pcap" \
	--count "$n_out" --timeout 400000
capture_pid=$LAST_PID

guest_start "$(dirname "$0")/parts/wire.sh" --netdev "$(dgram_netdev "$qemu_port" "$host_port")" \
	--add "$WORK/std.pcap" --add "$WORK/jumbo.pcap" --add "$WORK/out.pcap" --timeout 400

for part in std jumbo; do
	if guest_wait_line "^XNIC-READY $part" 300; then
		"$WIRE" send "udp:127.0.0.1:$qemu_port" "$WORK/$part.pcap" --gap-us 2000 >/dev/null
	else
		fail "host-to-guest-$part" "guest never became ready"
	fi
done

guest_finish
wait "$capture_pid" 2>/dev/null
if out=$("$WIRE" cmp "$WORK/out.pcap" "$WORK/from-guest.pcap"); then
	pass "guest-to-host frames byte-exact ($out)"
else
	fail "guest-to-host frames byte-exact" "$out"
fi
result
