"""Which signatories a statement lists is one rule (coalitions), and every surface of
releases that shows who took part follows it: the archive's organization filter, the
organization's feed and the search, on the statement's text and by name."""

import pytest
from django.db import connection

from coalitions.models import Campaign, Signatory
from releases.models import Statement
from tests.factories import make_organization, make_statement

pytestmark = pytest.mark.django_db


def surfaces(client, organization, statement):
    """Where the statement shows up for the organization and its name, by surface."""
    title = statement.title
    found = {
        "filter": title in client.get(f"/statements/?organization={organization.slug}").text,
        "feed": title in client.get(f"/feeds/organizations/{organization.slug}.atom").text,
        "search": title in client.get("/statements/", {"q": "Zanzibar"}).text,
    }
    return found


def test_an_individual_counts_only_where_the_campaign_lists_individuals(client):
    organization = make_organization(name="Zanzibar Workers Center")
    statement = make_statement(title="Statement on day laborers")
    campaign = Campaign.objects.create(statement=statement, allow_individuals=True)
    # Someone from the organization signed as an individual: listed only if the campaign
    # lists individuals.
    Signatory.objects.create(
        statement=statement,
        organization=organization,
        name="Zanzibar Lopez",
        kind=Signatory.Kind.INDIVIDUAL,
        status=Signatory.Status.APPROVED,
    )
    Statement.objects.filter(pk=statement.pk).refresh_search_vectors()
    assert surfaces(client, organization, statement) == {
        "filter": False,
        "feed": False,
        "search": False,
    }

    campaign.list_individuals = True
    campaign.save()
    assert surfaces(client, organization, statement) == {
        "filter": True,
        "feed": True,
        "search": True,
    }


@pytest.mark.parametrize("status", ["submitted", "confirmed", "rejected", "withdrawn"])
def test_a_signatory_not_approved_takes_part_nowhere(
    client, status, django_capture_on_commit_callbacks
):
    organization = make_organization(name="Zanzibar Legal Aid")
    statement = make_statement(title="Statement on detention")
    signatory = Signatory.objects.create(
        statement=statement, organization=organization, name=organization.name, status=status
    )
    assert not any(surfaces(client, organization, statement).values())
    signatory.status = Signatory.Status.APPROVED
    with django_capture_on_commit_callbacks(execute=True):  # cached pages move on at commit
        signatory.save()
    assert all(surfaces(client, organization, statement).values()), connection.vendor
