import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coalitions.models import Coalition, Membership
from tests.factories import make_organization, make_statement

pytestmark = pytest.mark.django_db


def test_coalition_directory_and_page(client):
    coalition = Coalition.objects.create(
        name="Global Compact Civil Society", description="Partners."
    )
    for position, name in enumerate(["Zeta Org", "Alpha Org"]):
        Membership.objects.create(
            coalition=coalition, organization=make_organization(name=name), position=position
        )
    led = make_statement(title="Led by the coalition")
    draft = make_statement(title="Coalition draft", published=False)
    embargoed = make_statement(
        title="Coalition embargo", publish_at=timezone.now() + datetime.timedelta(days=1)
    )
    coalition.statements.add(led, draft, embargoed)

    directory = client.get(reverse("coalitions:coalition-list")).content.decode()
    assert "Global Compact Civil Society" in directory

    html = client.get(coalition.get_absolute_url()).content.decode()
    assert html.index("Zeta Org") < html.index("Alpha Org")  # the coalition's own order
    assert "Led by the coalition" in html
    assert "Coalition draft" not in html and "Coalition embargo" not in html


def test_coalition_page_is_bounded_in_queries(client, django_assert_max_num_queries):
    coalition = Coalition.objects.create(name="Big coalition")
    for _ in range(30):
        Membership.objects.create(coalition=coalition, organization=make_organization())
        coalition.statements.add(make_statement(issuers=[make_organization()]))
    with django_assert_max_num_queries(6):
        client.get(coalition.get_absolute_url())
