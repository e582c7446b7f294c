#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the BPF objects embedded in a program to OUTDIR.

Tools built with `bpftool gen skeleton` (xdp-bench, xdp-trafficgen...) carry
their BPF object as a byte array; Debian ships them that way and no .o.  Each
embedded ELF object (EM_BPF) that has an XDP section is written as
PREFIX<source>.o, <source> being the source file named in its BTF strings,
unless OUTDIR holds the same bytes already (libxdp's dispatcher and AF_XDP
programs, which every tool embeds and libxdp1 ships as files).
Prints the name of each object written; fails when the program embeds no
BPF object at all.
Usage: extract-bpf-objects.py BINARY OUTDIR PREFIX
"""
import os
import re
import struct
import sys

ELF64_LE = b"\x7fELF\x02\x01\x01"
EM_BPF = 247


def section_names(obj):
    """Names of the sections of a little-endian ELF64 object."""
    shoff, = struct.unpack_from("<Q", obj, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", obj, 0x3a)
    headers = [struct.unpack_from("<IIQQQQ", obj, shoff + i * shentsize)
               for i in range(shnum)]
    strtab_off, strtab_size = headers[shstrndx][4], headers[shstrndx][5]
    strtab = obj[strtab_off:strtab_off + strtab_size]
    return [strtab[h[0]:strtab.index(b"\0", h[0])].decode() for h in headers]


def embedded_objects(blob):
    """Each EM_BPF ELF64 object inside blob, cut at its section header table's end."""
    at = blob.find(ELF64_LE, 1)
    while at >= 0:
        if struct.unpack_from("<H", blob, at + 18)[0] == EM_BPF:
            shoff, = struct.unpack_from("<Q", blob, at + 0x28)
            shentsize, shnum = struct.unpack_from("<HH", blob, at + 0x3a)
            yield blob[at:at + shoff + shentsize * shnum]
        at = blob.find(ELF64_LE, at + 1)


def main():
    binary, outdir, prefix = sys.argv[1:4]
    with open(binary, "rb") as f:
        blob = f.read()
    present = set()
    for entry in os.scandir(outdir):
        if entry.name.endswith(".o"):
            with open(entry.path, "rb") as f:
                present.add(f.read())
    found = 0
    for obj in embedded_objects(blob):
        found += 1
        if obj in present or not any(name.startswith("xdp")
                                     for name in section_names(obj)):
            continue
        source = re.search(rb"([\w.-]+)\.c\0", obj)
        name = (source.group(1).decode().removesuffix(".bpf") if source
                else f"{os.path.basename(binary)}-{found}")
        with open(os.path.join(outdir, prefix + name + ".o"), "wb") as f:
            f.write(obj)
        present.add(obj)
        print(prefix + name)
    if not found:
        # every xdp-tools program embeds at least libxdp's dispatcher
        sys.exit(f"{binary}: no BPF object found")


if __name__ == "__main__":
    main()
