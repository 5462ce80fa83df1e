"""The server under test: gunicorn with the benchmark's production settings, and what it
costs (CPU time from /proc, peak memory per worker)."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

HOST = "127.0.0.1"
LOOPBACK = {"", "localhost", "127.0.0.1", "::1"}


class ServerFailed(RuntimeError):
    pass


def environment(**overrides):
    """The environment of the benchmark's processes: its settings, the database of
    this one, and `overrides` (PAGE_CACHE, REDIS_URL, ...; None removes a variable)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "advocacy.settings.bench",
        "DEBUG": "0",  # manage.py's development settings turned it on in this process
    }
    if not env.get("DATABASE_URL"):
        env.pop("DATABASE_URL", None)
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = str(value)
    return env


class Server:
    """gunicorn serving the site on a free port of loopback, until `stop()`."""

    def __init__(self, *, workers, threads, env, port=0):
        self.port = port or free_port()
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "advocacy.wsgi",
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(workers),
                "--worker-class",
                "gthread",
                "--threads",
                str(threads),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
        )
        wait_for_port(self.port)
        self.sides = self.servers()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)

    def servers(self):
        """The process at the root of each side: gunicorn's master, and PostgreSQL's
        postmaster when the database runs on this machine (found as the parent of this
        process's own database connection)."""
        sides = {"app": self.process.pid, "db": None}
        if connection.vendor == "postgresql" and connection.settings_dict["HOST"] in LOOPBACK:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                (backend,) = cursor.fetchone()
            stat = process_stat(backend)
            sides["db"] = int(stat[1]) if stat else None  # its parent's pid
        return sides

    def cpu(self):
        return cpu_seconds(self.sides)

    def peak_memory(self):
        return worker_peak_memory(self.process.pid)


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise ServerFailed(f"gunicorn did not start on port {port}")


def children(pid):
    """The process ids of a process's children (Linux; none elsewhere)."""
    listing = Path(f"/proc/{pid}/task/{pid}/children")
    return listing.read_text().split() if listing.exists() else []


def process_stat(pid):
    """The fields of /proc/<pid>/stat after the command's name, or None (Linux)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None


def cpu_seconds(servers):
    """CPU time (user and system) used so far by each side's server: the process, its
    children alive and the children it has reaped (a database connection's process that
    ended during a measurement still counts, one that started counts from its start);
    None for a side with no process to read (Linux only)."""
    used = {}
    for side, pid in servers.items():
        stat = process_stat(pid) if pid else None
        if stat is None:
            used[side] = None
            continue
        ticks = sum(map(int, stat[11:15]))  # utime, stime, cutime, cstime
        for child in children(pid):
            if child_stat := process_stat(child):
                ticks += sum(map(int, child_stat[11:15]))
        used[side] = ticks / os.sysconf("SC_CLK_TCK")
    return used


def cpu_ms_per_request(before, after, requests):
    """Each side's CPU milliseconds per request between two readings."""
    return {
        f"{side}_cpu_ms": (after[side] - before[side]) * 1000 / requests
        if before[side] is not None and after[side] is not None and requests
        else None
        for side in before
    }


def worker_peak_memory(master_pid):
    """Peak resident memory (VmHWM) of each gunicorn worker, in MB (Linux)."""
    peaks = []
    for pid in children(master_pid):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return peaks
