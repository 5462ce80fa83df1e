"""The JSON API for partner sites: published statements only, no private data."""

import datetime

import pytest
from django.utils import timezone

from coalitions.models import Signatory
from tests.coalitions.factories_signon import make_campaign
from tests.factories import add_contact, make_organization, make_person, make_statement

pytestmark = pytest.mark.django_db


def test_list_paginates_published_statements_only(client):
    for n in range(25):
        make_statement(title=f"Public {n:02d}", release_date=datetime.date(2018, 1, 1 + n))
    make_statement(title="Draft", published=False)
    make_statement(title="Embargoed", publish_at=timezone.now() + datetime.timedelta(days=1))

    first = client.get("/api/statements/")
    assert first["Access-Control-Allow-Origin"] == "*"
    data = first.json()
    assert data["count"] == 25 and data["pages"] == 2 and data["previous"] is None
    assert [r["title"] for r in data["results"]][:2] == ["Public 24", "Public 23"]
    second = client.get(data["next"]).json()
    assert len(second["results"]) == 5 and second["next"] is None
    titles = {r["title"] for r in data["results"] + second["results"]}
    assert "Draft" not in titles and "Embargoed" not in titles
    assert client.get("/api/statements/?page=9").status_code == 404
    assert client.get("/api/statements/?page=x").status_code == 404


def test_list_takes_the_archive_filters(client):
    make_statement(title="Joint one", kind="joint-statement", tags=["asylum"])
    make_statement(title="Press one")
    data = client.get("/api/statements/?kind=joint-statement").json()
    assert [r["title"] for r in data["results"]] == ["Joint one"]
    assert data["results"][0]["tags"] == ["asylum"]


def test_detail_has_the_release_and_its_contacts(client):
    nnirr = make_organization(name="NNIRR", website="https://www.nnirr.org", about="A hub.")
    statement = make_statement(title="Defeat", body="Some *text*.", issuers=[nnirr])
    person = make_person(name="Catherine", email="c@nnirr.org", phones=[("U.S.", "+1 510")])
    add_contact(statement, person=person, organization=nnirr, heading="Contacts")

    data = client.get(f"/api/statements/{statement.slug}/").json()

    assert data["title"] == "Defeat" and "<em>text</em>" in data["body_html"]
    assert data["issuers"][0]["name"] == "NNIRR"
    assert data["about"] == [{"organization": "NNIRR", "text": "A hub."}]
    assert data["media_contacts"][0]["phones"] == [{"label": "U.S.", "number": "+1 510"}]
    assert data["signatories_url"].endswith(f"/api/statements/{statement.slug}/signatories/")


def test_drafts_are_404_in_the_api(client):
    draft = make_statement(published=False)
    assert client.get(f"/api/statements/{draft.slug}/").status_code == 404
    assert client.get(f"/api/statements/{draft.slug}/signatories/").status_code == 404


def test_signatories_endpoint_lists_only_public_names(client):
    campaign = make_campaign(goal=10)
    Signatory.objects.create(
        statement=campaign.statement,
        name="Listed Org",
        email="private@listed.example",
        ip="203.0.113.4",
        signer_name="Private Person",
    )
    Signatory.objects.create(
        statement=campaign.statement, name="Waiting Org", status="confirmed", source="form"
    )
    response = client.get(f"/api/statements/{campaign.statement.slug}/signatories/")
    data = response.json()
    assert data["count"] == 1 and data["goal"] == 10 and data["open_for_sign_on"] is True
    assert (data["organizations"], data["people"]) == (1, 0)
    assert [r["name"] for r in data["results"]] == ["Listed Org"]
    body = response.content.decode()
    for secret in ["private@listed.example", "203.0.113", "Private Person", "Waiting Org"]:
        assert secret not in body


def test_widget_can_be_embedded_and_shows_the_count(client):
    campaign = make_campaign(goal=50)
    Signatory.objects.create(statement=campaign.statement, name="One Org")
    response = client.get(f"/statements/{campaign.statement.slug}/sign/widget/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    html = response.content.decode()
    assert "<strong>1</strong> organization has signed — goal: 50." in html
    assert '<form class="signon-form" method="post"' in html


def test_list_query_count_is_bounded(client, django_assert_max_num_queries):
    org = make_organization()
    for _ in range(20):
        make_statement(issuers=[org, make_organization()], tags=["a", "b"])
    with django_assert_max_num_queries(5):
        client.get("/api/statements/")
