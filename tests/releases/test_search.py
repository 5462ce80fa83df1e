"""Search over published statements: ranked, highlighted, combined with the filters.

Runs on SQLite (the fallback) and on PostgreSQL (full-text search) alike.
"""

import datetime

import pytest
from django.utils import timezone

from tests.factories import add_signatory, make_organization, make_statement

pytestmark = pytest.mark.django_db

ARCHIVE = "/statements/"


def titles(client, query):
    response = client.get(ARCHIVE, {"q": query} if isinstance(query, str) else query)
    assert response.status_code == 200
    return [s.title for s in response.context["statements"]]


def test_a_title_match_ranks_above_a_body_match(client):
    make_statement(title="Budget news", body="Deportation flights rose again this year.")
    make_statement(title="Deportation flights must stop", body="A statement on policy.")
    make_statement(title="Unrelated", body="Nothing to see.")
    assert titles(client, "deportation") == ["Deportation flights must stop", "Budget news"]


def test_search_reaches_issuers_signatories_and_tags(client):
    alianza = make_organization(name="Alianza Americas")
    issued = make_statement(title="One", issuers=[alianza])
    signed = make_statement(title="Two")
    add_signatory(signed, "Scalabrini International Migration Network")
    tagged = make_statement(title="Three", tags=["asylum"])
    make_statement(title="Four")
    assert titles(client, "Alianza") == [issued.title]
    assert titles(client, "Scalabrini") == [signed.title]
    assert titles(client, "asylum") == [tagged.title]


def test_every_word_must_match(client):
    make_statement(title="Global Compact for Migration", body="Puerto Vallarta meeting.")
    make_statement(title="Global warming and migration", body="Climate.")
    assert titles(client, "compact migration") == ["Global Compact for Migration"]


def test_excerpts_highlight_the_words(client):
    make_statement(
        title="On the IOM vote",
        body="The nominee was defeated. " * 5 + "Member states rejected the candidacy.",
    )
    html = client.get(ARCHIVE, {"q": "candidacy"}).content.decode()
    assert "<mark>candidacy</mark>" in html


def test_search_never_shows_unpublished_statements(client):
    make_statement(title="Secret asylum draft", published=False)
    make_statement(
        title="Embargoed asylum plan", publish_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert titles(client, "asylum") == []


def test_rejected_sign_ons_do_not_make_a_statement_match(client):
    statement = make_statement(title="Open letter")
    signatory = add_signatory(statement, "Hidden Rejected Org")
    signatory.status = "rejected"
    signatory.save()
    assert titles(client, "Hidden Rejected") == []


def test_search_combines_with_filters(client):
    make_statement(title="Asylum press", kind="press-release")
    make_statement(title="Asylum joint", kind="joint-statement")
    assert titles(client, {"q": "asylum", "kind": "joint-statement"}) == ["Asylum joint"]


@pytest.mark.parametrize("query", ["", "   ", "!!!", "<script>", "a" * 300, "\x00\x01", "%_%"])
def test_empty_and_nonsense_queries_are_handled(client, query):
    make_statement(title="Anything")
    response = client.get(ARCHIVE, {"q": query})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1].split("</form>")[1]


def test_search_results_paginate(client):
    for n in range(23):
        make_statement(title=f"Refugee statement {n}")
    first = client.get(ARCHIVE, {"q": "refugee"})
    assert first.context["page_obj"].paginator.count == 23
    assert "q=refugee&amp;page=2" in first.content.decode()
