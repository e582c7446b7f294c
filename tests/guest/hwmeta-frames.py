#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The wire side of host-hwmeta.sh: frames for the kernel's own
xdp_hw_metadata tool (tools/testing/selftests/bpf in the 6.12 source) and
what it must print of each, independently of the device model and the
driver.

hwmeta-frames.py env DIR     writes DIR/hwmeta.env (what the guest waits for)
hwmeta-frames.py peer DIR QEMU_PORT HOST_PORT
                             is the card's cable: QEMU's dgram netdev
                             listens on 127.0.0.1:QEMU_PORT and sends to
                             HOST_PORT.  Sends the frames one at a time, each
                             UDP 9091 frame once the tool's reply to the
                             one before came back, so that the tool's
                             lines come in send order; writes
                             DIR/peer.json: each frame's send and reply
                             times (host CLOCK_MONOTONIC ns) and reply
hwmeta-frames.py check DIR OUT
                             checks the tool's output OUT against the
                             frames and DIR/peer.json; prints PASS/FAIL lines

The tool diverts UDP frames to port 9091 into AF_XDP sockets, printing the
RX hash and RSS type, RX timestamp and VLAN tag its device-bound program
read, and answers each with the frame mirrored (MACs, addresses and ports
swapped) asking the card for the UDP checksum and a completion timestamp.
Its UDP socket on port 9092 prints the hardware timestamp of what the
stack got.  Expected values come from hints-frames.py (the Toeplitz hash
with the card's reset key, the kernel's RSS types) and txmeta-frames.py
(the checksum).
"""
import importlib.util
import json
import os
import re
import socket
import struct
import sys
import time


def _load(name):
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name + ".py")
    spec = importlib.util.spec_from_file_location(name.replace("-", "_"), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hints = _load("hints-frames")
txmeta = _load("txmeta-frames")

# parts/hwmeta.sh gives the card this MAC and hints' IPv4 destination
GUEST_MAC = bytes.fromhex("020000000099")
XSK_PORT, SKB_PORT, END_PORT = 9091, 9092, 9093
# (family, TPID or None, TCI) of the frames to 9091
PLAN = [
    ("4", None, 0),
    ("4", 0x8100, 0x2064),     # priority 1, VLAN 100
    ("6", None, 0),
    ("6", 0x8100, 0xE00A),     # priority 7, VLAN 10
    ("4", 0x88A8, 0x0005),     # 802.1ad: stripped, but no hash behind it
    ("6", None, 0),            # the last: its completion may print only at exit
]
REPLY_WAIT = 60      # seconds for one reply: a TCG guest on a loaded host
SKB_WAIT = 2         # seconds for the 9092 frame to reach the socket


def frame(k, family, tpid, tci, dport):
    """Frame k to UDP dport and what the kfuncs must say of it"""
    etype, l3, hashed = (hints.ipv4 if family == "4" else hints.ipv6)(
        17, 1000 + k, dport, bytes(range(k, k + 24)))
    tag = struct.pack("!HH", tpid, tci) if tpid else b""
    expect = {"hash_err": hints.ENODATA}
    if tpid != 0x88A8:
        expect = {"hash": hints.toeplitz(hashed), "rss_type": hints.RSS_TYPE[(family, 17)]}
    expect.update({"vlan_proto": tpid, "vlan_tci": tci} if tpid else {"vlan_err": hints.ENODATA})
    return GUEST_MAC + bytes([2, 0, 0, 0, 0, k]) + tag + etype + l3, expect


def frames():
    """(frame, expect, kind): the 9091 frames, one to the stack's socket,
    one ending the run; the last two are no AF_XDP frames (the program's
    pkts_skip)"""
    out = [frame(k, *p, XSK_PORT) + ("xsk",) for k, p in enumerate(PLAN)]
    out.append(frame(len(out), "4", None, 0, SKB_PORT) + ("skb",))
    out.append(frame(len(out), "4", None, 0, END_PORT) + ("end",))
    return out


def write_env(outdir):
    with open(os.path.join(outdir, "hwmeta.env"), "w") as env:
        env.write("N_XSK=%d\nN_SKIP=2\n" % len(PLAN))


def is_reply(data):
    """A frame the tool sent back: UDP from port 9091, after MACs and IP"""
    if data[12:14] == b"\x08\x00":
        return len(data) >= 38 and data[23] == 17 and data[34:36] == b"\x23\x83"
    return len(data) >= 58 and data[12:14] == b"\x86\xdd" and data[20] == 17 and \
        data[54:56] == b"\x23\x83"


def peer(outdir, qemu_port, host_port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", host_port))
    log = []
    for f, _, kind in frames():
        entry = {"sent": time.monotonic_ns(), "reply": None}
        sock.sendto(f, ("127.0.0.1", qemu_port))
        end = time.monotonic() + (REPLY_WAIT if kind == "xsk" else SKB_WAIT)
        while kind == "xsk" and time.monotonic() < end:
            sock.settimeout(max(end - time.monotonic(), 0.01))
            try:
                data = sock.recv(65536)
            except socket.timeout:
                break
            if is_reply(data):
                entry["reply"] = data.hex()
                break
        if kind != "xsk":
            time.sleep(max(end - time.monotonic(), 0))
        entry["done"] = time.monotonic_ns()
        log.append(entry)
    with open(os.path.join(outdir, "peer.json"), "w") as out:
        json.dump(log, out)


def mirrored(f):
    """The reply the tool must send to frame f, as the card's wire carries
    it: the outer tag stripped on RX, MACs, addresses and ports swapped,
    the UDP checksum computed over the pseudo header the tool seeds"""
    if f[12:14] in (b"\x81\x00", b"\x88\xa8"):
        f = f[:12] + f[16:]
    f = bytearray(f[6:12] + f[0:6] + f[12:])
    if f[12:14] == b"\x08\x00":
        ip, alen, l4 = 14 + 12, 4, 34
        pseudo = f[ip + 4:ip + 8] + f[ip:ip + 4] + struct.pack("!BBH", 0, 17, len(f) - l4)
    else:
        ip, alen, l4 = 14 + 8, 16, 54
        pseudo = f[ip + 16:ip + 32] + f[ip:ip + 16] + struct.pack("!IxxxB", len(f) - l4, 17)
    f[ip:ip + 2 * alen] = f[ip + alen:ip + 2 * alen] + f[ip:ip + alen]
    f[l4:l4 + 4] = f[l4 + 2:l4 + 4] + f[l4:l4 + 2]
    f[l4 + 6:l4 + 8] = struct.pack("!H", txmeta.ones_sum(bytes(pseudo)))
    return txmeta.expected(0, bytes(f), "meta csum %d 6" % l4)[0]


# The tool's lines (xdp_hw_metadata.c: verify_xdp_metadata, complete_tx,
# verify_skb_metadata, verify_metadata's poll line) and what Output does
# with each
LINES = [(re.compile(p), what) for p, what in [
    (r"^(\S+): rx_desc\[\d+\]->addr=", "new_rx"),
    (r"^rx_hash: 0x([0-9A-F]+) with RSS type:0x([0-9A-F]+)$", "rx_hash"),
    (r"^No rx_hash, err=(-?\d+)$", "hash_err"),
    (r"^HW RX-time: +(\d+) .* delta to User RX-time ", "ts"),
    (r"^No rx_timestamp, err=(-?\d+)$", "ts_err"),
    (r"^rx_vlan_proto: 0x([0-9A-F]+)$", "vlan_proto"),
    (r"^rx_vlan_tci: PCP=(\d+), DEI=(\d+), VID=0x([0-9A-F]+)$", "vlan_tci"),
    (r"^No rx_vlan_tci or rx_vlan_proto, err=(-?\d+)$", "vlan_err"),
    (r"^(\S+): ping-pong with csum=", "pingpong"),
    (r"^(\S+): complete tx idx=", "new_comp"),
    (r"^HW TX-complete-time: +(\d+) ", "tx_ts"),
    (r"^found skb hwtstamp = (\d+)\.(\d+)$", "skb_ts"),
    (r"^skb hwtstamp is not found!$", "skb_ts"),
    (r"^poll: .* skip=(\d+) fail=(\d+) redir=(\d+)$", "poll"),
]]
# decimal values filed as they are under the frame being read
DECIMAL = ("hash_err", "ts", "ts_err", "vlan_err")


class Output:
    """The tool's output: rx, the AF_XDP frames in order, each a dict of
    what was printed of it; comps, each socket's completions in order;
    skb, the 9092 socket's timestamps (None: none found); counts, the
    program's last (skip, fail, redir)"""

    def __init__(self, path):
        self.rx, self.comps, self.skb, self.counts = [], {}, [], None
        self.cur, self.comp = {}, {}
        for line in open(path):
            for pattern, what in LINES:
                m = pattern.match(line.rstrip("\n"))
                if m and what in DECIMAL:
                    self.cur[what] = int(m.group(1))
                elif m:
                    getattr(self, what)(*m.groups())
                if m:
                    break

    def new_rx(self, sock):
        self.cur = {"sock": sock}
        self.rx.append(self.cur)

    def rx_hash(self, value, rss_type):
        self.cur.update(hash=int(value, 16), rss_type=int(rss_type, 16))

    def vlan_proto(self, value):
        self.cur["vlan_proto"] = int(value, 16)

    def vlan_tci(self, pcp, dei, vid):
        self.cur["vlan_tci"] = int(pcp) << 13 | int(dei) << 12 | int(vid, 16)

    def pingpong(self, sock):
        self.cur["pingpong"] = True

    def new_comp(self, sock):
        self.comp = {}
        self.comps.setdefault(sock, []).append(self.comp)

    def tx_ts(self, ns):
        self.comp["ts"] = int(ns)

    def skb_ts(self, sec=None, nsec=None):
        self.skb.append(None if sec is None else int(sec) * 10**9 + int(nsec))

    def poll(self, skip, fail, redir):
        self.counts = (int(skip), int(fail), int(redir))


class Verdicts:
    def __init__(self):
        self.failed = 0

    def __call__(self, ok, what, why):
        print("%s: %s%s" % ("PASS" if ok else "FAIL", what, "" if ok else ": " + why))
        self.failed += not ok


def completions(rx, comps):
    """Each frame's completion: the n-th on a socket is its n-th reply"""
    left = {s: list(c) for s, c in comps.items()}
    return [left.get(r["sock"], []).pop(0) if r.get("pingpong") and left.get(r["sock"])
            else None for r in rx]


def check_xsk(verdict, k, f, expect, got, comp, log):
    """The tool's lines of frame k against the frame and the host's times"""
    desc = ", ".join("%s=%s" % (n, hex(w) if w > 9 else w) for n, w in sorted(expect.items()))
    bad = ["%s %s, want %s" % (n, got.get(n), w) for n, w in sorted(expect.items())
           if got.get(n) != w]
    verdict(not bad, "frame %d: rx_hash, RSS type and VLAN tag as sent (%s)" % (k, desc),
            "; ".join(bad))
    t0, t1 = log["sent"], log["done"]
    ts = got.get("ts")
    verdict(ts is not None and t0 <= ts <= t1, "frame %d: HW RX-time within its send window" % k,
            "%s not in [%d, %d]%s" % (ts, t0, t1, " (err %s)" % got["ts_err"]
                                      if "ts_err" in got else ""))
    reply = bytes.fromhex(log["reply"]) if log["reply"] else None
    verdict(reply == mirrored(f), "frame %d: the tool's reply mirrored, UDP checksum by the card" % k,
            "got %s, want %s" % (reply.hex() if reply else "no reply", mirrored(f).hex()))
    if k == len(PLAN) - 1 and comp is None:
        # a completion the tool's 5 ms wait missed is printed only while
        # it handles a later frame, and the last has none after it
        return
    tx = (comp or {}).get("ts")
    verdict(tx is not None and ts is not None and ts <= tx <= t1,
            "frame %d: HW TX-complete-time after its RX time, before the reply came" % k,
            "%s not in [%s, %d]" % ("no completion" if comp is None else tx, ts, t1))


def check(outdir, out_path):
    log = json.load(open(os.path.join(outdir, "peer.json")))
    out = Output(out_path)
    rx, comps, skb, counts = out.rx, out.comps, out.skb, out.counts
    sent = frames()
    verdict = Verdicts()
    verdict(len(rx) == len(PLAN), "the tool got the %d UDP %d frames, one each" % (
        len(PLAN), XSK_PORT), "%d rx_desc lines" % len(rx))
    verdict(counts == (2, 0, len(PLAN)),
            "its program redirected %d, passed 2 (skip=2 fail=0 redir=%d)" % (
                len(PLAN), len(PLAN)), "last poll line: skip, fail, redir %s" % (counts,))
    for k, (got, comp) in enumerate(zip(rx, completions(rx, comps))):
        f, expect, _ = sent[k]
        check_xsk(verdict, k, f, expect, got, comp, log[k])
    k = len(PLAN)
    ts = skb[0] if skb else None
    verdict(len(skb) == 1 and ts is not None and log[k]["sent"] <= ts <= log[k]["done"],
            "frame %d to port %d: the socket's skb hwtstamp within its send window" % (
                k, SKB_PORT),
            "%s not in [%d, %d]" % (skb, log[k]["sent"], log[k]["done"]))
    return verdict.failed


def main():
    cmd, outdir = sys.argv[1], sys.argv[2]
    if cmd == "env":
        write_env(outdir)
    elif cmd == "peer":
        peer(outdir, int(sys.argv[3]), int(sys.argv[4]))
    elif cmd == "check":
        sys.exit(1 if check(outdir, sys.argv[3]) else 0)
    else:
        sys.exit("usage: hwmeta-frames.py env|peer|check DIR ...")


if __name__ == "__main__":
    main()
