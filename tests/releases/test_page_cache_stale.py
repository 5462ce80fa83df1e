"""While one request renders a page afresh, the others are answered the page before it,
but only after a change that adds to it (a new signatory), never after one that takes
something away or alters it."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from coalitions.models import Signatory
from releases.cache import pages
from tests.coalitions.factories_signon import make_campaign

pytestmark = pytest.mark.django_db


def another_request_is_rendering(url):
    """Take the right to render the current version of `url`, as a request busy
    rendering it would hold it."""
    key = pages.key_for(RequestFactory().get(url))
    assert cache.add(pages.render_key(key), 1, 10)


@pytest.fixture
def page(client):
    campaign = make_campaign()
    Signatory.objects.create(statement=campaign.statement, name="First Org", status="approved")
    url = campaign.statement.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    return campaign.statement, url


def test_a_new_signatory_is_rendered_by_one_request_while_the_others_get_the_page_before(
    client, page, django_capture_on_commit_callbacks
):
    statement, url = page
    with django_capture_on_commit_callbacks(execute=True):
        Signatory.objects.create(statement=statement, name="Second Org", status="approved")

    another_request_is_rendering(url)
    stale = client.get(url)
    assert stale["X-Page-Cache"] == "stale"
    assert "First Org" in stale.text and "Second Org" not in stale.text


def test_the_right_to_render_is_given_up_once_the_page_is_stored(
    client, page, django_capture_on_commit_callbacks
):
    statement, url = page
    for name in ("Second Org", "Third Org"):
        with django_capture_on_commit_callbacks(execute=True):
            Signatory.objects.create(statement=statement, name=name, status="approved")
        fresh = client.get(url)
        assert fresh["X-Page-Cache"] == "miss" and name in fresh.text
    key = pages.key_for(RequestFactory().get(url))
    assert cache.get(pages.render_key(key)) is None


def test_without_another_render_under_way_the_reader_renders_the_new_page(
    client, page, django_capture_on_commit_callbacks
):
    statement, url = page
    with django_capture_on_commit_callbacks(execute=True):
        Signatory.objects.create(statement=statement, name="Second Org", status="approved")
    fresh = client.get(url)
    assert fresh["X-Page-Cache"] == "miss" and "Second Org" in fresh.text
    assert client.get(url)["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("change", ["withdrawn", "renamed", "statement edited"])
def test_after_any_other_change_nobody_gets_the_page_before(client, page, change):
    statement, url = page
    signatory = Signatory.objects.get(name="First Org")
    if change == "withdrawn":
        signatory.status = Signatory.Status.WITHDRAWN
        signatory.save()
    elif change == "renamed":
        signatory.name = "Renamed Org"
        signatory.save()
    else:
        statement.title = "A corrected title"
        statement.save()

    another_request_is_rendering(url)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    if change == "withdrawn":
        assert "First Org" not in response.text
    elif change == "renamed":
        assert "Renamed Org" in response.text
    else:
        assert "A corrected title" in response.text


def test_each_process_copy_is_checked_against_the_shared_version(client, page):
    """The copy a process keeps is answered only while the shared cache says its
    version is current; an emptied shared cache starts a new epoch, and nothing kept
    from before it is answered."""
    statement, url = page
    cache.clear()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
