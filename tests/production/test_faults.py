"""Faults of the services behind the app servers: the worker killed in the middle of a
send, PostgreSQL restarting during a sign-on storm, Redis stopping.

Each test breaks one service of the suite's own set-up (`bin/prod kill|stop|start`), looks
at what readers and the database saw, and leaves everything running again.
"""

import time

import pytest

from deploy.prod.processes import wait_until
from tests.production.client import address, sign_on_fields
from tests.production.conftest import LEASE_SECONDS
from tests.production.storm import Storm

pytestmark = pytest.mark.production

TASKS = "django_tasks_database_dbtaskresult"


def report(line):
    print(f"\n  {line}", end="")


def sign_path(site, test):
    return f"/statements/{site.slug(test)}/sign/"


def confirmation_tasks(site, emails):
    return site.sql(
        f"SELECT args_kwargs->'kwargs'->>'to', status FROM {TASKS} "
        "WHERE args_kwargs->'args'->>0 = 'confirm' AND args_kwargs->'kwargs'->>'to' = ANY(%s)",
        [emails],
    )


def test_a_worker_killed_in_the_middle_of_a_send_loses_no_email(healed):
    site = healed
    emails = [f"kill-test-{n}@partner{n}.example.org" for n in range(5)]
    wait_until(  # the mail of other tests sent, so that the one held is this test's
        lambda: (
            not site.sql(
                f"SELECT 1 FROM {TASKS} WHERE status = 'RUNNING' OR status = 'READY' "
                "AND (run_after <= now() OR run_after >= '9999-01-01')"  # due, or with no date
            )
        ),
        timeout=120,
        what="an empty queue",
    )
    site.sink.hold()  # the mail server takes each message and keeps its sender waiting
    for n, email in enumerate(emails):
        fields = sign_on_fields(site, 2000 + n, email=email)
        assert site.client(address(20, n)).submit(sign_path(site, "worker"), fields).status == 302

    site.sink.wait_for(lambda sink: sink.held == 1, timeout=60, what="the worker's first send")
    (in_flight,) = [email for email in emails if site.sink.to(email)]
    assert sorted(status for _to, status in confirmation_tasks(site, emails)) == [
        *["READY"] * 4,
        "RUNNING",
    ]

    site.kill("worker")  # SIGKILL: it never hears the server's answer, never records it
    site.sink.release()
    assert dict(confirmation_tasks(site, emails))[in_flight] == "RUNNING"

    restarted = time.monotonic()
    site.start("worker")
    site.sink.wait_for(
        lambda sink: all(sink.to(email) for email in emails),
        timeout=LEASE_SECONDS * 4 + 60,
        what="every confirmation",
    )
    wait_until(
        lambda: {status for _to, status in confirmation_tasks(site, emails)} == {"SUCCESSFUL"},
        timeout=60,
        what="every task recorded as sent",
    )
    copies = {email: len(site.sink.to(email)) for email in emails}
    report(
        f"worker SIGKILLed mid-send: all {len(emails)} confirmations sent "
        f"{time.monotonic() - restarted:.1f} s after the restart; copies {sorted(copies.values())}"
    )
    # None lost; the one in flight went out once more (the server had it, the worker
    # could not know); every other exactly once.
    assert copies == {email: 2 if email == in_flight else 1 for email in emails}


def test_postgresql_restarting_during_a_sign_on_storm(healed):
    site = healed
    slug = site.slug("database")
    app_servers = {name: site.pid(name) for name in ("web1", "web2")}
    with Storm(site, block=21, slug=slug, first=3000) as storm:
        storm.wait_for(lambda: len(storm.accepted()) >= 10, what="sign-ons before the fault")
        stopped = time.monotonic()
        site.stop("postgres")  # a fast shutdown: every open connection is cut
        down_for = time.monotonic() - stopped
        storm.wait_for(
            lambda: sum(a.status == 503 for a in storm.since(stopped)) >= 5,
            what="503s while the database is down",
        )
        started = time.monotonic()
        site.start("postgres")
        storm.wait_for(
            lambda: len(storm.accepted(since=started)) >= 10, what="sign-ons after the restart"
        )
    answers = storm.answers
    unavailable = [a for a in answers if a.status == 503]
    back = storm.accepted(since=started)
    report(
        f"PostgreSQL stopped (fast shutdown, {down_for:.1f} s) and started again "
        f"{started - stopped:.1f} s later: {len(answers)} answers {storm.statuses()}; "
        f"503s from {unavailable[0].at - stopped:.1f} s to {unavailable[-1].at - stopped:.1f} s "
        f"after the stop began; next sign-on accepted {back[0].at - started:.2f} s after the start"
    )

    # Readers saw the site, or its clear 503 page: never a 500, a proxy error or a trace.
    assert set(storm.statuses()) <= {200, 302, 503}
    for answer in unavailable:
        assert "The press room is briefly unavailable" in answer.text
        assert answer.headers.get("retry-after") == "60"
        assert "Traceback" not in answer.text and "psycopg" not in answer.text

    # Every sign-on accepted is stored once, whole: its row, its history, its email queued.
    rows = site.sql(
        "SELECT s.name, count(*) OVER (PARTITION BY s.name), "
        "  (SELECT count(*) FROM reversion_version v JOIN django_content_type ct "
        "   ON ct.id = v.content_type_id AND ct.model = 'signatory' "
        "   WHERE v.object_id = s.id::text),"
        f"  (SELECT count(*) FROM {TASKS} t WHERE t.args_kwargs->'args'->>1 = s.id::text) "
        "FROM coalitions_signatory s JOIN releases_statement st ON st.id = s.statement_id "
        "WHERE st.slug = %s",
        [slug],
    )
    stored = {name for name, *_counts in rows}
    assert storm.organizations(storm.accepted()) <= stored
    refused = storm.organizations([a for a in answers if a.what == "sign-on" and a.status != 302])
    assert stored - storm.organizations(storm.accepted()) <= refused
    assert all(tuple(counts) == (1, 1, 1) for _name, *counts in rows)
    report(f"{len(rows)} sign-ons stored, each once with its revision and its email task")

    # The app servers were not restarted: the same processes serve again.
    assert {name: site.pid(name) for name in app_servers} == app_servers
    for name in app_servers:
        assert site.app_server(name).get("/statements/").status == 200


def test_redis_stopping_leaves_the_site_serving_uncached_and_sign_ons_open(healed):
    site = healed
    slug = site.slug("redis")
    reader = site.client(address(22, 0))
    page = f"/statements/{slug}/"
    reader.get(page)
    assert reader.get(page).headers.get("x-page-cache") == "hit"

    logs = {name: site.topology.log(name) for name in ("web1", "web2")}
    seen = {name: log.stat().st_size for name, log in logs.items()}
    site.stop("redis")
    stopped = time.monotonic()
    for path in ["/", "/statements/", page, page]:
        answer = reader.get(path)
        assert answer.status == 200, path
        assert answer.headers.get("x-page-cache") != "hit"
    # Rate limits fail open: one address signs on past its hourly limit of 20.
    partner = site.client(address(22, 1))
    statuses = [
        partner.submit(sign_path(site, "redis"), sign_on_fields(site, 4000 + n)).status
        for n in range(25)
    ]
    assert statuses == [302] * 25
    served = time.monotonic() - stopped
    # Each app server said once why, and nothing failed.
    for name, log in logs.items():
        with open(log, encoding="utf-8", errors="replace") as text:
            text.seek(seen[name])
            written = text.read()
        assert "advocacy.cache: The cache at redis://" in written
        assert "out of reach" in written
        assert "Traceback" not in written and "Internal Server Error" not in written

    site.start("redis")
    started = time.monotonic()
    wait_until(
        lambda: reader.get(page).headers.get("x-page-cache") == "hit",
        timeout=60,
        what="pages cached again",
    )
    report(
        f"Redis stopped: 4 pages and 25 sign-ons from one address served in {served:.1f} s, "
        f"none refused; pages cached again {time.monotonic() - started:.1f} s after its restart"
    )
