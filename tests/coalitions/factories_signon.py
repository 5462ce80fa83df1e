"""Sign-on fixtures: an open campaign and what a partner types into the form."""

import time

from django.core import signing

from coalitions import forms as signon_forms
from coalitions.models import Campaign
from tests.factories import make_statement, make_user


def staff_address(email="desk@example.org"):
    """The address of a (new) staff account: staff notices go only to such addresses."""
    make_user(superuser=False, email=email)
    return email


def make_campaign(*, statement=None, **fields):
    statement = statement or make_statement(kind="sign-on-letter", title="Protect asylum seekers")
    return Campaign.objects.create(statement=statement, **fields)


def started(seconds_ago=30):
    """The form's hidden timestamp, as if the page was served `seconds_ago`."""
    return signing.dumps(time.time() - seconds_ago, salt=signon_forms._TIMESTAMP_SALT)


def form_data(**overrides):
    data = {
        "organization_name": "Centro de Trabajadores Unidos",
        "signer_name": "Rosa Martínez",
        "signer_title": "Director",
        "email": "rosa@ctu.example.org",
        "city": "Chicago",
        "region": "IL",
        "country": "US",
        "organization_type": "labor",
        "website": "https://ctu.example.org",
        "consent_to_list": "on",
        "homepage": "",
        "started": started(),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
