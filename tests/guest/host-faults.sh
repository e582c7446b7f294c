#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Card faults injected by the host (docs/device.md "Fault injection")
# while an offloaded program with maps runs (tests/guest/parts/faults.sh):
# a card that stops answering the mailbox in the middle of a MAP_OP
# (QMP qom-set x-fault-mbox-hang).  The guest checks that the driver
# reports it and recovers; QEMU must stay up and answer QMP.
. "$(dirname "$0")/host-lib.sh"

QMP=$(dirname "$0")/qmp.py
python3 - "$WORK" "$TOP" <<'PY' || { fail frames "frame generation failed"; result; exit 1; }
import importlib.util, os, sys
spec = importlib.util.spec_from_file_location(
    "frames", os.path.join(sys.argv[2], "tests/guest/offload-frames.py"))
frames = importlib.util.module_from_spec(spec)
spec.loader.exec_module(frames)

def batch(name, src, n):
    fs = []
    for i in range(n):
        f = bytearray(frames.frame(i, frames.PASS))
        f[26:30] = bytes(src)
        f[24:26] = b"\0\0"
        f[24:26] = frames.checksum(bytes(f[14:34])).to_bytes(2, "big")
        fs.append(bytes(f))
    frames.write_pcap(os.path.join(sys.argv[1], name), fs)
    return n

with open(os.path.join(sys.argv[1], "counts.env"), "w") as env:
    env.write("N_A=%d\nN_B=%d\n" % (batch("a.pcap", [10, 9, 0, 1], 20),
                                    batch("b.pcap", [10, 9, 0, 3], 10)))
PY

host=$(free_port) qemu=$(free_port)
DEV=/machine/peripheral/xnic0
send() { "$WIRE" send "udp:127.0.0.1:$qemu" "$WORK/$1" --gap-us 2000 >/dev/null; }
guest_start "$(dirname "$0")/parts/faults.sh" \
	--netdev "$(dgram_netdev "$qemu" "$host")" --xnic-opts id=xnic0 \
	--add "$WORK/counts.env:/test/counts.env" --timeout 400 \
	--add "$TOP/tests/guest/parts/maps-traffic.sh:/test/maps-traffic.sh" \
	--qemu-arg "-qmp unix:$WORK/qmp,server=on,wait=off"

run() {
	guest_wait_line '^XNIC-READY traffic$' 300 || { fail "guest ready" "no XNIC-READY traffic"; return; }
	send a.pcap
	send b.pcap
	guest_wait_line '^XNIC-READY mbox-hang$' 120 || { fail "mbox-hang" "no XNIC-READY mbox-hang"; return; }
	if out=$("$QMP" "$WORK/qmp" qom-set "{\"path\": \"$DEV\", \"property\": \"x-fault-mbox-hang\", \"value\": 1}" 2>&1); then
		pass "mbox-hang: fault armed over QMP"
	else
		fail "mbox-hang: fault armed over QMP" "$out"
		return
	fi
	send a.pcap
	guest_wait_line '^XNIC-READY mbox-after$' 120 || { fail "mbox-hang" "no XNIC-READY mbox-after"; return; }
	v=$("$QMP" "$WORK/qmp" qom-get "{\"path\": \"$DEV\", \"property\": \"x-fault-mbox-hang\"}" 2>&1)
	if [ "$v" = 0 ]; then
		pass "mbox-hang: the fault was used up by the one MAP_OP"
	else
		fail "mbox-hang: the fault was used up by the one MAP_OP" "x-fault-mbox-hang is $v"
	fi
	send b.pcap
}
run
guest_finish
result
