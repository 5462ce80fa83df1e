"""Approving thousands of sign-ons at once: a fixed number of queries, each row approved
as one by one would (its organization found or created, its count, its history, its
signer's email), and the page shows them."""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from advocacy.models import Organization
from advocacy.text import name_key
from coalitions import services
from coalitions.counts import count_listed
from coalitions.models import Signatory, SignatoryList
from tests.coalitions.factories_signon import make_campaign
from tests.factories import make_organization

pytestmark = pytest.mark.django_db


def confirmed(campaign, count, start=0):
    rows = Signatory.objects.bulk_create(
        Signatory(
            statement=campaign.statement,
            name=f"Grassroots Group {n:05d}",
            name_key=name_key(f"Grassroots Group {n:05d}"),
            email=f"group{n}@example.org",
            source="form",
            status="confirmed",
            language="en",
        )
        for n in range(start, start + count)
    )
    return Signatory.objects.filter(pk__in=[row.pk for row in rows])


def queries_to_approve(signatories):
    with CaptureQueriesContext(connection) as captured:
        approved = services.approve_signatories(signatories=signatories)
    assert approved == signatories.count()
    return len(captured)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite limits the parameters of a query: Django splits bulk updates in batches",
)
def test_the_queries_do_not_grow_with_the_number_approved():
    campaign = make_campaign()
    queries_to_approve(confirmed(campaign, 1))  # the first counts the statement's rows
    few = queries_to_approve(confirmed(campaign, 20, start=1))
    many = queries_to_approve(confirmed(campaign, 400, start=21))
    assert many == few
    assert count_listed(campaign.statement, campaign).total == 421


def test_each_row_is_approved_as_it_would_be_alone(django_capture_on_commit_callbacks):
    campaign = make_campaign()
    known = make_organization(name="Centro Legal de la Raza")
    by_acronym = make_organization(name="National Day Laborer Organizing Network", acronym="NDLON")
    already = make_organization(name="Already Signed Alliance")
    Signatory.objects.create(
        statement=campaign.statement, organization=already, name="Already Signed Alliance"
    )

    def waiting(name, **fields):
        return Signatory.objects.create(
            statement=campaign.statement,
            name=name,
            email=f"{len(name)}@example.org",
            source="form",
            status="confirmed",
            **fields,
        )

    rows = [
        waiting("The Centro Legal de la Raza."),  # another spelling of a known name
        waiting("NDLON"),  # a known acronym
        waiting("Brand New Collective"),  # unknown: created
        waiting("Maria Lopez", kind="individual"),  # individuals get no organization
        waiting("Already Signed Alliance (ASA)"),  # the organization signed already
        Signatory.objects.create(  # not confirmed yet: left alone
            statement=campaign.statement, name="Unconfirmed Org", status="submitted"
        ),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        approved = services.approve_signatories(
            signatories=Signatory.objects.filter(pk__in=[row.pk for row in rows])
        )

    assert approved == 5
    by_name = {s.name: s for s in Signatory.objects.filter(statement=campaign.statement)}
    assert by_name["The Centro Legal de la Raza."].organization == known
    assert by_name["NDLON"].organization == by_acronym
    created = by_name["Brand New Collective"].organization
    assert created.name == "Brand New Collective" and created.slug == "brand-new-collective"
    assert by_name["Maria Lopez"].organization is None
    assert by_name["Already Signed Alliance (ASA)"].organization is None
    assert by_name["Unconfirmed Org"].status == "submitted"
    assert {n: s.status for n, s in by_name.items() if not s.approved_at} == {
        "Unconfirmed Org": "submitted",
        "Already Signed Alliance": "approved",
    }
    assert {s.status for n, s in by_name.items() if n != "Unconfirmed Org"} == {"approved"}
    assert Organization.objects.filter(name_key=name_key("Brand New Collective")).count() == 1
    # The count: 4 organizations (one was listed already) and one individual.
    counts = SignatoryList.objects.get(statement=campaign.statement)
    assert (counts.organizations, counts.individuals) == (5, 1)
    # Each signer hears once that they are listed; each row's step is in its history.
    listed_mail = [m for m in mail.outbox if "group" not in m.to[0]]
    assert sorted(m.to[0] for m in listed_mail) == sorted(row.email for row in rows[:5])
    for row in rows[:5]:
        assert Version.objects.get_for_object(row).first().revision.comment.endswith("Approved.")
    # And the statement's page lists them.
    page = Client().get(campaign.statement.get_absolute_url()).text
    assert "Brand New Collective" in page and "Unconfirmed Org" not in page
