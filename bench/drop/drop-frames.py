#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Frames for bench/drop/bench-drop.sh: 60-byte IPv4/UDP frames that
tests/guest/xdp/offload_parse.c drops (first UDP payload byte 1).

    drop-frames.py COUNT OUT.pcap

The source port runs over FLOWS values, so the card's flow hash spreads
the frames over every RX queue and native XDP gets all the guest's CPUs.
"""
import struct
import sys

FLOWS = 256
SELECTOR_DROP = 1


def checksum(data):
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    return ~(s + (s >> 16)) & 0xFFFF


def frame(flow):
    payload = bytes([SELECTOR_DROP]) + bytes(17)
    udp = struct.pack("!HHHH", 20000 + flow, 9, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), flow, 0, 64, 17, 0,
                     bytes([10, 9, 0, 1]), bytes([10, 9, 0, 2]))
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    eth = bytes.fromhex("ffffffffffff") + bytes.fromhex("020000000001") + b"\x08\x00"
    return eth + ip + udp


def main():
    count, path = int(sys.argv[1]), sys.argv[2]
    records = [struct.pack("<IIII", 0, 0, 60, 60) + frame(i) for i in range(FLOWS)]
    cycle = b"".join(records)
    with open(path, "wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for _ in range(count // FLOWS):
            out.write(cycle)
        out.write(b"".join(records[:count % FLOWS]))


if __name__ == "__main__":
    main()
