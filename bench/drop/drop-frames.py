#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Frames for bench/drop/bench-drop.sh: 60-byte IPv4/UDP frames that
tests/guest/xdp/offload_parse.c drops (first UDP payload byte 1).

    drop-frames.py COUNT OUT.pcap

The source port runs over FLOWS values, so the card's flow hash spreads
the frames over every RX queue and native XDP gets all the guest's CPUs.
"""
import importlib.util
import os
import sys

# tests/guest/offload-frames.py's frames and pcap writer
spec = importlib.util.spec_from_file_location(
    "frames", os.path.join(os.path.dirname(__file__), "../../tests/guest/offload-frames.py"))
frames = importlib.util.module_from_spec(spec)
spec.loader.exec_module(frames)

FLOWS = 256


def main():
    count, path = int(sys.argv[1]), sys.argv[2]
    flows = [frames.udp_frame(i, 20000 + i, bytes([frames.DROP]) + bytes(17))
             for i in range(FLOWS)]
    frames.write_pcap(path, (flows[i % FLOWS] for i in range(count)))


if __name__ == "__main__":
    main()
