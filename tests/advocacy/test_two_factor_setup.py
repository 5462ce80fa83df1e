"""Setting up two-factor login, recovery codes, replacing or removing the authenticator,
and an administrator's reset."""

import re

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from advocacy.two_factor import policy
from tests.advocacy.two_factor_helpers import (
    CODE_STEP,
    CODES,
    INDEX,
    OVERVIEW,
    SETUP,
    code_of,
    codes_on,
    enter_code,
    enter_password,
    logged_in,
    member,
    secret_on,
    with_authenticator,
)

pytestmark = pytest.mark.django_db

CONFIRM = reverse("admin-two-factor-confirm")
REMOVE = reverse("admin-two-factor-remove")


def app_code(secret):
    """What an authenticator app that was given `secret` shows now."""
    import base64

    return f"{TOTP(base64.b32decode(secret)).token():06d}"


def test_a_publisher_sets_it_up_right_after_the_password(client):
    publisher = member("Publisher", username="pat")
    assert enter_password(client, publisher)["Location"] == SETUP

    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.text
    assert "Your role needs two-factor login" in html
    assert re.search(r"<svg[^>]*>.*<path", html, re.S), "no QR code drawn"
    assert "<script>" not in html and " style=" not in html  # the CSP allows neither
    secret = secret_on(html)
    assert secret_on(client.get(SETUP).text) == secret  # a reload shows the same code

    wrong = client.post(SETUP, {"code": "123456" if app_code(secret) != "123456" else "654321"})
    assert "That code is not right" in wrong.text and not logged_in(client)

    response = client.post(SETUP, {"code": app_code(secret)})
    assert response.status_code == 302 and response["Location"] == CODES
    page = client.get(CODES).text
    codes = codes_on(page)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "shown only this once" in page

    download = client.get(f"{CODES}?download=1")
    assert download["Content-Type"].startswith("text/plain")
    assert "attachment" in download["Content-Disposition"]
    assert all(code in download.text for code in codes)

    done = client.post(CODES, {"_kept": "1"})
    assert done.status_code == 302 and done["Location"] == INDEX
    assert logged_in(client)
    assert codes_on(client.get(CODES).text) == []  # shown once
    assert "10" in client.get(CODES).text
    assert LogEntry.objects.filter(object_id=str(publisher.pk)).get().get_change_message() == (
        "Set up two-factor login (authenticator app, recovery codes)."
    )

    # The next login asks for a code of that app.
    client.logout()
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=31), tick=False):
        assert enter_password(client, publisher)["Location"] == CODE_STEP
        assert enter_code(client, app_code(secret)).status_code == 302


def test_an_editor_sets_it_up_from_their_own_page(client):
    editor = member("Editor")
    client.force_login(editor)
    page = client.get(OVERVIEW)
    assert "Off." in page.text and f'href="{SETUP}"' in page.text
    assert 'href="/admin/two-factor/"' in client.get(INDEX).text  # among the user links
    secret = secret_on(client.get(SETUP).text)
    assert client.post(SETUP, {"code": app_code(secret)})["Location"] == CODES
    assert len(codes_on(client.get(CODES).text)) == 10
    assert logged_in(client)  # this session goes on, verified by the new app
    assert "On." in client.get(OVERVIEW).text


def test_replacing_the_app_needs_a_current_code_and_retires_the_old_one(client):
    publisher = member("Publisher")
    old, old_codes = with_authenticator(publisher)
    client.force_login(publisher)

    assert client.get(SETUP)["Location"] == f"{CONFIRM}?next=setup"
    assert "not right" in client.post(f"{CONFIRM}?next=setup", {"code": "000000x"}).text
    with time_machine.travel(timezone.now(), tick=False) as clock:
        clock.shift(2)
        response = client.post(f"{CONFIRM}?next=setup", {"code": code_of(old)})
        assert response["Location"] == SETUP
        secret = secret_on(client.get(SETUP).text)
        assert client.post(SETUP, {"code": app_code(secret)}).status_code == 302

    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert TOTPDevice.objects.filter(user=publisher, confirmed=True).count() == 1
    assert not StaticToken.objects.filter(token=old_codes[0].replace("-", "")).exists()
    assert logged_in(client)


def test_new_recovery_codes_cancel_the_old_ones(client):
    editor = member("Editor")
    device, old_codes = with_authenticator(editor)
    client.force_login(editor)
    assert client.post(CODES, {"_new": "1"})["Location"] == f"{CONFIRM}?next=codes"
    client.post(f"{CONFIRM}?next=codes", {"code": old_codes[0]})
    assert client.post(CODES, {"_new": "1"})["Location"] == CODES
    new_codes = codes_on(client.get(CODES).text)
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)

    client.post(CODES, {"_kept": "1"})
    client.logout()
    enter_password(client, editor)
    assert "not right" in enter_code(client, old_codes[1]).text


def test_an_editor_removes_it_after_a_current_code(client):
    editor = member("Editor")
    device, _ = with_authenticator(editor)
    client.force_login(editor)
    assert client.get(REMOVE)["Location"] == f"{CONFIRM}?next=remove"
    client.post(f"{CONFIRM}?next=remove", {"code": code_of(device)})
    assert client.get(REMOVE).status_code == 200
    assert client.post(REMOVE)["Location"] == OVERVIEW
    assert policy.authenticator(editor) is None and logged_in(client)
    client.logout()
    assert enter_password(client, editor)["Location"] == INDEX


def test_a_publisher_cannot_remove_it(client):
    publisher = member("Publisher")
    device, _ = with_authenticator(publisher)
    client.force_login(publisher)
    assert "Remove two-factor login" not in client.get(OVERVIEW).text
    client.post(f"{CONFIRM}?next=remove", {"code": code_of(device)})
    response = client.post(REMOVE, follow=True)
    assert "you can replace your authenticator app, not remove it" in response.text
    assert policy.authenticator(publisher) is not None


# The administrator's reset


def test_an_administrator_resets_a_lost_second_factor(client):
    publisher = member("Publisher", username="pat")
    device, _ = with_authenticator(publisher)
    publisher_browser = client.__class__()
    publisher_browser.force_login(publisher)
    assert logged_in(publisher_browser)

    admin = member("Administrator")
    client.force_login(admin)
    users = client.get(reverse("admin:advocacy_user_changelist"))
    assert "Two-factor login" in users.text
    response = client.post(
        reverse("admin:advocacy_user_changelist"),
        {"action": "reset_second_factor", ACTION_CHECKBOX_NAME: [publisher.pk]},
        follow=True,
    )
    assert "Reset the two-factor login of 1 account." in response.text
    assert policy.authenticator(publisher) is None
    entry = LogEntry.objects.get(object_id=str(publisher.pk))
    assert entry.user == admin and "Reset two-factor login" in entry.get_change_message()

    # Their session ends; their next login sets up a new authenticator.
    assert not logged_in(publisher_browser)
    assert enter_password(publisher_browser, publisher)["Location"] == SETUP


def test_only_administrators_reset_it(client):
    publisher = member("Publisher")
    with_authenticator(publisher)
    client.force_login(member("Editor"))
    response = client.post(
        reverse("admin:advocacy_user_changelist"),
        {"action": "reset_second_factor", ACTION_CHECKBOX_NAME: [publisher.pk]},
    )
    assert response.status_code == 403
    assert policy.authenticator(publisher) is not None


def test_the_secrets_have_no_admin_pages_of_their_own(client):
    client.force_login(member("Administrator"))
    for name in ("otp_totp_totpdevice_changelist", "otp_static_staticdevice_changelist"):
        with pytest.raises(Exception, match="NoReverseMatch|not a valid"):
            reverse(f"admin:{name}")
