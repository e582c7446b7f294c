#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A running card migrates (docs/device.md "Migration"): the guest offloads
# tests/guest/xdp/offload_maps.c (maps on the card) and the host sends
# frames (tools/xnic-wire) while it
#   1. migrates the guest live to a second QEMU (-incoming unix:...),
#      frames arriving during the migration;
#   2. snapshots the destination to a file (migrate "exec:cat > FILE",
#      then cont), sends frames, and reverts to the snapshot in a third
#      QEMU (-incoming "exec:cat FILE"), as savevm/loadvm would on a disk
#      image (this guest has none: it runs from its initrd).
# The guest side (tests/guest/parts/migrate.sh) checks that the program
# runs on, the maps keep their values and keep counting, no frame is
# counted twice and the driver notices nothing; MIGRATE-COUNTERS lines
# give the counters before and after.
. "$(dirname "$0")/host-lib.sh"

QMP=$(dirname "$0")/qmp.py
python3 - "$WORK" "$TOP" <<'PY' || { fail frames "frame generation failed"; result; exit 1; }
import importlib.util, os, sys
here = os.path.join(sys.argv[2], "tests/guest")
spec = importlib.util.spec_from_file_location("frames", os.path.join(here, "offload-frames.py"))
frames = importlib.util.module_from_spec(spec)
spec.loader.exec_module(frames)
out = sys.argv[1]

def batch(name, src, n):
    fs = []
    for i in range(n):
        f = bytearray(frames.frame(i, frames.PASS))
        f[26:30] = bytes(src)          # IPv4 source address
        f[24:26] = b"\0\0"
        f[24:26] = frames.checksum(bytes(f[14:34])).to_bytes(2, "big")
        fs.append(bytes(f))
    frames.write_pcap(os.path.join(out, name), fs)
    return n

n_a = batch("a.pcap", [10, 9, 0, 1], 20)
n_b = batch("b.pcap", [10, 9, 0, 3], 10)
batch("c.pcap", [10, 9, 0, 4], 1)
with open(os.path.join(out, "counts.env"), "w") as env:
    env.write("N_A=%d\nN_B=%d\n" % (n_a, n_b))
PY

host=$(free_port)
ports="$(free_port) $(free_port) $(free_port)"
set -- $ports
src_port=$1 dst_port=$2 rev_port=$3
script=$(dirname "$0")/parts/migrate.sh
send() { "$WIRE" send "udp:127.0.0.1:$1" "$WORK/$2" --gap-us "${3:-2000}" >/dev/null; }

# qemu_start NAME PORT [run-guest.sh options]: a QEMU with a QMP socket
# $WORK/NAME.qmp whose console goes to $WORK/NAME.log
qemu_start() {
	name=$1 port=$2
	shift 2
	: >"$WORK/$name.log"
	"$TOP/scripts/run-guest.sh" --script "$script" \
		--add "$TOP/tests/guest/guest-lib.sh:/test/lib.sh" \
		--add "$WORK/counts.env:/test/counts.env" \
		--add "$TOP/tests/guest/parts/maps-traffic.sh:/test/maps-traffic.sh" \
		--netdev "$(dgram_netdev "$port" "$host")" --timeout 600 \
		--qemu-arg "-qmp unix:$WORK/$name.qmp,server=on,wait=off" "$@" \
		>"$WORK/$name.log" 2>&1 &
	eval "${name}_pid=\$!"
	HOST_PIDS="$HOST_PIDS $!"
}
# on NAME: the guest's console and QEMU are now those of NAME
on() { GUEST_LOG=$WORK/$1.log; eval "GUEST_PID=\$${1}_pid"; }

qemu_start src "$src_port"
on src
step() { guest_wait_line "^XNIC-READY $1\$" "$2" || { fail "guest reached $1" "no XNIC-READY $1 line"; return 1; }; }

run() {
	step before 300 || return
	send "$src_port" a.pcap
	send "$src_port" b.pcap
	step migrate 120 || return
	qemu_start dst "$dst_port" --qemu-arg "-incoming unix:$WORK/migrate.sock"
	# traffic during the migration (not a function: a subshell would run
	# host-lib.sh's EXIT trap)
	background "$WIRE" send "udp:127.0.0.1:$src_port" "$WORK/a.pcap" --gap-us 50000
	if out=$("$QMP" "$WORK/src.qmp" migrate "unix:$WORK/migrate.sock" 2>&1); then
		pass "live migration over a unix socket completed"
	else
		fail "live migration over a unix socket completed" "$out"
		return
	fi
	"$QMP" "$WORK/src.qmp" quit >/dev/null 2>&1
	on dst
	send "$dst_port" a.pcap
	send "$dst_port" b.pcap
	step snapshot 300 || return
	if out=$("$QMP" "$WORK/dst.qmp" migrate "exec:cat > $WORK/snapshot" 2>&1) &&
	   "$QMP" "$WORK/dst.qmp" cont >/dev/null; then
		pass "snapshot to a file taken, the guest goes on"
	else
		fail "snapshot to a file taken" "$out"
		return
	fi
	send "$dst_port" b.pcap
	step revert 120 || return
	"$QMP" "$WORK/dst.qmp" quit >/dev/null 2>&1
	qemu_start rev "$rev_port" --qemu-arg "-incoming defer"
	on rev
	if out=$("$QMP" "$WORK/rev.qmp" migrate-incoming "{\"uri\": \"exec:cat $WORK/snapshot\"}" 2>&1); then
		pass "reverted to the snapshot in a new QEMU"
	else
		fail "reverted to the snapshot in a new QEMU" "$out"
		return
	fi
	send "$rev_port" b.pcap
	send "$rev_port" c.pcap
}
run
wait "$GUEST_PID"
rc=$?
# The results: the source's, the destination's up to the snapshot (what
# came after it was reverted), then the reverted guest's.
{
	tr -d '\r' <"$WORK/src.log"
	[ -f "$WORK/dst.log" ] && tr -d '\r' <"$WORK/dst.log" | sed '/^XNIC-READY snapshot$/q'
	[ -f "$WORK/rev.log" ] && tr -d '\r' <"$WORK/rev.log"
} >"$WORK/console.txt"
grep '^MIGRATE-COUNTERS' "$WORK/console.txt"
guest_results "$WORK/console.txt" "$rc"
result
