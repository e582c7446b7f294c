#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Host side of tests/guest/host-xsk.sh: the frames of the AF_XDP tests and
what each guest phase must receive (frames, pcap and compare helpers are
xdp-corpus.py's).

  xsk-corpus.py gen DIR     rx.pcap (sent to the guest), tx.pcap (sent by
                            the guest), exp-*.pcap, xsk.env
  xsk-corpus.py repeat IN N OUT   OUT holds IN's frames N times (the bench)

Every rx.pcap frame is a broadcast IPv4/UDP frame whose first payload byte
(the selector) alternates between even and odd; xsk_offload.c drops the
odd ones on the card.
"""
import importlib.util
import os
import random
import sys

_spec = importlib.util.spec_from_file_location(
    "xdp_corpus", os.path.join(os.path.dirname(os.path.abspath(__file__)), "xdp-corpus.py"))
xdp_corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(xdp_corpus)

N_RX = 120      # frames per burst into the guest
N_TX = 100      # frames the guest sends per socket
FILL = 16       # fill-ring-empty phase: frames on the fill ring at first
RX_RING = 64    # RX-ring-full phase: entries of the socket's RX ring


def gen(outdir):
    rng = random.Random(16)
    rx = [xdp_corpus.make_frame(rng, 10 + k % 200, k) for k in range(N_RX)]
    tx = [xdp_corpus.make_frame(rng, 100 + k % 100, k) for k in range(N_TX)]
    pcaps = {
        "rx": rx,
        "tx": tx,
        # zero-copy socket on queue 0, then copy-mode socket on queue 1
        "exp-rx2": rx + rx,
        "exp-tx2": tx + tx,
        # the fill ring held FILL frames; then refilled, a whole burst
        "exp-fill": rx[:FILL] + rx,
        # the RX ring held RX_RING frames; then drained, a whole burst
        "exp-full": rx[:RX_RING] + rx,
        # what the offloaded xsk_offload.c passes
        "exp-offload": [f for f in rx if f[42] % 2 == 0],
    }
    for name, frames in pcaps.items():
        xdp_corpus.write_pcap(f"{outdir}/{name}.pcap", frames)
    with open(f"{outdir}/xsk.env", "w") as f:
        f.write(f"N_RX={N_RX}\nN_TX={N_TX}\nFILL={FILL}\nRX_RING={RX_RING}\n"
                f"N_OFFLOAD={len(pcaps['exp-offload'])}\n")
    return 0


def repeat(src, n, out):
    xdp_corpus.write_pcap(out, xdp_corpus.read_pcap(src) * int(n))
    return 0


def main(argv):
    cmds = {"gen": (gen, 1), "repeat": (repeat, 3)}
    if len(argv) < 2 or argv[1] not in cmds or len(argv) - 2 != cmds[argv[1]][1]:
        print(__doc__, file=sys.stderr)
        return 2
    return cmds[argv[1]][0](*argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
