"""Serve the site with gunicorn (production settings) and measure it under load.

    manage.py bench [--seconds 10] [--clients 16] [--workers 2] [--threads 4]
                    [--signers 20] [--signer-interval 1]

Two runs of the same server, each page measured against the limit of the stack (a
static file of the statement page's size, served by the same gunicorn and whitenoise,
measured again right before each page, so that a shared machine's drift in speed over
the minutes of a run does not fall on the pages measured last):

1. page cache on, as in production: each page's throughput with `--clients` readers
   asking as fast as they are answered; then `--signers` signers posting sign-ons at
   their own pace (one every `--signer-interval` seconds each on average, at random
   moments: people do not click in step), checked afterwards against the database:
   every accepted sign-on stored, its confirmation email queued.
2. every cache off (PAGE_CACHE=0): the same throughput, then each page's latency with
   one reader at a time (what a reader waits when the server is not queueing).

Prints, for each page, requests per second, p50/p95/p99 latency, SQL queries per
request, peak memory per worker, throughput as a share of the static file and the CPU
time each request cost gunicorn and PostgreSQL (Linux, database on this machine);
then the issue's targets, each met or not. Writes the same as JSON under var/bench/.
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
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from advocacy.models import Organization
from coalitions.models import Campaign, Signatory
from releases.models import Statement
from tests.bench import loadgen

HOST = "127.0.0.1"
LOOPBACK = {"", "localhost", "127.0.0.1", "::1"}
STATIC_PATH = "/static/bench/page.html"


class Command(BaseCommand):
    help = __doc__.strip().splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=10.0, help="Per measurement.")
        parser.add_argument("--clients", type=int, default=16, help="Concurrent readers.")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes.")
        parser.add_argument("--threads", type=int, default=4, help="Threads per worker.")
        parser.add_argument("--signers", type=int, default=20, help="Concurrent signers.")
        parser.add_argument(
            "--signer-interval",
            type=float,
            default=1.0,
            help="Mean seconds between one signer's sign-ons, at random (default 1: 20 "
            "signers send about 20 a second, 72,000 an hour).",
        )
        parser.add_argument("--port", type=int, default=0, help="Default: a free port.")

    def handle(self, *args, **options):
        self.options = options
        if not Organization.objects.filter(slug__startswith="bench-").exists():
            self.stdout.write("No benchmark archive yet: running bench_data (about a minute)...")
            call_command("bench_data", stdout=self.stdout)
        self.env = self.server_environment()
        self.stdout.write("Collecting static files for production serving...")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            env=self.env,
            check=True,
            cwd=settings.BASE_DIR,
        )
        pages = self.pages()
        queries = {name: self.count_queries(path) for name, path in pages}
        statement_path = dict(pages)["statement, 1,000 signatories"]
        page_size = len(Client(HTTP_HOST=HOST).get(statement_path).content)
        static_file = Path(settings.VAR_DIR) / "bench" / "static" / "bench" / "page.html"
        static_file.parent.mkdir(parents=True, exist_ok=True)
        static_file.write_bytes(b"x" * page_size)

        cached = self.measure(pages, queries, cache=True)
        uncached = self.measure(pages, queries, cache=False)
        self.report(cached, uncached, page_size)

    # --- what is measured ----------------------------------------------------------

    def pages(self):
        published = Statement.objects.published().filter(slug__startswith="bench-")
        self.viral = (
            Campaign.objects.select_related("statement")
            .get(statement__slug__startswith="bench-")
            .statement
        )
        self.deep_page = max(1, min(400, published.count() // 20))
        organization = self.viral.signatories.exclude(organization=None).first().organization
        return [
            ("home", "/"),
            ("archive page 1", "/statements/"),
            (f"archive page {self.deep_page}", f"/statements/?page={self.deep_page}"),
            ("statement, 1,000 signatories", self.viral.get_absolute_url()),
            ("organization page", organization.get_absolute_url()),
            ("search", "/statements/?q=asylum+detention"),
            ("Atom feed", "/feeds/statements.atom"),
        ]

    def count_queries(self, path):
        """Queries to render a page afresh (no page cache; the cache's next-embargo
        lookup, made once per content version, is not the page's)."""
        with override_settings(PAGE_CACHE=False):
            client = Client(HTTP_HOST=HOST)
            client.get(path)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
        if response.status_code != 200:
            raise CommandError(f"{path} answered {response.status_code}")
        return len(captured)

    def measure(self, pages, queries, *, cache):
        options = self.options
        label = "page cache on" if cache else "every cache off"
        self.stdout.write(f"\nServing with gunicorn, {label}...")
        server, port = self.start_server(cache=cache)
        rows, latency, signing = [], [], None
        load = {"seconds": options["seconds"], "clients": options["clients"]}
        try:
            self.warm_up(port, STATIC_PATH)
            limits = []
            for name, path in pages:
                self.stdout.write(f"  {name}")
                self.warm_up(port, path)
                # The limit is measured again right before each page: a shared machine's
                # speed drifts over minutes, and a page is compared with the stack as it
                # was in the same moment.
                limit = loadgen.in_child_process(HOST, port, STATIC_PATH, **load)
                servers = self.servers(server.pid)
                before = cpu_seconds(servers)
                result = loadgen.in_child_process(HOST, port, path, **load)
                cpu = cpu_ms_per_request(before, cpu_seconds(servers), result["requests"])
                limits.append(limit)
                rows.append(
                    {
                        "page": name,
                        "path": path,
                        "queries": queries[name],
                        **result,
                        "limit_rps": limit["rps"],
                        **cpu,
                    }
                )
            mean = mean_of(limits)
            static = {"page": "static file (the limit)", "path": STATIC_PATH, **mean}
            rows.insert(0, {**static, "limit_rps": mean["rps"]})
            if cache:
                signing = self.sign_ons(port)
            else:
                for name, path in pages:
                    one = {"seconds": options["seconds"] / 2, "clients": 1}
                    result = loadgen.in_child_process(HOST, port, path, **one)
                    latency.append({"page": name, "path": path, **result})
            memory = worker_peak_memory(server.pid)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        for row in rows:
            row["share_of_limit"] = row["rps"] / row["limit_rps"] if row["limit_rps"] else 0.0
            row.pop("signed", None)
        for row in latency:
            row.pop("signed", None)
        return {
            "cache": cache,
            "throughput": rows,
            "latency_one_reader": latency,
            "sign_on": signing,
            "peak_memory_mb_per_worker": memory,
        }

    def sign_ons(self, port):
        """Signers at their own pace on the open statement; then every accepted one must
        be in the database, waiting for its email confirmation, its email queued."""
        options = self.options
        path = f"/statements/{self.viral.slug}/sign/"
        self.stdout.write(
            f"  sign-on POST: {options['signers']} signers, one sign-on every "
            f"{options['signer_interval']:g} s each on average"
        )
        before = Signatory.objects.filter(statement=self.viral).count()
        started = timezone.now()
        result = loadgen.in_child_process(
            HOST,
            port,
            path,
            seconds=options["seconds"],
            clients=options["signers"],
            sign_on=True,
            interval=options["signer_interval"],
        )
        names = result.pop("signed")
        stored = Signatory.objects.filter(
            statement=self.viral, name__in=names, status=Signatory.Status.SUBMITTED
        )
        stored_ids = set(stored.values_list("pk", flat=True))
        result["accepted"] = len(names)
        result["stored"] = len(stored_ids)
        result["emails_queued"] = len(stored_ids & confirmations(started, status="READY"))
        # The worker, run once over what is due, sends them (to the dummy mail backend).
        self.stdout.write("  the task worker sends the confirmation emails...")
        worker_started = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"]
            + ["--no-reload", "-v0"],
            env=self.env,
            check=True,
            cwd=settings.BASE_DIR,
        )
        result["worker_seconds"] = time.perf_counter() - worker_started
        result["emails_sent"] = len(stored_ids & confirmations(started, status="SUCCESSFUL"))
        # The benchmark's sign-ons are not kept: the next run starts from the same archive.
        Signatory.objects.filter(statement=self.viral, name__startswith="Bench Signer ").delete()
        DBTaskResult.objects.filter(enqueued_at__gte=started).delete()
        result["rows_before_and_after"] = [
            before,
            Signatory.objects.filter(statement=self.viral).count(),
        ]
        return {"page": "sign-on POST", "path": path, "queries": None, **result}

    def warm_up(self, port, path):
        """A few requests first, from as many clients as the server has threads: every
        worker has loaded the code, opened its database connection and (page cache on)
        stored the page, before anything is timed."""
        threads = self.options["workers"] * self.options["threads"]
        loadgen.run(HOST, port, path, seconds=1.0, clients=threads)

    # --- the server ----------------------------------------------------------------

    def server_environment(self):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "advocacy.settings.bench",
            "DEBUG": "0",  # manage.py's development settings turned it on in this process
        }
        if not env.get("DATABASE_URL"):
            env.pop("DATABASE_URL", None)
        return env

    def start_server(self, *, cache):
        port = self.options["port"] or free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "advocacy.wsgi",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                str(self.options["workers"]),
                "--worker-class",
                "gthread",
                "--threads",
                str(self.options["threads"]),
                "--log-level",
                "warning",
            ],
            env={**self.env, "PAGE_CACHE": "1" if cache else "0"},
            cwd=settings.BASE_DIR,
        )
        wait_for_port(port)
        loadgen.run(HOST, port, "/", seconds=0.1, clients=1)  # the workers have booted
        return server, port

    def servers(self, master_pid):
        """The process at the root of each side: gunicorn's master, and PostgreSQL's
        postmaster when the database runs on this machine (found as the parent of this
        process's own database connection)."""
        servers = {"app": master_pid, "db": None}
        if connection.vendor == "postgresql" and connection.settings_dict["HOST"] in LOOPBACK:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                (backend,) = cursor.fetchone()
            stat = process_stat(backend)
            servers["db"] = int(stat[1]) if stat else None  # its parent's pid
        return servers

    # --- the report ----------------------------------------------------------------

    def report(self, cached, uncached, page_size):
        options = self.options
        lines = [
            "",
            f"Benchmark archive on {connection.vendor}: gunicorn {options['workers']} workers"
            f" x {options['threads']} threads, {options['clients']} readers, "
            f"{options['seconds']:g} s per page; statement page {page_size:,} bytes.",
        ]
        for run in (cached, uncached):
            title = "Page cache on" if run["cache"] else "Every cache off"
            lines += ["", f"{title}: {options['clients']} readers asking as fast as answered"]
            lines += table(run["throughput"], share=True)
            lines.append("Peak memory per worker: " + megabytes(run["peak_memory_mb_per_worker"]))
        lines += ["", "Every cache off, one reader at a time (no queueing):"]
        lines += table(uncached["latency_one_reader"], share=False)
        signing = cached["sign_on"]
        lines += [
            "",
            f"Sign-on POST, {options['signers']} concurrent signers, one sign-on every "
            f"{options['signer_interval']:g} s each on average (page cache on):",
            *table([signing], share=False),
            f"Accepted {signing['accepted']}, stored {signing['stored']}, confirmation "
            f"emails queued by the requests {signing['emails_queued']}, then sent by the "
            f"worker {signing['emails_sent']} (in {signing['worker_seconds']:.1f} s); "
            f"answers {signing['statuses']}.",
        ]
        checks = targets(cached, uncached, self.deep_page, options["signers"])
        lines += ["", "Targets (issue 5):"]
        for met, text in checks:
            lines.append(f"  [{'met' if met else 'NOT MET'}] {text}")
        self.stdout.write("\n".join(lines))

        out = Path(settings.VAR_DIR) / "bench"
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"bench-{timezone.now():%Y%m%d-%H%M%S}.json"
        path.write_text(
            json.dumps(
                {
                    "run": {**options, "database": connection.vendor, "page_bytes": page_size},
                    "page_cache_on": cached,
                    "every_cache_off": uncached,
                    "targets": [{"met": met, "target": text} for met, text in checks],
                },
                indent=2,
                default=str,
            )
        )
        self.stdout.write(f"\nWritten to {path}")


def table(rows, *, share):
    header = (
        f"  {'page':<30} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'SQL':>4}"
        + (f" {'limit':>7} {'of limit':>9} {'app CPU':>8} {'db CPU':>7}" if share else "")
        + f" {'errors':>6}"
    )
    lines = [header, "  " + "-" * (len(header) - 2)]
    for row in rows:
        queries = "" if row.get("queries") is None else row["queries"]
        lines.append(
            f"  {row['page']:<30} {row['rps']:>8.1f} {row['p50_ms']:>8.1f} "
            f"{row['p95_ms']:>8.1f} {row['p99_ms']:>8.1f} {queries:>4}"
            + (
                f" {row['limit_rps']:>7.0f} {row['share_of_limit']:>8.1%}"
                f" {milliseconds(row.get('app_cpu_ms')):>8} {milliseconds(row.get('db_cpu_ms')):>7}"
                if share
                else ""
            )
            + f" {row['errors']:>6}"
        )
    return lines


def milliseconds(value):
    return "" if value is None else f"{value:.1f} ms"


def mean_of(runs):
    """The static file's figures over its runs: the mean of each."""
    keys = ("rps", "p50_ms", "p95_ms", "p99_ms", "mean_ms")
    mean = {key: sum(run[key] for run in runs) / len(runs) for key in keys}
    mean["requests"] = sum(run["requests"] for run in runs)
    mean["errors"] = sum(run["errors"] for run in runs)
    mean["runs"] = len(runs)
    return mean


def megabytes(values):
    return ", ".join(f"{mb:.0f} MB" for mb in values) if values else "unknown"


def targets(cached, uncached, deep_page, signers):
    """The issue's targets, each with whether this run met it."""
    raw = {row["page"]: row for row in uncached["throughput"]}
    alone = {row["page"]: row for row in uncached["latency_one_reader"]}
    statement = "statement, 1,000 signatories"
    pages = [row for row in cached["throughput"] if row.get("queries") is not None]
    slowest = min(pages, key=lambda row: row["share_of_limit"])
    checks = [
        (
            raw[statement]["queries"] <= 8,
            f"statement page with 1,000 signatories: {raw[statement]['queries']} SQL queries"
            " (at most 8)",
        ),
        (
            slowest["share_of_limit"] >= 0.70,
            f"cached pages reach at least 70% of the static-file limit: lowest is "
            f"{slowest['page']} at {slowest['share_of_limit']:.0%}",
        ),
        (
            raw[statement]["share_of_limit"] >= 0.10,
            f"every cache off, the statement page reaches at least 10% of the limit: "
            f"{raw[statement]['share_of_limit']:.1%}" + cpu_budget(raw[statement], share=0.10),
        ),
    ]
    for name, budget in (
        ("archive page 1", 50),
        (f"archive page {deep_page}", 50),
        ("search", 100),
    ):
        p95 = alone[name]["p95_ms"]
        checks.append((p95 < budget, f"uncached {name}: p95 {p95:.1f} ms (under {budget} ms)"))
    signing = cached["sign_on"]
    checks.append(
        (
            signing["p95_ms"] < 50,
            f"sign-on POST with {signers} concurrent signers: p95 {signing['p95_ms']:.1f} ms"
            " (under 50 ms)",
        )
    )
    checks.append(
        (
            signing["accepted"]
            == signing["stored"]
            == signing["emails_queued"]
            == signing["emails_sent"]
            and signing["errors"] == 0,
            f"no sign-on lost, mail off the request path: {signing['accepted']} accepted, "
            f"{signing['stored']} stored, {signing['emails_queued']} confirmation emails "
            f"queued, {signing['emails_sent']} sent by the worker, {signing['errors']} errors",
        )
    )
    return checks


def cpu_budget(row, *, share):
    """What reaching `share` of the limit allows a request on this machine's cores, in
    CPU time, beside what the page used (when it was measured)."""
    if row.get("app_cpu_ms") is None:
        return ""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    budget = cores * 1000 / (share * row["limit_rps"])
    used = row["app_cpu_ms"] + (row.get("db_cpu_ms") or 0)
    return (
        f" (that allows {budget:.1f} ms of CPU per request on {cores} cores, server and"
        f" database together; the page used {used:.1f} ms)"
    )


def confirmations(since, *, status):
    """Ids of the signatories whose confirmation email is a task in this state, of the
    tasks enqueued since `since`."""
    tasks = DBTaskResult.objects.filter(
        enqueued_at__gte=since, status=status, task_path="coalitions.tasks.send_signer_email"
    ).values_list("args_kwargs", flat=True)
    return {task["args"][1] for task in tasks if task["args"][0] == "confirm"}


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
