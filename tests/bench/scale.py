"""The benchmark's measurements at scale, each in a process of its own (bench settings:
the database task queue, no mail sent):

    python -m tests.bench.scale approve --statement SLUG --count 5000
    python -m tests.bench.scale export --statement SLUG --rows 100000 [--buffered]

`approve` adds `count` confirmed sign-ons to the statement and approves them all at once
as a moderator does (coalitions.services.approve_signatories), timing it and counting
its queries, then removes them. `export` writes the CSV export of the first `rows`
signatories of the statement to nowhere and reports the process's peak memory, before
and after; `--buffered` joins the whole export in memory first, as a non-streamed
response would. Each prints one JSON line.
"""

import argparse
import json
import resource
import time


def _peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def approve(slug, count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from advocacy.text import name_key, sort_key
    from coalitions import services
    from coalitions.models import Signatory, SignatoryList
    from releases.models import Statement

    statement = Statement.objects.get(slug=slug)
    started = timezone.now()
    names = [f"Bulk Approval Group {n:05d}" for n in range(count)]
    rows = Signatory.objects.bulk_create(
        Signatory(
            statement=statement,
            name=name,
            name_key=name_key(name),
            sort_key=sort_key(name),
            email=f"bulk{n}@bench.example.org",
            source=Signatory.Source.FORM,
            status=Signatory.Status.CONFIRMED,
            confirmed_at=started,
        )
        for n, name in enumerate(names)
    )
    ids = [row.pk for row in rows]
    before = SignatoryList.objects.get(statement=statement)
    try:
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            approved = services.approve_signatories(
                signatories=Signatory.objects.filter(pk__in=ids)
            )
            seconds = time.perf_counter() - began
        after = SignatoryList.objects.get(statement=statement)
        exact = (
            after.organizations + after.individuals
            == Signatory.objects.filter(
                statement=statement, status=Signatory.Status.APPROVED
            ).count()
        )
        return {
            "count": count,
            "approved": approved,
            "seconds": seconds,
            "queries": len(captured),
            "count_moved_by": (after.organizations + after.individuals)
            - (before.organizations + before.individuals),
            "count_exact": exact,
        }
    finally:
        forget(Signatory.objects.filter(pk__in=ids), statement)
        DBTaskResult.objects.filter(enqueued_at__gte=started).delete()


def forget(signatories, statement):
    """Delete the benchmark's own rows and the organizations they made, in one statement
    each (not row by row with their signals: each would refresh the statement's search
    text), then count the statement's list and refresh its search text once."""
    from django.db import connection

    from advocacy.models import Organization
    from coalitions.models import SignatoryList
    from releases.models import Statement

    made = list(signatories.exclude(organization=None).values_list("organization_id", flat=True))
    signatories._raw_delete(connection.alias)
    Organization.objects.filter(pk__in=made, signatures=None)._raw_delete(connection.alias)
    SignatoryList.objects.recount([statement.pk])
    Statement.objects.filter(pk=statement.pk).refresh_search_vectors()


def export(slug, rows, *, buffered):
    from coalitions import exports
    from coalitions.models import Signatory

    ids = Signatory.objects.filter(statement__slug=slug).order_by("position", "id")
    last = ids.values_list("pk", flat=True)[rows - 1 : rows].first()
    queryset = Signatory.objects.filter(statement__slug=slug, pk__lte=last)
    # What the process holds before the export: Django, the models, a connection.
    list(Signatory.objects.filter(statement__slug=slug)[:10])
    before = _peak_mb()
    began = time.perf_counter()
    written = 0
    if buffered:
        whole = "".join(exports.rows(queryset)).encode()
        written = len(whole)
        del whole
    else:
        for chunk in exports.rows(queryset):
            written += len(chunk.encode())
    return {
        "rows": queryset.count(),
        "bytes": written,
        "seconds": time.perf_counter() - began,
        "peak_mb_before": before,
        "peak_mb": _peak_mb(),
        "buffered": buffered,
    }


def main():
    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["approve", "export"])
    parser.add_argument("--statement", required=True)
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--buffered", action="store_true")
    options = parser.parse_args()
    django.setup()
    if options.what == "approve":
        figures = approve(options.statement, options.count)
    else:
        figures = export(options.statement, options.rows, buffered=options.buffered)
    print("BENCH-JSON " + json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
