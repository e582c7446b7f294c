#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""xnic-cc --profile and --model (docs/performance.md).

usage: test_xnic_cc_profile.py XNIC_CC PROFILE_LOOP_OBJ PROFILE_HANG_OBJ HELPER_HASH_OBJ PCAP

Asserts exact counts on a loop of known trip count (tests/diff/profile_loop.c),
profile counts and cycles adding up to the card's own counters and to the
top lines, parsable JSON, the model's arithmetic on the default card (4 MEs x
4 contexts at 1 GHz), map contents equal to a run without the profile, and exit 4 for a frame larger than the packet buffer.
Exit 77 (with a SKIP line) when the host kernel does not permit BPF."""
import json
import os
import struct
import subprocess
import sys
import tempfile

TRIPS = 37          # PROFILE_TRIPS in profile_loop.c
EXIT_FRAME = 4
EXIT_CARD = 5
failures = 0


def check(cond, what):
    global failures
    print(("PASS: " if cond else "FAIL: ") + what)
    if not cond:
        failures += 1


def run(*args):
    p = subprocess.run([XNIC_CC, *args], capture_output=True, text=True, timeout=240)
    if p.returncode == 77:
        print("SKIP: xnic-cc-profile: host kernel " + os.uname().release +
              ": BPF is not permitted: " + p.stderr.strip())
        sys.exit(77)
    return p


def profile_json(obj):
    p = run(obj, "--pcap", PCAP, "--profile", "--model", "--json")
    check(p.returncode == 0, f"{os.path.basename(obj)}: --profile --model exits 0 ({p.stderr.strip()})")
    docs = [json.loads(line) for line in p.stdout.splitlines()]
    check([list(d) for d in docs] == [["profile"], ["model"]],
          "--json prints one profile and one model object")
    return docs[0]["profile"], docs[1]["model"]


def rows(prof, kind=None):
    return [c for g in prof["groups"] if kind is None or g["kind"] == kind for c in g["card"]]


def check_sums(name, prof):
    all_rows = rows(prof)
    check(sum(r["count"] for r in all_rows) == prof["card_insns"],
          f"{name}: counts add up to the card's executed instructions")
    check(sum(r["cycles"] for r in all_rows) == prof["card_cycles"],
          f"{name}: cycles add up to the card's busy cycles")
    s = prof["split"]
    program = rows(prof, "insn") + rows(prof, "routine")
    check(sum(r["cycles"] for r in program) == s["own"] + s["helpers"],
          f"{name}: the program's cycles are own code + helpers")
    check(sum(r["wait"] for r in program) == s["mem_wait"],
          f"{name}: the program's waits are the memory waits")
    check(sum(r["cycles"] + r["wait"] for r in rows(prof, "harness")) == s["harness"],
          f"{name}: the harness line is its rows")
    total = s["own"] + s["helpers"] + s["mem_wait"] + s["harness"]
    check(abs(prof["cycles_per_packet"] * prof["packets"] - total) < 1,
          f"{name}: cycles per packet x packets = the top lines' sum")
    check(abs(sum(r["share"] for r in all_rows) - 100) < 0.1, f"{name}: shares add up to 100%")


def check_model(name, m):
    """Recomputes the bounds from the printed per-packet inputs (3 decimals)."""
    check((m["mes"], m["contexts"], m["clock_hz"]) == (4, 4, 10**9),
          f"{name}: the model's card is hw/me's default, 4 MEs x 4 contexts at 1 GHz")
    b = m["bounds"]
    hz = m["clock_hz"]
    expect = {
        "ME issue slots": hz * m["mes"] / m["issue_per_packet"],
        "contexts (all waiting)": hz * m["mes"] * m["contexts"] / m["cycles_per_packet"],
        "external memory": hz * 8 / m["emem_bytes_per_packet"] if m["emem_bytes_per_packet"] else 0,
        "packet I/O": hz * 8 / m["io_bytes_per_packet"],
    }
    for k, v in expect.items():
        check(abs(b[k] - v) <= 1e-5 * v + 1, f"{name}: bound '{k}' {b[k]:.0f} = {v:.0f}")
    used = {k: v for k, v in b.items() if v > 0}
    check(m["binds"] == min(used, key=used.get) and abs(m["pps"] - min(used.values())) <= 1,
          f"{name}: the card's rate is its smallest bound ({m['binds']})")
    rates = {r["gbps"]: r for r in m["line_rate"]}
    check(round(rates[10]["pps_64"]) == 14880952 and round(rates[100]["pps_64"]) == 148809524,
          f"{name}: 64-byte line rate, 10 GbE 14.88 Mpps, 100 GbE 148.81 Mpps")
    wire = max(64, m["mean_frame"] + 4)
    check(abs(rates[25]["pps_mean"] / (25e9 / ((wire + 20) * 8)) - 1) < 1e-5,
          f"{name}: line rate at the mean frame counts FCS, preamble and gap")


def check_loop():
    prof, model = profile_json(LOOP)
    n = prof["packets"]
    check(n > 0, f"profile_loop ran {n} packets")
    body = [g for g in prof["groups"] if "profile-loop-body" in g.get("source", "")]
    check(len(body) > 0, "the loop body's C line is found through BTF line info")
    counts = {c["count"] for g in body for c in g["card"]}
    check(counts == {TRIPS * n}, f"every card instruction of the loop body ran {TRIPS} x {n} times "
          f"(counts {sorted(counts)})")
    first = prof["groups"][0]
    check(first["kind"] == "insn" and first["insn"] == 0 and first["card"][0]["count"] == n,
          "the program's first instruction ran once per packet")
    check("__u32 acc = ctx->data_end - ctx->data;" in first.get("source", ""),
          "the first instruction's C line is the function's first statement")
    check_sums("profile_loop", prof)
    check_model("profile_loop", model)


def check_maps_unchanged(obj):
    """Profiling changes no map value: the same --maps lines as a plain run."""
    def map_lines(*extra):
        p = run(obj, "--pcap", PCAP, "--maps", "--json", *extra)
        return p.returncode, [l for l in p.stdout.splitlines() if l.startswith('{"map"')]
    plain, profiled = map_lines(), map_lines("--profile")
    check(plain[0] == 0 and profiled[0] == 0 and plain[1] and plain[1] == profiled[1],
          f"{os.path.basename(obj)}: the same {len(plain[1])} map entries with --profile")


def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for fr in frames:
            f.write(struct.pack("<IIII", 0, 0, len(fr), len(fr)))
            f.write(fr)


def check_too_large():
    with tempfile.TemporaryDirectory() as d:
        pcap = os.path.join(d, "big.pcap")
        write_pcap(pcap, [bytes(64), bytes(9000)])
        p = run(LOOP, "--pcap", pcap, "--profile")
        check(p.returncode == EXIT_FRAME and "packet 1: a frame of 9000 bytes does not fit" in p.stderr,
              f"a 9000-byte frame: exit {EXIT_FRAME} and a message ({p.returncode}: {p.stderr.strip()})")


def check_hang():
    p = run(HANG, "--pcap", PCAP, "--model")
    check(p.returncode == EXIT_CARD and "packet 0: the card hit the watchdog" in p.stderr,
          f"a program past the watchdog: exit {EXIT_CARD} and a message "
          f"({p.returncode}: {p.stderr.strip()})")


XNIC_CC, LOOP, HANG, HASH, PCAP = sys.argv[1:6]
check_loop()
prof, model = profile_json(HASH)
check(prof["split"]["helpers"] > 0 and prof["split"]["mem_wait"] > 0,
      "helper_hash: cycles in helpers and memory waits")
check_sums("helper_hash", prof)
check_model("helper_hash", model)
check_maps_unchanged(HASH)
check_too_large()
check_hang()
print(f"RESULT: {failures} failures")
sys.exit(1 if failures else 0)
