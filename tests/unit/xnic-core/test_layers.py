#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The card core's blocks call down, never around (hw/xnic/xnic_core.h).

Reads the sources of hw/xnic as text: a file calls another when it names a
function the other defines.  Comments and strings are left out, so a
comment that mentions a function is no call.

    test_layers.py HW_XNIC_DIR
"""
import pathlib
import re
import sys
import unittest

SRC_DIR = None

DEFINITION = re.compile(r"^(?!static\b)[A-Za-z_][\w \t*]*?\b(xnic_\w+)\(", re.M)
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
STRING = re.compile(r'"(?:\\.|[^"\\])*"')


def sources(src_dir):
    """{file name: text without comments and strings} of the core's .c files."""
    return {p.name: STRING.sub('""', COMMENT.sub("", p.read_text()))
            for p in sorted(pathlib.Path(src_dir).glob("*.c"))}


def definitions(texts):
    """{function: file} of every function a file exports."""
    return {m.group(1): name for name, text in texts.items()
            for m in DEFINITION.finditer(text)}


def calls(texts, defs):
    """{file: {callee file: [functions]}} across files."""
    graph = {}
    for name, text in texts.items():
        for fn, home in defs.items():
            if home != name and re.search(r"\b%s\b" % fn, text):
                graph.setdefault(name, {}).setdefault(home, []).append(fn)
    return graph


def find_cycle(graph):
    """A list of files that call each other in a ring, or None."""
    state = {}

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(graph.get(node, {})):
            if state.get(nxt) == "open":
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                ring = visit(nxt, path + [nxt])
                if ring:
                    return ring
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            ring = visit(node, [node])
            if ring:
                return ring
    return None


class Layers(unittest.TestCase):
    def setUp(self):
        self.texts = sources(SRC_DIR)
        self.defs = definitions(self.texts)
        self.assertGreater(len(self.texts), 5, "no core sources found")
        self.assertIn("xnic_card_run", self.defs)

    def test_no_call_cycle(self):
        graph = calls(self.texts, self.defs)
        ring = find_cycle(graph)
        if ring:
            steps = ["%s -> %s (%s)" % (a, b, ", ".join(graph[a][b]))
                     for a, b in zip(ring, ring[1:])]
            self.fail("blocks call around:\n  " + "\n  ".join(steps))

    def test_symbols_carry_file_prefix(self):
        wrong = ["%s defines %s" % (home, fn)
                 for fn, home in sorted(self.defs.items())
                 if not fn.startswith(home[:-2] + "_")]
        self.assertEqual(wrong, [])


if __name__ == "__main__":
    SRC_DIR = sys.argv.pop(1)
    unittest.main(verbosity=2)
