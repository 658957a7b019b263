#!/usr/bin/env python3
"""Runs Chromium for the browser tests (test/support/browser.ts) and reaps every process it leaves.

Chromium's zygotes and crash handler outlive the browser process by a moment. Orphaned, they
become zombies of PID 1, which in a container may be a process that never reaps them (npm, jest,
or this machine's supervisor, which does so only now and then). As a child subreaper this wrapper
inherits them instead, waits for them and exits last, so Playwright's browser.close() returns only
once no Chromium process is left, defunct or not.

Playwright starts it as the browser: its arguments go to Chromium, whose path is in
WAYBILL_REAPED_CHROMIUM, and Playwright's DevTools pipe (file descriptors 3 and 4) is handed down.
"""
import ctypes
import os
import signal
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36
# How long leftovers get to exit on their own once Chromium has; then they are killed.
GRACE_SECONDS = 5.0


def fd_is_open(fd):
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False


def own_children():
    me = str(os.getpid())
    children = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                # The parent PID is the second field after the ")" that ends the command name.
                if stat.read().rsplit(")", 1)[1].split()[1] == me:
                    children.append(int(entry))
        except (OSError, IndexError):
            continue
    return children


def reap_leftovers():
    deadline = time.monotonic() + GRACE_SECONDS
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid:
            continue
        if time.monotonic() > deadline:
            for child in own_children():
                try:
                    os.kill(child, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        time.sleep(0.05)


def main():
    chromium = os.environ.get("WAYBILL_REAPED_CHROMIUM")
    if not chromium:
        print("chromium-reaper: WAYBILL_REAPED_CHROMIUM names no Chromium binary", file=sys.stderr)
        return 127
    command = [chromium, *sys.argv[1:]]
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        # Not Linux, or not allowed: Chromium on its own is still better than no browser.
        os.execv(chromium, command)
    pipe = tuple(fd for fd in (3, 4) if fd_is_open(fd))
    browser = subprocess.Popen(command, pass_fds=pipe)
    for fd in pipe:
        os.close(fd)
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, lambda received, _frame: browser.send_signal(received))
    status = browser.wait()
    reap_leftovers()
    return 128 - status if status < 0 else status


if __name__ == "__main__":
    sys.exit(main())
