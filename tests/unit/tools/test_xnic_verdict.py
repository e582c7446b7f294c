#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The comparison logic of tools/xnic-verdict without a guest: records
matched by sequence number whatever their order, differences found,
refusals explained, the reference's metadata prefix, generic mode's
records matched in arrival order, pcap variants, TAP.

    test_xnic_verdict.py PATH/TO/xnic-verdict
"""
import argparse
import importlib.machinery
import importlib.util
import os
import shutil
import struct
import sys
import tempfile
import unittest

TOOL = sys.argv.pop(1)
loader = importlib.machinery.SourceFileLoader("xnic_verdict", TOOL)
spec = importlib.util.spec_from_loader("xnic_verdict", loader)
xv = importlib.util.module_from_spec(spec)
loader.exec_module(xv)


def record(seq, action, out, queue=0, flags=0, in_len=100):
    emitted = out if action >= 2 else b""
    return struct.pack("<IHBBHHI", seq, queue, action, flags, in_len, len(emitted),
                       xv.fnv1a(emitted)) + emitted[:16].ljust(16, b"\0")


FRAMES = [bytes([k]) * (60 + k) for k in range(4)]


def run_with(native, offload, base=1000):
    """A run whose guest recorded these (action, bytes) lists, in reverse
    order and on alternating queues, as several RX queues would."""
    run = {"object": "p.o", "section": "xdp", "pcap": "f.pcap", "frames": FRAMES}
    for mode, outs in (("native", native), ("offload", offload)):
        run[mode] = {"base": base, "wire": len(FRAMES), "lost": 0, "cs": 1}
        recs = [record(base + k, a, o, queue=k % 2) for k, (a, o) in enumerate(outs)
                if a is not None]
        xv.add_records(run, mode, b"".join(reversed(recs)))
    return run


class Compare(unittest.TestCase):
    def test_fnv_vectors(self):
        self.assertEqual(xv.fnv1a(b""), 0x811C9DC5)
        self.assertEqual(xv.fnv1a(b"a"), 0xE40C292C)
        self.assertEqual(xv.fnv1a(b"foobar"), 0xBF9CF968)

    def test_agree_by_sequence_not_arrival(self):
        outs = [(2, f) for f in FRAMES]
        res = xv.compare(run_with(outs, outs), (None, "off"))
        self.assertEqual((res["agree"], res["differ"], res["undelivered"]), (4, 0, 0))

    def test_differences(self):
        native = [(2, FRAMES[0]), (1, FRAMES[1]), (3, FRAMES[2]), (None, None)]
        offload = [(2, FRAMES[0][:-1] + b"x"), (0, FRAMES[1]), (3, FRAMES[2]), (None, None)]
        res = xv.compare(run_with(native, offload), (None, "off"))
        # digest, action; agree; both missing (the MAC dropped it)
        self.assertEqual((res["agree"], res["differ"], res["undelivered"]), (1, 2, 1))
        self.assertEqual([d["packet"] for d in res["diffs"]], [0, 1])
        self.assertIn("not ok 1", xv.tap([res], False))
        # the failure names the mode and how its packets differ
        self.assertIn("2 packets differ (offload: 2 differs)", xv.problems(res, False))

    def test_testrun_against_native(self):
        """--inject testrun: the card's test run (metadata in front, as the
        kernel's) compared with native's records; a frame the MAC drops
        is not compared; refused frames have no outcome."""
        outs = [(2, f) for f in FRAMES]
        run = run_with(outs, outs)
        run["modes"] = ["native", "offload", "testrun"]
        lines = ["%d %s" % (a, (b"\x00" * 4 + f).hex() if k == 1 else f.hex())
                 for k, (a, f) in enumerate(outs)]
        for k, ln in enumerate(lines):
            xv.add_testrun(run, k, ln.split())
        res = xv.compare(run, (None, "off"))
        self.assertEqual((res["agree"], res["differ"]), (4, 0))
        xv.add_testrun(run, 2, ("1 " + FRAMES[2].hex()).split())	# DROP on the card
        run["testrun"]["records"].pop(3)
        xv.add_testrun(run, 3, ["none", "4"])	# xnic-testrun refused it
        res = xv.compare(run, (None, "off"))
        self.assertEqual((res["agree"], res["differ"]), (2, 2))
        self.assertEqual([d["packet"] for d in res["diffs"]], [2, 3])
        self.assertEqual(res["diffs"][0]["testrun"]["action"], "DROP")
        run["frames"] = FRAMES[:3] + [b"\x01" * 2000]	# the MAC drops the last,
        run["native"]["records"].pop(3)			# the test run takes it
        run["offload"]["records"].pop(3)
        xv.add_testrun(run, 3, ("2 " + run["frames"][3].hex()).split())
        res = xv.compare(run, (None, "off"))
        self.assertEqual((res["agree"], res["differ"], res["undelivered"]), (2, 1, 1))

    def generic_run(self, frames, outs, native=None):
        """A run with native (and offload) records by wire seq and generic
        records in arrival order, numbered from 0 as xnic-genverdict does,
        for the frames the MAC lets through."""
        run = run_with(native or outs, native or outs)
        run["frames"] = frames
        run["modes"] = ["native", "generic", "offload"]
        run["generic"] = {"wire": len(frames), "lost": 0, "nobuf": 0, "cs": 1}
        arrived = [k for k, fr in enumerate(frames) if not xv.mac_drops(fr)]
        recs = [record(seq, outs[k][0], outs[k][1], in_len=len(frames[k]))
                for seq, k in enumerate(arrived)]
        xv.add_records(run, "generic", b"".join(recs))
        return run

    def test_generic_matched_in_arrival_order(self):
        """Generic records carry no wire seq: the n-th is the n-th frame the
        MAC let through; frames it dropped have no record in any mode."""
        frames = FRAMES[:2] + [b"\x01" * 2000] + FRAMES[2:3]
        outs = [(2, frames[0]), (1, frames[1]), (None, None), (3, frames[3])]
        run = self.generic_run(frames, outs)
        self.assertEqual(sorted(run["generic"]["records"]), [0, 1, 3])
        res = xv.compare(run, (None, "off"))
        self.assertEqual((res["agree"], res["differ"], res["undelivered"]), (3, 0, 1))
        self.assertIn("native vs generic+offload", xv.tap([res], False))
        # generic passes packet 3 changed: a difference, shown with every mode
        outs[3] = (3, frames[3][:-1] + b"x")
        res = xv.compare(self.generic_run(frames, outs, native=[
            (2, frames[0]), (1, frames[1]), (None, None), (3, frames[3])]), (None, "off"))
        self.assertEqual((res["agree"], res["differ"]), (2, 1))
        self.assertEqual(res["diffs"][0]["packet"], 3)
        self.assertNotEqual(res["diffs"][0]["generic"]["digest"],
                            res["diffs"][0]["native"]["digest"])

    def test_generic_out_of_step_is_a_setup_error(self):
        run = self.generic_run(FRAMES, [(2, f) for f in FRAMES])
        wrong = record(0, 2, FRAMES[1], in_len=len(FRAMES[1]))	# frame 1 arrived first
        with self.assertRaisesRegex(xv.SetupError, "matches no frame in wire order"):
            xv.add_records(run, "generic", wrong)
        extra = record(len(FRAMES), 2, FRAMES[0], in_len=len(FRAMES[0]))
        with self.assertRaisesRegex(xv.SetupError, "matches no frame"):
            xv.add_records(run, "generic", extra)

    def test_generic_ring_drops_and_lost_records_are_setup_errors(self):
        run = self.generic_run(FRAMES, [(2, f) for f in FRAMES])
        run["generic"]["nobuf"] = 2
        with self.assertRaisesRegex(xv.SetupError, "generic.*lack of RX buffers"):
            xv.compare(run, (None, "off"))
        run["generic"].update(nobuf=0, lost=1)
        with self.assertRaisesRegex(xv.SetupError, "records lost"):
            xv.compare(run, (None, "off"))

    def test_generic_maps_and_refusal(self):
        outs = [(2, f) for f in FRAMES]
        run = self.generic_run(FRAMES, outs)
        run["maps"] = {m: {"a": xv.map_contents('[{"key":["0x00"],"value":["0x04"]}]')}
                       for m in ("native", "generic", "offload")}
        self.assertEqual(xv.compare(run, (None, "off"))["maps_differ"], [])
        run["maps"]["generic"]["a"] = xv.map_contents('[{"key":["0x00"],"value":["0x03"]}]')
        self.assertEqual(xv.compare(run, (None, "off"))["maps_differ"], ["a"])
        run = self.generic_run(FRAMES, outs)
        run["generic"] = {"refused": "Error: generic says no"}
        res = xv.compare(run, (None, "off"), self.expect("p.o xdp refused/generic: says no\n"))
        self.assertIn("# SKIP expected (", xv.tap([res], False))

    def test_refused_mode_leaves_the_others_compared(self):
        """A refused offload (listed) does not stop generic from being
        compared with native, packets and maps."""
        outs = [(2, f) for f in FRAMES]
        listed = "p.o xdp refused/offload: 6.1 offloads only\n"
        run = self.generic_run(FRAMES, outs)
        run["offload"] = {"refused": "map 'm' is a percpu_array map: 6.1 offloads only"}
        res = xv.compare(run, (None, "off"), self.expect(listed))
        self.assertEqual((res["agree"], res["differ"]), (4, 0))
        self.assertIn("# SKIP expected (", xv.tap([res], False))
        outs[1] = (2, FRAMES[1][:-1] + b"x")
        run = self.generic_run(FRAMES, outs, native=[(2, f) for f in FRAMES])
        run["offload"] = {"refused": "map 'm' is a percpu_array map: 6.1 offloads only"}
        run["maps"] = {"native": {"a": [("00", "04")]}, "generic": {"a": [("00", "05")]}}
        res = xv.compare(run, (None, "off"), self.expect(listed))
        self.assertEqual((res["agree"], res["differ"], res["maps_differ"]), (3, 1, ["a"]))
        self.assertIn("not ok 1", xv.tap([res], False))

    def test_list_line_modes(self):
        """A list line's fourth field gives its run's modes, native first."""
        work = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, work)
        obj, pcap, lst = (os.path.join(work, n) for n in ("p.o", "f.pcap", "l.list"))
        open(obj, "wb").close()
        xv.write_pcap(pcap, FRAMES)
        with open(lst, "w") as f:
            f.write(f"{obj} xdp {pcap} offload,native,generic\n{obj} xdp {pcap}\n")
        args = argparse.Namespace(spec=[], list=lst, modes=["native", "offload"], queues=1)
        runs = xv.parse_runs(args)
        self.assertEqual([r["modes"] for r in runs],
                         [["native", "offload", "generic"], ["native", "offload"]])
        with open(lst, "w") as f:
            f.write(f"{obj} xdp {pcap} offload,generic\n")
        with self.assertRaisesRegex(xv.SetupError, "need native"):
            xv.parse_runs(args)

    def test_modes_selection(self):
        def modes(**kw):
            args = dict(modes=None, inject=None, queues=1)
            args.update(kw)
            return xv.select_modes(argparse.Namespace(**args))
        self.assertEqual(modes(), ["native", "offload"])
        self.assertEqual(modes(modes="generic,native,offload"), ["native", "generic", "offload"])
        self.assertEqual(modes(inject="wire,testrun"), ["native", "offload", "testrun"])
        for bad in (dict(modes="generic,offload"), dict(modes="native,native"),
                    dict(modes="native,hw"), dict(modes="native", inject="wire"),
                    dict(modes="generic,native", queues=2), dict(inject="tap")):
            self.assertIsNone(modes(**bad), bad)

    def test_map_contents_compared_after_the_run(self):
        outs = [(2, f) for f in FRAMES]
        run = run_with(outs, outs)
        hash_a = '[{"key":["0x01","0x00"],"value":["0x05"]},{"key":["0x02","0x00"],"value":["0x07"]}]'
        hash_b = '[{"key":["0x02","0x00"],"value":["0x07"]},{"key":["0x01","0x00"],"value":["0x05"]}]'
        run["maps"] = {"native": {"h": xv.map_contents(hash_a), "a": xv.map_contents("[]")},
                       "offload": {"h": xv.map_contents(hash_b), "a": xv.map_contents("[]")}}
        res = xv.compare(run, (None, "off"))
        self.assertEqual(res["maps_differ"], [])	# same entries, other order
        self.assertIn("ok 1", xv.tap([res], False))
        run["maps"]["offload"]["h"] = xv.map_contents(hash_b.replace("0x07", "0x08"))
        res = xv.compare(run, (None, "off"))
        self.assertEqual((res["agree"], res["maps_differ"]), (4, ["h"]))
        self.assertIn("not ok 1", xv.tap([res], False))
        self.assertIn("maps differ after the run: h", xv.tap([res], False))

    def test_map_dumps_of_any_shape_parse(self):
        percpu = '[{"key":["0x00"],"values":[{"cpu":0,"value":["0x01"]}]}]'
        self.assertEqual(len(xv.map_contents(percpu)), 1)
        self.assertEqual(xv.map_contents("garbage")[0][0], "unreadable")
        self.assertEqual(xv.map_contents('{"error":"x"}')[0][0], "unreadable")

    def test_missing_record_differs(self):
        native = [(2, f) for f in FRAMES]
        offload = native[:3] + [(None, None)]
        res = xv.compare(run_with(native, offload), (None, "off"))
        self.assertEqual((res["agree"], res["differ"]), (3, 1))
        self.assertEqual(res["differ_by_mode"], {"offload": {"no record": 1}})

    def test_lost_frames_are_a_setup_error(self):
        run = run_with([(2, f) for f in FRAMES], [(2, f) for f in FRAMES])
        run["offload"]["wire"] = 3
        with self.assertRaises(xv.SetupError):
            xv.compare(run, (None, "off"))

    def test_native_ring_drops_are_a_setup_error(self):
        run = run_with([(2, f) for f in FRAMES[:3]] + [(None, None)],
                       [(2, f) for f in FRAMES])
        run["native"]["nobuf"] = 1
        with self.assertRaisesRegex(xv.SetupError, "lack of RX buffers"):
            xv.compare(run, (None, "off"))

    def expect(self, text):
        fd, path = tempfile.mkstemp(suffix=".expect")
        with os.fdopen(fd, "w") as f:
            f.write("# reviewed\n" + text)
        self.addCleanup(os.unlink, path)
        return xv.Expectations(path)

    def test_refused_fails_unless_expected(self):
        run = run_with([(2, f) for f in FRAMES], [])
        run["offload"] = {"refused": "map 'm' is a percpu_array map: Linux 6.1 offloads only"}
        res = xv.compare(run, (None, "off"))
        self.assertEqual((res["agree"], res["differ"]), (0, 0))
        self.assertIn("not ok 1 - p.o xdp f.pcap: native vs offload", xv.tap([res], False))
        self.assertIn("not an expected refusal", xv.tap([res], False))
        res = xv.compare(run, (None, "off"),
                         self.expect("p.o xdp refused/offload: is a percpu_array map\n"))
        self.assertIn("ok 1 - p.o xdp f.pcap", xv.tap([res], False))
        self.assertNotIn("not ok", xv.tap([res], False))
        self.assertIn("# SKIP expected (", xv.tap([res], False))
        # listed for another reason: still a failure
        res = xv.compare(run, (None, "off"), self.expect("p.o xdp refused/offload: too long\n"))
        self.assertIn("not ok 1", xv.tap([res], False))

    def test_listed_refusal_that_loads_fails(self):
        outs = [(2, f) for f in FRAMES]
        res = xv.compare(run_with(outs, outs), (None, "off"),
                         self.expect("p.o xdp refused/native: anything\n"))
        self.assertEqual(res["agree"], 4)
        self.assertIn("not ok 1", xv.tap([res], False))
        self.assertIn("update the list", xv.tap([res], False))

    def test_undelivered_needs_a_reason(self):
        native = [(2, f) for f in FRAMES[:2]] + [(None, None)] * 2
        ref = {k: xv.outcome(2, f) for k, f in enumerate(FRAMES)}
        del ref[3]				# the reference refuses packet 3 too
        res = xv.compare(run_with(native, native), (ref, None))
        self.assertEqual((res["undelivered"], res["undelivered_unexplained"]), (2, 1))
        self.assertIn("not ok 1", xv.tap([res], False))
        res = xv.compare(run_with(native, native), (ref, None),
                         self.expect("p.o xdp undelivered: the MAC drops it\n"))
        self.assertNotIn("not ok", xv.tap([res], False))
        # without a reference, the MAC's rule: frames of 60-63 bytes are delivered
        res = xv.compare(run_with(native, native), (None, "off"))
        self.assertEqual(res["undelivered_unexplained"], 2)

    def test_nothing_delivered_fails(self):
        none = [(None, None)] * len(FRAMES)
        res = xv.compare(run_with(none, none), (None, "off"))
        self.assertEqual((res["agree"], res["undelivered"]), (0, 4))
        self.assertIn("not ok 1", xv.tap([res], False))

    def test_reference_not_run_is_a_skip_with_its_reason(self):
        outs = [(2, f) for f in FRAMES]
        res = xv.compare(run_with(outs, outs), (None, "host kernel 9.9 refuses p: invalid func"))
        self.assertIn("ok 2 - p.o xdp f.pcap: native vs reference: reference not run # SKIP "
                      "host kernel 9.9 refuses p: invalid func", xv.tap([res], True))

    def test_bad_expectations_line(self):
        with self.assertRaises(xv.SetupError):
            self.expect("p.o xdp sometimes: why\n")

    def test_reference(self):
        native = [(2, f) for f in FRAMES]
        ref = {k: xv.outcome(2, f) for k, f in enumerate(FRAMES)}
        ref[1] = xv.outcome(2, b"\xaa" * 8 + FRAMES[1])	# 8 bytes of metadata
        ref[2] = xv.outcome(1, FRAMES[2])
        ref[3] = xv.outcome(2, b"\xaa" * 3 + FRAMES[3])	# not a metadata size
        res = xv.compare(run_with(native, native), (ref, None))
        self.assertEqual((res["agree"], res["reference_differ"]), (4, 2))
        self.assertNotIn("not ok", xv.tap([res], False))
        self.assertIn("not ok 2 - p.o xdp f.pcap: native vs reference", xv.tap([res], True))
        res = xv.compare(run_with(native, native), (ref, None),
                         Compare.expect(self, "p.o xdp reference: reads the clock\n"))
        self.assertNotIn("not ok", xv.tap([res], True))

    def test_unknown_action_is_aborted(self):
        self.assertEqual(xv.outcome(7, b"abc")["action"], "ABORTED")
        self.assertEqual(xv.outcome(7, b"abc")["out_len"], 0)


class Refusal(unittest.TestCase):
    def test_ip_error(self):
        self.assertEqual(xv.refusal("libbpf: x|Error: xnic: program too long.|"),
                         "xnic: program too long.")

    def test_map(self):
        out = ("libbpf: Error in bpf_create_map_xattr(m):Operation not supported(-95). "
               "Retrying without BTF.|libbpf: map 'm': failed to create: "
               "Operation not supported(-95)|libbpf: failed to load object '/test/p0.o'")
        self.assertEqual(xv.refusal(out),
                         "map 'm' could not be created on the card: Operation not supported")
        self.assertIn("map 'm' is a percpu_array map: Linux 6.1 offloads only array and hash",
                      xv.refusal(out, {"m": ("percpu_array", 4, 8, 2, 0)}))
        self.assertEqual(xv.refusal(out, {"m": ("hash", 4, 8, 99, 0)}),
                         "the card refused map 'm' (hash, key 4 B, value 8 B, 99 entries): "
                         "Operation not supported")

    def test_global_data_map(self):
        out = "libbpf: map 'p3.data': failed to create: Invalid argument(-22)"
        why = xv.refusal(out, {"ldimm64.data": ("array", 4, 24, 1, 0x400)})
        self.assertIn("the card refused map 'p3.data' (array, key 4 B, value 24 B", why)
        self.assertIn("without flags (this one has 0x400: global data)", why)

    def test_verifier(self):
        out = ("libbpf: prog 'p': BPF program load failed: Invalid argument|"
               "libbpf: prog 'p': -- BEGIN PROG LOAD LOG --|0: (b7) r0 = 1|"
               "R1 invalid mem access 'scalar'|processed 3 insns (limit 1000000)|"
               "-- END PROG LOAD LOG --|libbpf: failed to load object")
        self.assertEqual(xv.refusal(out), "verifier: R1 invalid mem access 'scalar'")


class Pcap(unittest.TestCase):
    def write(self, endian, magic, frames, linktype=1):
        fd, path = tempfile.mkstemp(suffix=".pcap")
        with os.fdopen(fd, "wb") as f:
            f.write(struct.pack(endian + "IHHiIII", magic, 2, 4, 0, 0, 65535, linktype))
            for fr in frames:
                f.write(struct.pack(endian + "IIII", 0, 0, len(fr), len(fr)) + fr)
        self.addCleanup(os.unlink, path)
        return path

    def test_variants(self):
        for endian in "<>":
            for magic in (0xA1B2C3D4, 0xA1B23C4D):
                self.assertEqual(xv.read_pcap(self.write(endian, magic, FRAMES)), FRAMES)

    def write_ng(self, endian, frames, linktype=1):
        def block(btype, body):
            body += b"\0" * (-len(body) % 4)
            n = 12 + len(body)
            return struct.pack(endian + "II", btype, n) + body + struct.pack(endian + "I", n)
        data = block(0x0A0D0D0A, struct.pack(endian + "IHHq", 0x1A2B3C4D, 1, 0, -1))
        data += block(1, struct.pack(endian + "HHI", linktype, 0, 65535))
        for fr in frames[:-1]:
            data += block(6, struct.pack(endian + "IIIII", 0, 0, 0, len(fr), len(fr)) + fr)
        data += block(3, struct.pack(endian + "I", len(frames[-1])) + frames[-1])
        fd, path = tempfile.mkstemp(suffix=".pcapng")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        self.addCleanup(os.unlink, path)
        return path

    def test_pcapng(self):
        for endian in "<>":
            self.assertEqual(xv.read_pcap(self.write_ng(endian, FRAMES)), FRAMES)
        with self.assertRaises(xv.SetupError):
            xv.read_pcap(self.write_ng("<", FRAMES, linktype=113))

    def test_written_pcap_reads_back(self):
        fd, path = tempfile.mkstemp(suffix=".pcap")
        os.close(fd)
        self.addCleanup(os.unlink, path)
        xv.write_pcap(path, FRAMES)
        self.assertEqual(xv.read_pcap(path), FRAMES)

    def test_refused_files(self):
        with self.assertRaises(xv.SetupError):
            xv.read_pcap(self.write("<", 0xA1B2C3D4, FRAMES, linktype=113))
        with self.assertRaises(xv.SetupError):
            xv.read_pcap(self.write("<", 0x12345678, FRAMES))


if __name__ == "__main__":
    unittest.main()
