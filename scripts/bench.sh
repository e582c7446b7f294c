#!/bin/sh
# `make bench`: benchmarks as ratios against a reference run side by side,
# never as absolute times (the machine's load varies).
#
# P1 (bench/prog, docs/performance.md "The card against the host's JIT"):
# every corpus program and example on the differential tests' frames, card
# emulator time per packet against the host kernel's JIT (BPF_PROG_TEST_RUN
# with repeat), modelled cycles per packet, emulated instructions per
# second; medians of BENCH_REPEAT rounds (at least 3).  Needs BPF in the
# host kernel (root); otherwise skipped with the reason.
#
# Microengine emulator: the computed-goto interpreter against the same
# emulator built with a plain switch dispatch (me-bench-switch), each loop
# run alternately REPEAT times; reported: median emulated instructions per
# second of each and their ratio, and host ns per emulated instruction.
#
# AF_XDP in the guest (bench/xsk/bench-xsk.sh): frames per second received
# and sent by one socket in zero-copy and in copy mode, when a QEMU and
# guest build are in XNIC_CACHE (`make qemu guest`); otherwise skipped.
#
# P2 (bench/drop/bench-drop.sh, docs/performance.md "Offloaded against
# native drop (P2)"): XDP_DROP frames per second in one guest, the program
# offloaded against the same program native, the same blaster for both;
# the guest's CPU busy share in each mode and the blaster's send rate;
# medians of BENCH_REPEAT rounds.  Needs QEMU and a guest, as AF_XDP.
set -eu
XNIC_STEP=bench
. "$(dirname "$0")/lib.sh"
build=${XNIC_BUILD:-$XNIC_TOP/build}
repeat=${BENCH_REPEAT:-3}
scale=${BENCH_SCALE:-1}
ninja -C "$build" >/dev/null

# OBJECT=ENTRIES for the programs whose maps tests/diff fills first.
progs=
for obj in "$build"/tests/corpus/*.bpf.o "$build"/bench/prog/*.bpf.o; do
	entries=$XNIC_TOP/tests/diff/entries/$(basename "$obj" .bpf.o).entries
	[ -f "$entries" ] && obj=$obj=$entries
	progs="$progs $obj"
done
pcaps=$(ls "$build"/tests/diff/*.pcap | paste -sd, -)
say "P1: card against the host kernel's JIT, per packet"
# shellcheck disable=SC2086 # one word per program
"$build/bench/prog/prog-bench" -r "$((repeat < 3 ? 3 : repeat))" "$pcaps" $progs 2>/dev/null ||
	say "P1 skipped or failed (exit $?)"

out=$(mktemp)
trap 'rm -f "$out"' EXIT
i=0
while [ "$i" -lt "$repeat" ]; do
	say "round $((i + 1))/$repeat"
	"$build/bench/me/me-bench" "$scale" | sed 's/^/goto /' >>"$out"
	"$build/bench/me/me-bench-switch" "$scale" | sed 's/^/switch /' >>"$out"
	i=$((i + 1))
done

# Lines: "<build> <loop> N insns N cycles S s R M insns/s NS ns/insn ...".
awk '
function median(list, n,   a, k, i, j, t) {
	k = split(list, a, " ")
	for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return a[int((k + 1) / 2)]
}
{ rate[$1, $2] = rate[$1, $2] " " $9; ns[$1, $2] = ns[$1, $2] " " $12; loops[$2] = 1 }
END {
	printf "%-6s %18s %18s %8s %14s\n", "loop", "goto M insns/s", "switch M insns/s", "ratio", "goto ns/insn"
	for (l in loops) {
		g = median(rate["goto", l]); s = median(rate["switch", l])
		printf "%-6s %18.1f %18.1f %7.2fx %14.2f\n", l, g, s, g / s, median(ns["goto", l])
	}
}' "$out"

if [ -x "${XNIC_QEMU:-$XNIC_CACHE/qemu-system-x86_64}" ] && [ -f "$XNIC_CACHE/guest/vmlinuz" ]; then
	say "AF_XDP in the guest (zero-copy, copy)"
	"$XNIC_TOP/bench/xsk/bench-xsk.sh" || say "AF_XDP bench failed"
	say "P2: XDP_DROP in the guest, offloaded against native ($repeat rounds)"
	BENCH_REPEAT=$repeat "$XNIC_TOP/bench/drop/bench-drop.sh" || say "P2 bench failed"
else
	say "AF_XDP skipped: no QEMU or guest in $XNIC_CACHE (make qemu guest)"
	say "P2 skipped: no QEMU or guest in $XNIC_CACHE (make qemu guest)"
fi
