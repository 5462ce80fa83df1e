"""200 sign-ons from 20 threads over real HTTP: valid, duplicate and spam (PostgreSQL).

Every valid organization ends with exactly one row, no spam leaves one, every accepted
signer gets exactly one confirmation email and no spammer gets any.
"""

from collections import Counter
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from advocacy.text import name_key
from coalitions.models import Signatory
from tests.bench import signon_load
from tests.coalitions.factories_signon import make_campaign, started

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers need PostgreSQL (CI runs the suite on it)",
    ),
]


def test_200_concurrent_sign_ons_store_each_valid_organization_once(live_server):
    campaign = make_campaign()
    load = signon_load.plan(200, run="load")
    path = reverse("coalitions:sign", kwargs={"slug": campaign.statement.slug})

    outcomes, seconds = signon_load.fire(
        load,
        base_url=live_server.url,
        path=path,
        threads=20,
        stamps=signon_load.Stamps(signer=started),
    )

    figures = signon_load.summary(outcomes, seconds)
    assert figures["unexpected"] == []
    assert figures["by_kind"] == {
        "valid": 80,
        "duplicate": 40,
        "honeypot": 20,
        "too-fast": 20,
        "link-in-name": 20,
        "bad-stamp": 20,
    }
    assert figures["accepted"] == 120
    assert figures["refused"] == dict.fromkeys(signon_load.SPAM, 20)

    rows = Signatory.objects.filter(statement=campaign.statement)
    keys = Counter(rows.values_list("name_key", flat=True))
    assert keys == Counter(name_key(name) for name in load.valid_organizations)
    assert len(keys) == 80

    sent = Counter(address for message in mail.outbox for address in message.to)
    accepted = [o.submission.fields["email"] for o in outcomes if o.reason == "accepted"]
    assert sent == Counter(accepted)  # one confirmation each, no more
    assert all(m.subject.startswith("Confirm") for m in mail.outbox)


def test_the_command_prints_the_figures_and_cleans_up(live_server, settings):
    settings.SIGNON_MIN_SECONDS = 1  # the command waits this long before it sends
    campaign = make_campaign()
    out = StringIO()

    call_command(
        "signon_load",
        url=live_server.url,
        statement=campaign.statement.slug,
        submissions=30,
        threads=5,
        stdout=out,
    )

    lines = out.getvalue().splitlines()
    assert (
        "submissions      30 (3 bad-stamp, 6 duplicate, 3 honeypot, 3 link-in-name, " in (lines[1])
    )
    assert lines[2] == "accepted         18"
    assert lines[3] == "refused          12 (3 bad-stamp, 3 honeypot, 3 link-in-name, 3 too-fast)"
    assert lines[4] == "rows stored      12: 12 of 12 valid organizations exactly once, 0 spam"
    assert lines[5] == "unexpected       0"
    assert lines[-1] == "Deleted the run's 12 rows (--keep to keep them)."
    assert not Signatory.objects.exists()
