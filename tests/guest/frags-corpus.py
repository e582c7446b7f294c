#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The corpus of tests/guest/host-frags.sh for tests/guest/xdp/xdp_frags.c.

  frags-corpus.py DIR   writes DIR/corpus.pcap (what the host sends),
                        DIR/exp-tx.pcap (what XDP_TX must put back on the
                        wire, in order) and DIR/exp-pass.pcap (what must
                        reach a packet socket in the guest), and prints the
                        frame count per action.

Every frame is a FRAGS_LEN-byte IPv4/UDP broadcast whose payload byte at
offset i is (7 * i) mod 256, except the action byte (docs/driver.md "XDP
multi-buffer").  The constants match xdp_frags.c.
"""
import struct
import sys

FRAGS_LEN = 9000
ACTION_OFF = 42
PROBE_OFF = 8000
TAIL_DELTA = 100
MARKER = b"FRAG"
PASS, DROP, TX, REWRITE, GROW = range(5)
# The order frames go out in: every action several times, interleaved
ACTIONS = [PASS, DROP, TX, REWRITE, GROW, TX, PASS, GROW, DROP, REWRITE,
           PASS, TX, DROP, PASS]


def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", i, 0, len(fr), len(fr)))
            f.write(fr)


def make_frame(action, k):
    frame = bytearray((7 * i) & 0xff for i in range(FRAGS_LEN))
    frame[0:6] = b"\xff" * 6
    frame[6:12] = bytes([0x52, 0x54, 0x00, 0xf0, 0x00, k])
    frame[12:14] = b"\x08\x00"
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, FRAGS_LEN - 14, k, 0, 64, 17,
                     0, bytes([10, 0, 3, 1]), bytes([10, 0, 3, 255]))
    frame[14:34] = ip
    frame[34:42] = struct.pack("!HHHH", 9, 9, FRAGS_LEN - 34, 0)
    frame[ACTION_OFF] = action
    return bytes(frame)


def expected_tx(action, frame):
    if action == REWRITE:
        out = bytearray(frame[:FRAGS_LEN - TAIL_DELTA])
        out[PROBE_OFF:PROBE_OFF + 4] = MARKER
        return bytes(out)
    if action == GROW:
        # 6.1 zeroes the room bpf_xdp_adjust_tail adds to a fragment
        return frame + bytes(TAIL_DELTA)
    return frame


def main():
    out = sys.argv[1]
    frames = [make_frame(a, k) for k, a in enumerate(ACTIONS)]
    tx = [expected_tx(a, f) for a, f in zip(ACTIONS, frames)
          if a in (TX, REWRITE, GROW)]
    write_pcap(f"{out}/corpus.pcap", frames)
    write_pcap(f"{out}/exp-tx.pcap", tx)
    write_pcap(f"{out}/exp-pass.pcap",
               [f for a, f in zip(ACTIONS, frames) if a == PASS])
    print(" ".join(f"{name}={ACTIONS.count(a)}" for a, name in
                   ((PASS, "pass"), (DROP, "drop"), (TX, "tx"),
                    (REWRITE, "rewrite"), (GROW, "grow"))),
          f"tx_bytes={sum(len(f) for f in tx)}")


if __name__ == "__main__":
    main()
