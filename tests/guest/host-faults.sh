#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Card faults injected by the host (docs/device.md "Fault injection")
# while an offloaded program with maps runs (tests/guest/parts/faults.sh),
# each armed with QMP qom-set: a card that stops answering the mailbox in
# the middle of a MAP_OP (x-fault-mbox-hang), a descriptor read that fails
# (x-fault-dma-desc), the queue vectors and then the misc vector masked in
# the MSI-X table behind the driver's back (x-fault-msix-mask), the
# firmware's watchdog during a program switch (x-fault-switch-watchdog).
# The guest checks that the driver reports each and recovers with what
# the kernel keeps; QEMU must stay up and answer QMP.
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
	--add "$WORK/counts.env:/test/counts.env" --timeout 700 \
	--add "$TOP/tests/guest/parts/maps-traffic.sh:/test/maps-traffic.sh" \
	--qemu-arg "-qmp unix:$WORK/qmp,server=on,wait=off"

# qom_set PROPERTY VALUE NAME / qom_is PROPERTY VALUE NAME: a check each
qom_set() {
	if out=$("$QMP" "$WORK/qmp" qom-set "{\"path\": \"$DEV\", \"property\": \"$1\", \"value\": $2}" 2>&1); then
		pass "$3"
	else
		fail "$3" "$out"
		return 1
	fi
}
qom_get() { "$QMP" "$WORK/qmp" qom-get "{\"path\": \"$DEV\", \"property\": \"$1\"}" 2>&1; }
qom_is() {
	v=$(qom_get "$1")
	if [ "$v" = "$2" ]; then
		pass "$3"
	else
		fail "$3" "$1 is $v, not $2"
	fi
}
link() {
	"$QMP" "$WORK/qmp" set_link "{\"name\": \"xn0\", \"up\": $1}" >/dev/null ||
		fail "set_link $1" "QMP refused"
}
# wait_ready TAG: the guest's XNIC-READY TAG line, or a failure
wait_ready() {
	guest_wait_line "^XNIC-READY $1\$" 180 && return 0
	fail "$1" "no XNIC-READY $1"
	return 1
}

# The guest's two queue pairs (-smp 2) use MSI-X vectors 1 and 2
QUEUE_VECTORS=6

# one_shot TAG PROPERTY WHAT: when the guest says TAG, arm a fault that
# spoils one WHAT and send passes; when it says TAG-after, the fault must
# be used up, and passes go again
one_shot() {
	wait_ready "$1" || return 1
	qom_set "$2" 1 "$1: fault armed over QMP" || return 1
	send a.pcap
	wait_ready "$1-after" || return 1
	qom_is "$2" 0 "$1: the fault was used up by one $3"
	send a.pcap
}

faults() {
	one_shot dma-desc x-fault-dma-desc descriptor || return

	# vectors the driver does not use stay masked as the kernel left them
	wait_ready msix-queues || return
	unused=$(qom_get x-fault-msix-mask)
	qom_set x-fault-msix-mask $QUEUE_VECTORS "msix-queues: vectors masked over QMP" || return
	qom_is x-fault-msix-mask $((unused | QUEUE_VECTORS)) "msix-queues: the table shows them masked"
	send a.pcap
	wait_ready msix-queues-after || return
	qom_is x-fault-msix-mask "$unused" "msix-queues: the datapath reset unmasked them"
	send a.pcap

	one_shot switch-wd x-fault-switch-watchdog switch || return

	wait_ready msix-misc || return
	qom_set x-fault-msix-mask 1 "msix-misc: vector 0 masked over QMP" || return
	link false
	wait_ready msix-misc-up || return
	# before the cable goes back: the guest ends soon after
	qom_is x-fault-msix-mask $((unused | 1)) "msix-misc: vector 0 stays masked"
	link true
}

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
	faults
}
run
guest_finish
result
