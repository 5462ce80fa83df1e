import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

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


def test_organization_page_links_website_phone_and_people_phones(client):
    org = make_organization(
        name="Alianza Americas",
        city="Chicago, IL",
        country="USA",
        website="https://www.alianzaamericas.org/",
        phone="+1 877-683-2908",
    )
    make_person(
        name="Oscar Chacón",
        title="Executive Director",
        organization=org,
        phones=[("U.S.", "+1 312 555 0100")],
    )
    html = client.get(org.get_absolute_url()).content.decode()
    assert "Chicago, IL, USA" in html
    assert 'href="https://www.alianzaamericas.org/"' in html and "www.alianzaamericas.org<" in html
    assert 'href="tel:+18776832908"' in html
    assert "Oscar Chacón</strong>, Executive Director" in html
    assert 'href="tel:+13125550100"' in html and "U.S.: +1 312 555 0100" in html


def test_organization_page_lists_its_statements_most_recent_first(client):
    org = make_organization()
    make_statement(title="Issued in 2017", issuers=[org], release_date=datetime.date(2017, 1, 1))
    make_statement(title="Issued in 2018", issuers=[org], release_date=datetime.date(2018, 1, 1))
    html = client.get(org.get_absolute_url()).content.decode()
    assert html.index("Issued in 2018") < html.index("Issued in 2017")
    assert f'href="/statements/?organization={org.slug}"' in html


def test_organization_page_shows_at_most_twenty_statements_of_each_kind(client):
    org = make_organization()
    for n in range(22):
        make_statement(title=f"Numbered issue {n:02d}", issuers=[org])
    html = client.get(org.get_absolute_url()).content.decode()
    assert html.count("Numbered issue") == 20


def test_withdrawn_signature_does_not_list_the_statement_as_signed(client):
    org = make_organization()
    statement = make_statement(title="Signed then withdrawn")
    signatory = add_signatory(statement, organization=org)
    signatory.status = "withdrawn"
    signatory.save()
    assert "Signed then withdrawn" not in client.get(org.get_absolute_url()).content.decode()


def test_directory_groups_organizations_under_their_initial_whatever_the_case(client):
    for name in ["beta collective", "Alpha Org", "Bravo Network"]:
        make_organization(name=name)
    html = client.get(reverse("advocacy:organization-list")).content.decode()
    assert html.count('class="directory-letter"') == 2
    assert html.index(">A</h2>") < html.index("Alpha Org") < html.index(">B</h2>")
    assert html.index(">B</h2>") < html.index("beta collective") < html.index("Bravo Network")


def test_directory_is_paginated_by_fifty(client):
    for n in range(55):
        make_organization(name=f"Org {n:02d}")
    first = client.get(reverse("advocacy:organization-list")).content.decode()
    assert "Org 49" in first and "Org 50" not in first
    assert 'href="?page=2"' in first and "Next" in first
    second = client.get(reverse("advocacy:organization-list") + "?page=2").content.decode()
    assert "Org 54" in second and "Previous" in second


def test_directory_search_keeps_its_words_across_pages(client):
    for n in range(55):
        make_organization(name=f"Network {n:02d}")
    html = client.get(reverse("advocacy:organization-list") + "?q=network").content.decode()
    assert 'href="?q=network&amp;page=2"' in html


def test_organization_page_shows_its_logo(client):
    org = make_organization(name="Alianza Americas")
    image = io.BytesIO()
    Image.new("RGB", (300, 120), "navy").save(image, format="PNG")
    org.logo.save("alianza.png", ContentFile(image.getvalue()), save=True)
    html = client.get(org.get_absolute_url()).content.decode()
    assert f'<img class="organization__logo" src="{org.logo.url}"' in html


def test_statements_signed_hide_drafts_and_embargoed_ones(client):
    org = make_organization()
    for title, fields in [
        ("Signed draft", {"published": False}),
        ("Signed under embargo", {"publish_at": timezone.now() + datetime.timedelta(days=1)}),
        ("Signed and public", {}),
    ]:
        add_signatory(make_statement(title=title, **fields), organization=org)
    html = client.get(org.get_absolute_url()).content.decode()
    assert "Signed and public" in html
    assert "Signed draft" not in html and "Signed under embargo" not in html
