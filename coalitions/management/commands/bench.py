"""Serve the site with gunicorn (production settings) and measure it under load.

    manage.py bench [--seconds 10] [--clients 16] [--workers 2]

Prints, for each page, requests per second, p50/p95/p99 latency, SQL queries per
request, peak memory per worker, and throughput as a share of a static file of the
same size served by the same server; writes the same as JSON under var/bench/.
Fills the database with `bench_data` first when it has no benchmark archive.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from advocacy.models import Organization
from coalitions import loadgen
from coalitions.models import Campaign
from releases import cache as page_cache
from releases.models import Statement

HOST = "127.0.0.1"


class Command(BaseCommand):
    help = __doc__.strip().splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=10.0)
        parser.add_argument("--clients", type=int, default=16)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--port", type=int, default=0, help="Default: a free port.")

    def handle(self, *args, seconds, clients, workers, port, **options):
        if not Organization.objects.filter(slug__startswith="bench-").exists():
            self.stdout.write("No benchmark archive yet: running bench_data (about 20 s)...")
            call_command("bench_data", stdout=self.stdout)
        pages = self.pages()
        static_root = Path(settings.VAR_DIR) / "bench" / "static"
        self.stdout.write("Collecting static files for production serving...")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "advocacy.settings.bench",
            "DEBUG": "0",  # manage.py's development settings turned it on in this process
            "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
        }
        if not env["DATABASE_URL"]:
            env.pop("DATABASE_URL")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            env=env,
            check=True,
            cwd=settings.BASE_DIR,
        )
        # Queries are counted in-process on a GET; the sign-on row counts its form page.
        queries = {name: self.count_queries(path) for name, path, _ in pages}
        statement_path = pages[3][1]
        page_size = len(Client(HTTP_HOST=HOST).get(statement_path).content)
        (static_root / "bench").mkdir(parents=True, exist_ok=True)
        (static_root / "bench" / "page.html").write_bytes(b"x" * page_size)

        port = port or free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "advocacy.wsgi",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                str(workers),
                "--worker-class",
                "gthread",
                "--threads",
                "4",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
        )
        try:
            wait_for_port(port)
            rows = []
            limit = loadgen.in_child_process(
                HOST, port, "/static/bench/page.html", seconds=seconds, clients=clients
            )
            rows.append(
                {
                    "page": "static file (the limit)",
                    "path": "/static/bench/page.html",
                    "queries": 0,
                    **limit,
                }
            )
            for name, path, sign_on in pages:
                result = loadgen.in_child_process(
                    HOST, port, path, seconds=seconds, clients=clients, sign_on=sign_on
                )
                rows.append({"page": name, "path": path, "queries": queries[name], **result})
            memory = worker_peak_memory(server.pid)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        for row in rows:
            row["share_of_limit"] = row["rps"] / limit["rps"] if limit["rps"] else 0.0
        self.report(rows, memory, seconds=seconds, clients=clients, workers=workers)

    def pages(self):
        published = Statement.objects.published().filter(slug__startswith="bench-")
        viral = (
            Campaign.objects.select_related("statement")
            .get(statement__slug__startswith="bench-")
            .statement
        )
        deep_page = max(1, min(400, published.count() // 20))
        organization = viral.signatories.exclude(organization=None).first().organization
        return [
            ("home", "/", False),
            ("archive page 1", "/statements/", False),
            (f"archive page {deep_page}", f"/statements/?page={deep_page}", False),
            ("statement, 1,000 signatories", viral.get_absolute_url(), False),
            ("organization page", organization.get_absolute_url(), False),
            ("search", "/statements/?q=asylum+detention", False),
            ("Atom feed", "/feeds/statements.atom", False),
            ("sign-on POST", f"/statements/{viral.slug}/sign/", True),
        ]

    def count_queries(self, path):
        """Queries to render the page afresh (the page cache emptied, its embargo lookup
        done once per content version)."""
        client = Client(HTTP_HOST=HOST)
        client.get(path)
        page_cache.invalidate()
        page_cache.seconds_to_keep(page_cache.version())
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        return len(captured)

    def report(self, rows, memory, **run):
        header = (
            f"{'page':<30} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
            f"{'SQL':>4} {'of limit':>9} {'errors':>6}"
        )
        lines = [header, "-" * len(header)]
        for row in rows:
            lines.append(
                f"{row['page']:<30} {row['rps']:>8.1f} {row['p50_ms']:>8.1f} "
                f"{row['p95_ms']:>8.1f} {row['p99_ms']:>8.1f} {row['queries']:>4} "
                f"{row['share_of_limit']:>8.1%} {row['errors']:>6}"
            )
        lines.append("")
        lines.append(
            "Peak memory per worker: "
            + (", ".join(f"{mb:.0f} MB" for mb in memory) if memory else "unknown")
        )
        lines.append(
            f"{run['workers']} gunicorn workers x 4 threads, {run['clients']} clients, "
            f"{run['seconds']:.0f} s per page, database {connection.vendor}"
        )
        self.stdout.write("\n".join(lines))
        out = Path(settings.VAR_DIR) / "bench"
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"bench-{timezone.now():%Y%m%d-%H%M%S}.json"
        path.write_text(
            json.dumps(
                {
                    "run": {**run, "database": connection.vendor},
                    "pages": rows,
                    "peak_memory_mb_per_worker": memory,
                },
                indent=2,
            )
        )
        self.stdout.write(f"Written to {path}")


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise CommandError(f"gunicorn did not start on port {port}")


def worker_peak_memory(master_pid):
    """Peak resident memory (VmHWM) of each gunicorn worker, in MB (Linux)."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    if not children.exists():
        return []
    peaks = []
    for pid in children.read_text().split():
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return peaks
