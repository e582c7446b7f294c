#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Link changes reach the guest driver: the host unplugs and replugs the
# xnic's cable with QMP set_link while tests/guest/parts/driver-link.sh
# watches the carrier in the guest (docs/driver.md "Testing").  Migration
# of a running card is host-migrate.sh's.
. "$(dirname "$0")/host-lib.sh"
QMP=$WORK/qmp.sock

# qmp CMD ARGS-JSON: one QMP command; prints the error and fails if any
qmp() {
	python3 - "$QMP" "$1" "$2" <<'PY'
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
            {"execute": sys.argv[2], "arguments": json.loads(sys.argv[3])}):
    f.write(json.dumps(cmd) + "\n")
    f.flush()
    msg = reply()
    if "error" in msg:
        sys.exit("QMP %s: %s" % (cmd["execute"], msg["error"]["desc"]))
PY
}

# set_link UP: the xnic's netdev (run-guest.sh names it xn0) up or down
set_link() {
	qmp set_link "{\"name\": \"xn0\", \"up\": $([ "$1" = up ] && echo true || echo false)}"
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
