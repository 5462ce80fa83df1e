"""The benchmark's tables and the targets of issue 18, from the results of its runs."""

STATEMENT = "statement, 1,000 signatories"
HUGE = "statement, 100,000 signatories"
FORM = "sign-on form (per reader)"


def _ms(value):
    return "" if value is None else f"{value:.1f} ms"


def table(rows, *, share=True):
    header = (
        f"  {'page':<32} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'SQL':>4}"
        + (f" {'limit':>7} {'of limit':>8} {'app CPU':>8} {'db CPU':>7}" if share else "")
        + f" {'errors':>6}"
    )
    lines = [header, "  " + "-" * (len(header) - 2)]
    for row in rows:
        queries = "" if row.get("queries") is None else row["queries"]
        lines.append(
            f"  {row['page']:<32} {row['rps']:>8.1f} {row['p50_ms']:>7.1f} "
            f"{row['p95_ms']:>7.1f} {row['p99_ms']:>7.1f} {queries:>4}"
            + (
                f" {row['limit_rps']:>7.0f} {row['share_of_limit']:>8.1%}"
                f" {_ms(row.get('app_cpu_ms')):>8} {_ms(row.get('db_cpu_ms')):>7}"
                if share
                else ""
            )
            + f" {row['errors']:>6}"
        )
    return lines


def _memory(values):
    return ", ".join(f"{mb:.0f} MB" for mb in values) if values else "unknown"


def _rows(run):
    return {row["page"]: row for row in run["rows"]} if run else {}


def render(results, options):
    run = results["run"]
    pages = results["pages"]
    statement = pages[STATEMENT]
    lines = [
        "",
        f"Benchmark archive on {run['database']}, {run['cores']} cores: gunicorn "
        f"{options['workers']} workers x {options['threads']} threads; wrk with "
        f"{options['clients']} connections, {options['seconds']:g} s per page; started "
        f"{run['started']}.",
        "",
        "Page weight: the statement with 1,000 signatories is "
        f"{statement['bytes']:,} bytes of HTML, {statement['br']:,} in Brotli and "
        f"{statement['gzip']:,} in gzip (as a browser asking for them gets it); the "
        f"one with 100,000 is {pages[HUGE]['bytes']:,} bytes.",
    ]
    alone = results["generator_alone"]
    lines += [
        "",
        f"wrk by itself (a canned answer of {statement['bytes']:,} bytes from a server that "
        f"does nothing): {alone['rps']:,.0f} req/s, {alone['client_cpu_ms']:.3f} ms of "
        "wrk's CPU per request.",
    ]
    for key in ("cached",):
        if results.get(key):
            lines += ["", f"{results[key]['label'].capitalize()}:", *table(results[key]["rows"])]
            lines.append(
                "Peak memory per worker: " + _memory(results[key]["peak_memory_mb_per_worker"])
            )
    redis = results.get("redis")
    if redis:
        for key in ("local", "no_local"):
            if redis.get(key):
                lines += ["", f"{redis[key]['label'].capitalize()}:", *table(redis[key]["rows"])]
        signing = redis["sign_on"]
        lines += [
            "",
            f"Sign-on POST, {options['signers']} signers at their own pace, one sign-on every "
            f"{options['signer_interval']:g} s each on average (Redis; Python client):",
            *table([signing], share=False),
            f"Accepted {signing['accepted']}, stored {signing['stored']}, confirmation emails "
            f"queued by the requests {signing['emails_queued']}, then sent by the worker "
            f"{signing['emails_sent']} (in {signing['worker_seconds']:.1f} s); answers "
            f"{signing['statuses']}.",
        ]
    storm = results.get("storm")
    if storm:
        for storm_run in storm.values():
            readers, signers = storm_run["readers"], storm_run["signers"]
            how = (
                "the page before served while one request renders"
                if storm_run["stale"]
                else "every reader who finds the page stale renders it (PAGE_CACHE_STALE=0)"
            )
            lines += [
                "",
                f"The storm, {how}: {readers['connections']} readers, "
                f"{signers['confirmed']} sign-ons confirmed and listed in "
                f"{signers['seconds']:.0f} s:",
                f"  readers: {readers['rps']:.1f} req/s = {storm_run['share_of_limit']:.1%} of the "
                f"static file's {storm_run['limit_rps']:.0f}; p50 {readers['p50_ms']:.1f} ms, p99 "
                f"{readers['p99_ms']:.1f} ms; app CPU {_ms(readers.get('app_cpu_ms'))}, db CPU "
                f"{_ms(readers.get('db_cpu_ms'))} per read; errors {readers['errors']}",
                f"  answers: {readers['cache']} to the readers, {signers['watching_reads']} to "
                "the signers watching for their name",
                f"  renders of the page: {storm_run['renders']} for {storm_run['changes']} changes "
                f"= {_ratio(storm_run['renders_per_change'])} per change",
                f"  each new name on the page after its confirmation: p50 "
                f"{_seconds(storm_run['appear_p50_s'])}, "
                f"p95 {_seconds(storm_run['appear_p95_s'])}, "
                f"slowest {_seconds(storm_run['appear_max_s'])}; never seen within 10 s: "
                f"{signers['missing']}; signers' answers {signers['statuses']}",
            ]
    uncached = results.get("uncached")
    if uncached:
        lines += ["", "Every cache off:", *table(uncached["rows"])]
        lines.append("Peak memory per worker: " + _memory(uncached["peak_memory_mb_per_worker"]))
        lines += ["", "Every cache off, one reader at a time (no queueing):"]
        for row in uncached["latency_one_reader"]:
            row.setdefault("queries", pages.get(row["page"], {}).get("queries"))
        lines += table(uncached["latency_one_reader"], share=False)
    scale = results.get("scale")
    if scale:
        lines += ["", "Bulk approval (one action, as a moderator does it):"]
        for one in scale["approve"]:
            lines.append(
                f"  {one['count']:>6,} sign-ons: {one['seconds']:.2f} s, {one['queries']} "
                f"queries; the count moved by {one['count_moved_by']:,} and "
                f"{'is' if one['count_exact'] else 'is NOT'} exact"
            )
        lines += ["", "CSV export, peak memory of the process writing it:"]
        for one in scale["export"]:
            how = "joined whole (as before)" if one["buffered"] else "streamed"
            lines.append(
                f"  {one['rows']:>7,} rows, {how:<24}: {one['bytes'] / 1e6:6.1f} MB of CSV in "
                f"{one['seconds']:.1f} s, peak {one['peak_mb']:.0f} MB "
                f"(+{one['peak_mb'] - one['peak_mb_before']:.0f} MB)"
            )
    lines += ["", "Targets (issue 18):"]
    for met, text in targets(results):
        lines.append(
            f"  [{'met' if met else 'NOT MET' if met is False else 'not measured'}] {text}"
        )
    return lines


def _ratio(value):
    return "?" if value is None else f"{value:.2f}"


def _seconds(value):
    return "-" if value is None else f"{value * 1000:.0f} ms"


def targets(results):
    """Each target with whether this run met it (None: not measured in this run)."""
    checks = []
    storm = (results.get("storm") or {}).get("stale_while_rendering")
    if storm:
        readers = storm["readers"]
        checks += [
            (
                storm["share_of_limit"] >= 0.5,
                "storm: readers keep at least 50% of the static limit: "
                f"{storm['share_of_limit']:.1%}",
            ),
            (
                readers["p99_ms"] < 100,
                f"storm: readers' p99 under 100 ms: {readers['p99_ms']:.1f} ms",
            ),
            (
                storm["appear_max_s"] is not None
                and storm["appear_max_s"] <= 1.0
                and storm["signers"]["missing"] == 0,
                f"storm: every new signer on the page within 1 s of confirming: slowest "
                f"{_seconds(storm['appear_max_s'])}, {storm['signers']['missing']} never seen",
            ),
            (
                storm["renders_per_change"] is not None and storm["renders_per_change"] <= 1.5,
                f"storm: renders of the page per change close to 1 (at most 1.5): "
                f"{_ratio(storm['renders_per_change'])}",
            ),
        ]
    else:
        checks.append((None, "the storm"))
    uncached = _rows(results.get("uncached"))
    if uncached:
        share = uncached[STATEMENT]["share_of_limit"]
        checks.append(
            (
                share >= 0.05,
                f"every cache off, the 1,000-signatory page at 5% or more of the "
                f"static limit of its size: {share:.1%}",
            )
        )
        one, huge = uncached[STATEMENT], uncached[HUGE]
        cost = lambda row: (row.get("app_cpu_ms") or 0) + (row.get("db_cpu_ms") or 0)  # noqa: E731
        checks.append(
            (
                cost(huge) <= cost(one) * 1.15 and huge["queries"] <= one["queries"],
                f"scale: the 100,000-signatory page costs no more than the 1,000 one, every "
                f"cache off: {cost(huge):.1f} against {cost(one):.1f} ms of CPU per request, "
                f"{huge['queries']} against {one['queries']} queries",
            )
        )
    else:
        checks.append((None, "every cache off"))
    scale = results.get("scale")
    if scale:
        small, big = scale["approve"][0], scale["approve"][-1]
        checks.append(
            (
                big["seconds"] < 2 and big["queries"] == small["queries"] and big["count_exact"],
                f"scale: bulk approval of {big['count']:,} in under 2 s, in as many queries as "
                f"{small['count']:,}: {big['seconds']:.2f} s, {big['queries']} and "
                f"{small['queries']} queries, count exact: {big['count_exact']}",
            )
        )
        streamed = [one for one in scale["export"] if not one["buffered"]]
        growth = [one["peak_mb"] - one["peak_mb_before"] for one in streamed]
        checks.append(
            (
                growth[-1] <= growth[0] + 10,
                "scale: the CSV export in constant memory: the process grew by "
                + ", ".join(f"{g:.0f} MB" for g in growth)
                + " for "
                + ", ".join(f"{one['rows']:,}" for one in streamed)
                + " rows",
            )
        )
    else:
        checks.append((None, "bulk approval and the CSV export"))
    for key, label in (("cached", "local memory"), ("redis", "Redis")):
        run = results.get(key)
        run = run.get("local") if key == "redis" and run else run
        rows = _rows(run)
        if rows:
            share = rows[STATEMENT]["share_of_limit"]
            checks.append(
                (
                    share >= 0.8,
                    f"cached ({label}): statement page at 0.8 or more of the static "
                    f"limit of its size: {share:.2f}; the sign-on form's page: "
                    f"{rows[FORM]['share_of_limit']:.2f}",
                )
            )
        else:
            checks.append((None, f"cached ({label})"))
    return checks
