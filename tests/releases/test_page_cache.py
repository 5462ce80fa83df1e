"""Anonymous readers get cached pages, and never a stale one after a change."""

import datetime

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from coalitions import services
from coalitions.models import Signatory
from tests.coalitions.factories_signon import make_campaign
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


def test_approving_and_withdrawing_signatories_show_at_once(client):
    campaign = make_campaign(
        closes_at=timezone.now() - datetime.timedelta(seconds=1),
        opens_at=timezone.now() - datetime.timedelta(days=1),
    )
    url = campaign.statement.get_absolute_url()
    waiting = Signatory.objects.create(
        statement=campaign.statement, name="Waiting Org", status="confirmed", source="form"
    )
    assert "Waiting Org" not in get(client, url)[0].content.decode()
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


def test_staff_and_forms_are_never_cached(client, staff_client):
    statement = make_statement(published=False, title="Staff draft")
    assert not get(staff_client, statement.get_absolute_url())[1]
    assert not get(staff_client, statement.get_absolute_url())[1]
    campaign = make_campaign()
    sign_url = f"/statements/{campaign.statement.slug}/sign/"
    get(client, sign_url)
    response, hit = get(client, sign_url)
    assert not hit and "csrftoken" in response.cookies


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
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
