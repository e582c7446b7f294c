#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# AF_XDP multi-buffer in copy mode (docs/driver.md "AF_XDP"): the host
# sends jumbo UDP frames (60 to 9014 bytes); in the guest
# (tests/guest/parts/xsk-sg.sh) the driver receives each in a chain of
# RX buffers, runs an xdp.frags program that redirects it to a copy-mode
# socket bound with XDP_USE_SG, which gets it in 4 KiB UMEM frames
# (XDP_PKT_CONTD) and sends it back split the same way; the host captures
# the card's wire byte for byte.  Linux 6.6+ (XDP_USE_SG): SKIP on 6.1.
. "$(dirname "$0")/host-lib.sh"

skip_on_6_1 "AF_XDP multi-buffer" "Linux 6.6+ has XDP_USE_SG"
# The frames, and the descriptors they take in 4096-byte UMEM frames
python3 - "$WORK" <<'PY' || { fail frames "frame generation failed"; result; exit 1; }
import struct, sys
out = sys.argv[1]
sizes = [9014, 60, 4096, 4097, 8193, 1514, 9000]
frames = []
for k, n in enumerate(sizes):
    body = bytes((k * 13 + i * 7) & 0xFF for i in range(n - 42))
    udp = struct.pack("!HHHH", 7000 + k, 7001, 8 + len(body), 0) + body
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), k, 0, 64, 17, 0,
                     bytes([10, 0, 6, 1]), bytes([10, 0, 6, 2]))
    frames.append(b"\xff" * 6 + bytes([2, 0, 0, 0, 3, k]) + b"\x08\x00" + ip + udp)
with open(out + "/sg.pcap", "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    for fr in frames:
        f.write(struct.pack("<IIII", 0, 0, len(fr), len(fr)) + fr)
with open(out + "/sg.env", "w") as f:
    f.write("N_SG=%d\nSG_DESCS=%d\n" % (len(frames), sum((len(fr) + 4095) // 4096 for fr in frames)))
PY
. "$WORK/sg.env"

host=$(free_port) qemu=$(free_port)
background "$WIRE" capture "udp:127.0.0.1:$host" "$WORK/got.pcap" --count "$N_SG" --timeout 600000
cap=$LAST_PID
guest_start "$(dirname "$0")/parts/xsk-sg.sh" \
	--netdev "$(dgram_netdev "$qemu" "$host")" \
	--add "$WORK/sg.env:/test/sg.env" --add "$WORK/sg.pcap:/test/sg.pcap" --timeout 300
if guest_wait_line "^XNIC-READY sg\$" 200; then
	"$WIRE" send "udp:127.0.0.1:$qemu" "$WORK/sg.pcap" --gap-us 2000 >/dev/null
else
	fail "guest ready" "no XNIC-READY sg line"
fi
guest_finish
for i in $(seq 50); do kill -0 "$cap" 2>/dev/null || break; sleep 0.2; done
kill "$cap" 2>/dev/null
wait "$cap"
out=$("$WIRE" cmp "$WORK/sg.pcap" "$WORK/got.pcap" 2>&1) &&
	pass "the packets the socket sent in several descriptors reached the host byte-exact ($N_SG)" ||
	fail "multi-buffer packets sent reached the host byte-exact" "$out"
result
