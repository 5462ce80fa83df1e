"""Behind the site's proxy, the sign-on limits count each partner's own address.

Every request then reaches Django from the proxy's address: only the proxy's
X-Forwarded-For says who is asking, and only when the settings trust the proxy.
"""

import pytest
from django.urls import reverse

from coalitions.forms import setting
from coalitions.models import Signatory
from tests.coalitions.factories_signon import form_data, make_campaign

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"
LIMIT = setting("SIGNON_RATE_PER_IP")


def sign(client, campaign, n, *, forwarded_for, **extra):
    return client.post(
        reverse("coalitions:sign", kwargs={"slug": campaign.statement.slug}),
        form_data(organization_name=f"Partner Organization {n}", email=f"director@org{n}.example"),
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
        **extra,
    )


def test_partners_behind_the_proxy_are_not_limited_together(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    campaign = make_campaign()
    for n in range(LIMIT + 1):
        response = sign(client, campaign, n, forwarded_for=f"203.0.113.{n + 1}")
        assert response.status_code == 302, f"sign-on {n + 1} of {LIMIT + 1} refused"
    assert Signatory.objects.count() == LIMIT + 1
    stored = set(Signatory.objects.values_list("ip", flat=True))
    assert stored == {f"203.0.113.{n + 1}" for n in range(LIMIT + 1)}


def test_one_partner_behind_the_proxy_is_still_limited(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    campaign = make_campaign()
    for n in range(LIMIT):
        # Whatever the client writes into the header itself, the proxy's entry counts.
        forged = f"198.51.100.{n + 1}, 203.0.113.9"
        assert sign(client, campaign, n, forwarded_for=forged).status_code == 302
    response = sign(client, campaign, LIMIT, forwarded_for="10.9.8.7, 203.0.113.9")
    assert response.status_code == 400
    assert "Too many sign-ons from your network" in response.text


def test_without_a_trusted_proxy_a_forged_header_changes_nothing(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    campaign = make_campaign()
    for n in range(LIMIT):
        assert sign(client, campaign, n, forwarded_for=f"203.0.113.{n + 1}").status_code == 302
    response = sign(client, campaign, LIMIT, forwarded_for="203.0.113.250")
    assert response.status_code == 400
    assert set(Signatory.objects.values_list("ip", flat=True)) == {PROXY}


def test_the_resend_limit_counts_each_partner_too(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    campaign = make_campaign()
    url = reverse("coalitions:resend", kwargs={"slug": campaign.statement.slug})
    for n in range(12):  # more than one address may ask for in an hour
        response = client.post(
            url,
            {"email": f"director@org{n}.example"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}",
        )
        assert response.status_code == 302, f"request {n + 1} refused"
