"""A small HTTP load generator for `manage.py bench`, run in its own process.

Keep-alive connections on loopback, a fixed number of concurrent clients, a fixed
duration; returns throughput and latency percentiles.
"""

import http.client
import re
import statistics
import threading
import time
import uuid
from urllib.parse import urlencode


def _percentile(sorted_values, fraction):
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


def run(host, port, path, *, seconds, clients, sign_on=False, result=None):
    """Hit `path` for `seconds` with `clients` concurrent clients; fill `result` (a dict)."""
    latencies, errors = [], []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client():
        connection = http.client.HTTPConnection(host, port, timeout=30)
        mine, failed = [], 0
        form = _sign_on_form(connection, path) if sign_on else None
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                if form:
                    status = _post_sign_on(connection, path, form)
                else:
                    connection.request("GET", path)
                    response = connection.getresponse()
                    response.read()
                    status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
                failed += 1
                continue
            mine.append(time.perf_counter() - started)
            if status >= 400:
                failed += 1
        connection.close()
        with lock:
            latencies.extend(mine)
            errors.append(failed)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    summary = {
        "requests": len(latencies),
        "errors": sum(errors),
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "p50_ms": _percentile(latencies, 0.50) * 1000,
        "p95_ms": _percentile(latencies, 0.95) * 1000,
        "p99_ms": _percentile(latencies, 0.99) * 1000,
        "mean_ms": (statistics.fmean(latencies) * 1000) if latencies else 0.0,
    }
    if result is not None:
        result.update(summary)
    return summary


def _sign_on_form(connection, path):
    connection.request("GET", path)
    response = connection.getresponse()
    html = response.read().decode()
    cookie = response.getheader("Set-Cookie", "")
    token = re.search(r"csrftoken=([^;]+)", cookie).group(1)
    started = re.search(r'name="started" value="([^"]+)"', html).group(1)
    middleware = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return {"cookie": f"csrftoken={token}", "started": started, "csrf": middleware}


def _post_sign_on(connection, path, form):
    name = f"Bench Signer {uuid.uuid4().hex[:12]}"
    body = urlencode(
        {
            "csrfmiddlewaretoken": form["csrf"],
            "organization_name": name,
            "signer_name": "Load Test",
            "email": f"{name.split()[-1]}@bench.example.org",
            "country": "United States",
            "consent_to_list": "on",
            "homepage": "",
            "started": form["started"],
        }
    )
    connection.request(
        "POST",
        path,
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": form["cookie"],
            "Referer": f"http://{connection.host}:{connection.port}{path}",
        },
    )
    response = connection.getresponse()
    response.read()
    return 200 if response.status == 302 else response.status


def in_child_process(host, port, path, *, seconds, clients, sign_on=False):
    """Run the load from a second process, so the server and the client do not share one
    interpreter."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(
        target=_child, args=(queue, host, port, path, seconds, clients, sign_on)
    )
    process.start()
    summary = queue.get(timeout=seconds + 120)
    process.join(timeout=30)
    return summary


def _child(queue, host, port, path, seconds, clients, sign_on):
    queue.put(run(host, port, path, seconds=seconds, clients=clients, sign_on=sign_on))
