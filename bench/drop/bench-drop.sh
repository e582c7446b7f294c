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
# and its CPU busy share over that interval; the blaster its send rate;
# this script the host CPU time QEMU spent over the blast (its main loop
# thread, where the net backend and the card run, and its other threads,
# the vCPUs), per frame dropped: unlike rates, that does not depend on
# how much of the shared machine QEMU got.  Prints the medians of
# BENCH_REPEAT rounds and the offloaded/native ratios.
. "$(dirname "$0")/../../tests/guest/host-lib.sh"
rounds=${BENCH_REPEAT:-3}
frames=${BENCH_DROP_FRAMES:-6000000}
senders=${BENCH_DROP_SENDERS:-1}
burst=${BENCH_DROP_BURST:-64}
modes=${BENCH_DROP_MODES:-native offload}
BLAST=$BUILD/bench/drop/drop-blast

# The QEMU process under run-guest.sh (a child of its pipeline)
qemu_pid() {
	local pids=$GUEST_PID next p
	while [ -n "$pids" ]; do
		next=
		for p in $pids; do
			case $(cat "/proc/$p/comm" 2>/dev/null) in
			qemu-system-*) echo "$p"; return 0 ;;
			esac
			next="$next $(pgrep -P "$p")"
		done
		pids=$next
	done
	return 1
}

# qemu_ticks: "MAIN OTHER", user+system clock ticks of QEMU's main thread
# and of its other threads (fields 14, 15 of /proc/PID/task/PID/stat and
# of /proc/PID/stat, which keeps the time of threads that ended)
qemu_ticks() {
	{ sed 's/.*) //' "/proc/$QEMU/task/$QEMU/stat"; sed 's/.*) //' "/proc/$QEMU/stat"; } |
		awk '{ t[NR] = $12 + $13 } END { print t[1], t[2] - t[1] }'
}

python3 "$TOP/bench/drop/drop-frames.py" 256 "$WORK/blast.pcap" ||
	{ echo "drop-frames.py failed" >&2; exit 1; }
# Samples every second (each costs the guest an ethtool exec); a blast
# ends when the count stood still for 3 samples,
# or after 240.
printf 'ROUNDS=%s\nMODES="%s"\nSAMPLE=1\nSTILL=3\nTIMEOUT=240\n' "$rounds" "$modes" >"$WORK/drop.env"
a_host=$(free_port) a_qemu=$(free_port)
# A sink for what the guest sends (nothing is expected)
background "$WIRE" capture "udp:127.0.0.1:$a_host" /dev/null --timeout 3600000 >/dev/null
guest_start "$TOP/bench/drop/guest-drop.sh" \
	--netdev "$(dgram_netdev "$a_qemu" "$a_host")" \
	--add "$WORK/drop.env:/test/drop.env" --timeout $((120 + rounds * 400))

round=1
while [ "$round" -le "$rounds" ]; do
	for mode in $modes; do
		guest_wait_line "^XNIC-READY $mode-$round\$" 300 || break 2
		QEMU=${QEMU:-$(qemu_pid)}
		before=$(qemu_ticks)
		"$BLAST" "$a_qemu" "$WORK/blast.pcap" "$frames" "$senders" "$burst" |
			sed "s/^/blaster $mode $round /" >>"$WORK/host.txt"
		guest_wait_line "^drop-bench $mode $round " 300 || break 2
		echo "qemu $mode $round $before $(qemu_ticks)" >>"$WORK/host.txt"
	done
	round=$((round + 1))
done
guest_finish >/dev/null
grep '^drop-bench ' "$WORK/console.txt" >"$WORK/guest.txt"
grep -q ' rate ' "$WORK/guest.txt" ||
	{ echo "P2 bench: no measurement; console tail:" >&2; tail -n 15 "$WORK/console.txt" >&2; exit 1; }

# Per round, then the medians.  A mode whose drop rate is within 5% of the
# blaster's was bound by the blaster, not by what it measures.
awk -v hz="$(getconf CLK_TCK)" '
function median(list,   a, k, i, j, t) {
	k = split(list, a, " ")
	for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	return a[int((k + 1) / 2)]
}
# blaster MODE ROUND sent N frames in S s: R frames/s
$1 == "blaster" { sent[$2, $3] = $5; send[$2, $3] = $10; next }
# qemu MODE ROUND MAIN0 OTHER0 MAIN1 OTHER1
$1 == "qemu" { main[$2, $3] = ($6 - $4) / hz; other[$2, $3] = ($7 - $5) / hz; next }
# drop-bench MODE ROUND dropped N rate R busy B interval S samples K
$6 == "rate" {
	k = $2 SUBSEP $3
	us_main = 1e6 * main[k] / $5; us_all = 1e6 * (main[k] + other[k]) / $5
	rate[$2] = rate[$2] " " $7; busy[$2] = busy[$2] " " $9; tx[$2] = tx[$2] " " send[k]
	cpu_main[$2] = cpu_main[$2] " " us_main; cpu_all[$2] = cpu_all[$2] " " us_all
	printf "round %s %-8s %8d frames/s over %5.2f s, guest busy %5.1f%%, QEMU %.1f us/frame (main loop %.1f), dropped %d of %d sent at %d/s\n",
		$3, $2, $7, $11, $9, us_all, us_main, $5, sent[k], send[k]
}
$6 == "too-short" { printf "round %s %-8s no interval to measure (dropped %d)\n", $3, $2, $5 }
END {
	printf "%-8s %10s %11s %17s %17s %17s\n", "mode", "frames/s", "guest busy",
		"QEMU us/frame", "main loop us/fr", "blaster frames/s"
	for (m = 1; m <= 2; m++) {
		mode = m == 1 ? "native" : "offload"
		if (rate[mode] == "") continue
		r[mode] = median(rate[mode]); s = median(tx[mode]); c[mode] = median(cpu_all[mode])
		printf "%-8s %10d %10.1f%% %17.1f %17.1f %17d%s\n", mode, r[mode], median(busy[mode]),
			c[mode], median(cpu_main[mode]), s, (r[mode] >= 0.95 * s ? "  (blaster-bound)" : "")
	}
	if (r["native"] > 0 && r["offload"] > 0)
		printf "offloaded/native: drop rate %.2fx (issue 12 target: 20x), QEMU CPU per frame %.2fx less\n",
			r["offload"] / r["native"], c["native"] / c["offload"]
}' "$WORK/host.txt" "$WORK/guest.txt"
