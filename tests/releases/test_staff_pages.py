"""The staff's pages: the admin's home page, the body's preview, the lead image and the
card every statement shares with, tags as chips, and the share links made."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from coalitions.models import Signatory
from releases import cards, reviews
from releases.models import Statement
from tests import factories
from tests.coalitions.factories_signon import make_campaign

pytestmark = pytest.mark.django_db

HOME = reverse("admin:index")


def member(group):
    user = factories.make_user(superuser=False)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return user, client


def todo(client):
    return {item.label: item for item in client.get(HOME).context["todo"]}


def test_the_home_page_shows_each_role_what_needs_doing():
    editor, editor_client = member("Editor")
    _, publisher_client = member("Publisher")
    _, moderator_client = member("Sign-on moderator")
    campaign = make_campaign()
    Signatory.objects.create(statement=campaign.statement, name="Waiting Org", status="confirmed")
    reviews.submit(statement=factories.make_statement(published=False), user=editor)
    factories.make_statement(publish_at=timezone.now() + datetime.timedelta(hours=5))
    factories.make_statement(publish_at=timezone.now() + datetime.timedelta(days=5))

    assert {label: item.count for label, item in todo(moderator_client).items()} == {
        "Sign-ons waiting for a moderator": 1
    }
    assert {label: item.count for label, item in todo(publisher_client).items()} == {
        "Drafts waiting for a publisher's review": 1,
        "Embargoes lifting in the next 24 hours": 1,
    }
    assert {label: item.count for label, item in todo(editor_client).items()} == {
        "Your drafts sent back by a publisher": 0
    }
    # Each links to the list filtered to what it counts.
    lifting = todo(publisher_client)["Embargoes lifting in the next 24 hours"].url
    assert publisher_client.get(lifting).context["cl"].result_count == 1
    waiting = todo(moderator_client)["Sign-ons waiting for a moderator"].url
    assert moderator_client.get(waiting).context["cl"].result_count == 1


def test_the_preview_renders_the_body_as_the_statement_page_prints_it(staff_client):
    body = 'Leaders **met** today.\n\n> "We will not stop."\n\n<script>alert(1)</script>'
    statement = factories.make_statement(body=body, dateline_place="Chicago, IL")

    answer = staff_client.post(
        reverse("admin:releases_statement_preview_body"),
        {
            "body": body,
            "dateline_place": "Chicago, IL",
            "release_date": statement.release_date.isoformat(),
            "language": "en",
        },
    ).json()

    page = Client().get(statement.get_absolute_url()).text
    assert answer["html"] in page
    assert "<script>" not in answer["html"] and "<strong>met</strong>" in answer["html"]
    assert "CHICAGO, IL" in answer["html"]


def test_the_preview_is_for_staff_who_write(client):
    url = reverse("admin:releases_statement_preview_body")
    assert client.post(url, {"body": "x"}).status_code == 302  # to the login
    _, moderator = member("Sign-on moderator")
    assert moderator.post(url, {"body": "x"}).status_code == 403


def png(width=1600, height=900):
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#a11d33").save(out, format="PNG")
    return SimpleUploadedFile("photo.png", out.getvalue(), "image/png")


def form(statement, **overrides):
    data = {
        "kind": statement.kind,
        "title": statement.title,
        "deck": "",
        "dateline_place": statement.dateline_place,
        "release_date": statement.release_date.isoformat(),
        "body": statement.body,
        "end_mark": statement.end_mark,
        "status": statement.status,
        "publish_at_0": "",
        "publish_at_1": "",
        "language": "en",
        "slug": statement.slug,
        "tags": "",
        "lead_image_alt": "",
    }
    for prefix in ("issuers", "signatories", "contacts", "attachments", "campaign"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | overrides


def test_a_lead_image_needs_its_description_and_leads_the_page(staff_client):
    statement = factories.make_statement()
    url = reverse("admin:releases_statement_change", args=[statement.pk])

    refused = staff_client.post(url, form(statement, lead_image=png()))
    assert refused.status_code == 200
    assert "Describe the picture for readers who cannot see it" in refused.text
    statement.refresh_from_db()
    assert not statement.lead_image

    saved = staff_client.post(
        url, form(statement, lead_image=png(), lead_image_alt="Marchers in Chicago")
    )
    assert saved.status_code == 302
    statement.refresh_from_db()
    assert (statement.lead_image_width, statement.lead_image_height) == (1600, 900)
    page = Client().get(statement.get_absolute_url()).text
    assert f'<img src="{statement.lead_image.url}" alt="Marchers in Chicago"' in page
    assert f'<meta property="og:image" content="http://testserver{statement.lead_image.url}">' in (
        page
    )


def test_without_a_lead_image_the_statement_shares_a_card_drawn_once(staff_client):
    issuer = factories.make_organization(name="Alianza Americas")
    statement = factories.make_statement(title="Vote on the IOM", issuers=[issuer])
    url = reverse("admin:releases_statement_change", args=[statement.pk])

    staff_client.post(url, form(statement))
    statement.refresh_from_db()
    card = statement.social_card.name
    assert card.startswith("cards/") and card.endswith(".png")
    with statement.social_card.open() as file, Image.open(file) as image:
        assert image.size == (1200, 630)
    page = Client().get(statement.get_absolute_url()).text
    assert f'<meta property="og:image" content="http://testserver{statement.social_card.url}">' in (
        page
    )

    # Saving again without a change keeps the card; a new title draws a new one.
    assert not cards.refresh(statement)
    staff_client.post(url, form(statement, title="Vote on the IOM, explained"))
    statement.refresh_from_db()
    assert statement.social_card.name != card


def test_tags_are_chips_in_the_list_and_the_form(staff_client):
    statement = factories.make_statement(tags=["Family separation", "Detention"])
    listing = staff_client.get(reverse("admin:releases_statement_changelist")).text
    chips = '<span class="tag-chip">Detention</span><span class="tag-chip">Family separation</span>'
    assert chips in listing
    change = staff_client.get(reverse("admin:releases_statement_change", args=[statement.pk]))
    assert "data-tag-chips" in change.text and "js/tag-chips.js" in change.text
    staff_client.post(
        reverse("admin:releases_statement_change", args=[statement.pk]),
        form(statement, tags='"Family separation", Detention, Asylum'),
    )
    assert sorted(statement.tags.names()) == ["Asylum", "Detention", "Family separation"]


def test_share_links_are_listed_with_whom_they_are_for_and_until_when(staff_client):
    statement = factories.make_statement(publish_at=timezone.now() + datetime.timedelta(days=2))
    url = reverse("admin:releases_statement_share", args=[statement.pk])

    made = staff_client.post(url, {"days": "3", "recipient": "Chicago Tribune newsroom"})

    assert 'data-copy="share-link"' in made.text
    link = made.context["link"]
    assert link.startswith("http://testserver/preview/") and f'value="{link}"' in made.text
    listed = made.context["issued"]
    assert [(row["link"].recipient, row["state"]) for row in listed] == [
        ("Chicago Tribune newsroom", "working")
    ]

    staff_client.post(url, {"_withdraw": "1"})
    shown = staff_client.get(url)
    assert [row["state"] for row in shown.context["issued"]] == ["withdrawn"]
    assert "Chicago Tribune newsroom" in shown.text
    assert Statement.objects.get().preview_links.count() == 1
