"""Feeds, read by a real feed parser: only published statements, full text, stable ids."""

import datetime

import feedparser
import pytest
from django.utils import timezone

from coalitions.models import Coalition
from tests.factories import add_signatory, make_organization, make_statement

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


@pytest.mark.parametrize("ext", ["rss", "atom"])
def test_main_feed_has_published_statements_in_full(client, ext):
    org = make_organization(name="Alianza Americas", about="A network of 50 organizations.")
    make_statement(
        title="Defeat of US Candidate",
        body="The nominee was *defeated*.",
        issuers=[org],
        tags=["IOM"],
        release_date=datetime.date(2018, 6, 29),
    )
    make_statement(title="Draft only", published=False)
    make_statement(title="Embargoed", publish_at=timezone.now() + datetime.timedelta(days=1))

    feed = parse(client, f"/feeds/statements.{ext}")

    assert [e.title for e in feed.entries] == ["Defeat of US Candidate"]
    entry = feed.entries[0]
    content = entry.get("summary") or entry.content[0].value
    assert "<em>defeated</em>" in content and "A network of 50 organizations." in content
    assert entry.link.endswith("/statements/defeat-of-us-candidate/")
    assert entry.published_parsed[:3] == (2018, 6, 29)
    assert [t.term for t in entry.tags] == ["IOM"]


def test_entry_ids_survive_a_retitled_statement(client):
    statement = make_statement(title="First title")
    before = parse(client, "/feeds/statements.atom").entries[0].id
    statement.title, statement.slug = "Corrected title", "corrected-title"
    statement.save()
    after = parse(client, "/feeds/statements.atom").entries[0]
    assert after.id == before and after.title == "Corrected title"


def test_tag_organization_and_coalition_feeds(client):
    org = make_organization(name="NNIRR")
    signer = make_organization(name="Signer Org")
    issued = make_statement(title="Issued by NNIRR", issuers=[org], tags=["asylum"])
    signed = make_statement(title="Signed by Signer Org")
    add_signatory(signed, organization=signer)
    make_statement(title="Unrelated")
    coalition = Coalition.objects.create(name="Compact Coalition")
    coalition.statements.add(signed)

    def titles(url):
        return [e.title for e in parse(client, url).entries]

    assert titles("/feeds/tags/asylum.atom") == [issued.title]
    assert titles(f"/feeds/organizations/{org.slug}.rss") == [issued.title]
    assert titles(f"/feeds/organizations/{signer.slug}.atom") == [signed.title]
    assert titles(f"/feeds/coalitions/{coalition.slug}.atom") == [signed.title]
    assert client.get("/feeds/tags/no-such-tag.atom").status_code == 404


def test_pages_link_their_feeds(client):
    org = make_organization()
    html = client.get(org.get_absolute_url()).content.decode()
    assert 'type="application/rss+xml"' in html
    assert f'href="/feeds/organizations/{org.slug}.atom"' in html


@pytest.mark.parametrize("cache", [True, False])
def test_a_feed_is_sent_in_one_piece(client, settings, cache):
    """Django's feed writer writes it in a piece per element, and a WSGI server sends
    each piece on its own: 1,200 writes to the socket for a feed of 30 statements."""
    settings.PAGE_CACHE = cache
    for n in range(3):
        make_statement(title=f"Statement {n}", tags=["IOM"])
    for response in (client.get("/feeds/statements.atom"), client.get("/feeds/statements.rss")):
        assert response.status_code == 200
        assert len(list(response)) == 1


@pytest.mark.parametrize("ext", ["rss", "atom"])
def test_a_feed_costs_the_same_queries_however_many_statements(
    client, ext, django_assert_num_queries, django_assert_max_num_queries
):
    org = make_organization(about="A network.")
    make_statement(issuers=[org], tags=["asylum"])
    with django_assert_max_num_queries(5) as small_run:
        client.get(f"/feeds/statements.{ext}")
    for n in range(20):
        make_statement(issuers=[org, make_organization(about=f"Member {n}.")], tags=[f"t{n}"])
    with django_assert_num_queries(len(small_run.captured_queries)):
        feed = parse(client, f"/feeds/statements.{ext}")

    assert len(feed.entries) == 21
    # Each entry still carries its own issuers' "About" texts and its tags.
    newest = next(e for e in feed.entries if "Member 19." in (e.get("summary") or ""))
    assert {tag.term for tag in newest.tags} == {"t19"}
