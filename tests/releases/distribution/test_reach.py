"""Reads of statement pages and the sites that sent readers: counted by our server, cached
pages included, without cookies, robots or staff, at no database write per read."""

import datetime
import uuid

import pytest
from django.test import override_settings
from django.utils import timezone

from releases.distribution import reach
from releases.distribution.models import StatementReads
from tests import factories

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"


@pytest.fixture(autouse=True)
def _nothing_waiting():
    reach._take_counts()
    yield
    reach._take_counts()


def read(client, statement, *, agent=BROWSER, referer=None, method="get", path=None):
    headers = {"HTTP_USER_AGENT": agent}
    if referer:
        headers["HTTP_REFERER"] = referer
    return getattr(client, method)(path or statement.get_absolute_url(), **headers)


def counts(statement):
    reach.flush()
    return dict(statement.reads.values_list("referrer", "count"))


def test_every_read_counts_the_cached_ones_too(client):
    statement = factories.make_statement()

    first = read(client, statement)
    second = read(client, statement)

    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert counts(statement) == {"": 2}


def test_a_read_from_the_cache_costs_no_query(client, django_assert_num_queries):
    statement = factories.make_statement()
    read(client, statement)

    with django_assert_num_queries(0):
        assert read(client, statement)["X-Page-Cache"] == "hit"


def test_the_sites_that_sent_readers_are_kept_by_domain_and_nothing_else(client):
    statement = factories.make_statement()

    read(client, statement, referer="https://www.nytimes.com/2018/06/29/us/iom.html?utm=x")
    read(client, statement, referer="https://nytimes.com/other")
    read(client, statement, referer="https://mail.google.com/mail/u/0/")
    read(client, statement, referer="http://testserver/statements/")  # our own pages
    read(client, statement)

    assert counts(statement) == {"nytimes.com": 2, "mail.google.com": 1, "": 2}


def test_counting_sets_no_cookie(client):
    statement = factories.make_statement()

    response = read(client, statement)

    assert response.cookies == {} and "Set-Cookie" not in response


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "curl/8.5.0",
        "python-requests/2.32",
        "",
    ],
)
def test_robots_and_link_previews_are_not_readers(client, agent):
    statement = factories.make_statement()

    read(client, statement, agent=agent)

    assert counts(statement) == {}


def test_prefetches_heads_staff_and_missing_pages_are_not_counted(client, staff_client):
    statement = factories.make_statement()

    read(client, statement, method="head")
    client.get(statement.get_absolute_url(), HTTP_USER_AGENT=BROWSER, HTTP_SEC_PURPOSE="prefetch")
    read(staff_client, statement)
    read(client, statement, path="/statements/no-such-statement/")
    read(client, statement, path="/statements/2018/")
    draft = factories.make_statement(published=False)
    read(staff_client, draft)

    assert counts(statement) == {} and counts(draft) == {}


def test_reads_are_kept_per_day_and_added_up_across_flushes(client, time_machine):
    statement = factories.make_statement()
    read(client, statement)
    reach.flush()
    read(client, statement)
    read(client, statement)
    reach.flush()
    time_machine.move_to(timezone.now() + datetime.timedelta(days=1))
    read(client, statement)

    reach.flush()

    by_day = sorted(statement.reads.values_list("day", "count"))
    assert [count for _day, count in by_day] == [3, 1]
    summary = reach.summary(statement)
    assert summary["total"] == 4 and summary["peak"] == 3
    assert summary["days"][-1] == (timezone.localdate(), 1)


def test_the_spanish_page_counts_for_its_statement(client):
    statement = factories.make_statement()

    read(client, statement, path=f"/es{statement.get_absolute_url()}")

    assert counts(statement) == {"": 1}


def test_with_redis_every_app_server_adds_to_the_same_counts(client):
    """The production set-up: counts in a Redis hash per day, shared by every process."""
    redis_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/13",
            "KEY_PREFIX": f"wt-press-tests-{uuid.uuid4().hex}",
        }
    }
    statement = factories.make_statement()
    with override_settings(CACHES=redis_cache, PAGE_CACHE=False):
        reach.count(statement.slug, "nytimes.com")
        reach.count(statement.slug, "nytimes.com")
        read(client, statement)
        assert reach._redis() is not None
        assert reach.flush() == 3
        assert reach.flush() == 0  # taken once
    assert counts(statement) == {"nytimes.com": 2, "": 1}
    assert StatementReads.objects.count() == 2


def test_the_command_moves_the_counts_into_the_database(client):
    from io import StringIO

    from django.core.management import call_command

    statement = factories.make_statement()
    read(client, statement)
    out = StringIO()

    call_command("flush_reach", stdout=out)

    assert out.getvalue().strip() == "1 read(s) added."
    assert statement.reads.get().count == 1


def test_without_redis_pages_are_served_and_counting_pauses(client, monkeypatch, caplog):
    statement = factories.make_statement()
    calls = []

    def unreachable(*args, **kwargs):
        calls.append(args)
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(reach, "count", unreachable)
    monkeypatch.setattr(reach, "_paused_until", [0.0])

    for _ in range(3):
        assert read(client, statement).status_code == 200

    assert len(calls) == 1  # asked once, then left alone for a while
    assert sum("Reads not counted" in record.message for record in caplog.records) == 1
