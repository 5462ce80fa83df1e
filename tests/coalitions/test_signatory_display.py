"""The signatories printed under a statement: who is listed, in what order, and nothing private."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from advocacy.models import Organization
from coalitions.models import Signatory
from coalitions.templatetags.coalitions_tags import listed_signatories
from tests.factories import add_signatory, make_organization, make_statement

pytestmark = pytest.mark.django_db


def signed_section(html):
    start = html.index('<section class="signatories"')
    return html[start : html.index("</section>", start)]


def test_signatories_are_numbered_in_the_published_order(client):
    statement = make_statement(kind="joint-statement")
    names = [
        "Alianza Americas",
        "Central American Refugee Center - San Francisco",
        "Centro de los Derechos del Migrante, Inc.",
        "Zeta Coalition",
        "Congregation of Our Lady of Charity of the Good Shepherd",
    ]
    for name in names:
        add_signatory(statement, name)

    section = signed_section(client.get(statement.get_absolute_url()).content.decode())

    assert "<ol" in section and "(5)" in section
    positions = [section.index(name) for name in names]
    assert positions == sorted(positions)


def test_a_signatory_known_in_the_directory_links_to_its_page(client):
    statement = make_statement()
    nnirr = make_organization(name="National Network for Immigrant and Refugee Rights")
    add_signatory(statement, organization=nnirr)
    add_signatory(statement, "Unlisted Parish")
    section = signed_section(client.get(statement.get_absolute_url()).content.decode())
    link = re.search(r'<li><a href="([^"]+)">National Network', section)[1]
    assert link == f"/o/{nnirr.pk}/"  # its short address, which leads to its page:
    assert client.get(link).url == nnirr.get_absolute_url()
    assert client.get(link).status_code == 301
    assert client.get(f"/es{link}").url == f"/es/organizations/{nnirr.slug}/"
    assert "<li>Unlisted Parish</ol>" in section


@pytest.mark.parametrize("status", ["submitted", "confirmed", "rejected", "withdrawn"])
def test_only_approved_signatories_are_shown(client, status):
    statement = make_statement()
    add_signatory(statement, "Approved Org")
    pending = add_signatory(statement, "Not Listed Org")
    pending.status = status
    pending.save()

    html = client.get(statement.get_absolute_url()).content.decode()

    assert "Approved Org" in html
    assert "Not Listed Org" not in html
    assert "(1)" in signed_section(html)


def test_a_signers_private_details_never_reach_the_page(client):
    statement = make_statement()
    signatory = add_signatory(statement, "Centro de Trabajadores Unidos")
    Signatory.objects.filter(pk=signatory.pk).update(
        signer_name="Rosa Martínez",
        email="rosa@private.example.org",
        ip="203.0.113.9",
        website="https://ctu.example.org",
    )
    html = client.get(statement.get_absolute_url()).content.decode()
    assert "Centro de Trabajadores Unidos" in html
    for private in ("Rosa Martínez", "rosa@private.example.org", "203.0.113.9"):
        assert private not in html


def test_a_statement_without_signatories_has_no_signed_section(client):
    statement = make_statement()
    assert 'class="signatories"' not in client.get(statement.get_absolute_url()).content.decode()


def test_listed_signatories_cost_one_query_however_many():
    statement = make_statement()
    for n in range(40):
        add_signatory(statement, organization=make_organization(name=f"Signer Org {n:02d}"))
    statement = type(statement).objects.select_related("campaign").get(pk=statement.pk)

    with CaptureQueriesContext(connection) as queries:
        listed = listed_signatories(statement)
        again = listed_signatories(statement)

    assert len(queries.captured_queries) == 1
    assert again is listed
    assert [signatory.url for signatory in listed] == [
        f"/o/{organization.pk}/"
        for organization in Organization.objects.filter(signatures__statement=statement)
    ]
