#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Link changes reach the guest driver: the host unplugs and replugs the
# xnic's cable with QMP set_link while tests/guest/parts/driver-link.sh
# watches the carrier in the guest (docs/driver.md "Testing").
. "$(dirname "$0")/host-lib.sh"
QMP=$WORK/qmp.sock

# set_link UP: one QMP set_link on the xnic's netdev (run-guest.sh names it xn0)
set_link() {
	python3 - "$QMP" "$1" <<'PY'
import json, socket, sys
sock = socket.socket(socket.AF_UNIX)
sock.connect(sys.argv[1])
f = sock.makefile("rw")
def reply():
    while True:
        msg = json.loads(f.readline())
        if "return" in msg or "error" in msg:
            return msg
f.readline()                                   # greeting
for cmd in ({"execute": "qmp_capabilities"},
            {"execute": "set_link",
             "arguments": {"name": "xn0", "up": sys.argv[2] == "up"}}):
    f.write(json.dumps(cmd) + "\n")
    f.flush()
    msg = reply()
    if "error" in msg:
        sys.exit("QMP %s: %s" % (cmd["execute"], msg["error"]))
PY
}

guest_start "$TOP/tests/guest/parts/driver-link.sh" --netdev user \
	--qemu-arg "-qmp unix:$QMP,server=on,wait=off" --timeout 240
for step in "link-up down" "link-down up"; do
	set -- $step
	if guest_wait_line "XNIC-READY $1" 180; then
		set_link "$2" || fail "set_link $2" "QMP refused"
	else
		fail "guest reached $1" "no XNIC-READY $1 line"
		break
	fi
done
guest_finish
result
