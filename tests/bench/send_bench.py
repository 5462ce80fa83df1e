"""Benchmark of a send: 10,000 recipients in 30 lists, through a real worker.

    DATABASE_URL=postgres://... make bench-send            # BENCH_SEND_ARGS="--rate 6000"
    python tests/bench/send_bench.py --recipients 10000 --lists 30 --rate 3000

With production settings (advocacy.settings.bench) on PostgreSQL, it fills a press list
(journalists @bench-press.example.org, each on one to four of the lists, so that the
lists overlap), then measures:

1. queueing: the publisher's "Send now" (recipients joined, one row each, the first
   task), timed; the target is under 2 seconds;
2. sending: a real `manage.py db_worker` sends to a mail server of the benchmark's
   (SMTP, on loopback, accepting at once), throttled to --rate messages a minute; its
   throughput is measured over the middle 80% of the send, against the rate;
3. the worker's memory (resident set, sampled each half second) from start to end;
4. no recipient twice: what the mail server got, counted per address;
5. the statement page's speed, from gunicorn (2 workers, page cache on), before the send
   and while it runs: sequential requests, median and 95th percentile.

Prints the figures and writes them as JSON to var/bench/send.json. Removes its press list
and send afterwards (--keep to keep them).
"""

import argparse
import collections
import datetime
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "advocacy.settings.bench")
os.environ["DEBUG"] = "0"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from releases.distribution import services  # noqa: E402
from releases.distribution.models import Journalist, MediaList, Send  # noqa: E402
from releases.models import Statement  # noqa: E402
from tests.releases.distribution.smtp_sink import SmtpSink  # noqa: E402

HOST = "127.0.0.1"
DOMAIN = "bench-press.example.org"
SLUG = "bench-send-release"


def parse():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--lists", type=int, default=30)
    parser.add_argument("--rate", type=int, default=3000, help="Messages a minute (throttle).")
    parser.add_argument("--page-requests", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="Keep the press list and send.")
    return parser.parse_args()


def clean():
    Send.objects.filter(statement__slug=SLUG).delete()
    Journalist.objects.filter(email__endswith="@" + DOMAIN).delete()
    MediaList.objects.filter(name__startswith="Bench list ").delete()
    Statement.objects.filter(slug=SLUG).delete()


def fill(recipients, lists):
    rng = random.Random(17)
    statement = Statement.objects.create(
        title="Bench: court ruling condemned by the network",
        slug=SLUG,
        deck="A release of ordinary length, sent to the whole press list",
        dateline_place="Chicago",
        body="\n\n".join(
            f"Paragraph {n}: the ruling separates families, said the director, “and we will "
            "appeal it before the full court.”"
            for n in range(8)
        ),
        status=Statement.Status.PUBLISHED,
        publish_at=timezone.now() - datetime.timedelta(hours=1),
    )
    media_lists = [MediaList.objects.create(name=f"Bench list {n:02}") for n in range(lists)]
    journalists = Journalist.objects.bulk_create(
        (
            Journalist(
                email=f"reporter{n:05}@{DOMAIN}",
                name=f"Reporter {n}",
                language=rng.choice(["en", "en", "en", "es"]),
            )
            for n in range(recipients)
        ),
        batch_size=2000,
    )
    through = MediaList.members.through
    memberships = [
        through(medialist_id=media_list.pk, journalist_id=journalist.pk)
        for journalist in journalists
        for media_list in rng.sample(media_lists, rng.randint(1, 4))
    ]
    through.objects.bulk_create(memberships, batch_size=5000)
    send = Send.objects.create(statement=statement, note="Ahead of tomorrow's hearing.")
    send.lists.set(media_lists)
    return statement, send, len(memberships)


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for_port(port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"Nothing answered on port {port}.")


def serve(env):
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "advocacy.wsgi",
            *("--bind", f"{HOST}:{port}", "--workers", "2", "--log-level", "warning"),
        ],
        env=env,
        cwd=ROOT,
    )
    wait_for_port(port)
    return server, port


def page_times(port, path, count):
    """Milliseconds of `count` sequential requests for a page, on one connection."""
    times = []
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    # A reader's browser: the read is counted (releases.distribution.reach), as any other.
    headers = {
        "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0",
        "Accept-Encoding": "identity",
    }
    for _ in range(count):
        started = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        assert response.status == 200, response.status
        times.append((time.perf_counter() - started) * 1000)
    conn.close()
    return times


def summary(times):
    ordered = sorted(times)
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1], 2),
    }


class MemorySampler(threading.Thread):
    """The resident memory of a process, in MB, every half second (Linux /proc)."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.samples, self.stop = pid, [], threading.Event()

    def run(self):
        while not self.stop.wait(0.5):
            try:
                status = Path(f"/proc/{self.pid}/status").read_text()
            except OSError:
                return
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    self.samples.append(int(line.split()[1]) / 1024)


def main():
    options = parse()
    if connection.vendor != "postgresql":
        raise SystemExit("Run it on PostgreSQL: DATABASE_URL=postgres://... make bench-send")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "advocacy.settings.bench", "DEBUG": "0"}
    print(f"Filling {options.recipients:,} recipients in {options.lists} lists...")
    clean()
    statement, send, memberships = fill(options.recipients, options.lists)
    figures = {"recipients": options.recipients, "lists": options.lists}
    figures["memberships"] = memberships

    server, port = serve(env)
    path = statement.get_absolute_url()
    try:
        page_times(port, path, 20)  # warm: rendered once, then from the cache
        figures["page_before"] = summary(page_times(port, path, options.page_requests))

        started = time.perf_counter()
        queued = services.queue_send(send)
        figures["queue_seconds"] = round(time.perf_counter() - started, 3)
        figures["queued_rows"] = queued
        print(f"Queued {queued:,} rows in {figures['queue_seconds']} s (target: under 2 s)")

        with SmtpSink() as sink:
            worker_env = {
                **env,
                "DJANGO_SETTINGS_MODULE": "tests.bench.send_bench_settings",
                "SINK_PORT": str(sink.port),
                "PRESS_SEND_RATE_PER_MINUTE": str(options.rate),
            }
            worker = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-reload"],
                env=worker_env,
                cwd=ROOT,
            )
            memory = MemorySampler(worker.pid)
            memory.start()
            try:
                # The page while the send runs: once a tenth has gone, for as long as it takes.
                while len(sink.times) < queued // 10:
                    time.sleep(0.2)
                figures["page_during"] = summary(page_times(port, path, options.page_requests))
                figures["page_during_at_sent"] = len(sink.times)
                deadline = time.monotonic() + queued / (options.rate / 60) * 3 + 120
                while len(sink.times) < queued and time.monotonic() < deadline:
                    time.sleep(0.5)
            finally:
                worker.terminate()
                worker.wait(60)
                memory.stop.set()
            times = sorted(sink.times)
            counts = collections.Counter(to for to, _id in sink.delivered)
    finally:
        server.terminate()
        server.wait(30)

    low, high = times[len(times) // 10], times[len(times) * 9 // 10]
    middle = len(times) * 9 // 10 - len(times) // 10
    figures["sent"] = len(times)
    figures["distinct_recipients"] = len(counts)
    figures["recipients_twice"] = sum(1 for n in counts.values() if n > 1)
    figures["throughput_per_second"] = round(middle / (high - low), 1) if high > low else None
    figures["rate_per_second"] = round(options.rate / 60, 1)
    samples = memory.samples
    figures["worker_rss_mb"] = {
        "first": round(samples[0], 1) if samples else None,
        "after_10pct": round(samples[len(samples) // 10], 1) if samples else None,
        "max": round(max(samples), 1) if samples else None,
        "last": round(samples[-1], 1) if samples else None,
    }
    report(figures)
    if not options.keep:
        clean()


def report(figures):
    out = ROOT / "var" / "bench" / "send.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2))
    rss = figures["worker_rss_mb"]
    before, during = figures["page_before"], figures["page_during"]
    lines = [
        "",
        f"Send of one release to {figures['recipients']:,} recipients in {figures['lists']} "
        f"lists ({figures['memberships']:,} memberships), on {connection.vendor}:",
        f"  queued:      {figures['queued_rows']:,} rows in {figures['queue_seconds']} s "
        f"(target under 2 s: {'met' if figures['queue_seconds'] < 2 else 'NOT met'})",
        f"  sent:        {figures['sent']:,} messages to {figures['distinct_recipients']:,} "
        f"addresses; recipients twice: {figures['recipients_twice']}",
        f"  throughput:  {figures['throughput_per_second']} messages/s over the middle 80% "
        f"(throttle: {figures['rate_per_second']}/s)",
        f"  worker RSS:  {rss['first']} MB at start, {rss['after_10pct']} MB after a tenth, "
        f"{rss['max']} MB at most, {rss['last']} MB at the end",
        f"  statement page (cached, sequential): before p50 {before['p50_ms']} ms, p95 "
        f"{before['p95_ms']} ms; during the send p50 {during['p50_ms']} ms, p95 "
        f"{during['p95_ms']} ms",
        f"Figures written to {Path('var/bench/send.json')}",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
