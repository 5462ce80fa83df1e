import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import add_signatory, make_organization, make_person, make_statement

pytestmark = pytest.mark.django_db


def test_organization_page_shows_about_contacts_and_statements(client):
    org = make_organization(
        name="National Network for Immigrant and Refugee Rights",
        acronym="NNIRR",
        about="A hub for human rights advocacy.",
        website="https://www.nnirr.org",
        email="info@nnirr.org",
    )
    make_person(name="Catherine Tactaquin", organization=org, email="ct@nnirr.org")
    issued = make_statement(title="Issued by NNIRR", issuers=[org])
    signed = make_statement(title="Signed by NNIRR", kind="joint-statement")
    add_signatory(signed, organization=org)
    make_statement(title="Someone else's")

    html = client.get(org.get_absolute_url()).content.decode()

    assert "A hub for human rights advocacy." in html
    assert 'href="mailto:info@nnirr.org"' in html
    assert "Catherine Tactaquin" in html and 'href="mailto:ct@nnirr.org"' in html
    assert issued.title in html and signed.title in html
    assert "Someone else&#x27;s" not in html
    assert (
        html.index("Statements issued") < html.index(issued.title) < html.index("Statements signed")
    )
    assert html.index("Statements signed") < html.index(signed.title)


def test_organization_page_hides_unpublished_statements(client):
    org = make_organization()
    make_statement(title="Draft by org", issuers=[org], published=False)
    make_statement(
        title="Embargoed by org",
        issuers=[org],
        publish_at=timezone.now() + datetime.timedelta(days=1),
    )
    html = client.get(org.get_absolute_url()).content.decode()
    assert "Draft by org" not in html and "Embargoed by org" not in html


def test_organization_page_is_bounded_in_queries(client, django_assert_max_num_queries):
    org = make_organization()
    for n in range(25):
        make_statement(issuers=[org, make_organization()])
        add_signatory(make_statement(), organization=org)
        make_person(organization=org, phones=[f"+1 555 01{n:02d}"])
    with django_assert_max_num_queries(10):
        response = client.get(org.get_absolute_url())
    assert 'href="/statements/?organization=' in response.content.decode()


def test_directory_is_alphabetical_and_paginated(client):
    for name in ["Zeta Org", "Alpha Org", "Mid Org"]:
        make_organization(name=name)
    html = client.get(reverse("advocacy:organization-list")).content.decode()
    assert html.index("Alpha Org") < html.index("Mid Org") < html.index("Zeta Org")


def test_unknown_organization_is_404(client):
    assert client.get("/organizations/no-such-org/").status_code == 404
