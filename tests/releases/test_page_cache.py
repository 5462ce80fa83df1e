"""Anonymous readers get cached pages, and never a stale one after a change."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from coalitions import services
from coalitions.models import Signatory
from tests.coalitions.factories_signon import form_data, make_campaign
from tests.factories import make_organization, make_statement

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    return response, response.get("X-Page-Cache") == "hit"


def test_second_view_is_served_from_the_cache_without_queries(client, django_assert_num_queries):
    statement = make_statement(title="Cached statement")
    first, hit = get(client, statement.get_absolute_url())
    assert not hit
    with django_assert_num_queries(0):
        second, hit = get(client, statement.get_absolute_url())
    assert hit and second.content == first.content


@pytest.mark.parametrize(
    "change",
    ["edit", "unpublish", "new statement", "organization", "tag"],
)
def test_a_change_shows_on_the_next_request(client, change):
    org = make_organization(name="Issuing Org")
    statement = make_statement(title="Original title", issuers=[org])
    get(client, "/statements/")
    get(client, statement.get_absolute_url())
    if change == "edit":
        statement.title = "Corrected title"
        statement.save()
        expected, url = "Corrected title", statement.get_absolute_url()
    elif change == "unpublish":
        statement.unpublish()
        response, _ = get(client, statement.get_absolute_url())
        assert response.status_code == 404
        assert "Original title" not in get(client, "/statements/")[0].content.decode()
        return
    elif change == "new statement":
        make_statement(title="Brand new")
        expected, url = "Brand new", "/statements/"
    elif change == "organization":
        org.name = "Renamed Org"
        org.save()
        expected, url = "Renamed Org", statement.get_absolute_url()
    else:
        statement.tags.add("fresh-tag")
        expected, url = "fresh-tag", statement.get_absolute_url()
    response, hit = get(client, url)
    assert not hit and expected in response.content.decode()


def test_approving_and_withdrawing_signatories_show_at_once(
    client, django_capture_on_commit_callbacks
):
    campaign = make_campaign(
        closes_at=timezone.now() - datetime.timedelta(seconds=1),
        opens_at=timezone.now() - datetime.timedelta(days=1),
    )
    url = campaign.statement.get_absolute_url()
    waiting = Signatory.objects.create(
        statement=campaign.statement, name="Waiting Org", status="confirmed", source="form"
    )
    assert "Waiting Org" not in get(client, url)[0].content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # pages move on at commit
        services.approve_signatories(signatories=Signatory.objects.filter(pk=waiting.pk))
    assert "Waiting Org" in get(client, url)[0].content.decode()
    services.withdraw_signature(signatory=waiting)
    assert "Waiting Org" not in get(client, url)[0].content.decode()


def test_an_embargoed_statement_appears_at_its_time_despite_the_cache(client, time_machine):
    moment = timezone.now() + datetime.timedelta(minutes=2)
    make_statement(title="Timed release", publish_at=moment)
    assert "Timed release" not in get(client, "/")[0].content.decode()
    assert get(client, "/")[1]  # cached meanwhile
    time_machine.move_to(moment + datetime.timedelta(seconds=1))
    response, hit = get(client, "/")
    assert not hit and "Timed release" in response.content.decode()


def test_staff_are_never_served_cached_pages(client, staff_user):
    statement = make_statement(title="Public statement")
    get(client, statement.get_absolute_url())
    assert get(client, statement.get_absolute_url())[1]
    staff = Client()
    staff.force_login(staff_user)
    assert not get(staff, statement.get_absolute_url())[1]
    assert not get(staff, statement.get_absolute_url())[1]


def hidden(html, name):
    return re.search(rf'name="{name}" value="([^"]+)"', html).group(1)


def test_a_page_with_a_form_is_cached_with_each_readers_own_token(settings):
    """The sign-on page carries the form: cached, but each reader gets a CSRF token and
    a fill-time stamp of their own, and can sign from the cached page."""
    settings.SIGNON_MIN_SECONDS = 0
    campaign = make_campaign()
    url = f"/statements/{campaign.statement.slug}/sign/"
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    get(first, url)
    page, hit = get(second, url)
    assert hit
    html = page.content.decode()
    assert "\x00" not in html
    first_html = get(first, url)[0].content.decode()
    assert hidden(html, "csrfmiddlewaretoken") != hidden(first_html, "csrfmiddlewaretoken")
    assert hidden(html, "started") != hidden(first_html, "started")

    response = second.post(
        f"/statements/{campaign.statement.slug}/sign/",
        form_data(
            csrfmiddlewaretoken=hidden(html, "csrfmiddlewaretoken"),
            started=hidden(html, "started"),
        ),
    )
    assert response.status_code == 302
    assert Signatory.objects.filter(statement=campaign.statement, status="submitted").count() == 1


def test_sign_ons_waiting_for_confirmation_leave_cached_pages_alone(
    client, settings, django_capture_on_commit_callbacks
):
    """A flood of sign-ons changes no public page until one is listed."""
    settings.SIGNON_MIN_SECONDS = 0
    campaign = make_campaign(requires_moderation=True)
    url = campaign.statement.get_absolute_url()
    get(client, url)
    for n in range(3):
        Client().post(
            f"/statements/{campaign.statement.slug}/sign/",
            form_data(organization_name=f"Waiting Org {n}", email=f"w{n}@example.org"),
        )
    assert Signatory.objects.filter(status="submitted").count() == 3
    assert get(client, url)[1]
    services.confirm_signature(signatory=Signatory.objects.get(name="Waiting Org 0"))
    assert get(client, url)[1]
    with django_capture_on_commit_callbacks(execute=True):  # pages move on at commit
        services.approve_signatories(signatories=Signatory.objects.filter(name="Waiting Org 0"))
    response, hit = get(client, url)
    assert not hit and "Waiting Org 0" in response.content.decode()


@pytest.mark.parametrize("url", ["statement", "/feeds/statements.atom", "/statements/"])
def test_conditional_get_answers_304_until_the_page_changes(client, url, time_machine):
    statement = make_statement(title="Conditional")
    url = statement.get_absolute_url() if url == "statement" else url
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=2))
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    statement.title = "Conditional, corrected"
    statement.save()
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and "Conditional, corrected" in again.content.decode()
    assert again["ETag"] != etag
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 200


def test_no_last_modified_date_within_the_second_of_a_change(client, time_machine):
    """HTTP dates count seconds: a second change within the same second would carry the
    same date, and a reader who had the first would be told nothing changed."""
    time_machine.move_to(datetime.datetime(2026, 3, 1, 12, 0, 0, 500000, datetime.UTC), tick=False)
    statement = make_statement(title="Just edited")
    response = client.get(statement.get_absolute_url())
    assert "Last-Modified" not in response and response["ETag"]


def test_the_moment_an_embargo_lifts_is_a_change_for_conditional_get(client, time_machine):
    moment = timezone.now() + datetime.timedelta(minutes=2)
    make_statement(title="Timed for readers", publish_at=moment)
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=2))
    before = client.get("/feeds/statements.atom")
    assert (
        client.get(
            "/feeds/statements.atom", HTTP_IF_MODIFIED_SINCE=before["Last-Modified"]
        ).status_code
        == 304
    )
    time_machine.move_to(moment + datetime.timedelta(seconds=1))
    after = client.get("/feeds/statements.atom", HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
    assert after.status_code == 200 and "Timed for readers" in after.content.decode()


def test_the_page_cache_can_be_turned_off(client, settings):
    settings.PAGE_CACHE = False
    statement = make_statement()
    get(client, statement.get_absolute_url())
    response, hit = get(client, statement.get_absolute_url())
    assert not hit and "ETag" not in response


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "advocacy.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": "pressroom-tests",
        }
    }
)
def test_the_same_with_django_redis_cache(client):
    cache.clear()
    statement = make_statement(title="Redis cached")
    get(client, statement.get_absolute_url())
    assert get(client, statement.get_absolute_url())[1]
    statement.title = "Redis corrected"
    statement.save()
    response, hit = get(client, statement.get_absolute_url())
    assert not hit and "Redis corrected" in response.content.decode()
    cache.clear()


@pytest.mark.parametrize(("prefix", "language"), [("", "en"), ("/es", "es")])
def test_a_cached_page_keeps_its_language_headers(client, prefix, language):
    """Served before the language is worked out, a stored page still says which it is in
    and what it varies on, as the page rendered for the first reader did."""
    make_statement(title="Any statement")
    rendered, hit = get(client, f"{prefix}/statements/")
    assert not hit and rendered["Content-Language"] == language
    cached, hit = get(client, f"{prefix}/statements/")
    assert hit
    assert cached["Content-Language"] == language
    assert cached.get("Vary") == rendered.get("Vary")


def test_a_cached_form_gives_each_new_reader_a_token_and_its_cookie(settings):
    """Answered from the cache before the CSRF middleware runs, a page with a form still
    sets a new reader's cookie, keeps it for a reader who has one, and the form posts."""
    settings.SIGNON_MIN_SECONDS = 0
    campaign = make_campaign()
    url = f"/statements/{campaign.statement.slug}/sign/"
    Client().get(url)  # stored
    reader = Client(enforce_csrf_checks=True)
    first = reader.get(url)
    assert first["X-Page-Cache"] == "hit" and "csrftoken" in first.cookies
    again = reader.get(url)
    # Django sends the cookie again to renew it, with the same secret.
    assert again["X-Page-Cache"] == "hit"
    assert again.cookies["csrftoken"].value == first.cookies["csrftoken"].value
    html = again.content.decode()
    posted = reader.post(
        url,
        form_data(
            csrfmiddlewaretoken=hidden(html, "csrfmiddlewaretoken"),
            started=hidden(html, "started"),
        ),
    )
    assert posted.status_code == 302
    assert Signatory.objects.filter(statement=campaign.statement).count() == 1
