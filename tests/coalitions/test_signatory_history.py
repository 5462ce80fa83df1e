"""Each step of a sign-on is a revision; erasing a signer's data erases it from history."""

import datetime
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from coalitions import services
from coalitions.models import Signatory
from tests.coalitions.factories_signon import form_data, make_campaign

pytestmark = pytest.mark.django_db(transaction=True)

CHANGELIST = reverse("admin:coalitions_signatory_changelist")


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver"


def sign_on(client, campaign, **overrides):
    """Sign on through the public form, then confirm through the emailed link."""
    url = reverse("coalitions:sign", kwargs={"slug": campaign.statement.slug})
    assert client.post(url, form_data(**overrides)).status_code == 302
    link = re.search(r"http://testserver(/sign/confirm/[^\s]+/)", mail.outbox[-1].body).group(1)
    client.post(link)
    return Signatory.objects.get(
        name=overrides.get("organization_name", form_data()["organization_name"])
    )


def revisions_of(signatory):
    versions = Version.objects.get_for_object(signatory).select_related("revision__user")
    return [version.revision for version in versions.order_by("revision_id")]


def history_page(client, signatory):
    return client.get(reverse("admin:coalitions_signatory_history", args=[signatory.pk]))


def test_signing_confirming_and_moderating_are_revisions(client, staff_client, staff_user):
    campaign = make_campaign(requires_moderation=True, notify="none")
    signatory = sign_on(client, campaign)

    staff_client.post(CHANGELIST, {"action": "approve", ACTION_CHECKBOX_NAME: [signatory.pk]})

    submitted, confirmed, approved = revisions_of(signatory)
    assert submitted.user is None and "public form" in submitted.comment
    assert confirmed.user is None and "Confirmed" in confirmed.comment
    assert approved.user == staff_user and approved.comment == "Approved."
    page = history_page(staff_client, signatory)
    assert page.status_code == 200
    assert page.text.count("the signer") == 2
    assert staff_user.get_username() in page.text
    revision_page = staff_client.get(
        reverse("admin:coalitions_signatory_revision", args=[signatory.pk, approved.pk])
    )
    assert "<ins>Approved (listed)</ins>" in revision_page.text
    assert "Restore this version" not in revision_page.text


def test_rejecting_in_bulk_records_each_signatory(client, staff_client, staff_user):
    campaign = make_campaign(requires_moderation=True, notify="none")
    first = sign_on(client, campaign)
    second = sign_on(client, campaign, organization_name="Casa Latina", email="info@casa.example")

    staff_client.post(CHANGELIST, {"action": "reject", ACTION_CHECKBOX_NAME: [first.pk, second.pk]})

    for signatory in (first, second):
        latest = revisions_of(signatory)[-1]
        assert latest.user == staff_user and latest.comment == "Rejected."
        assert Version.objects.get_for_object(signatory).first().field_dict["status"] == "rejected"


def test_withdrawing_is_recorded_as_the_signer(client):
    campaign = make_campaign(requires_moderation=False, notify="none")
    signatory = sign_on(client, campaign)
    services.withdraw_signature(signatory=signatory)
    assert revisions_of(signatory)[-1].comment == "By the signer: Withdrew their sign-on."


def test_erased_personal_data_is_gone_from_history(client, staff_client):
    campaign = make_campaign(requires_moderation=True, notify="none")
    signatory = sign_on(client, campaign, signer_name="Rosa Martínez", email="rosa@ctu.example.org")
    other = sign_on(
        client,
        campaign,
        organization_name="Casa Latina",
        signer_name="Pedro Páramo",
        email="pedro@casa.example",
    )
    staff_client.post(CHANGELIST, {"action": "approve", ACTION_CHECKBOX_NAME: [signatory.pk]})
    history = Version.objects.get_for_object(signatory)
    assert any("rosa@ctu.example.org" in v.serialized_data for v in history)
    assert any("127.0.0.1" in v.serialized_data for v in history)

    staff_client.post(
        CHANGELIST, {"action": "erase_personal_data", ACTION_CHECKBOX_NAME: [signatory.pk]}
    )

    stored = [v.serialized_data for v in Version.objects.get_for_object(signatory)]
    assert len(stored) == 4  # submitted, confirmed, approved, erased
    for data in stored:
        assert "rosa@ctu.example.org" not in data
        assert "Rosa Mart" not in data  # the JSON may escape the accent
        assert "127.0.0.1" not in data
    assert Version.objects.get_for_object(signatory).first().field_dict["status"] == "approved"
    page = history_page(staff_client, signatory)
    assert "rosa@ctu.example.org" not in page.text and "Rosa Martínez" not in page.text
    for revision in revisions_of(signatory):
        pages = staff_client.get(
            reverse("admin:coalitions_signatory_revision", args=[signatory.pk, revision.pk])
        )
        assert "rosa@ctu.example.org" not in pages.text
    # Another signer's history is untouched.
    assert any(
        "pedro@casa.example" in v.serialized_data for v in Version.objects.get_for_object(other)
    )


def test_the_retention_command_erases_history_too(client):
    campaign = make_campaign(requires_moderation=False, notify="none", retention_days=30)
    signatory = sign_on(client, campaign, email="old@signer.example")
    Signatory.objects.filter(pk=signatory.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )

    call_command("erase_expired_signers", verbosity=0)

    versions = Version.objects.get_for_object(signatory)
    assert not any("old@signer.example" in v.serialized_data for v in versions)
    latest = revisions_of(signatory)[-1]
    assert latest.user is None and latest.comment.startswith("By the system: ")
