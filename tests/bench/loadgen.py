"""A small HTTP load generator for `manage.py bench`, run in its own process.

Keep-alive connections on loopback, a fixed number of concurrent clients, a fixed
duration; returns throughput and latency percentiles. A client either sends its next
request as soon as the last one is answered (the server's capacity), or keeps a pace
of one request every `interval` seconds on average (readers or signers at their own
pace).

Clients at a pace act as people do: independently. Each starts at a random moment and
waits a random time between requests (exponential, mean `interval`), so that together
they arrive as a Poisson stream, not in lockstep; the times come from `seed`, so a run
is repeatable. A request that would have been due while the last one was still being
answered is sent at once.
"""

import http.client
import random
import re
import statistics
import threading
import time
import uuid
from collections import Counter
from urllib.parse import urlencode

# How a kept-alive connection that the server closed while it sat idle fails on reuse.
CLOSED_WHILE_IDLE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


def _percentile(sorted_values, fraction):
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


def run(host, port, path, *, seconds, clients, sign_on=False, interval=0.0, seed=2026):
    """Hit `path` for `seconds` with `clients` concurrent clients; a summary dict.

    With `sign_on`, each client is a signer: it reads the form once, then posts new
    organizations' sign-ons; their names are returned, to check that none was lost.
    """
    latencies, statuses, signed = [], Counter(), []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(number):
        connection = http.client.HTTPConnection(host, port, timeout=30)
        mine, codes, names = [], Counter(), []
        form = _sign_on_form(connection, path) if sign_on else None
        pace = random.Random(f"{seed}-{number}")
        due = time.perf_counter() + (pace.uniform(0, interval) if interval else 0.0)
        while True:
            if interval:
                time.sleep(max(0.0, min(due, deadline) - time.perf_counter()))
                due += pace.expovariate(1 / interval)
            started = time.perf_counter()
            if started >= deadline:
                break
            name = f"Bench Signer {uuid.uuid4().hex[:12]}" if form else None
            try:
                status = _send(connection, path, form, name)
            except CLOSED_WHILE_IDLE:
                # The server closed a connection that sat idle past its keep-alive
                # time before reading the request; a browser sends it again on a new
                # one, and so do we (the wait for the new connection counts).
                connection.close()
                try:
                    status = _send(connection, path, form, name)
                except (OSError, http.client.HTTPException):
                    status = None
            except (OSError, http.client.HTTPException):
                status = None
            if status is None:
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
                codes["no answer"] += 1
                continue
            mine.append(time.perf_counter() - started)
            codes[status] += 1
            if form and status == 302:
                names.append(name)
        connection.close()
        with lock:
            latencies.extend(mine)
            statuses.update(codes)
            signed.extend(names)

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    ok = 302 if sign_on else 200
    return {
        "requests": len(latencies),
        "errors": sum(count for status, count in statuses.items() if status != ok),
        "statuses": {str(status): count for status, count in statuses.items()},
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "p50_ms": _percentile(latencies, 0.50) * 1000,
        "p95_ms": _percentile(latencies, 0.95) * 1000,
        "p99_ms": _percentile(latencies, 0.99) * 1000,
        "mean_ms": (statistics.fmean(latencies) * 1000) if latencies else 0.0,
        "signed": signed,
    }


def _send(connection, path, form, name):
    """One request: a sign-on POST when there is a form, else a GET; its status."""
    if form:
        return _post_sign_on(connection, path, form, name)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response.status


def _sign_on_form(connection, path):
    connection.request("GET", path)
    response = connection.getresponse()
    html = response.read().decode()
    cookie = response.getheader("Set-Cookie", "")
    token = re.search(r"csrftoken=([^;]+)", cookie).group(1)
    started = re.search(r'name="started" value="([^"]+)"', html).group(1)
    middleware = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return {"cookie": f"csrftoken={token}", "started": started, "csrf": middleware}


def _post_sign_on(connection, path, form, name):
    body = urlencode(
        {
            "csrfmiddlewaretoken": form["csrf"],
            "organization_name": name,
            "signer_name": "Load Test",
            "email": f"{name.split()[-1]}@bench.example.org",
            "country": "US",
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
    return response.status


def in_child_process(host, port, path, **options):
    """Run the load from a second process, so the server and the client do not share one
    interpreter."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(queue, host, port, path, options))
    process.start()
    summary = queue.get(timeout=options["seconds"] + 120)
    process.join(timeout=30)
    return summary


def _child(queue, host, port, path, options):
    queue.put(run(host, port, path, **options))
