import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from coalitions.models import Signatory
from tests.coalitions.factories_signon import make_campaign, staff_address

pytestmark = pytest.mark.django_db


def signer(campaign, name, **fields):
    return Signatory.objects.create(
        statement=campaign.statement,
        name=name,
        signer_name="Private Person",
        email=f"{name.lower().replace(' ', '')}@example.org",
        ip="203.0.113.1",
        source="form",
        status="approved",
        **fields,
    )


def test_retention_erases_old_signers_personal_data_only(time_machine):
    kept_forever = make_campaign()
    short = make_campaign(retention_days=30)
    old = signer(short, "Old Org")
    forever = signer(kept_forever, "Forever Org")
    time_machine.move_to(timezone.now() + datetime.timedelta(days=31))
    recent = signer(short, "Recent Org")

    call_command("erase_expired_signers")

    old.refresh_from_db(), recent.refresh_from_db(), forever.refresh_from_db()
    assert old.email == "" and old.ip is None and old.erased_at is not None
    assert old.status == "approved" and old.name == "Old Org"
    assert recent.email == "recentorg@example.org"
    assert forever.email == "foreverorg@example.org"


def test_digest_command_mails_staff(capsys):
    campaign = make_campaign(notify="digest", notify_emails=staff_address())
    signer(campaign, "Queue Org", confirmed_at=timezone.now()).__class__.objects.update(
        status="confirmed"
    )
    call_command("send_signon_digest")
    assert "Sent 1 digest" in capsys.readouterr().out
    assert mail.outbox[0].to == ["desk@example.org"] and "Queue Org" in mail.outbox[0].body
