import pytest

from advocacy.text import name_key
from coalitions.models import Signatory, SignatoryList
from releases import cache as page_cache
from tests.coalitions.factories_signon import make_campaign
from tests.factories import add_contact, make_organization, make_person

pytestmark = pytest.mark.django_db


def test_statement_open_for_sign_on_with_1000_signatories_costs_few_queries(
    client, django_assert_max_num_queries
):
    campaign = make_campaign(goal=2000, grouping="country")
    campaign.statement.tags.add("asylum", "IOM")
    for n in range(5):
        organization = make_organization()
        campaign.statement.issuers.create(organization=organization, position=n)
        person = make_person(organization=organization, phones=["+1 555 0100", ("Cell", "+52 1")])
        add_contact(campaign.statement, person=person, organization=organization)
    Signatory.objects.bulk_create(
        Signatory(
            statement=campaign.statement,
            name=f"Organization {n:04d}",
            name_key=name_key(f"Organization {n:04d}"),
            country=["Mexico", "United States", "Guatemala"][n % 3],
            source="form",
            status="approved",
            email=f"private{n}@example.org",
        )
        for n in range(1000)
    )
    SignatoryList.objects.recount([campaign.statement.pk])  # bulk inserts are counted apart
    page_cache.next_release()  # its next-embargo lookup is made once, not for each page
    with django_assert_max_num_queries(8):
        response = client.get(campaign.statement.get_absolute_url())
    assert response.get("X-Page-Cache") != "hit"
    html = response.content.decode()
    assert html.count("Organization 0") == 1000
    assert "private1@example.org" not in html
    assert "<strong>1000</strong> organizations have signed" in html
