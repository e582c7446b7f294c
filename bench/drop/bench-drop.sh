#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# P2: XDP_DROP frames per second in one TCG guest, offloaded against
# native (`make bench`; docs/performance.md "Offloaded against native
# drop (P2)").  A measurement, never an assertion.
#
# One guest runs bench/drop/guest-drop.sh: per round, the program
# tests/guest/xdp/offload_parse.c attached natively, then offloaded, and
# for each the same blaster: drop-blast (bench/drop/drop_blast.c) sends
# BENCH_DROP_FRAMES frames (bench/drop/drop-frames.py, all dropped by the
# program) to the guest's dgram netdev as fast as it can, from
# BENCH_DROP_SENDERS threads in sendmmsg() bursts of BENCH_DROP_BURST.
# The guest reports the drop rate between the first and the last frame
# and its CPU busy share over that interval; the blaster its send rate.
# Prints the medians of BENCH_REPEAT rounds and the ratio of the drop
# rates.
. "$(dirname "$0")/../../tests/guest/host-lib.sh"
rounds=${BENCH_REPEAT:-3}
frames=${BENCH_DROP_FRAMES:-500000}
senders=${BENCH_DROP_SENDERS:-1}
burst=${BENCH_DROP_BURST:-64}
BLAST=$BUILD/bench/drop/drop-blast

python3 "$TOP/bench/drop/drop-frames.py" 256 "$WORK/blast.pcap" ||
	{ echo "drop-frames.py failed" >&2; exit 1; }
# Samples every 0.5 s; a blast ends when the count stood still for 2 s,
# or after 120 s.
printf 'ROUNDS=%s\nSAMPLE=0.5\nSTILL=4\nTIMEOUT=240\n' "$rounds" >"$WORK/drop.env"
a_host=$(free_port) a_qemu=$(free_port)
# A sink for what the guest sends (nothing is expected)
background "$WIRE" capture "udp:127.0.0.1:$a_host" /dev/null --timeout 3600000
guest_start "$TOP/bench/drop/guest-drop.sh" \
	--netdev "$(dgram_netdev "$a_qemu" "$a_host")" \
	--add "$WORK/drop.env:/test/drop.env" --timeout $((120 + rounds * 400))

round=1
while [ "$round" -le "$rounds" ]; do
	for mode in native offload; do
		guest_wait_line "^XNIC-READY $mode-$round\$" 300 || break 2
		"$BLAST" "$a_qemu" "$WORK/blast.pcap" "$frames" "$senders" "$burst" |
			sed "s/^/blaster $mode $round /" >>"$WORK/blaster.txt"
	done
	round=$((round + 1))
done
guest_finish >/dev/null
grep '^drop-bench ' "$WORK/console.txt" >"$WORK/guest.txt"
grep -q ' rate ' "$WORK/guest.txt" ||
	{ echo "P2 bench: no measurement; console tail:" >&2; tail -n 15 "$WORK/console.txt" >&2; exit 1; }

# Per round, then the medians.  A mode whose drop rate is within 5% of the
# blaster's was bound by the blaster, not by what it measures.
awk '
function median(list,   a, k, i, j, t) {
	k = split(list, a, " ")
	for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	return a[int((k + 1) / 2)]
}
# blaster MODE ROUND sent N frames in S s: R frames/s
FILENAME ~ /blaster/ { sent[$2, $3] = $5; send[$2, $3] = $10; next }
$5 == "rate" {
	key = $2 SUBSEP $3
	rate[$2] = rate[$2] " " $6; busy[$2] = busy[$2] " " $8; tx[$2] = tx[$2] " " send[key]
	printf "round %s %-8s %10d frames/s  busy %5.1f%%  dropped %d of %d sent at %d frames/s\n",
		$3, $2, $6, $8, $4, sent[key], send[key]
}
$5 == "too-short" { printf "round %s %-8s no interval to measure (dropped %d)\n", $3, $2, $4 }
END {
	printf "%-8s %12s %12s %18s\n", "mode", "frames/s", "guest busy", "blaster frames/s"
	for (m = 1; m <= 2; m++) {
		mode = m == 1 ? "native" : "offload"
		if (rate[mode] == "") continue
		r[mode] = median(rate[mode]); s = median(tx[mode])
		printf "%-8s %12d %11.1f%% %18d%s\n", mode, r[mode], median(busy[mode]), s,
			r[mode] >= 0.95 * s ? "  (blaster-bound)" : ""
	}
	if (r["native"] > 0 && r["offload"] > 0)
		printf "offloaded/native drop rate: %.1fx (issue 12 target: 20x)\n", r["offload"] / r["native"]
}' "$WORK/blaster.txt" "$WORK/guest.txt"
