#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Host side of tests/guest/host-xdp.sh: the frame corpus for
tests/guest/xdp/xdp_test.c, the bytes each action must emit, and checks of
what came back (pcaps, and the verdict records of docs/verdicts.md).

  xdp-corpus.py gen DIR                 corpus.pcap, exp-*.pcap, failed.pcap,
                                        counts.env
  xdp-corpus.py cmp EXPECTED.pcap GOT.pcap
  xdp-corpus.py extract CONSOLE NAME OUT   a hex dump the guest printed
  xdp-corpus.py verdicts RECORDS.bin CORPUS.pcap [failed]

With "failed", verdicts expects every record to carry the FAILED flag.
Each command prints one line saying what it found and exits 0 if it is
right, 1 if not.  Frames are compared as multisets: frames from different
RX queues may leave in any order.
"""
import random
import struct
import sys

# Selector byte values: the switch in xdp_test.c
ABORTED, DROP, PASS, TX, REDIRECT_DEV, REDIRECT_CPU, REDIRECT_XSK = range(7)
XDP_ACT = {ABORTED: 0, DROP: 1, PASS: 2, TX: 3, REDIRECT_DEV: 4, REDIRECT_CPU: 4,
           REDIRECT_XSK: 4}
PER_SELECTOR = 12
RECORD = struct.Struct("<IHBBHHI16s")   # include/xnic/verdict.h
FNV_OFFSET, FNV_PRIME = 0x811C9DC5, 0x01000193


def fnv1a32(data):
    h = FNV_OFFSET
    for b in data:
        h = ((h ^ b) * FNV_PRIME) & 0xFFFFFFFF
    return h


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack_from("<I", data)[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    frames, off = [], 24
    while off + 16 <= len(data):
        incl = struct.unpack_from(endian + "IIII", data, off)[2]
        frames.append(data[off + 16:off + 16 + incl])
        off += 16 + incl
    return frames


def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", i, 0, len(fr), len(fr)))
            f.write(fr)


def ip_checksum(hdr):
    s = sum(struct.unpack("!10H", hdr))
    s = (s & 0xFFFF) + (s >> 16)
    s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def make_frame(rng, sel, k):
    """Broadcast IPv4/UDP; ports and addresses vary so RSS spreads them."""
    payload = bytes([sel, k]) + bytes(rng.randrange(256) for _ in range(rng.randrange(30, 500)))
    udp = struct.pack("!HHHH", rng.randrange(1024, 65535), rng.randrange(1024, 65535),
                      8 + len(payload), 0) + payload
    src = bytes([10, 9, 0, rng.randrange(1, 255)])
    dst = bytes([10, 9, 1, rng.randrange(1, 255)])
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), k, 0, 64, 17, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", ip_checksum(ip)) + ip[12:]
    eth = b"\xff" * 6 + bytes([2, 0, 0, 0, 0, sel + 1]) + b"\x08\x00"
    return eth + ip + udp


def output(sel, frame):
    """The frame xdp_test.c emits for this selector (None: nothing)."""
    if sel in (ABORTED, DROP):
        return None
    if sel == PASS:
        return frame[:-2]
    if sel == TX:
        return frame[6:12] + frame[0:6] + b"\x81\x00\x00\x64" + frame[12:]
    if sel == REDIRECT_DEV:
        return frame + b"\xde\xad\xbe\xef"
    return frame


def gen(outdir):
    rng = random.Random(5)
    sels = [s for s in XDP_ACT for _ in range(PER_SELECTOR)]
    rng.shuffle(sels)
    frames = [make_frame(rng, s, k) for k, s in enumerate(sels)]
    by = {s: [output(s, f) for f, t in zip(frames, sels) if t == s] for s in XDP_ACT}
    write_pcap(f"{outdir}/corpus.pcap", frames)
    write_pcap(f"{outdir}/exp-tx.pcap", by[TX])
    write_pcap(f"{outdir}/exp-redirect.pcap", by[REDIRECT_DEV])
    write_pcap(f"{outdir}/exp-stack.pcap", by[PASS] + by[REDIRECT_CPU])
    write_pcap(f"{outdir}/exp-xsk.pcap", by[REDIRECT_XSK])
    # Inputs only: redirected to a card that is down, so the redirect fails
    failed = [f for f, t in zip(frames, sels) if t == REDIRECT_DEV][:6]
    write_pcap(f"{outdir}/failed.pcap", failed)
    with open(f"{outdir}/counts.env", "w") as f:
        f.write(f"N_FRAMES={len(frames)}\nN_ABORTED={len(by[ABORTED])}\n"
                f"N_DROP={len(by[DROP])}\nN_PASS={len(by[PASS])}\nN_TX={len(by[TX])}\n"
                f"N_REDIRECT={len(by[REDIRECT_DEV]) + len(by[REDIRECT_CPU]) + len(by[REDIRECT_XSK])}\n"
                f"N_DEV={len(by[REDIRECT_DEV])}\nN_XSK={len(by[REDIRECT_XSK])}\n"
                f"N_STACK={len(by[PASS]) + len(by[REDIRECT_CPU])}\n"
                f"N_FAILED={len(failed)}\n")
    return 0


def cmp(expected, got):
    exp, have = sorted(read_pcap(expected)), sorted(read_pcap(got))
    if exp == have:
        print(f"{len(exp)} frames, byte-exact")
        return 0
    missing = [f for f in exp if f not in have]
    extra = [f for f in have if f not in exp]
    print(f"expected {len(exp)} frames, got {len(have)}: {len(missing)} missing, "
          f"{len(extra)} unexpected" +
          (f", first unexpected {extra[0][:24].hex()}" if extra else ""))
    return 1


def extract(console, name, out):
    """Decodes `od -An -v -tx1` lines between XNIC-HEX-BEGIN/END NAME."""
    data, inside = bytearray(), False
    with open(console, errors="replace") as f:
        for line in f:
            line = line.strip()
            if line == f"XNIC-HEX-BEGIN {name}":
                inside = True
            elif line == f"XNIC-HEX-END {name}":
                with open(out, "wb") as o:
                    o.write(data)
                print(f"{len(data)} bytes")
                return 0
            elif inside:
                data += bytes.fromhex(line)
    print(f"no complete hex dump named {name} on the console")
    return 1


def verdicts(records, corpus, mode=""):
    frames = read_pcap(corpus)
    with open(records, "rb") as f:
        raw = f.read()
    if len(raw) % RECORD.size:
        print(f"{len(raw)} bytes is not a whole number of {RECORD.size}-byte records")
        return 1
    recs = sorted(RECORD.iter_unpack(raw))
    if len(recs) != len(frames):
        print(f"{len(recs)} records for {len(frames)} frames")
        return 1
    base = recs[0][0]
    queues = set()
    for i, (rec, frame) in enumerate(zip(recs, frames)):
        seq, queue, action, flags, in_len, out_len, digest, head = rec
        sel = frame[42]
        out = output(sel, frame) or b""
        want = (base + i, XDP_ACT[sel], int(mode == "failed"), len(frame), len(out),
                fnv1a32(out),
                out[:16].ljust(16, b"\0"))
        got = (seq, action, flags, in_len, out_len, digest, head)
        if got != want:
            print(f"frame {i} (selector {sel}): record {got} != expected {want}")
            return 1
        queues.add(queue)
    print(f"{len(recs)} records, sequence numbers {base}..{base + len(recs) - 1} in wire "
          f"order, actions and digests right, RX queues {sorted(queues)}")
    return 0


def main(argv):
    cmds = {"gen": (gen, 1, 1), "cmp": (cmp, 2, 2), "extract": (extract, 3, 3),
            "verdicts": (verdicts, 2, 3)}
    if len(argv) < 2 or argv[1] not in cmds or \
       not cmds[argv[1]][1] <= len(argv) - 2 <= cmds[argv[1]][2]:
        print(__doc__, file=sys.stderr)
        return 2
    return cmds[argv[1]][0](*argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
