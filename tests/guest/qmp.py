#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A QMP client for the host-side guest tests (tests/guest/host-migrate.sh).

    qmp.py SOCKET COMMAND [JSON-ARGUMENTS]   runs one command, prints its return
    qmp.py SOCKET migrate URI                migrates and waits for the end;
                                             exits 1 unless it completed
    qmp.py SOCKET job COMMAND JSON-ARGUMENTS starts a job (the arguments
                                             name it: "job-id"), waits for
                                             its end and dismisses it; exits
                                             1 with its error if it failed
    qmp.py SOCKET where                      one line: the run state and where
                                             each vCPU is (RIP, halted,
                                             interrupts enabled): for a guest
                                             that stopped talking
"""
import json
import re
import socket
import sys
import time


class Qmp:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX)
        # the QEMU may still be starting (run-guest.sh builds its initramfs)
        for _ in range(1200):
            try:
                self.sock.connect(path)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("qmp.py: cannot connect to %s" % path)
        # a QEMU whose main loop hangs accepts but never answers
        self.sock.settimeout(60)
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


def job(qmp, name, args):
    """Runs a job to its end; its error message, or None."""
    qmp.command(name, args)
    while True:
        for status in qmp.command("query-jobs"):
            if status["id"] == args["job-id"] and status["status"] == "concluded":
                qmp.command("job-dismiss", {"id": status["id"]})
                return status.get("error")
        time.sleep(0.2)


def where(qmp):
    """The run state and, per vCPU, RIP, HLT and EFLAGS.IF."""
    state = qmp.command("query-status")["status"]
    regs = qmp.command("human-monitor-command",
                       {"command-line": "info registers -a"})
    cpus = []
    for n, dump in enumerate(re.split(r"^CPU#\d+\r?$", regs, flags=re.M)[1:]):
        rip = int(re.search(r"RIP=([0-9a-f]+)", dump).group(1), 16)
        rfl = int(re.search(r"RFL=([0-9a-f]+)", dump).group(1), 16)
        hlt = re.search(r"HLT=(\d)", dump).group(1)
        cpus.append("cpu%d rip=%x hlt=%s if=%d" % (n, rip, hlt, (rfl >> 9) & 1))
    print("; ".join(["state " + state] + cpus))


def main():
    qmp = Qmp(sys.argv[1])
    if sys.argv[2] == "migrate":
        sys.exit(0 if migrate(qmp, sys.argv[3]) else 1)
    if sys.argv[2] == "where":
        where(qmp)
        return
    if sys.argv[2] == "job":
        error = job(qmp, sys.argv[3], json.loads(sys.argv[4]))
        if error:
            raise SystemExit("qmp.py: %s: %s" % (sys.argv[3], error))
        return
    args = json.loads(sys.argv[3]) if len(sys.argv) > 3 else None
    print(json.dumps(qmp.command(sys.argv[2], args)))


if __name__ == "__main__":
    main()
