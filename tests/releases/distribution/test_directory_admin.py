"""The press list in the admin: CSV import with its report, export, a journalist's data
exported and erased, lists."""

import csv
import io
import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from taggit.models import Tag

from releases.distribution import csvio
from releases.distribution.models import Delivery, Journalist, Suppression
from tests import factories
from tests.releases.distribution.helpers import make_journalist, make_list, make_send

pytestmark = pytest.mark.django_db

JOURNALISTS = reverse("admin:releases_journalist_changelist")
IMPORT = reverse("admin:releases_journalist_import")


@pytest.fixture
def publisher(client):
    user = factories.make_user(superuser=False, username="lead")
    user.groups.add(Group.objects.get(name="Publisher"))
    client.force_login(user)
    client.user = user
    return client


def upload(text, name="press.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


CSV = (
    "Email,Name,Outlet,Beat,Language,Topics,Lists,Shoe size\n"
    "ana@tribune.example.org,Ana Pérez,The Tribune,Immigration,es,Asylum; Weather,National,42\n"
    "BEN@wire.example.org,Ben Lee,Wire,,en,,Nowhere,\n"
    "not-an-address,Someone,,,,,,\n"
    ",No Address,,,,,,\n"
    "ana@TRIBUNE.example.org,Ana again,,,,,,\n"
    "carl@radio.example.org,Carl,Radio,,klingon,,,\n"
    "old@paper.example.org,,The Daily Paper,Courts,,,,\n"
)


def test_an_import_reports_what_it_added_updated_and_refused_and_why(publisher):
    asylum = Tag.objects.create(name="Asylum", slug="asylum")
    national = make_list("National")
    existing = make_journalist(email="old@paper.example.org", name="Old Name", outlet="")
    Suppression.objects.suppress("ben@wire.example.org", Suppression.Reason.BOUNCED)

    response = publisher.post(
        IMPORT,
        {"file": upload(CSV), "consent_note": "Met at the 2025 press conference"},
    )

    assert response.status_code == 200
    page = response.text
    assert "2 added, 1 updated, 0 unchanged, 4 refused" in page
    for reason in (
        "Not an email address.",
        "No email address.",
        "The same address as row 2.",
        "Language must be English (en) or Spanish (es).",
        "Unknown topics, left out: Weather.",
        "Unknown lists, left out: Nowhere.",
        "On the suppression list: nothing will be sent to it.",
        "Columns not read: Shoe size.",
    ):
        assert reason in page, reason
    ana = Journalist.objects.get(email="ana@tribune.example.org")
    assert (ana.name, ana.outlet, ana.beat, ana.language) == (
        "Ana Pérez",
        "The Tribune",
        "Immigration",
        "es",
    )
    assert list(ana.topics.all()) == [asylum] and list(ana.media_lists.all()) == [national]
    assert ana.consent_source == Journalist.Consent.IMPORT
    assert ana.consent_note == "Met at the 2025 press conference"
    assert ana.added_by == publisher.user
    existing.refresh_from_db()
    assert (existing.name, existing.outlet, existing.beat) == (
        "Old Name",
        "The Daily Paper",
        "Courts",
    )
    assert Journalist.objects.count() == 3


def test_a_file_that_cannot_be_read_is_refused_next_to_the_field(publisher):
    response = publisher.post(
        IMPORT, {"file": upload("name,outlet\nAna,Tribune\n"), "consent_note": "x"}
    )

    assert "must name the columns, one of them “email”" in response.text
    assert Journalist.objects.count() == 0


def test_an_excel_semicolon_file_in_windows_encoding_is_read():
    data = "email;name\r\nines@diario.example.org;Inés Núñez\r\n".encode("cp1252")

    report = csvio.import_journalists(data, consent_note="x")

    assert report.added == [(2, "ines@diario.example.org")]
    assert Journalist.objects.get().name == "Inés Núñez"


def test_the_export_reads_back_in_and_runs_no_formula(publisher):
    make_journalist(email="eve@example.org", name='=HYPERLINK("http://evil")', beat="Courts")

    response = publisher.post(
        JOURNALISTS,
        {"action": "export_csv", ACTION_CHECKBOX_NAME: [Journalist.objects.get().pk]},
    )

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["email"] == "eve@example.org" and rows[0]["beat"] == "Courts"
    assert rows[0]["name"].startswith("'=")
    Journalist.objects.all().delete()
    report = csvio.import_journalists(response.content, consent_note="back")
    assert len(report.added) == 1


def test_a_journalist_s_data_is_exported_and_erased_on_request(publisher):
    journalist = make_journalist(email="gone@example.org", name="Gone Soon", notes="Met in 2024")
    media_list = make_list("National", members=[journalist])
    send = make_send(lists=[media_list])
    send.deliveries.create(journalist=journalist, email=journalist.email, status="sent")

    exported = publisher.post(
        JOURNALISTS, {"action": "export_data", ACTION_CHECKBOX_NAME: [journalist.pk]}
    )
    (data,) = json.loads(exported.content)
    assert data["email"] == "gone@example.org" and data["notes"] == "Met in 2024"
    assert data["media_lists"] == ["National"] and data["releases_sent"][0]["status"] == "Sent"

    asked = publisher.post(JOURNALISTS, {"action": "erase", ACTION_CHECKBOX_NAME: [journalist.pk]})
    assert "This cannot be undone" in asked.text and Journalist.objects.exists()
    publisher.post(
        JOURNALISTS,
        {
            "action": "erase",
            ACTION_CHECKBOX_NAME: [journalist.pk],
            "apply": "1",
            "keep_suppressed": "on",
            "confirm": "on",
        },
    )

    assert not Journalist.objects.exists()
    (row,) = Delivery.objects.all()
    assert row.email == "" and row.journalist is None and row.status == "sent"
    assert Suppression.objects.holds("gone@example.org")


def test_selected_journalists_are_added_to_a_list(publisher):
    people = [make_journalist(), make_journalist()]
    media_list = make_list("Wire services")

    publisher.post(
        JOURNALISTS,
        {
            "action": "add_to_list",
            ACTION_CHECKBOX_NAME: [p.pk for p in people],
            "apply": "1",
            "media_list": media_list.pk,
        },
    )

    assert set(media_list.members.all()) == set(people)


def test_the_lists_show_how_many_they_reach(publisher):
    make_list("Courts", members=[make_journalist(), make_journalist()], rule_beat="courts")
    make_journalist(beat="Courts and crime")

    page = publisher.get(reverse("admin:releases_medialist_changelist")).text

    assert "Courts" in page and "beat contains “courts”" in page
    assert '<td class="field-size">3</td>' in page
