"""Who must log in with a second factor, and who has one.

The roles are defined by `coalitions.roles`, which this app may not import: the app that
knows them registers a test of its own with `require_for()` in its AppConfig.ready().
Superusers always count. Nobody is required to when TWO_FACTOR_REQUIRED is off, but anyone
who has set up an authenticator uses it.
"""

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

_requirements = []


def require_for(test):
    """Register `test(user) -> bool`: staff for whom it is true must use a second factor."""
    if test not in _requirements:
        _requirements.append(test)


def required_for(user):
    """Whether `user` must log in with a second factor (and set one up if they have none)."""
    if not settings.TWO_FACTOR_REQUIRED or not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or any(test(user) for test in _requirements)


def authenticator(user):
    """The user's confirmed authenticator app, or None."""
    if user.pk is None:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def needs_second_step(user):
    """Whether a right password is not enough for `user`: they have an authenticator, or
    must have one. One query for the device, and the permissions when it has none."""
    return authenticator(user) is not None or required_for(user)
