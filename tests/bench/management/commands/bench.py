"""Serve the site with gunicorn (production settings) and measure it under load.

    manage.py bench [--seconds 10] [--clients 16] [--storm-seconds 60] [--parts ...]

wrk drives the throughput runs (tests/bench/wrk.py); each page is set against a static
file of its own size served by the same gunicorn and whitenoise, measured again right
before it (a shared machine's speed drifts over minutes). The parts, all by default:

- cached: page cache on, each process's memory (locmem), every page.
- redis: page cache on in Redis, the statement and the sign-on form (with and without
  each process's copy), then signers posting at their own pace (Python: wrk cannot
  pace), checked against the database and the task worker.
- storm: Redis, `--storm-readers` readers on the 1,000-signatory statement while
  `--storm-rate` sign-ons a second are confirmed and listed (moderation off), with the
  page before a change served while one request renders (and without, to compare).
- uncached: every cache off (PAGE_CACHE=0), every page, then one reader at a time.
- scale: bulk approval of 5,000 (and 500), CSV export's peak memory at 1k, 10k, 100k.

Prints the tables and the targets of issue 18, writes the same as JSON to var/bench/.
Fills the database with `bench_data` first when it has no benchmark archive.
"""

import json
import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from advocacy.models import Organization
from coalitions.models import Campaign
from releases.models import Statement
from tests.bench import report, runs, wrk
from tests.bench.management.commands.bench_data import HUGE_SLUG
from tests.bench.server import HOST

PARTS = ("cached", "redis", "storm", "uncached", "scale")
STATEMENT = "statement, 1,000 signatories"
HUGE = "statement, 100,000 signatories"
FORM = "sign-on form (per reader)"


class Command(BaseCommand):
    help = __doc__.strip().splitlines()[0]

    def add_arguments(self, parser):
        add = parser.add_argument
        add("--seconds", type=float, default=10.0, help="Per measurement (default 10).")
        add("--clients", type=int, default=16, help="wrk's connections (default 16).")
        add("--workers", type=int, default=2, help="gunicorn worker processes.")
        add("--threads", type=int, default=4, help="Threads per worker.")
        add("--signers", type=int, default=20, help="Paced signers (redis part).")
        add(
            "--signer-interval",
            type=float,
            default=1.0,
            help="Mean seconds between one "
            "signer's sign-ons, at random (20 signers: about 20 a second).",
        )
        add("--storm-seconds", type=float, default=60.0)
        add("--storm-readers", type=int, default=64)
        add("--storm-rate", type=float, default=10.0, help="Sign-ons confirmed a second.")
        add(
            "--no-compare",
            action="store_true",
            help="Skip the runs without the storm's "
            "stale pages and without the per-process copy (before/after).",
        )
        add("--parts", default=",".join(PARTS), help=f"Which, of {', '.join(PARTS)}.")
        add("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"))
        add("--port", type=int, default=0, help="Default: a free port.")

    def handle(self, *args, **options):
        self.options = options
        parts = [part.strip() for part in options["parts"].split(",") if part.strip()]
        if not Organization.objects.filter(slug__startswith="bench-").exists():
            self.stdout.write("No benchmark archive yet: running bench_data (a minute or two)...")
            call_command("bench_data", stdout=self.stdout)
        if not Statement.objects.filter(slug=HUGE_SLUG).exists():
            self.stdout.write("Adding the statement with 100,000 signatories...")
            call_command("bench_data", "--huge", stdout=self.stdout)
        wrk.binary()  # fails early, saying how to install it
        pages = self.pages()
        self.stdout.write("Measuring each page in-process (queries, bytes)...")
        sizes = {name: self.inspect(path) for name, path in pages}
        runner = runs.Runner(self, pages, sizes)
        runner.collect_static()
        results = {
            "run": {
                **{k: v for k, v in options.items() if k not in ("stdout", "stderr")},
                "database": connection.vendor,
                "started": timezone.now().isoformat(),
                "cores": len(os.sched_getaffinity(0)),
            },
            "pages": {name: sizes[name] for name, _ in pages},
        }
        self.stdout.write("wrk by itself, against a server that costs nothing...")
        results["generator_alone"] = wrk.generator_alone(
            sizes[STATEMENT]["bytes"], seconds=options["seconds"], connections=options["clients"]
        )
        if "cached" in parts:
            results["cached"] = runner.throughput(pages, label="page cache on, local memory")
        if "redis" in parts:
            results["redis"] = runner.redis(pages)
        if "storm" in parts:
            results["storm"] = runner.storm()
        if "uncached" in parts:
            results["uncached"] = runner.uncached(pages)
        if "scale" in parts:
            results["scale"] = runner.scale()
        lines = report.render(results, options)
        self.stdout.write("\n".join(lines))
        out = Path(settings.VAR_DIR) / "bench"
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"bench-{timezone.now():%Y%m%d-%H%M%S}.json"
        results["targets"] = report.targets(results)
        path.write_text(json.dumps(results, indent=2, default=str))
        self.stdout.write(f"\nWritten to {path}")

    def pages(self):
        published = Statement.objects.published().filter(slug__startswith="bench-")
        self.viral = (
            Campaign.objects.select_related("statement")
            .exclude(statement__slug=HUGE_SLUG)
            .get(statement__slug__startswith="bench-")
            .statement
        )
        self.deep_page = max(1, min(400, published.count() // 20))
        organization = self.viral.signatories.exclude(organization=None).first().organization
        return [
            ("home", "/"),
            ("archive page 1", "/statements/"),
            (f"archive page {self.deep_page}", f"/statements/?page={self.deep_page}"),
            (STATEMENT, self.viral.get_absolute_url()),
            (HUGE, Statement.objects.get(slug=HUGE_SLUG).get_absolute_url()),
            (FORM, f"/statements/{self.viral.slug}/sign/"),
            ("organization page", organization.get_absolute_url()),
            ("search", "/statements/?q=asylum+detention"),
            ("Atom feed", "/feeds/statements.atom"),
        ]

    def inspect(self, path):
        """Queries to render a page afresh (no page cache; the cache's next-embargo
        lookup, made once per content version, is not the page's), its size, and its
        size compressed."""
        with override_settings(PAGE_CACHE=False):
            client = Client(HTTP_HOST=HOST)
            client.get(path)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            # Read now: the next request empties the connection's log of queries.
            queries = len(captured)
            sizes = {
                encoding: len(client.get(path, HTTP_ACCEPT_ENCODING=encoding).content)
                for encoding in ("br", "gzip")
            }
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        return {"path": path, "queries": queries, "bytes": len(response.content), **sizes}
