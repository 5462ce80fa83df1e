"""The benchmark's runs: each serves the site with gunicorn in a set-up and measures it
(see the bench command's docstring for what each part does)."""

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from coalitions.models import Campaign, Signatory

from . import loadgen, server, wrk
from .management.commands.bench_data import HUGE_SLUG

HOST = server.HOST
STATEMENT = "statement, 1,000 signatories"
FORM = "sign-on form (per reader)"
STATIC_DIR = "bench"


def _json_line(output):
    line = next(line for line in output.splitlines() if line.startswith("BENCH-JSON "))
    return json.loads(line.removeprefix("BENCH-JSON "))


class Runner:
    def __init__(self, command, pages, sizes):
        self.command = command
        self.options = command.options
        self.pages = pages
        self.sizes = sizes
        self.viral = command.viral
        self.write = command.stdout.write

    # --- set-up ------------------------------------------------------------------

    def static_path(self, size):
        return f"/static/{STATIC_DIR}/{size}.html"

    def collect_static(self):
        """Static files for the site, and one of each page's size (and of the
        statement's compressed sizes) for whitenoise to serve as the limit."""
        self.write("Collecting static files for production serving...")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            env=server.environment(),
            check=True,
            cwd=settings.BASE_DIR,
        )
        folder = Path(settings.VAR_DIR) / "bench" / "static" / STATIC_DIR
        folder.mkdir(parents=True, exist_ok=True)
        sizes = {size["bytes"] for size in self.sizes.values()} | {self.sizes[STATEMENT]["br"]}
        for size in sizes:
            (folder / f"{size}.html").write_bytes(b"x" * size)

    def start(self, **env):
        env.setdefault("PAGE_CACHE", "1")
        started = server.Server(
            workers=self.options["workers"],
            threads=self.options["threads"],
            env=server.environment(**env),
            port=self.options["port"],
        )
        self.warm(started, "/")
        return started

    def warm(self, running, path, connections=None):
        """A second of requests first, from at least as many connections as the server
        has threads: every worker has loaded the code, opened its database connection
        and (page cache on) stored the page, before anything is timed."""
        threads = self.options["workers"] * self.options["threads"]
        wrk.run(HOST, running.port, path, seconds=1, connections=connections or threads)

    def redis_env(self):
        prefix = f"bench{int(time.time())}"
        return {"REDIS_URL": self.options["redis_url"], "CACHE_KEY_PREFIX": prefix}

    def clear_redis(self, env):
        import redis

        client = redis.Redis.from_url(env["REDIS_URL"])
        for key in client.scan_iter(f"{env['CACHE_KEY_PREFIX']}:*", count=1000):
            client.delete(key)

    def redis_works(self):
        try:
            import redis

            redis.Redis.from_url(self.options["redis_url"], socket_timeout=2).ping()
            return True
        except Exception as error:  # noqa: BLE001 - reported, and the part skipped
            self.write(f"  Redis at {self.options['redis_url']} unreachable ({error}): skipped.")
            return False

    # --- measurements ------------------------------------------------------------

    def measure(self, running, name, path, *, size, headers=(), connections=None, seconds=None):
        """A page's throughput, right after the static file of `size` bytes."""
        load = {
            "seconds": seconds or self.options["seconds"],
            "connections": connections or self.options["clients"],
        }
        self.warm(running, path)
        limit = wrk.run(HOST, running.port, self.static_path(size), **load)
        before = running.cpu()
        result = wrk.run(HOST, running.port, path, headers=headers, **load)
        cpu = server.cpu_ms_per_request(before, running.cpu(), result["requests"])
        return {
            "page": name,
            "path": path,
            "queries": self.sizes.get(name, {}).get("queries"),
            **result,
            **cpu,
            "limit_rps": limit["rps"],
            "limit_p99_ms": limit["p99_ms"],
            "limit_client_cpu_ms": limit["client_cpu_ms"],
            "share_of_limit": result["rps"] / limit["rps"] if limit["rps"] else 0.0,
        }

    def throughput(self, pages, *, label, **env):
        self.write(f"\nServing with gunicorn, {label}...")
        running = self.start(**env)
        rows = []
        try:
            for name, path in pages:
                self.write(f"  {name}")
                rows.append(self.measure(running, name, path, size=self.sizes[name]["bytes"]))
            if env.get("PAGE_CACHE", "1") == "1":
                self.write("  the statement, asked for in Brotli")
                path = dict(pages)[STATEMENT]
                rows.append(
                    self.measure(
                        running,
                        "statement, Brotli",
                        path,
                        size=self.sizes[STATEMENT]["br"],
                        headers=["Accept-Encoding: br"],
                    )
                )
            memory = running.peak_memory()
        finally:
            running.stop()
        return {"label": label, "rows": rows, "peak_memory_mb_per_worker": memory}

    def redis(self, pages):
        if not self.redis_works():
            return None
        chosen = [(name, path) for name, path in pages if name in (STATEMENT, FORM)]
        results = {}
        for local in ("1", "0") if not self.options["no_compare"] else ("1",):
            env = {**self.redis_env(), "PAGE_CACHE_LOCAL": local}
            label = "page cache on, Redis" + ("" if local == "1" else ", no per-process copy")
            try:
                results["local" if local == "1" else "no_local"] = self.throughput(
                    chosen, label=label, **env
                )
            finally:
                self.clear_redis(env)
        env = self.redis_env()
        running = self.start(**env)
        try:
            results["sign_on"] = self.sign_ons(running)
        finally:
            running.stop()
            self.clear_redis(env)
        return results

    def sign_ons(self, running):
        """Signers at their own pace on the open statement; then every accepted one must
        be in the database, waiting for its email confirmation, its email queued."""
        options = self.options
        path = f"/statements/{self.viral.slug}/sign/"
        self.write(
            f"  sign-on POST: {options['signers']} signers, one sign-on every "
            f"{options['signer_interval']:g} s each on average"
        )
        started = timezone.now()
        result = loadgen.in_child_process(
            HOST,
            running.port,
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
        self.write("  the task worker sends the confirmation emails...")
        worker_started = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"]
            + ["--no-reload", "-v0"],
            env=server.environment(),
            check=True,
            cwd=settings.BASE_DIR,
        )
        result["worker_seconds"] = time.perf_counter() - worker_started
        result["emails_sent"] = len(stored_ids & confirmations(started, status="SUCCESSFUL"))
        self.forget_signers(started)
        return {"page": "sign-on POST", "path": path, "queries": None, **result}

    def forget_signers(self, started):
        """The benchmark's sign-ons are not kept: the next run starts from the same archive."""
        from .scale import forget

        forget(
            Signatory.objects.filter(statement=self.viral, name__startswith="Bench Signer "),
            self.viral,
        )
        DBTaskResult.objects.filter(enqueued_at__gte=started).delete()

    def storm(self):
        if not self.redis_works():
            return None
        results = {}
        for stale in ("1", "0") if not self.options["no_compare"] else ("1",):
            env = {**self.redis_env(), "PAGE_CACHE_STALE": stale}
            key = "stale_while_rendering" if stale == "1" else "every_reader_renders"
            try:
                results[key] = self.one_storm(env, stale == "1")
            finally:
                self.clear_redis(env)
        return results

    def one_storm(self, env, stale):
        options = self.options
        readers, seconds = options["storm_readers"], options["storm_seconds"]
        what = "the page before served while one renders" if stale else "every reader renders"
        self.write(
            f"\nThe storm ({what}): {readers} readers on the statement while "
            f"{options['storm_rate']:g} sign-ons a second are confirmed, {seconds:g} s..."
        )
        campaign = Campaign.objects.get(statement=self.viral)
        moderation = campaign.requires_moderation
        Campaign.objects.filter(pk=campaign.pk).update(requires_moderation=False)
        started = timezone.now()
        running = self.start(**env)
        path = self.viral.get_absolute_url()
        try:
            size = self.sizes[STATEMENT]["bytes"]
            self.warm(running, path, connections=readers)
            limit = wrk.run(
                HOST,
                running.port,
                self.static_path(size),
                seconds=options["seconds"],
                connections=readers,
            )
            signers = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.bench.signers",
                    "--port",
                    str(running.port),
                    "--slug",
                    self.viral.slug,
                    "--rate",
                    str(options["storm_rate"]),
                    "--seconds",
                    str(seconds),
                    # Enough signers that slow answers do not slow the stream: each
                    # signs on every 4 s on average.
                    "--threads",
                    str(max(20, round(4 * options["storm_rate"]))),
                ],
                env=server.environment(**env),
                cwd=settings.BASE_DIR,
                stdout=subprocess.PIPE,
                text=True,
            )
            before = running.cpu()
            reading = {}
            reader = threading.Thread(
                target=lambda: reading.update(
                    wrk.run(
                        HOST,
                        running.port,
                        path,
                        seconds=seconds,
                        connections=readers,
                        count_cache=True,
                    )
                )
            )
            reader.start()
            output, _ = signers.communicate(timeout=seconds + 120)
            reader.join()
            cpu = server.cpu_ms_per_request(before, running.cpu(), reading["requests"])
            signing = _json_line(output)
        finally:
            running.stop()
            Campaign.objects.filter(pk=campaign.pk).update(requires_moderation=moderation)
            self.forget_signers(started)
        watched = signing["watching_reads"]
        renders = reading["cache"]["miss"] + watched.get("miss", 0)
        appeared = sorted(signing["appeared"])
        return {
            "stale": stale,
            "readers": {**reading, **cpu},
            "limit_rps": limit["rps"],
            "share_of_limit": reading["rps"] / limit["rps"] if limit["rps"] else 0.0,
            "signers": signing,
            "changes": signing["confirmed"],
            "renders": renders,
            "renders_per_change": renders / signing["confirmed"] if signing["confirmed"] else None,
            "appear_p50_s": percentile(appeared, 0.5),
            "appear_p95_s": percentile(appeared, 0.95),
            "appear_max_s": appeared[-1] if appeared else None,
        }

    def uncached(self, pages):
        result = self.throughput(pages, label="every cache off", PAGE_CACHE="0")
        running = self.start(PAGE_CACHE="0")
        latency = []
        try:
            for name, path in pages:
                one = wrk.run(
                    HOST, running.port, path, seconds=self.options["seconds"] / 2, connections=1
                )
                latency.append({"page": name, "path": path, **one})
        finally:
            running.stop()
        result["latency_one_reader"] = latency
        return result

    def scale(self):
        self.write("\nScale: bulk approval and the CSV export...")
        results = {"approve": [], "export": []}
        for count in (500, 5000):
            results["approve"].append(self.scale_run("approve", "--count", str(count)))
        for rows in (1_000, 10_000, 100_000):
            for buffered in (False, True):
                arguments = ["export", "--rows", str(rows)] + (["--buffered"] if buffered else [])
                results["export"].append(self.scale_run(*arguments))
        return results

    def scale_run(self, what, *arguments):
        finished = subprocess.run(
            [sys.executable, "-m", "tests.bench.scale", what, "--statement", HUGE_SLUG, *arguments],
            env=server.environment(),
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        )
        return _json_line(finished.stdout)


def percentile(ordered, fraction):
    if not ordered:
        return None
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def confirmations(since, *, status):
    """Ids of the signatories whose confirmation email is a task in this state, of the
    tasks enqueued since `since`."""
    tasks = DBTaskResult.objects.filter(
        enqueued_at__gte=since, status=status, task_path="coalitions.tasks.send_signer_email"
    ).values_list("args_kwargs", flat=True)
    return {task["args"][1] for task in tasks if task["args"][0] == "confirm"}
