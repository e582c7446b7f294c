#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The tools end to end (docs/isa.md sections 10, 11): assemble, disassemble
# to source and re-assemble to the same image; run a frame through
# xnic-run; assembler errors name file:line:column and fail the command.
set -eu
AS=$1 OBJDUMP=$2 RUN=$3 SRC=$4 PKTGEN=${5:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$AS" -o "$tmp/a.img" "$SRC/forward.s"
"$OBJDUMP" -S "$tmp/a.img" > "$tmp/b.s"
"$AS" -o "$tmp/b.img" "$tmp/b.s"
cmp "$tmp/a.img" "$tmp/b.img" || fail "objdump -S does not re-assemble to the same image"
"$OBJDUMP" "$tmp/a.img" | grep -q "pkt_tx \$xw4, sig4, swap" || fail "listing lacks pkt_tx"

frame=112233445566aabbccddeeff0800450000
"$RUN" -j -x "$frame" -x 0102 "$tmp/a.img" > "$tmp/out.json"
grep -q '"reason":"idle"' "$tmp/out.json" || fail "run did not end idle: $(cat "$tmp/out.json")"
grep -q '"dest":65536,"len":17,"data":"aabbccddeeff1122334455660800450000"' "$tmp/out.json" ||
	fail "MACs not swapped: $(cat "$tmp/out.json")"
[ "$(grep -o '"dest"' "$tmp/out.json" | wc -l)" -eq 1 ] || fail "runt frame was sent"
"$RUN" "$tmp/a.img" | grep -q "^stop: idle" || fail "text output"

# Frames from a pcap, full-size ones included, all come back out.
if [ -n "$PKTGEN" ]; then
	"$PKTGEN" -o "$tmp/g.pcap" -n 6 -k max
	"$RUN" -j -p "$tmp/g.pcap" "$tmp/a.img" > "$tmp/g.json"
	[ "$(grep -o '"len":1514,' "$tmp/g.json" | wc -l)" -eq 6 ] ||
		fail "pcap frames: $(head -c 300 "$tmp/g.json")"
fi

# Memory written with -M is what the program reads; -m shows the result.
printf 'main:\tli a0, 0x100\n\tmem_rd.emem $xr0, a0, #0, #8, sig1, swap\n\tmov $xw0, $xr1\n\tmem_wr.imem $xw0, a0, #0, #4, sig1, swap\n\thalt\n' > "$tmp/m.s"
"$AS" -o "$tmp/m.img" "$tmp/m.s"
"$RUN" -M emem:0x100:0102030405060708 -m imem:0x100:4 "$tmp/m.img" | grep -q "^mem imem 0x100: 05060708$" ||
	fail "-M/-m: $("$RUN" -M emem:0x100:0102030405060708 -m imem:0x100:4 "$tmp/m.img" | tail -1)"
if "$RUN" -M emem:0xfffffff:01 "$tmp/m.img" 2> "$tmp/err"; then
	fail "-M outside memory accepted"
fi
grep -q "do not fit" "$tmp/err" || fail "-M error: $(cat "$tmp/err")"

printf 'main:\tnop\n\tadd a0, a1, a2\n' > "$tmp/bad.s"
if "$AS" -o "$tmp/bad.img" "$tmp/bad.s" 2> "$tmp/err"; then
	fail "bad source assembled"
fi
grep -q "bad.s:2:2: error: add: bank rule" "$tmp/err" || fail "error text: $(cat "$tmp/err")"
[ ! -e "$tmp/bad.img" ] || fail "image written despite errors"
echo "PASS: tools"
