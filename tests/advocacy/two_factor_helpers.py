"""What the two-factor tests share: staff in each role, an authenticator's current code,
and the steps of the login as a person goes through them."""

import re

from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from advocacy.two_factor import devices
from tests import factories

PASSWORD = "correct horse battery staple"  # the factories' password
LOGIN = reverse("admin:login")
CODE_STEP = reverse("admin-login-code")
SETUP = reverse("admin-two-factor-setup")
OVERVIEW = reverse("admin-two-factor")
CODES = reverse("admin-two-factor-codes")
INDEX = reverse("admin:index")


def member(group, **fields):
    user = factories.make_user(superuser=False, **fields)
    user.groups.add(Group.objects.get(name=group))
    return user


def with_authenticator(user):
    """`user` with a confirmed authenticator and recovery codes; returns (device, codes)."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return device, devices.new_recovery_codes(user)


def code_of(device, steps_ahead=0):
    """The code the authenticator app shows now (or `steps_ahead` periods later), computed
    from its secret with django-otp's own TOTP."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.t0 -= steps_ahead * device.step
    return f"{totp.token():06d}"


def enter_password(client, user, **extra):
    return client.post(LOGIN, {"username": user.username, "password": PASSWORD}, **extra)


def enter_code(client, code):
    return client.post(CODE_STEP, {"code": code})


def logged_in(client):
    """Whether the admin opens for this client (the index, not the login page)."""
    return client.get(INDEX).status_code == 200


def secret_on(page):
    match = re.search(r'id="two-factor-secret">([A-Z2-7 ]+)<', page)
    assert match, "no secret on the page"
    return match.group(1).replace(" ", "")


def codes_on(page):
    return re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", page)
