#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A running card migrates and goes back to a snapshot (docs/device.md
# "Migration"): the guest offloads tests/guest/xdp/offload_maps.c (maps on
# the card) and the host sends frames (tools/xnic-wire) while it
#   1. migrates the guest live to a second QEMU (-incoming unix:...),
#      frames arriving during the migration;
#   2. saves the destination to a snapshot on a qcow2 image (QMP
#      snapshot-save, the job behind savevm), sends frames that move the
#      maps, and loads the snapshot over the card that counted them
#      (snapshot-load, as loadvm), then sends the frames again and a new one.
# The guest side (tests/guest/parts/migrate.sh) checks that the program
# runs on, the maps hold the snapshot's values and keep counting, no frame
# is counted twice and the driver notices nothing; MIGRATE-COUNTERS lines
# give the counters at each step.  Its lines after the loadvm are labelled
# "after loadvm".
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

if ! qemu-img create -f qcow2 "$WORK/vm.qcow2" 1M >/dev/null; then
	fail "qcow2 image for the snapshot" "qemu-img create failed (Debian's qemu-utils)"
	result
	exit 1
fi

host=$(free_port)
ports="$(free_port) $(free_port)"
set -- $ports
src_port=$1 dst_port=$2
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
on() { guest=$1 from=0; GUEST_LOG=$WORK/$1.log; eval "GUEST_PID=\$${1}_pid"; }
# ended NAME: waits for the QEMU NAME to end; its exit code in NAME_rc
ended() { eval "wait \$${1}_pid; ${1}_rc=\$?"; }

# step NAME SECONDS: waits for the guest's XNIC-READY NAME after byte $from
# of its console (before it: what the guest printed before a loadvm took
# it back to an earlier point)
step() {
	n=$(($2 * 5))
	until tail -c +$((from + 1)) "$GUEST_LOG" | tr -d '\r' |
	      grep -q "^XNIC-READY $1\$"; do
		if ! kill -0 "$GUEST_PID" 2>/dev/null; then
			fail "guest reached $1" "no XNIC-READY $1 line; its QEMU ended"
			return 1
		fi
		if [ "$n" = 0 ]; then
			fail "guest reached $1" "no XNIC-READY $1 line in $2 s; $("$QMP" "$WORK/$guest.qmp" where 2>&1)"
			return 1
		fi
		sleep 0.2
		n=$((n - 1))
	done
}

# snapshot NAME save|load: QMP snapshot-save or snapshot-load of the
# snapshot "card", VM state and disk both on the image's node
snapshot() {
	"$QMP" "$WORK/$1.qmp" job "snapshot-$2" "{\"job-id\": \"$2\", \"tag\": \"card\",
		\"vmstate\": \"vmstate\", \"devices\": [\"vmstate\"]}"
}

qemu_start src "$src_port"
on src

run() {
	step before 300 || return
	send "$src_port" a.pcap
	send "$src_port" b.pcap
	step migrate 120 || return
	qemu_start dst "$dst_port" --vmstate "$WORK/vm.qcow2" \
		--qemu-arg "-incoming unix:$WORK/migrate.sock"
	# QEMU listens on the -incoming socket before its monitor answers; a
	# migrate sent before that fails ("No such file or directory")
	if ! out=$("$QMP" "$WORK/dst.qmp" query-status 2>&1) ||
	   ! echo "$out" | grep -q '"inmigrate"'; then
		fail "destination QEMU waits for the migration" "$out"
		return
	fi
	# traffic during the migration (not a function: a subshell would run
	# host-lib.sh's EXIT trap)
	background "$WIRE" send "udp:127.0.0.1:$src_port" "$WORK/a.pcap" --gap-us 50000 >/dev/null
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
	step savevm 300 || return
	if out=$(snapshot dst save 2>&1); then
		pass "savevm (snapshot-save) to the qcow2 image, the guest goes on"
	else
		fail "savevm (snapshot-save) to the qcow2 image" "$out"
		return
	fi
	send "$dst_port" a.pcap
	send "$dst_port" b.pcap
	step loadvm 120 || return
	loaded_at=$(wc -c <"$WORK/dst.log")
	if out=$(snapshot dst load 2>&1); then
		pass "loadvm (snapshot-load) from the qcow2 image"
	else
		fail "loadvm (snapshot-load) from the qcow2 image" "$out"
		return
	fi
	# the guest is back at the snapshot: both batches again, and once it
	# counted them, a frame from a new source
	from=$loaded_at
	send "$dst_port" a.pcap
	send "$dst_port" b.pcap
	step loadvm 120 || return
	send "$dst_port" c.pcap
}
loaded_at="" dst_rc=0
run
# after a failed step the guests would wait for the host until their timeout
if [ "$T_FAILED" != 0 ]; then
	for name in src dst; do
		eval "pid=\${${name}_pid:-}"
		[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null &&
			"$QMP" "$WORK/$name.qmp" quit >/dev/null 2>&1
	done
fi
ended "$guest"
# The results: the source's, the destination's up to the loadvm, then
# (labelled) what the guest printed after the loadvm.
tr -d '\r' <"$WORK/src.log" >"$WORK/console.txt"
if [ -z "$loaded_at" ]; then
	[ -f "$WORK/dst.log" ] && tr -d '\r' <"$WORK/dst.log" >>"$WORK/console.txt"
	parts="console.txt:$dst_rc"
else
	head -c "$loaded_at" "$WORK/dst.log" | tr -d '\r' >>"$WORK/console.txt"
	tail -c +$((loaded_at + 1)) "$WORK/dst.log" | tr -d '\r' |
		sed 's/^\(PASS: \|FAIL: \|SKIP: \|MIGRATE-COUNTERS \)/\1after loadvm: /' \
		>"$WORK/loaded.txt"
	parts="console.txt:0 loaded.txt:$dst_rc"
fi
for part in $parts; do
	grep '^MIGRATE-COUNTERS' "$WORK/${part%:*}"
done
for part in $parts; do
	guest_results "$WORK/${part%:*}" "${part#*:}"
done
result
