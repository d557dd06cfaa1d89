#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send human-monitor (HMP) commands to a test VM's QEMU monitor socket.

usage: monitor.py SOCKET COMMAND [COMMAND...]
Prints what QEMU answers; exits 1 if an answer looks like an error.
"""
import socket
import sys
import time


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    for _ in range(100):
        try:
            s.connect(sys.argv[1])
            break
        except OSError:
            time.sleep(0.1)
    else:
        print("monitor.py: cannot connect to", sys.argv[1], file=sys.stderr)
        return 1
    s.settimeout(10)

    def read_prompt():
        buf = b""
        while not buf.endswith(b"(qemu) "):
            chunk = s.recv(4096)
            if not chunk:
                break
            buf += chunk
        return buf.decode(errors="replace")

    read_prompt()
    rc = 0
    for cmd in sys.argv[2:]:
        s.sendall(cmd.encode() + b"\n")
        out = read_prompt()
        # the monitor echoes the command line; what follows is the answer
        answer = out.split("\n", 1)[1] if "\n" in out else ""
        answer = answer.replace("(qemu) ", "").strip()
        print(f"(qemu) {cmd}" + (f"\n{answer}" if answer else ""))
        if any(w in answer.lower() for w in ("error", "invalid", "unknown", "failed")):
            rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
