"""The admin's login, throttled against password guessing.

After `ADMIN_LOGIN_MAX_FAILURES` failed attempts for one username from one address within
`ADMIN_LOGIN_WINDOW_SECONDS`, further attempts for that pair are refused (429) until the
window ends, without checking the password. The refusal is the same whether or not the
username exists; a successful login clears the count. Counts live in Django's cache (Redis
in production), so every app server shares them.

Two steps for staff who use a second factor (`advocacy.two_factor`): a right password logs
in only those who need none, and sends the others on to the code step, which the same
mechanism throttles per account: after as many wrong codes, that account's code step
pauses for the same window. A right password clears the password count.
"""

import hashlib

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .clientip import client_ip
from .two_factor import pending, policy


def username_key(username):
    """The username as authentication reads it, so that every spelling that logs in as one
    account counts against it: the login form strips it and the user model normalises it
    (NFKC: "ｅｄｉｔｏｒ" and "𝐞𝐝𝐢𝐭𝐨𝐫" are "editor"). The lookup itself is exact; folding case
    as well only ever counts more spellings together, never fewer."""
    return get_user_model().normalize_username(username.strip()).casefold()


def _key(request, username):
    address = client_ip(request) or "unknown"
    who = f"{username_key(username)}|{address}".encode()
    return f"admin-login-failures:{hashlib.sha256(who).hexdigest()}"


def _code_key(user):
    # The code step counts per account, from any address: whoever is at it already has
    # the password, and must not get five more guesses from each address they can use.
    return f"admin-login-code-failures:{user.pk}"


def failures(request, username):
    return cache.get(_key(request, username), 0)


def _record(key):
    cache.add(key, 0, settings.ADMIN_LOGIN_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, settings.ADMIN_LOGIN_WINDOW_SECONDS)


def _record_failure(request, username):
    _record(_key(request, username))


def code_paused(user):
    """Whether the code step of `user` is paused after too many wrong codes."""
    return cache.get(_code_key(user), 0) >= settings.ADMIN_LOGIN_MAX_FAILURES


def record_code_failure(user):
    _record(_code_key(user))


def clear_code_failures(user):
    cache.delete(_code_key(user))


def paused(request, *, step="password"):
    """The 429 page of a paused step ("password" or "code")."""
    minutes = max(1, settings.ADMIN_LOGIN_WINDOW_SECONDS // 60)
    response = TemplateResponse(
        request,
        "admin/login_throttled.html",
        {
            **admin.site.each_context(request),
            "title": _("Too many failed attempts"),
            "minutes": minutes,
            "step": step,
        },
        status=429,
    )
    response["Retry-After"] = str(settings.ADMIN_LOGIN_WINDOW_SECONDS)
    return response


class _PasswordStep(LoginView):
    """The admin's login form; a user who needs a second factor is not logged in yet but
    sent on to the code (or, without an authenticator, to set one up)."""

    def form_valid(self, form):
        user = form.get_user()
        if policy.needs_second_step(user):
            pending.begin(self.request, user, next_url=self.get_success_url())
            step = "admin-login-code" if policy.authenticator(user) else "admin-two-factor-setup"
            response = HttpResponseRedirect(reverse(step))
        else:
            response = super().form_valid(form)
        response.password_accepted = True
        return response


def _password_step(request, extra_context):
    """`admin.site.login` with the password step above: the same page and context."""
    redirect_url = LoginView().get_redirect_url(request) or reverse("admin:index")
    if request.method == "GET" and admin.site.has_permission(request):
        return HttpResponseRedirect(redirect_url)
    context = {
        **admin.site.each_context(request),
        "title": _("Log in"),
        "subtitle": None,
        "app_path": request.get_full_path(),
        "username": request.user.get_username(),
        REDIRECT_FIELD_NAME: redirect_url,
        **(extra_context or {}),
    }
    request.current_app = admin.site.name
    return _PasswordStep.as_view(
        extra_context=context,
        authentication_form=admin.site.login_form or AdminAuthenticationForm,
        template_name=admin.site.login_template or "admin/login.html",
        next_page=reverse("admin:index"),
    )(request)


@never_cache
def login(request, extra_context=None):
    """The admin's login, refused while the username and address are over the limit."""
    if request.method != "POST":
        return _password_step(request, extra_context)
    username = request.POST.get("username", "")
    if failures(request, username) >= settings.ADMIN_LOGIN_MAX_FAILURES:
        return paused(request)
    response = _password_step(request, extra_context)
    if getattr(response, "password_accepted", False):
        cache.delete(_key(request, username))
    elif response.status_code == 200:  # the form came back with an error
        _record_failure(request, username)
    return response
