#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Frames for host-xsk-txmeta.sh, the AF_XDP TX metadata each is sent
with, and what the host must capture, independently of the device model
and the driver.

txmeta-frames.py DIR         writes DIR/tx.pcap (the frames a zero-copy
                             socket sends), DIR/tx.plan (xsk-test
                             --tx-meta: their metadata), DIR/trigger.pcap
                             (the frame that starts the sending) and
                             DIR/txmeta.env
txmeta-frames.py DIR GOT TS T0 T1
                             checks the capture GOT against the plan and
                             the timestamps TS (the guest's "TXTS K NS"
                             lines) against [T0, T1], host CLOCK_MONOTONIC
                             ns; prints PASS/FAIL lines

A frame asking for a checksum carries in the field what Linux leaves
there for CHECKSUM_PARTIAL, the folded pseudo-header sum, as the AF_XDP
TX metadata documentation asks of the sender.  Frame k has source MAC
02:00:00:00:01:k.
"""
import os
import struct
import sys

V4_SRC, V4_DST = bytes([10, 0, 5, 1]), bytes([10, 0, 5, 2])
V6_SRC = bytes.fromhex("fd000000000000000000000000000001")
V6_DST = bytes.fromhex("fd000000000000000000000000000002")
UDP, TCP = 17, 6
CSUM_AT = {UDP: 6, TCP: 16}   # offsetof(struct udphdr, check), tcphdr's


def ones_sum(data, s=0):
    """RFC 1071 ones' complement sum, folded to 16 bits"""
    if len(data) % 2:
        data += b"\0"
    for i in range(0, len(data), 2):
        s += data[i] << 8 | data[i + 1]
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def pseudo(family, proto, l4len):
    if family == 4:
        return V4_SRC + V4_DST + struct.pack("!BBH", 0, proto, l4len)
    return V6_SRC + V6_DST + struct.pack("!IxxxB", l4len, proto)


def ip_frame(k, family, proto, paylen, field):
    """Frame k, its L4 checksum field holding @field; (frame, L4 offset)"""
    payload = bytes((k * 31 + i) & 0xFF for i in range(paylen))
    if proto == UDP:
        l4 = struct.pack("!HHHH", 4000 + k, 5000 + k, 8 + paylen, field) + payload
    else:
        l4 = struct.pack("!HHIIBBHHH", 4000 + k, 5000 + k, k, 0, 0x50, 0x18,
                         512, field, 0) + payload
    if family == 4:
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), k, 0, 64, proto, 0,
                         V4_SRC, V4_DST)
        ip = ip[:10] + struct.pack("!H", ~ones_sum(ip) & 0xFFFF) + ip[12:]
        etype = b"\x08\x00"
    else:
        ip = struct.pack("!IHBB16s16s", 6 << 28, len(l4), proto, 64, V6_SRC, V6_DST)
        etype = b"\x86\xdd"
    eth = b"\xff" * 6 + bytes([2, 0, 0, 0, 1, k]) + etype
    return eth + ip + l4, len(eth) + len(ip)


def csum_frame(k, family, proto, paylen, ts):
    """A TCP or UDP frame asking for its checksum (and a timestamp)"""
    l4len = paylen + (8 if proto == UDP else 20)
    seed = ones_sum(pseudo(family, proto, l4len))
    f, at = ip_frame(k, family, proto, paylen, seed)
    return f, "meta%s csum %d %d" % (" ts" if ts else "", at, CSUM_AT[proto])


def plan():
    """[(frame, plan line)]"""
    out = [
        csum_frame(0, 4, UDP, 101, True),     # odd length
        csum_frame(1, 4, TCP, 200, True),
        csum_frame(2, 6, UDP, 64, False),
        csum_frame(3, 6, TCP, 333, True),
    ]
    # 4: the field 300 bytes past the start, beyond the card's reach
    # (CSUM_OFF is 8 bits): the driver computes it
    raw = bytearray(b"\xff" * 6 + bytes([2, 0, 0, 0, 1, 4]) + b"\x88\xb5" +
                    bytes((i * 7) & 0xFF for i in range(400)))
    out.append((bytes(raw), "meta csum 14 300"))
    # 5: no metadata, a wrong checksum: sent as it is
    out.append((ip_frame(5, 4, UDP, 50, 0x1234)[0], "none"))
    # 6: a timestamp only, the checksum already right: sent as it is
    f, at = ip_frame(6, 4, UDP, 40, 0)
    s = ~ones_sum(f[at:], ones_sum(pseudo(4, UDP, len(f) - at))) & 0xFFFF
    out.append((f[:at + 6] + struct.pack("!H", s or 0xFFFF) + f[at + 8:], "meta ts"))
    # 7: a field that does not end inside the frame: ignored
    out.append((ip_frame(7, 4, UDP, 46, 0x4321)[0], "meta ts csum 50 200"))
    return out


def write_pcap(path, frames):
    with open(path, "wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for f in frames:
            out.write(struct.pack("<IIII", 0, 0, len(f), len(f)) + f)


def read_pcap(path):
    data = open(path, "rb").read()
    off, frames = 24, []
    while off + 16 <= len(data):
        caplen = struct.unpack("<I", data[off + 8:off + 12])[0]
        frames.append(data[off + 16:off + 16 + caplen])
        off += 16 + caplen
    return frames


def expected(k, frame, line):
    """What the host must capture of frame k: (bytes, checksum range or None)"""
    words = line.split()
    if "csum" not in words:
        return frame, None
    start, offset = int(words[-2]), int(words[-1])
    if start + offset + 2 > len(frame):
        return frame, None
    body = bytearray(frame)
    s = ~ones_sum(bytes(body[start:])) & 0xFFFF
    body[start + offset:start + offset + 2] = struct.pack("!H", s or 0xFFFF)
    return bytes(body), (start, offset)


def l4_valid(f):
    """Whether the TCP or UDP checksum of IP frame f verifies (RFC 1071)"""
    if f[12:14] == b"\x08\x00":
        family, proto, at = 4, f[23], 14 + 20
    else:
        family, proto, at = 6, f[20], 14 + 40
    return ones_sum(f[at:], ones_sum(pseudo(family, proto, len(f) - at))) == 0xFFFF


def check(got_path, ts_path, t0, t1):
    failed = 0

    def verdict(ok, what, why):
        nonlocal failed
        print("%s: %s%s" % ("PASS" if ok else "FAIL", what, "" if ok else ": " + why))
        failed += not ok

    got = {}
    for f in read_pcap(got_path):
        if len(f) >= 12 and f[6:11] == bytes([2, 0, 0, 0, 1]):
            got.setdefault(f[11], []).append(f)
    stamps = {}
    for line in open(ts_path):
        k, ns = line.split()
        stamps[int(k)] = int(ns)
    order = []
    for k, (frame, line) in enumerate(plan()):
        want, csum = expected(k, frame, line)
        seen = got.get(k, [])
        verdict(len(seen) == 1, "frame %d (%s) reached the host once" % (k, line),
                "seen %d times" % len(seen))
        if not seen:
            continue
        what = ("checksum at %d+%d %#06x as the host computes it" % (
            csum[0], csum[1], struct.unpack("!H", want[sum(csum):sum(csum) + 2])[0])
            if csum else "byte-exact, untouched")
        verdict(seen[0] == want, "frame %d: %s" % (k, what),
                "differs at bytes %s" % [i for i in range(min(len(want), len(seen[0])))
                                         if want[i] != seen[0][i]][:8])
        if csum and frame[12:14] in (b"\x08\x00", b"\x86\xdd"):
            verdict(l4_valid(seen[0]), "frame %d: its TCP/UDP checksum verifies" % k,
                    "it does not")
        if "ts" not in line.split():
            verdict(k not in stamps, "frame %d: no timestamp reported" % k,
                    "got %s" % stamps.get(k))
            continue
        ts = stamps.get(k, 0)
        verdict(t0 <= ts <= t1, "frame %d: TX completion timestamp within the send window" % k,
                "%s not in [%d, %d]" % (ts, t0, t1))
        order.append(ts)
    verdict(order == sorted(order) and len(set(order)) == len(order),
            "TX timestamps rise in the order sent", "%s" % order)
    return failed


def main():
    outdir = sys.argv[1]
    if len(sys.argv) == 6:
        sys.exit(1 if check(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])) else 0)
    frames = plan()
    write_pcap(os.path.join(outdir, "tx.pcap"), [f for f, _ in frames])
    with open(os.path.join(outdir, "tx.plan"), "w") as p:
        p.write("".join(line + "\n" for _, line in frames))
    write_pcap(os.path.join(outdir, "trigger.pcap"),
               [b"\xff" * 6 + bytes([2, 0, 0, 0, 2, 0]) + b"\x88\xb5" + bytes(50)])
    with open(os.path.join(outdir, "txmeta.env"), "w") as env:
        env.write("N_TXMETA=%d\n" % len(frames))


if __name__ == "__main__":
    main()
