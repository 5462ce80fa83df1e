"""Bad input and spam: a clear message next to the field, and nothing stored."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from coalitions.models import Signatory
from tests.coalitions.factories_signon import form_data, make_campaign, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    return make_campaign()


def post(client, campaign, **overrides):
    url = reverse("coalitions:sign", kwargs={"slug": campaign.statement.slug})
    return client.post(url, form_data(**overrides))


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"organization_name": ""}, "organization_name", "Enter the name of the organization"),
        ({"signer_name": ""}, "signer_name", "Enter your name."),
        ({"email": ""}, "email", "Enter your email address."),
        ({"email": "not-an-address"}, "email", "Enter an email address like name@example.org"),
        ({"country": "  "}, "country", "Choose your country."),
        ({"country": "Atlantis"}, "country", "Choose your country from the list."),
        ({"phone": "call me maybe"}, "phone", "Enter a phone number with digits"),
        ({"consent_to_list": None}, "consent_to_list", "only be added with your consent"),
        ({"organization_name": "x" * 201}, "organization_name", "at most 200 characters"),
        ({"signer_name": "y" * 121}, "signer_name", "at most 120 characters"),
        ({"city": "c" * 101}, "city", "at most 100 characters"),
        ({"email": "a" * 250 + "@x.org"}, "email", "at most 254 characters"),
        (
            {"organization_name": "<script>alert(1)</script>"},
            "organization_name",
            "cannot contain a link",
        ),
        ({"signer_name": "Ana\x00Ruiz"}, "signer_name", "Null characters are not allowed"),
        ({"signer_name": "Ana\x07 Ruiz"}, "signer_name", "characters that cannot be printed"),
        (
            {"organization_name": "Cheap pills https://spam.example"},
            "organization_name",
            "cannot contain a link",
        ),
        ({"organization_name": "Visit www.spam.biz"}, "organization_name", "cannot contain a link"),
        ({"signer_name": "Buy at casino.com"}, "signer_name", "cannot contain a link"),
        ({"website": "javascript:alert(1)"}, "website", "Enter a valid URL."),
        ({"organization_type": "pirates"}, "organization_type", "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_next_to_its_field(client, campaign, overrides, field, message):
    response = post(client, campaign, **overrides)
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert Signatory.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"homepage": "http://spam.example"}, "looks automated"),
        ({"started": "just now"}, "quicker than a person can type"),
        ({"started": "forged"}, "out of date"),
        ({"started": None}, "out of date"),
    ],
    ids=["honeypot", "too-fast", "forged-timestamp", "no-timestamp"],
)
def test_spam_is_refused_with_a_message_and_nothing_stored(client, campaign, overrides, message):
    if overrides.get("started") == "just now":
        overrides = {"started": started(seconds_ago=0)}
    response = post(client, campaign, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Signatory.objects.count() == 0
    assert mail.outbox == []


def test_rate_limit_per_email(client, campaign, settings):
    settings.SIGNON_RATE_PER_EMAIL = 2
    for n in range(2):
        assert post(client, campaign, organization_name=f"Org {n}").status_code == 302
    response = post(client, campaign, organization_name="Org 3")
    assert response.status_code == 400
    assert "Too many sign-ons for this email address" in response.content.decode()
    assert Signatory.objects.count() == 2


def test_rate_limit_per_network_address(client, campaign, settings):
    settings.SIGNON_RATE_PER_IP = 1
    assert post(client, campaign).status_code == 302
    response = post(client, campaign, organization_name="Other", email="other@example.org")
    assert response.status_code == 400
    assert "Too many sign-ons from your network" in response.content.decode()


def test_form_works_without_javascript_and_labels_every_field(client, campaign):
    html = client.get(reverse("coalitions:sign", kwargs={"slug": campaign.statement.slug})).content
    html = html.decode()
    # The site's one script is a static file that only adds comfort; no inline script.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert '<form class="signon-form" method="post"' in html
    for name in ["organization_name", "signer_name", "email", "country", "consent_to_list"]:
        assert f'for="id_{name}"' in html


def test_whitespace_is_tidied(client, campaign):
    post(client, campaign, organization_name="  Centro   de Trabajadores  ")
    assert Signatory.objects.get().name == "Centro de Trabajadores"
