#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Frames for host-xdp-hints.sh and what the XDP metadata kfuncs must say
of each, independently of the device model and the driver.

hints-frames.py DIR          writes DIR/in.pcap and DIR/hints.env
hints-frames.py DIR JSON T0 T1
                             checks xdp_hints.c's map entries (in the file
                             JSON, as parts/xdp-hints.sh prints them)
                             against the frames,
                             the timestamps against [T0, T1] (host
                             CLOCK_MONOTONIC ns); prints PASS/FAIL lines
hints-frames.py DIR JSON off the same with VLAN stripping and timestamps
                             off: only the hash, the rest -ENODATA
hints-frames.py DIR skb SOCK TC T0 T1
                             checks what the stack got in the skb
                             (host-skb-meta.sh): SOCK holds skbmeta.c's
                             lines (VLAN tag, hardware timestamp), TC
                             tc_hints.c's map entries (skb->hash)
hints-frames.py DIR skb SOCK TC off
                             the same with rxhash, rxvlan and timestamps
                             off: no hash, no timestamp; the tag is
                             still there, taken off by the stack

Frame k has source MAC 02:00:00:00:00:k, the key xdp_hints.c files it
under.  The hash is Toeplitz's with the card's reset key (the Microsoft
RSS specification's example key) over what docs/device.md "RX queue
selection" names; the type is the kernel's enum xdp_rss_hash_type.
"""
import importlib.util
import json
import os
import struct
import sys

_spec = importlib.util.spec_from_file_location(
    "offload_frames", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                   "offload-frames.py"))
_frames = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_frames)
checksum, write_pcap = _frames.checksum, _frames.write_pcap

RSS_KEY = bytes.fromhex("6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b4"
                        "77cb2da38030f20c6a42b73bbeac01fa")
ENODATA = -61
# include/net/xdp.h: L3_IPV4 1, L3_IPV6 2, L4 8, L4_TCP 16, L4_UDP 32
RSS_TYPE = {("4", None): 1, ("6", None): 2, ("4", 6): 1 | 8 | 16,
            ("4", 17): 1 | 8 | 32, ("6", 6): 2 | 8 | 16, ("6", 17): 2 | 8 | 32}
V4_SRC, V4_DST = bytes([66, 9, 149, 187]), bytes([161, 142, 100, 80])
V6_SRC = bytes.fromhex("3ffe250102001fff0000000000000007")
V6_DST = bytes.fromhex("3ffe2501020000030000000000000001")


def toeplitz(data):
    key = int.from_bytes(RSS_KEY, "big")
    keybits = len(RSS_KEY) * 8
    h = 0
    for i in range(len(data) * 8):
        if data[i // 8] & (0x80 >> (i % 8)):
            h ^= (key >> (keybits - 32 - i)) & 0xFFFFFFFF
    return h


def l4(proto, sport, dport, payload):
    if proto == 17:
        return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    if proto == 6:
        return struct.pack("!HHIIBBHHH", sport, dport, 1, 0, 0x50, 0x02, 1024, 0, 0) + payload
    return struct.pack("!BBHHH", 8, 0, 0, 0, 0) + payload     # ICMP echo


def ipv4(proto, sport, dport, payload):
    body = l4(proto, sport, dport, payload)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(body), 1, 0, 64, proto, 0,
                     V4_SRC, V4_DST)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    ports = struct.pack("!HH", sport, dport) if proto in (6, 17) else b""
    return b"\x08\x00", ip + body, V4_SRC + V4_DST + ports


def ipv6(proto, sport, dport, payload):
    body = l4(proto, sport, dport, payload)
    ip = struct.pack("!IHBB16s16s", 6 << 28, len(body), proto, 64, V6_SRC, V6_DST)
    ports = struct.pack("!HH", sport, dport) if proto in (6, 17) else b""
    return b"\x86\xdd", ip + body, V6_SRC + V6_DST + ports


# (family, L4 protocol or None, TPID or None, TCI)
PLAN = [
    ("4", 17, 0x8100, 0x2064),     # 802.1Q, priority 1, VLAN 100
    ("4", 6, None, 0),
    ("6", 17, 0x88A8, 0x0005),     # 802.1ad: the hash does not look behind it
    ("6", 6, 0x8100, 0xE00A),
    ("4", None, None, 0),          # ICMP: addresses only
    ("arp", None, 0x8100, 0x0007),  # not IP: no hash
]


def build(k, family, proto, tpid, tci):
    """Frame k and what the kfuncs must return for it."""
    payload = bytes(range(k, k + 20))
    sport, dport = 1000 + k, 2000 + k
    if family == "arp":
        etype, l3, hashed = b"\x08\x06", bytes(28), None
    else:
        etype, l3, hashed = (ipv4 if family == "4" else ipv6)(proto or 1, sport, dport, payload)
        if family == "6" and proto is None:
            hashed = hashed[:32]
    tag = struct.pack("!HH", tpid, tci) if tpid else b""
    eth = bytes.fromhex("ffffffffffff") + bytes([2, 0, 0, 0, 0, k])
    expect = {"hash_err": ENODATA, "vlan_err": ENODATA}
    if hashed is not None and tpid != 0x88A8:
        expect.update(hash_err=0, hash=toeplitz(hashed),
                      rss_type=RSS_TYPE[(family, proto)])
    if tpid:
        expect.update(vlan_err=0, vlan_proto=tpid, vlan_tci=tci)
    return eth + tag + etype + l3, expect


def frames():
    return [build(k, *p) for k, p in enumerate(PLAN)]


def be16(v):
    """vlan_proto is __be16: the map holds it as a little-endian u16 reads it"""
    return struct.unpack("<H", struct.pack("!H", v))[0]


def entries(path):
    """{key: value} of the lines "{"key": K, "value": {...}}" in path, BTF's
    view of each map entry (parts/xdp-hints.sh); a garbled line is left out"""
    out = {}
    for line in open(path):
        try:
            e = json.loads(line)
            out[int(e["key"])] = e["value"]
        except (ValueError, KeyError, TypeError) as err:
            print("garbled entry line %r: %s" % (line[:80], err))
    return out


def check(path, t0, t1):
    """With every offload on; t0 None: VLAN stripping and timestamps off"""
    got = entries(path)
    failed = 0
    on = t0 is not None

    def verdict(ok, what, why):
        nonlocal failed
        print("%s: %s%s" % ("PASS" if ok else "FAIL", what, "" if ok else ": " + why))
        failed += not ok

    stamps = []
    for k, (_, expect) in enumerate(frames()):
        v = got.get(k, {})
        verdict(v.get("seen") == 1, "frame %d seen once by the program" % k,
                "seen %s" % v.get("seen"))
        if not on:
            expect = {f: w for f, w in expect.items() if not f.startswith("vlan")}
            # the hash is the wire frame's: the same with the tag left in
            expect.update(vlan_err=ENODATA, ts_err=ENODATA)
        want = dict(expect)
        if "vlan_proto" in want:
            want["vlan_proto"] = be16(want["vlan_proto"])
        bad = ["%s %s, want %s" % (f, v.get(f), w) for f, w in sorted(want.items())
               if v.get(f) != w]
        verdict(not bad, "frame %d%s: hash, RSS type and VLAN tag as sent (%s)" % (
            k, "" if on else " (offloads off)",
            ", ".join("%s=%s" % (f, hex(w) if isinstance(w, int) and w > 9 else w)
                         for f, w in sorted(expect.items()))), "; ".join(bad))
        if not on:
            continue
        ts = v.get("ts", 0)
        verdict(v.get("ts_err") == 0 and t0 <= ts <= t1,
                "frame %d timestamp within the send window" % k,
                "ts_err %s, ts %s not in [%d, %d]" % (v.get("ts_err"), ts, t0, t1))
        stamps.append(ts)
    if on:
        verdict(stamps == sorted(stamps) and len(set(stamps)) == len(stamps),
                "timestamps rise in the order sent", "%s" % stamps)
    return failed


def check_skb(sock_path, tc_path, t0, t1):
    """The skb side: t0 None with the card's offloads off"""
    sock, tc = entries(sock_path), entries(tc_path)
    failed = 0
    on = t0 is not None
    mode = "" if on else " (offloads off)"

    def verdict(ok, what, why):
        nonlocal failed
        print("%s: %s%s" % ("PASS" if ok else "FAIL", what, "" if ok else ": " + why))
        failed += not ok

    stamps = []
    for k, (_, expect) in enumerate(frames()):
        s, t = sock.get(k, {}), tc.get(k, {})
        verdict(s.get("seen") == 1 and t.get("seen") == 1,
                "frame %d%s seen once by the packet socket and tc" % (k, mode),
                "socket %s, tc %s" % (s.get("seen"), t.get("seen")))
        # skb->hash is 0 when the card gave none
        want = expect.get("hash", 0) if on else 0
        verdict(t.get("hash") == want, "frame %d%s: skb->hash %#x" % (k, mode, want),
                "skb->hash %s" % t.get("hash"))
        want = {"vlan_err": expect["vlan_err"], "vlan_proto": expect.get("vlan_proto", 0),
                "vlan_tci": expect.get("vlan_tci", 0)}
        bad = ["%s %s, want %s" % (f, s.get(f), w) for f, w in sorted(want.items())
               if s.get(f) != w]
        verdict(not bad, "frame %d%s: PACKET_AUXDATA's VLAN tag as sent (%s)" % (
            k, mode, "none" if want["vlan_err"] else "%#x %#x" % (
                want["vlan_proto"], want["vlan_tci"])), "; ".join(bad))
        if not on:
            verdict(s.get("ts_err") == ENODATA, "frame %d%s: no hardware timestamp" % (k, mode),
                    "ts_err %s, ts %s" % (s.get("ts_err"), s.get("ts")))
            continue
        ts = s.get("ts", 0)
        verdict(s.get("ts_err") == 0 and t0 <= ts <= t1,
                "frame %d: SO_TIMESTAMPING hardware time within the send window" % k,
                "ts_err %s, ts %s not in [%d, %d]" % (s.get("ts_err"), ts, t0, t1))
        stamps.append(ts)
    if on:
        verdict(stamps == sorted(stamps) and len(set(stamps)) == len(stamps),
                "hardware timestamps rise in the order sent", "%s" % stamps)
    return failed


def main():
    outdir = sys.argv[1]
    if len(sys.argv) in (6, 7) and sys.argv[2] == "skb":
        sock, tc = sys.argv[3], sys.argv[4]
        t0, t1 = (None, None) if sys.argv[5] == "off" else map(int, sys.argv[5:7])
        sys.exit(1 if check_skb(sock, tc, t0, t1) else 0)
    if len(sys.argv) == 5:
        sys.exit(1 if check(sys.argv[2], int(sys.argv[3]), int(sys.argv[4])) else 0)
    if len(sys.argv) == 4 and sys.argv[3] == "off":
        sys.exit(1 if check(sys.argv[2], None, None) else 0)
    write_pcap(os.path.join(outdir, "in.pcap"), [f for f, _ in frames()])
    with open(os.path.join(outdir, "hints.env"), "w") as env:
        env.write("N_HINTS=%d\n" % len(PLAN))


if __name__ == "__main__":
    main()
