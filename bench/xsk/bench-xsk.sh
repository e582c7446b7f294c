#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# AF_XDP frames per second in the guest, zero-copy against copy mode
# (`make bench`; docs/performance.md "AF_XDP").  A measurement, never an
# assertion: the guest runs under TCG on a shared machine.
#
# RX: the host sends rx.pcap (tests/guest/xsk-corpus.py) BENCH_XSK_ROUNDS
# times over, in one pcap with no gap; xsk-test counts the frames its socket on queue 0
# received between the first and the last.  TX: xsk-test sends tx.pcap
# BENCH_XSK_ROUNDS times and counts until the last completion.  Prints one
# line per mode and direction.
. "$(dirname "$0")/../../tests/guest/host-lib.sh"
rounds=${BENCH_XSK_ROUNDS:-20}

python3 "$TOP/tests/guest/xsk-corpus.py" gen "$WORK" &&
	python3 "$TOP/tests/guest/xsk-corpus.py" repeat "$WORK/rx.pcap" "$rounds" "$WORK/burst.pcap" ||
	{ echo "xsk-corpus.py failed" >&2; exit 1; }
echo "ROUNDS=$rounds" >>"$WORK/xsk.env"
a_host=$(free_port) a_qemu=$(free_port)
# A sink for what the guest sends
background "$WIRE" capture "udp:127.0.0.1:$a_host" /dev/null --timeout 900000
guest_start "$(dirname "$0")/guest-xsk.sh" \
	--netdev "$(dgram_netdev "$a_qemu" "$a_host")" \
	--add "$WORK/xsk.env:/test/xsk.env" --add "$WORK/rx.pcap:/test/rx.pcap" \
	--add "$WORK/tx.pcap:/test/tx.pcap" --timeout 900
for mode in zc copy; do
	guest_wait_line "^XNIC-READY rx-$mode\$" 400 || break
	"$WIRE" send "udp:127.0.0.1:$a_qemu" "$WORK/burst.pcap" >/dev/null
done
guest_finish >/dev/null
grep '^xsk-test: bench' "$WORK/console.txt" | sed 's/^xsk-test: bench /AF_XDP /'
grep -q '^xsk-test: bench' "$WORK/console.txt" ||
	{ echo "AF_XDP bench: no measurement; console tail:" >&2; tail -n 15 "$WORK/console.txt" >&2; exit 1; }
