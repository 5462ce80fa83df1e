"""A statement with more signatories than its page prints links to the full list:
paginated, searchable by name, with the exact count, at a fixed cost in queries."""

import pytest

from advocacy.text import name_key, sort_key
from coalitions import lists
from coalitions.models import Signatory, SignatoryList
from coalitions.templatetags import coalitions_tags
from tests.coalitions.factories_signon import make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def big(monkeypatch):
    monkeypatch.setattr(coalitions_tags, "PAGE_NAMES", 30)
    monkeypatch.setattr(lists, "PER_PAGE", 25)
    campaign = make_campaign()
    names = [f"Organization {n:03d}" for n in range(70)] + ["Centro Zapoteco"]
    Signatory.objects.bulk_create(
        Signatory(
            statement=campaign.statement,
            name=name,
            name_key=name_key(name),
            sort_key=sort_key(name),
        )
        for name in names
    )
    Signatory.objects.create(statement=campaign.statement, name="Pending", status="confirmed")
    SignatoryList.objects.recount([campaign.statement.pk])
    return campaign.statement


def test_the_page_prints_the_first_names_the_count_and_a_link_to_all(client, big):
    html = client.get(big.get_absolute_url()).text
    assert "(71)" in html
    # In public order (alphabetical here): the Centro first, then 29 others.
    assert html.count("<li>Organization") == 29 and "<li>Centro Zapoteco" in html
    assert "Organization 028" in html and "Organization 029" not in html
    assert f'href="/statements/{big.slug}/signatories/"' in html
    assert "All 71 signatories" in html


def test_the_full_list_is_paginated_and_numbered(client, big, django_assert_max_num_queries):
    url = f"/statements/{big.slug}/signatories/"
    with django_assert_max_num_queries(3):
        first = client.get(url).text
    assert "71 signatories" in first and "Page 1 of 3" in first
    assert "Organization 023" in first and "Organization 024" not in first
    third = client.get(url, {"page": 3}).text
    assert '<ol class="signatory-list" start="51">' in third
    assert "Organization 069" in third and "Pending" not in third
    assert client.get(url, {"page": 4}).status_code == 404
    assert client.get(url, {"page": "x"}).status_code == 404


def test_the_full_list_finds_a_name(client, big):
    url = f"/statements/{big.slug}/signatories/"
    found = client.get(url, {"q": "zapoteco"}).text
    assert "1 name found" in found and "Centro Zapoteco" in found
    assert "Organization 001" not in found
    assert "0 names found" in client.get(url, {"q": "Pending"}).text


def test_a_short_list_has_no_link(client):
    campaign = make_campaign()
    Signatory.objects.create(statement=campaign.statement, name="Only Org")
    assert "/signatories/" not in client.get(campaign.statement.get_absolute_url()).text
