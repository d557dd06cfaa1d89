#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Wait for one job of a pooled test VM (tests/vm/run, TDXHOST_VM_POOL).

  pool-wait.py CONSOLE OFFSET JOB DONE PID TIMEOUT QUIET SAVE

Follows the guest's console file from byte OFFSET, relays the lines between
@@TDXHOST-BEGIN-JOB@@ and @@TDXHOST-END-JOB@@ (unless QUIET is 1), saves
everything it read to SAVE, and returns when the file DONE exists (0), when
QEMU (PID) has exited (93) or after TIMEOUT seconds (124).  Polling: the
console is a plain file that QEMU appends to.
"""
import os
import sys
import time


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie is not alive: QEMU's parent may not have reaped it yet
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def main():
    console, offset, job, done, pid, timeout, quiet, save = sys.argv[1:9]
    offset, pid, timeout, quiet = int(offset), int(pid), float(timeout), quiet == "1"
    begin, end = f"@@TDXHOST-BEGIN-{job}@@", f"@@TDXHOST-END-{job}@@"
    deadline = time.monotonic() + timeout
    relay, partial, status = False, b"", None
    with open(console, "rb") as f, open(save, "wb") as saved:
        f.seek(offset)

        def pump():
            nonlocal relay, partial
            chunk = f.read()
            if not chunk:
                return
            saved.write(chunk)
            lines = (partial + chunk).split(b"\n")
            partial = lines.pop()
            for raw in lines:
                line = raw.decode("utf-8", "replace").rstrip("\r")
                if end in line:
                    relay = False
                elif begin in line:
                    relay = True
                elif relay and not quiet:
                    sys.stdout.write(line + "\n")
            sys.stdout.flush()

        while status is None:
            pump()
            if os.path.exists(done):
                status = 0
            elif not alive(pid):
                status = 93
            elif time.monotonic() > deadline:
                status = 124
            else:
                time.sleep(0.1)
        time.sleep(0.05)
        pump()
    return status


if __name__ == "__main__":
    sys.exit(main())
