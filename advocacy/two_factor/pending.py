"""Between the password and the second factor: who typed a right password, not logged in.

The session holds the user's id, the authentication backend, where to go afterwards and
a hash of the password (Django's session hash): the state lasts PENDING_SECONDS and ends
if the password changes or the account is closed. Only `complete()` logs the user in,
with the device that confirmed them, as django-otp records it.
"""

import time

from django.contrib import auth
from django.contrib.auth import get_user_model
from django.utils.crypto import constant_time_compare
from django_otp import login as otp_login

KEY = "two_factor_pending"
#: How long the code step waits for its code after the password.
PENDING_SECONDS = 10 * 60


def begin(request, user, *, next_url):
    """The password was right: remember who, in a new session (no fixation), not logged in."""
    request.session.cycle_key()
    request.session[KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "hash": user.get_session_auth_hash(),
        "since": int(time.time()),
        "next": next_url,
    }


def user(request):
    """The user waiting for their second step, or None."""
    state = request.session.get(KEY)
    if not state or time.time() - state.get("since", 0) > PENDING_SECONDS:
        return None
    found = get_user_model()._default_manager.filter(pk=state.get("user")).first()
    if found is None or not (found.is_active and found.is_staff):
        return None
    if not constant_time_compare(found.get_session_auth_hash(), state.get("hash", "")):
        return None  # the password changed since
    found.backend = state["backend"]
    return found


def next_url(request):
    return (request.session.get(KEY) or {}).get("next") or ""


def complete(request, user, device):
    """Log `user` in, confirmed by `device`; returns where to go next."""
    destination = next_url(request)
    request.session.pop(KEY, None)
    auth.login(request, user, backend=user.backend)
    otp_login(request, device)
    return destination


def cancel(request):
    request.session.pop(KEY, None)
