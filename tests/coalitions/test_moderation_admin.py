"""Moderators work the queue in the admin: approve, reject, export, print, erase."""

import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse

from coalitions.models import Signatory
from tests.coalitions.factories_signon import make_campaign

pytestmark = pytest.mark.django_db(transaction=True)

CHANGELIST = reverse("admin:coalitions_signatory_changelist")


def queued(campaign, name, **fields):
    return Signatory.objects.create(
        statement=campaign.statement,
        name=name,
        signer_name="Rosa Martínez",
        email=f"{name.split()[0].lower()}@example.org",
        country="Mexico",
        source="form",
        **{"status": "confirmed", **fields},
    )


def act(client, action, signatories):
    return client.post(
        CHANGELIST,
        {"action": action, ACTION_CHECKBOX_NAME: [s.pk for s in signatories]},
        follow=True,
    )


def test_the_queue_filter_shows_confirmed_sign_ons(staff_client):
    campaign = make_campaign()
    queued(campaign, "Waiting Org")
    Signatory.objects.create(statement=campaign.statement, name="Listed Org")
    response = staff_client.get(CHANGELIST, {"status__exact": "confirmed"})
    assert [s.name for s in response.context["cl"].result_list] == ["Waiting Org"]


def test_bulk_approve_lists_and_emails_each_signer(staff_client, client):
    campaign = make_campaign()
    a, b = queued(campaign, "Alpha Org"), queued(campaign, "Beta Org")
    response = act(staff_client, "approve", [a, b])
    assert "Approved 2 sign-ons" in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["alpha@example.org", "beta@example.org"]
    html = client.get(campaign.statement.get_absolute_url()).content.decode()
    assert "Alpha Org" in html and "Beta Org" in html


def test_bulk_reject_keeps_them_off_the_statement(staff_client, client):
    campaign = make_campaign()
    a = queued(campaign, "Spammy Org")
    act(staff_client, "reject", [a])
    assert Signatory.objects.get().status == "rejected"
    assert "Spammy Org" not in client.get(campaign.statement.get_absolute_url()).content.decode()


def test_csv_export_has_the_signers_details(staff_client):
    campaign = make_campaign()
    a = queued(campaign, "=HYPERLINK(evil) Org")
    b = queued(campaign, "Beta Org")
    response = act(staff_client, "export_csv", [a, b])
    assert response["Content-Type"].startswith("text/csv")
    text = response.getvalue().decode("utf-8-sig")  # streamed: read once
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Statement", "Name as listed", "Kind"]
    names = {row[1] for row in rows[1:]}
    assert names == {"'=HYPERLINK(evil) Org", "Beta Org"}  # formulas neutralised
    assert "beta@example.org" in text


def test_printable_list_has_only_approved_names_and_no_private_data(staff_client):
    campaign = make_campaign()
    listed = Signatory.objects.create(
        statement=campaign.statement, name="Listed Org", email="hidden@example.org"
    )
    waiting = queued(campaign, "Waiting Org")
    html = act(staff_client, "printable_list", [listed, waiting]).content.decode()
    assert "Listed Org" in html and "Waiting Org" not in html
    assert "hidden@example.org" not in html


def test_erase_personal_data_action(staff_client):
    campaign = make_campaign()
    a = queued(campaign, "Alpha Org", status="approved")
    act(staff_client, "erase_personal_data", [a])
    a.refresh_from_db()
    assert a.email == "" and a.signer_name == "" and a.name == "Alpha Org"


def test_campaign_is_edited_inline_on_the_statement(staff_client):
    campaign = make_campaign(goal=25)
    response = staff_client.get(
        reverse("admin:releases_statement_change", args=[campaign.statement.pk])
    )
    assert response.status_code == 200
    assert 'name="campaign-0-goal"' in response.content.decode()
