"""The admin's login, throttled against password guessing.

After `ADMIN_LOGIN_MAX_FAILURES` failed attempts for one username from one address within
`ADMIN_LOGIN_WINDOW_SECONDS`, further attempts for that pair are refused (429) until the
window ends, without checking the password. The refusal is the same whether or not the
username exists; a successful login clears the count. Counts live in Django's cache (Redis
in production), so every app server shares them.
"""

import hashlib

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache


def username_key(username):
    """The username as authentication reads it, so that every spelling that logs in as one
    account counts against it: the login form strips it and the user model normalises it
    (NFKC: "ｅｄｉｔｏｒ" and "𝐞𝐝𝐢𝐭𝐨𝐫" are "editor"). The lookup itself is exact; folding case
    as well only ever counts more spellings together, never fewer."""
    return get_user_model().normalize_username(username.strip()).casefold()


def _key(request, username):
    address = request.META.get("REMOTE_ADDR") or "unknown"
    who = f"{username_key(username)}|{address}".encode()
    return f"admin-login-failures:{hashlib.sha256(who).hexdigest()}"


def failures(request, username):
    return cache.get(_key(request, username), 0)


def _record_failure(request, username):
    key = _key(request, username)
    cache.add(key, 0, settings.ADMIN_LOGIN_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, settings.ADMIN_LOGIN_WINDOW_SECONDS)


@never_cache
def login(request, extra_context=None):
    """`admin.site.login`, refused while the username and address are over the limit."""
    if request.method != "POST":
        return admin.site.login(request, extra_context)
    username = request.POST.get("username", "")
    if failures(request, username) >= settings.ADMIN_LOGIN_MAX_FAILURES:
        minutes = max(1, settings.ADMIN_LOGIN_WINDOW_SECONDS // 60)
        response = TemplateResponse(
            request,
            "admin/login_throttled.html",
            {
                **admin.site.each_context(request),
                "title": _("Too many failed attempts"),
                "minutes": minutes,
            },
            status=429,
        )
        response["Retry-After"] = str(settings.ADMIN_LOGIN_WINDOW_SECONDS)
        return response
    response = admin.site.login(request, extra_context)
    if request.user.is_authenticated and request.user.is_staff and response.status_code == 302:
        cache.delete(_key(request, username))
    elif response.status_code == 200:  # the form came back with an error
        _record_failure(request, username)
    return response
