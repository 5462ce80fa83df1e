"""wrk (Debian's package), the load generator of the benchmark's throughput runs.

wrk is written in C and drives many keep-alive connections from one thread with epoll:
on two cores it leaves the server nearly all the machine, where a Python client would
saturate first. `bin/ensure-wrk` installs it. Each run prints one JSON line of figures
(lua/report.lua), read here; with `count_cache` it also counts the answers by how the
page cache made them (hit, stale, miss), from their `X-Page-Cache` header.

`generator_alone()` measures wrk against a server that costs nothing (a canned answer
of the same size, from a small asyncio server): what wrk can do by itself on this
machine, to set beside the static file's figure.
"""

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

LUA = Path(__file__).with_name("lua")
REPORT = LUA / "report.lua"


class WrkMissing(RuntimeError):
    pass


def binary():
    found = shutil.which("wrk")
    if found is None:
        raise WrkMissing("wrk is not installed: run bin/ensure-wrk (make bench does).")
    return found


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(
    host,
    port,
    path,
    *,
    seconds,
    connections,
    threads=1,
    headers=(),
    count_cache=False,
    script=REPORT,
    env=None,
):
    """Hit `path` with `connections` keep-alive connections for `seconds`; the figures:
    requests, rps, p50/p90/p95/p99/mean latency in ms, errors (any answer but 2xx/3xx,
    and connection failures), bytes, answers by cache state, and wrk's own CPU time
    per request (`client_cpu_ms`)."""
    command = [
        binary(),
        "-t",
        str(max(1, min(threads, connections))),
        "-c",
        str(connections),
        "-d",
        f"{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
    ]
    for header in headers:
        command += ["-H", header]
    command.append(f"http://{host}:{port}{path}")
    environment = {**os.environ, **(env or {}), "BENCH_COUNT_CACHE": "1" if count_cache else "0"}
    before = _children_cpu()
    finished = subprocess.run(
        command, capture_output=True, text=True, env=environment, timeout=seconds + 60
    )
    client_cpu = _children_cpu() - before
    if finished.returncode != 0:
        raise RuntimeError(f"wrk failed ({finished.returncode}): {finished.stderr.strip()}")
    line = next(
        (line for line in finished.stdout.splitlines() if line.startswith("BENCH-JSON ")), None
    )
    if line is None:
        raise RuntimeError(f"wrk printed no figures:\n{finished.stdout}\n{finished.stderr}")
    figures = json.loads(line.removeprefix("BENCH-JSON "))
    errors = figures.pop("errors")
    requests = figures["requests"]
    figures.update(
        rps=requests / figures["seconds"] if figures["seconds"] else 0.0,
        errors=sum(errors.values()),
        error_kinds={kind: count for kind, count in errors.items() if count},
        client_cpu_ms=client_cpu * 1000 / requests if requests else None,
        connections=connections,
    )
    return figures


def generator_alone(size, *, seconds, connections, host="127.0.0.1"):
    """wrk against a server that answers every request with the same canned bytes
    (`size` bytes of body): the most this machine's wrk can measure."""
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.bench.nullserver", "--size", str(size)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        port = int(server.stdout.readline())
        time.sleep(0.1)
        return run(host, port, "/", seconds=seconds, connections=connections)
    finally:
        server.terminate()
        server.wait(timeout=10)
