"""The moderator's queue: approving and rejecting from a filtered list, by statement.

The README and the staff mail send moderators to the list filtered to "Confirmed,
waiting for a moderator"; the actions must report what they did from there.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from coalitions.models import Signatory
from tests.coalitions.factories_signon import make_campaign
from tests.factories import make_statement

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:coalitions_signatory_changelist")
QUEUE = f"{CHANGELIST}?status__exact=confirmed"


def queued(campaign, name, **fields):
    return Signatory.objects.create(
        statement=campaign.statement,
        name=name,
        email=f"{name.split()[0].lower()}@example.org",
        source="form",
        **{"status": "confirmed", **fields},
    )


def act(client, url, action, signatories):
    response = client.post(
        url,
        {"action": action, ACTION_CHECKBOX_NAME: [s.pk for s in signatories], "index": 0},
        follow=True,
    )
    return [str(message) for message in response.context["messages"]]


def test_approving_from_the_waiting_filter_reports_what_was_approved(staff_client):
    campaign = make_campaign()
    a, b = queued(campaign, "Alpha Org"), queued(campaign, "Beta Org")

    said = act(staff_client, QUEUE, "approve", [a, b])

    assert said == ["Approved 2 sign-ons: they are listed on the statement."]
    assert set(Signatory.objects.values_list("status", flat=True)) == {"approved"}


def test_approving_a_mixed_selection_says_how_many_were_left_alone(staff_client):
    campaign = make_campaign()
    waiting = queued(campaign, "Alpha Org")
    unconfirmed = queued(campaign, "Beta Org", status="submitted")
    listed = queued(campaign, "Gamma Org", status="approved")

    said = act(staff_client, CHANGELIST, "approve", [waiting, unconfirmed, listed])

    assert said == [
        "Approved 1 sign-on: it is listed on the statement.",
        "2 selected sign-ons were not waiting for a moderator and are unchanged.",
    ]


def test_rejecting_from_the_waiting_filter_reports_what_was_rejected(staff_client):
    campaign = make_campaign()
    a, b = queued(campaign, "Alpha Org"), queued(campaign, "Beta Org", status="approved")

    said = act(staff_client, QUEUE, "reject", [a])
    assert said == ["Rejected 1 sign-on: it is not listed."]

    said = act(staff_client, CHANGELIST, "reject", [a, b])
    assert said == [
        "No sign-on was rejected.",
        "2 selected sign-ons were not waiting for confirmation or a moderator and are unchanged.",
    ]


def test_the_queue_filters_by_statement(staff_client):
    first = make_campaign()
    second = make_campaign(statement=make_statement(title="Keep families together"))
    queued(first, "Alpha Org")
    queued(second, "Beta Org")

    page = staff_client.get(CHANGELIST, {"status__exact": "confirmed"})
    choices = page.context["cl"].filter_specs
    statement_filter = next(spec for spec in choices if spec.title == "statement")
    titles = [title for _, title in statement_filter.lookup_choices]
    assert titles == ["Keep families together (1 waiting)", "Protect asylum seekers (1 waiting)"]

    page = staff_client.get(
        CHANGELIST, {"status__exact": "confirmed", "statement__id__exact": second.statement.pk}
    )
    assert [s.name for s in page.context["cl"].result_list] == ["Beta Org"]


def test_the_statement_filter_offers_only_statements_open_to_the_moderator(client):
    from django.contrib.auth.models import Group

    from tests.factories import make_user

    moderator = make_user(superuser=False)
    moderator.groups.add(Group.objects.get(name="Sign-on moderator"))
    client.force_login(moderator)
    public = make_campaign()
    draft = make_campaign(statement=make_statement(published=False, title="Secret draft"))
    queued(public, "Alpha Org")
    Signatory.objects.create(statement=draft.statement, name="Printed Org")

    page = client.get(CHANGELIST)
    statement_filter = next(
        spec for spec in page.context["cl"].filter_specs if spec.title == "statement"
    )
    titles = [title for _, title in statement_filter.lookup_choices]
    assert titles == ["Protect asylum seekers (1 waiting)"]
    # A crafted address filters by nothing the moderator may not see.
    page = client.get(CHANGELIST, {"statement__id__exact": draft.statement.pk})
    assert list(page.context["cl"].result_list) == []


def test_the_printable_list_is_in_the_public_order_and_grouping(staff_client):
    campaign = make_campaign(grouping="country")
    rows = [
        queued(campaign, "Zeta Org", status="approved", country="Mexico"),
        queued(campaign, "Alpha Org", status="approved", country="United States"),
        queued(campaign, "Beta Org", status="approved", country="Mexico"),
        queued(campaign, "Waiting Org", country="Mexico"),
    ]
    url = f"{CHANGELIST}?statement__id__exact={campaign.statement.pk}"

    page = staff_client.post(
        url, {"action": "printable_list", ACTION_CHECKBOX_NAME: [r.pk for r in rows], "index": 0}
    ).text

    public = staff_client.get(campaign.statement.get_absolute_url()).text
    order = ["Mexico", "Beta Org", "Zeta Org", "United States", "Alpha Org"]
    assert sorted(order, key=page.index) == order
    assert sorted(order, key=public.index) == order
    assert "Waiting Org" not in page
    assert f'href="{url}"' in page  # Back, to the list as it was filtered
    assert "data-print" in page and "<script>" not in page
