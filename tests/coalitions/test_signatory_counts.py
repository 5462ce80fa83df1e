"""The count of signatories on every page is kept by the changes to them, exact, and
never counted from the rows when a page is shown."""

import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from coalitions import services
from coalitions.counts import count_listed
from coalitions.models import Campaign, Signatory, SignatoryList
from tests.coalitions.factories_signon import make_campaign

db = pytest.mark.django_db


def counted(statement):
    statement = (
        type(statement).objects.select_related("campaign", "signatory_list").get(pk=statement.pk)
    )
    return count_listed(statement, statement.campaign).total


def rows(statement):
    return Signatory.objects.filter(statement=statement).listed().count()


@db
def test_every_step_keeps_the_count_exact(django_capture_on_commit_callbacks):
    campaign = make_campaign(requires_moderation=False, allow_individuals=True)
    statement = campaign.statement
    org = Signatory.objects.create(statement=statement, name="Org One", status="submitted")
    person = Signatory.objects.create(
        statement=statement, name="Ana Ruiz", kind="individual", status="confirmed"
    )
    assert counted(statement) == rows(statement) == 0
    services.confirm_signature(signatory=org)  # moderation off: listed at once
    assert counted(statement) == rows(statement) == 1
    services.approve_signatories(signatories=Signatory.objects.filter(pk=person.pk))
    assert counted(statement) == rows(statement) == 1  # individuals not listed here
    campaign.list_individuals = True
    campaign.save()
    assert counted(statement) == rows(statement) == 2
    person.refresh_from_db()
    person.kind = "organization"
    person.save()
    assert counted(statement) == rows(statement) == 2
    services.withdraw_signature(signatory=org)
    assert counted(statement) == rows(statement) == 1
    Signatory.objects.get(pk=person.pk).delete()
    assert counted(statement) == rows(statement) == 0
    Signatory.objects.create(statement=statement, name="Staff Added")
    assert counted(statement) == rows(statement) == 1


@db
def test_a_page_reads_the_count_it_does_not_count(client):
    campaign = make_campaign()
    Signatory.objects.create(statement=campaign.statement, name="Org One")
    with CaptureQueriesContext(connection) as captured:
        html = client.get(campaign.statement.get_absolute_url()).text
    assert "(1)" in html
    assert not [q for q in captured if "COUNT(" in q["sql"].upper()]


@db
def test_deleting_a_statement_takes_its_count_along():
    campaign = make_campaign()
    Signatory.objects.create(statement=campaign.statement, name="Org One")
    campaign.statement.delete()
    assert not SignatoryList.objects.exists() and not Campaign.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL (CI runs the suite on it)",
)
def test_the_count_stays_exact_under_concurrent_approvals():
    campaign = make_campaign(requires_moderation=False)
    statement = campaign.statement
    Signatory.objects.create(statement=statement, name="Listed First")  # counted once
    signers = [
        Signatory.objects.create(
            statement=statement, name=f"Org {n}", status="submitted", email=f"o{n}@example.org"
        )
        for n in range(24)
    ]
    waiting = [
        Signatory.objects.create(statement=statement, name=f"Queued {n}", status="confirmed")
        for n in range(40)
    ]
    barrier = threading.Barrier(8)
    errors = []

    def work(n):
        try:
            barrier.wait(timeout=10)
            for signatory in signers[n::8]:  # confirmations, each listed at once
                services.confirm_signature(signatory=signatory)
            batch = [s.pk for s in waiting[n * 5 : n * 5 + 5]]  # and bulk approvals
            services.approve_signatories(signatories=Signatory.objects.filter(pk__in=batch))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert rows(statement) == 65
    assert counted(statement) == 65
