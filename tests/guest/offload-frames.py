#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Frames for tests/guest/host-offload.sh and what the card must send back.

tests/guest/xdp/offload_parse.c reads the first UDP payload byte: 0 aborts,
1 drops, 3 sends the frame back with the MACs swapped, 4 redirects it to
its own port (sent back unchanged), anything else passes.
    offload-frames.py OUTDIR   writes in.pcap, exp-tx.pcap (what comes back
    on the wire, in order), counts.env
"""
import os
import struct
import sys

ABORTED, DROP, PASS, TX, REDIRECT = 0, 1, 2, 3, 4
PLAN = [DROP, TX, PASS, REDIRECT, PASS, DROP, ABORTED, TX, PASS, DROP, TX, REDIRECT,
        PASS, DROP, PASS, ABORTED, TX, DROP, REDIRECT, PASS]


def checksum(data):
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    return ~(s + (s >> 16)) & 0xFFFF


def frame(i, selector):
    payload = bytes([selector]) + bytes((i * 7 + k) & 0xFF for k in range(17 + 3 * i))
    return udp_frame(i, 40000 + i, payload)


def udp_frame(ident, sport, payload):
    """Broadcast IPv4/UDP from 10.9.0.1 to 10.9.0.2, port 9: IP id ident."""
    udp = struct.pack("!HHHH", sport, 9, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), ident, 0, 64, 17, 0,
                     bytes([10, 9, 0, 1]), bytes([10, 9, 0, 2]))
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    eth = bytes.fromhex("ffffffffffff") + bytes.fromhex("020000000001") + b"\x08\x00"
    return eth + ip + udp


def swap_macs(f):
    return f[6:12] + f[0:6] + f[12:]


def write_pcap(path, frames):
    with open(path, "wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for f in frames:
            out.write(struct.pack("<IIII", 0, 0, len(f), len(f)) + f)


def main():
    outdir = sys.argv[1]
    frames = [frame(i, s) for i, s in enumerate(PLAN)]
    write_pcap(os.path.join(outdir, "in.pcap"), frames)
    back = {TX: swap_macs, REDIRECT: lambda f: f}
    write_pcap(os.path.join(outdir, "exp-tx.pcap"),
               [back[s](f) for f, s in zip(frames, PLAN) if s in back])
    with open(os.path.join(outdir, "counts.env"), "w") as env:
        env.write("N_ALL=%d\nN_ABORTED=%d\nN_DROP=%d\nN_TX=%d\nN_REDIRECT=%d\nN_PASS=%d\n" % (
            len(PLAN), PLAN.count(ABORTED), PLAN.count(DROP), PLAN.count(TX),
            PLAN.count(REDIRECT), PLAN.count(PASS)))


if __name__ == "__main__":
    main()
