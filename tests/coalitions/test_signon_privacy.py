"""A signer's email, phone and IP never reach a public page."""

import pytest
from django.urls import reverse

from coalitions import services
from coalitions.models import Signatory
from tests.coalitions.factories_signon import make_campaign

pytestmark = pytest.mark.django_db


def test_private_data_is_absent_from_public_pages(client):
    campaign = make_campaign(list_individuals=True, allow_individuals=True)
    org_signer = Signatory.objects.create(
        statement=campaign.statement,
        name="Unidos Network",
        signer_name="Private Person",
        signer_title="Secret Title",
        email="private@unidos.example",
        ip="203.0.113.9",
        source="form",
        status="approved",
    )
    services.approve_signatories(signatories=Signatory.objects.filter(pk=org_signer.pk))
    Signatory.objects.create(
        statement=campaign.statement,
        name="Waiting Org",
        email="waiting@example.org",
        ip="203.0.113.10",
        source="form",
        status="confirmed",
    )
    pages = [
        campaign.statement.get_absolute_url(),
        reverse("coalitions:sign", kwargs={"slug": campaign.statement.slug}),
        reverse("releases:statement-list"),
        reverse("releases:home"),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "Unidos Network" in html or url != pages[0]
        for secret in ["private@unidos.example", "203.0.113", "Private Person", "Waiting Org"]:
            assert secret not in html, (url, secret)


def test_erasing_personal_data_keeps_the_listing(client):
    campaign = make_campaign()
    signatory = Signatory.objects.create(
        statement=campaign.statement,
        name="Unidos Network",
        signer_name="Private Person",
        email="private@unidos.example",
        ip="203.0.113.9",
        opt_in=True,
        source="form",
        status="approved",
    )
    assert services.erase_personal_data(signatories=Signatory.objects.all()) == 1
    signatory.refresh_from_db()
    assert (signatory.email, signatory.signer_name, signatory.ip, signatory.opt_in) == (
        "",
        "",
        None,
        False,
    )
    assert signatory.erased_at is not None
    assert "Unidos Network" in client.get(campaign.statement.get_absolute_url()).content.decode()
