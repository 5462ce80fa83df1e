"""Starting, watching and stopping the processes of the production set-up.

Each service runs in a session of its own (its process group), in the background, its
output in `<dir>/logs/<service>.log`. A process is known by its pid and the moment it
started, so that a pid the system has given to somebody else since is never signalled.
Every wait is for a condition (a port answers, a process is gone), with a deadline.
"""

import os
import signal
import subprocess
import time
from pathlib import Path

from .config import ROOT


class Failed(Exception):
    """A service did not come up or go down: the message says which and why."""


def _stat(pid):
    """(state, process group, start time) of a pid from /proc, or None if there is none."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    fields = text.rsplit(")", 1)[1].split()
    return fields[0], int(fields[2]), int(fields[19])


def identity(pid):
    """What tells this process from a later one given the same pid."""
    stat = _stat(pid)
    return stat[2] if stat else None


def alive(entry):
    """Is the process of a `{"pid": ..., "start": ...}` entry running (not a zombie)?"""
    if not entry:
        return False
    stat = _stat(entry["pid"])
    if stat is None:
        if Path("/proc/self/stat").exists():
            return False
        try:  # no /proc (not Linux): ask the kernel
            os.kill(entry["pid"], 0)
        except ProcessLookupError:
            return False
        return True
    state, _group, start = stat
    return state not in ("Z", "X") and (entry.get("start") in (None, start))


def group_alive(group):
    """Is any process of the process group `group` still running?"""
    proc = Path("/proc")
    if not proc.exists():
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return False
        return True
    for entry in proc.iterdir():
        if entry.name.isdigit():
            stat = _stat(entry.name)
            if stat and stat[1] == group and stat[0] not in ("Z", "X"):
                return True
    return False


def start(argv, *, log, env=None, cwd=ROOT):
    """Start `argv` in the background, in a session of its own; its pid entry."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as output:
        process = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return {"pid": process.pid, "start": identity(process.pid)}


def wait_until(condition, *, timeout, what, entry=None, log=None):
    """Poll `condition()` until it is true; fail with the log's end if the process
    `entry` ends first or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    pause = 0.05
    while True:
        if condition():
            return
        if entry is not None and not alive(entry):
            raise Failed(f"{what}: the process ended.{tail(log)}")
        if time.monotonic() > deadline:
            raise Failed(f"{what}: not after {timeout} s.{tail(log)}")
        time.sleep(pause)
        pause = min(pause * 1.5, 0.5)


def tail(log, lines=15):
    if log is None or not Path(log).exists():
        return ""
    text = Path(log).read_text(errors="replace").splitlines()[-lines:]
    return f"\n--- the end of {log} ---\n" + "\n".join(text)


def stop(entry, *, sig=signal.SIGTERM, timeout=30):
    """Send `sig` to the process, wait until its whole group is gone, and SIGKILL what is
    left after `timeout` seconds. Returns True if the process was running."""
    if not alive(entry):
        _kill_group(entry)
        return False
    try:
        os.kill(entry["pid"], sig)
    except ProcessLookupError:
        pass
    group = entry["pid"]
    try:
        wait_until(lambda: not group_alive(group), timeout=timeout, what="stop")
    except Failed:
        _kill_group(entry)
    return True


def kill(entry):
    """SIGKILL, as the out-of-memory killer does: no chance to finish anything."""
    running = alive(entry)
    _kill_group(entry)
    return running


def _kill_group(entry):
    """SIGKILL the process group of `entry`, unless its pid is somebody else's now (the
    kernel gives no process a pid still in use as a group's id, so while any of ours
    is left, the pid is ours or nobody's)."""
    if not entry:
        return
    group = entry["pid"]
    stat = _stat(group)
    if stat is not None and entry.get("start") not in (None, stat[2]):
        return
    try:
        os.killpg(group, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        return
    wait_until(lambda: not group_alive(group), timeout=10, what="kill")
