#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""TCP peer on 127.0.0.1 for host-slirp.sh: the guest reaches it through
slirp's gateway (10.0.2.2 maps to the host's loopback).

One port serves SIZE deterministic bytes to whoever connects, then closes;
the other reads exactly SIZE bytes and records their SHA-256.  Prints
"PORTS <get> <put> SHA <sha of served data>" once listening, and exits after
one connection on each port or after --timeout seconds."""
import argparse, hashlib, socket, sys, threading


def blob(size):
    out, counter = bytearray(), 0
    while len(out) < size:
        out += hashlib.sha256(counter.to_bytes(8, "little")).digest()
        counter += 1
    return bytes(out[:size])


def listener():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    return s


def serve_get(sock, data):
    conn, _ = sock.accept()
    conn.sendall(data)
    conn.close()


def serve_put(sock, size, result_path):
    conn, _ = sock.accept()
    h, got = hashlib.sha256(), 0
    while got < size:
        chunk = conn.recv(min(65536, size - got))
        if not chunk:
            break
        h.update(chunk)
        got += len(chunk)
    conn.close()
    with open(result_path, "w") as f:
        f.write(f"{got} {h.hexdigest()}\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, required=True)
    ap.add_argument("--result", required=True)
    ap.add_argument("--timeout", type=float, default=300)
    args = ap.parse_args()
    data = blob(args.size)
    get_sock, put_sock = listener(), listener()
    workers = [threading.Thread(target=serve_get, args=(get_sock, data), daemon=True),
               threading.Thread(target=serve_put, args=(put_sock, args.size, args.result),
                                daemon=True)]
    for w in workers:
        w.start()
    print(f"PORTS {get_sock.getsockname()[1]} {put_sock.getsockname()[1]} "
          f"SHA {hashlib.sha256(data).hexdigest()}", flush=True)
    for w in workers:
        w.join(args.timeout)
    sys.exit(0 if not any(w.is_alive() for w in workers) else 1)


if __name__ == "__main__":
    main()
