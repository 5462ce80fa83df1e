"""The signers of the benchmark's storm: sign on, confirm, and watch for their name.

    DJANGO_SETTINGS_MODULE=advocacy.settings.bench python -m tests.bench.signers \\
        --port 8001 --slug SLUG --rate 10 --seconds 60

Each of `--threads` signers opens the sign-on form once (its CSRF cookie and token, the
fill-time stamp), then signs on at random moments, `--rate` sign-ons a second in all (a
Poisson stream, as people arrive): it posts the form, confirms with the link its email
would carry (made here, with the server's SECRET_KEY and the row's id from the
database), and from the moment the confirmation is answered, reads the statement's page
as a reader without cookies would, every `--poll` seconds, until its name is on it. The
campaign must not require moderation: confirming lists the name at once.

Prints one JSON line: sign-ons posted, confirmed, how long each name took to appear,
the answers by status and the page cache's answers to the watching reads.
"""

import argparse
import http.client
import json
import random
import re
import threading
import time
import uuid
from collections import Counter
from urllib.parse import urlencode

HOST = "127.0.0.1"


class Connection:
    """A keep-alive connection that opens again when the server closed it while idle
    (gunicorn does after a few seconds), as a browser does."""

    def __init__(self, port):
        self.port = port
        self.http = http.client.HTTPConnection(HOST, port, timeout=30)

    def send(self, method, path, body=None, headers=None):
        for attempt in range(2):
            try:
                self.http.request(method, path, body=body, headers=headers or {})
                response = self.http.getresponse()
                return response, response.read()
            except (http.client.HTTPException, OSError):
                self.http.close()
                self.http = http.client.HTTPConnection(HOST, self.port, timeout=30)
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self):
        self.http.close()


def _form(connection, path):
    response, html = connection.send("GET", path)
    html = html.decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
    return {
        "cookie": f"csrftoken={cookie}",
        "csrf": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1),
        "started": re.search(r'name="started" value="([^"]+)"', html).group(1),
    }


def _post(connection, path, form, fields):
    body = urlencode({"csrfmiddlewaretoken": form["csrf"], **fields})
    response, _ = connection.send(
        "POST",
        path,
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": form["cookie"],
            "Referer": f"http://{HOST}:{connection.port}{path}",
        },
    )
    return response.status


def run(port, slug, *, rate, seconds, threads, poll, seed=2026):
    from coalitions import tokens
    from coalitions.models import Signatory

    sign_path = f"/statements/{slug}/sign/"
    page_path = f"/statements/{slug}/"
    lock = threading.Lock()
    results = {"posted": 0, "confirmed": 0, "appeared": [], "missing": 0}
    statuses, cache_states = Counter(), Counter()
    deadline = time.perf_counter() + seconds

    watchers = []

    def watch(name, confirmed):
        """Read the page as a reader without cookies would, until the name is on it."""
        reader = Connection(port)
        seen = None
        while time.perf_counter() - confirmed < 10:
            response, body = reader.send("GET", page_path)
            with lock:
                cache_states[response.getheader("X-Page-Cache", "none")] += 1
            if name.encode() in body:
                seen = time.perf_counter() - confirmed
                break
            time.sleep(poll)
        reader.close()
        with lock:
            if seen is None:
                results["missing"] += 1
            else:
                results["appeared"].append(seen)

    def signer(number):
        connection = Connection(port)
        form = _form(connection, sign_path)
        pace = random.Random(f"{seed}-{number}")
        interval = threads / rate
        due = time.perf_counter() + pace.uniform(0, interval)
        while True:
            time.sleep(max(0.0, due - time.perf_counter()))
            due += pace.expovariate(1 / interval)
            if time.perf_counter() >= deadline:
                break
            name = f"Bench Signer {uuid.uuid4().hex[:12]}"
            email = f"{name.split()[-1]}@bench.example.org"
            status = _post(
                connection,
                sign_path,
                form,
                {
                    "organization_name": name,
                    "signer_name": "Load Test",
                    "email": email,
                    "country": "United States",
                    "consent_to_list": "on",
                    "homepage": "",
                    "started": form["started"],
                },
            )
            with lock:
                statuses[f"sign {status}"] += 1
                results["posted"] += status == 302
            if status != 302:
                continue
            pk = Signatory.objects.filter(name=name).values_list("pk", flat=True).first()
            token = tokens.confirm_token(Signatory(pk=pk, email=email))
            status = _post(connection, f"/sign/confirm/{token}/", form, {})
            confirmed = time.perf_counter()
            with lock:
                statuses[f"confirm {status}"] += 1
                results["confirmed"] += status == 200
            if status != 200:
                continue
            # Another reader watches for the name, so that this signer keeps its pace.
            watcher = threading.Thread(target=watch, args=(name, confirmed))
            watcher.start()
            watchers.append(watcher)
        connection.close()

    workers = [threading.Thread(target=signer, args=(n,)) for n in range(threads)]
    began = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    results["seconds"] = time.perf_counter() - began
    for watcher in watchers:
        watcher.join()
    results["statuses"] = dict(statuses)
    results["watching_reads"] = dict(cache_states)
    return results


def main():
    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--slug", required=True)
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--threads", type=int, default=20)
    parser.add_argument("--poll", type=float, default=0.025)
    options = parser.parse_args()
    django.setup()
    figures = run(
        options.port,
        options.slug,
        rate=options.rate,
        seconds=options.seconds,
        threads=options.threads,
        poll=options.poll,
    )
    print("BENCH-JSON " + json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
