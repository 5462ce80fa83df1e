"""The second factors: an authenticator app (django-otp's TOTPDevice) and ten recovery
codes (its StaticDevice, whose tokens are each used once). No cryptography of our own:
django-otp makes and checks the codes, with its own growing pause after each wrong one
and no code accepted twice; segno draws the QR code.
"""

import re
from base64 import b32encode

import segno
from django.db import transaction
from django.utils.safestring import mark_safe
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .policy import authenticator

RECOVERY_CODES = 10
APP_NAME = "Authenticator app"
CODES_NAME = "Recovery codes"

_APP_CODE = re.compile(r"\d{6}")


def normalized(code):
    """A code as typed, without spaces or dashes, in lower case: "123 456", "abcd-efgh"."""
    return re.sub(r"[\s-]", "", code or "").lower()


def is_app_code(code):
    return bool(_APP_CODE.fullmatch(normalized(code)))


# Setting up


def setup_device(user):
    """The authenticator being set up: unconfirmed until the user types a code from it.
    The same one until then, so that a reload shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def qr_code(device):
    """The device's otpauth:// address as an SVG QR code, for HTML (no script, no style)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title="QR code for your authenticator app"
    )
    return mark_safe(svg)


def secret(device):
    """The secret as an app asks for it when typed by hand: base32, in groups of four."""
    text = b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def confirm(device, code):
    """Confirm `device` with a code from it; it then replaces the user's other
    authenticators and comes with new recovery codes, returned (None: the code is wrong)."""
    if not is_app_code(code):
        return None
    # No pause after a mistyped code here: whoever sets the app up sees its secret.
    device.throttle_reset(commit=False)
    if not device.verify_token(normalized(code)):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.name = APP_NAME
        device.save(update_fields=["confirmed", "name"])
        return new_recovery_codes(device.user)


# Recovery codes


def recovery_device(user):
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def new_recovery_codes(user):
    """Ten new recovery codes for `user`; the old ones stop working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=CODES_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return [f"{code[:4]}-{code[4:]}" for code in codes]


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# Logging in


def check(user, code):
    """(device, problem) for a code typed at the login or to confirm a change: the device
    that accepted it, or None and why not: "wrong", or "wait" when django-otp holds the
    device after wrong codes in a row (nothing was checked then)."""
    code = normalized(code)
    device = authenticator(user) if is_app_code(code) else recovery_device(user)
    if device is None or not code:
        return None, "wrong"
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return None, "wait"
    # django-otp's own: in a transaction, the device locked, so a code is used only once.
    verified = verify_token(user, device.persistent_id, code)
    return verified, None if verified else "wrong"


def remove_all(user):
    """Take away the user's authenticator and recovery codes."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
