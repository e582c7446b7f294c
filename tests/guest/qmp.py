#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A QMP client for the host-side guest tests (tests/guest/host-migrate.sh).

    qmp.py SOCKET COMMAND [JSON-ARGUMENTS]   runs one command, prints its return
    qmp.py SOCKET migrate URI                migrates and waits for the end;
                                             exits 1 unless it completed
"""
import json
import socket
import sys
import time


class Qmp:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX)
        for _ in range(300):
            try:
                self.sock.connect(path)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("qmp.py: cannot connect to %s" % path)
        self.file = self.sock.makefile("rw")
        self.read()
        self.command("qmp_capabilities")

    def read(self):
        while True:
            msg = json.loads(self.file.readline())
            if "event" not in msg:
                return msg

    def command(self, name, args=None):
        req = {"execute": name}
        if args:
            req["arguments"] = args
        self.file.write(json.dumps(req) + "\n")
        self.file.flush()
        reply = self.read()
        if "error" in reply:
            raise SystemExit("qmp.py: %s: %s" % (name, reply["error"]["desc"]))
        return reply["return"]


def migrate(qmp, uri):
    qmp.command("migrate", {"uri": uri})
    while True:
        status = qmp.command("query-migrate")
        state = status.get("status")
        if state in ("completed", "failed", "cancelled"):
            print(json.dumps(status))
            return state == "completed"
        time.sleep(0.2)


def main():
    qmp = Qmp(sys.argv[1])
    if sys.argv[2] == "migrate":
        sys.exit(0 if migrate(qmp, sys.argv[3]) else 1)
    args = json.loads(sys.argv[3]) if len(sys.argv) > 3 else None
    print(json.dumps(qmp.command(sys.argv[2], args)))


if __name__ == "__main__":
    main()
