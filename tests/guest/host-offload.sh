#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Offloaded XDP end to end (docs/driver.md "Offload", docs/firmware.md
# "Installing a program"): the guest attaches tests/guest/xdp/offload_parse.c
# with `ip link set dev eth0 xdpoffload`, the host puts frames on the
# card's wire, the program runs compiled on the card's microengines: aborted
# and dropped frames are counted, TX'd frames come back to the host
# byte-exact with their MACs swapped and redirected ones unchanged, passed
# frames reach the guest.  Then replace (with and
# without -force), native and offloaded programs together, the program put
# back after a card restart, device binding, detach.  The guest side is
# tests/guest/parts/offload-wire.sh.
. "$(dirname "$0")/host-lib.sh"

python3 "$(dirname "$0")/offload-frames.py" "$WORK" || { fail frames "offload-frames.py failed"; result; exit 1; }
. "$WORK/counts.env"

host=$(free_port) qemu=$(free_port)
background "$WIRE" capture "udp:127.0.0.1:$host" "$WORK/got-tx.pcap" \
	--count $((2 * (N_TX + N_REDIRECT))) --timeout 300000
cap=$LAST_PID

guest_start "$(dirname "$0")/parts/offload-wire.sh" \
	--netdev "$(dgram_netdev "$qemu" "$host")" --netdev user \
	--add "$WORK/counts.env:/test/counts.env" --timeout 300
for phase in offload replaced both restored detached; do
	if guest_wait_line "^XNIC-READY $phase\$" 200; then
		"$WIRE" send "udp:127.0.0.1:$qemu" "$WORK/in.pcap" --gap-us 2000 >/dev/null
	else
		fail "guest reached $phase" "no XNIC-READY $phase line"
		break
	fi
done
guest_finish
wait "$cap" 2>/dev/null
# the program sent frames back twice: once attached, once restored
python3 - "$WORK/exp-tx.pcap" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
open(sys.argv[1], "wb").write(data + data[24:])
PY
if out=$("$WIRE" cmp "$WORK/exp-tx.pcap" "$WORK/got-tx.pcap" 2>&1); then
	pass "XDP_TX and XDP_REDIRECT frames back from the card byte-exact ($out)"
else
	fail "XDP_TX and XDP_REDIRECT frames back from the card byte-exact" "$out"
fi
result
