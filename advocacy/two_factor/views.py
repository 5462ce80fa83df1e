"""The pages of two-factor login: the code step after the password, and under the admin
the staff member's own page (`overview`), where they set up or replace their authenticator
app, get new recovery codes or remove it all, each change after typing a current code."""

import time

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timezone import localtime
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from .. import admin_login
from . import devices, pending, policy
from .forms import CodeForm

#: The recovery codes just made, shown (and downloadable) until the user says they kept them.
FRESH_CODES = "two_factor_fresh_codes"
#: When the user last typed a current code to change their second factor.
CONFIRMED_AT = "two_factor_confirmed_at"
CONFIRMATION_SECONDS = 5 * 60

CODE_HELP = "The 6 digits your authenticator app shows now, or one of your recovery codes."
WRONG = (
    "That code is not right. Type the 6 digits your authenticator app shows now, or one of "
    "your recovery codes."
)
WAIT = "Several wrong codes in a row: wait a few seconds, then type the code your app shows now."
#: What a confirmation opens: ?next=... on the confirmation page.
CHANGES = {
    "setup": "admin-two-factor-setup",
    "codes": "admin-two-factor-codes",
    "remove": "admin-two-factor-remove",
}


def _page(request, template, title, **context):
    return TemplateResponse(
        request,
        f"admin/two_factor/{template}",
        {**admin.site.each_context(request), "title": title, **context},
    )


def _log(request, user, message):
    """In the account's history in the admin (Users → the account → History)."""
    admin.site.get_model_admin(get_user_model()).log_change(request, user, message)


def _wrong_code(form, problem):
    form.add_error("code", WAIT if problem == "wait" else WRONG)


# The code step of the login


@never_cache
@csrf_protect
def code_step(request):
    user = pending.user(request)
    if user is None:
        messages.info(request, "Log in with your username and password first.")
        return redirect("admin:login")
    if policy.authenticator(user) is None:
        return redirect("admin-two-factor-setup")
    if admin_login.code_paused(user):
        return admin_login.paused(request, step="code")
    form = CodeForm(request.POST or None, help_text=CODE_HELP)
    if request.method == "POST" and form.is_valid():
        device, problem = devices.check(user, form.cleaned_data["code"])
        if device is not None:
            admin_login.clear_code_failures(user)
            destination = pending.complete(request, user, device)
            if isinstance(device, StaticDevice):
                left = devices.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You logged in with a recovery code, which is now used up: {left} left. "
                    "Make new ones from Two-factor login if your phone is lost.",
                )
            return HttpResponseRedirect(destination or reverse("admin:index"))
        if problem == "wrong":
            admin_login.record_code_failure(user)
            if admin_login.code_paused(user):
                return admin_login.paused(request, step="code")
        _wrong_code(form, problem)
    return _page(request, "code.html", "Two-factor login", form=form, username=user)


# The staff member's own page


@admin.site.admin_view
def overview(request):
    user = request.user
    app = policy.authenticator(user)
    return _page(
        request,
        "overview.html",
        "Two-factor login",
        app=app,
        app_since=app and _when(app.created_at),
        app_used=app and app.last_used_at and _when(app.last_used_at),
        codes_left=devices.recovery_codes_left(user),
        required=policy.required_for(user),
    )


def _when(moment):
    return date_format(localtime(moment), "DATETIME_FORMAT") if moment else ""


def _recently_confirmed(request):
    return time.time() - request.session.get(CONFIRMED_AT, 0) < CONFIRMATION_SECONDS


@admin.site.admin_view
def confirm(request):
    """A current code, typed again before a change to the second factor."""
    change = request.GET.get("next", "")
    if change not in CHANGES:
        return redirect("admin-two-factor")
    user = request.user
    if admin_login.code_paused(user):
        return admin_login.paused(request, step="code")
    form = CodeForm(request.POST or None, help_text=CODE_HELP)
    if request.method == "POST" and form.is_valid():
        device, problem = devices.check(user, form.cleaned_data["code"])
        if device is not None:
            admin_login.clear_code_failures(user)
            request.session[CONFIRMED_AT] = time.time()
            return redirect(CHANGES[change])
        if problem == "wrong":
            admin_login.record_code_failure(user)
        _wrong_code(form, problem)
    return _page(request, "confirm.html", "Confirm it is you", form=form, change=change)


@never_cache
@csrf_protect
def setup(request):
    """Set up (or replace) the authenticator app: scan, type a code, get recovery codes.

    Reached right after the password by staff who must use a second factor and have none
    (not logged in until they finish), or from their own page by staff logged in."""
    waiting = pending.user(request)
    user = waiting or (request.user if request.user.is_active and request.user.is_staff else None)
    if user is None:
        return redirect(f"{reverse('admin:login')}?next={request.path}")
    if policy.authenticator(user) is not None:
        if waiting is not None:
            return redirect("admin-login-code")
        if not _recently_confirmed(request):
            return redirect(f"{reverse('admin-two-factor-confirm')}?next=setup")
    device = devices.setup_device(user)
    form = CodeForm(request.POST or None, help_text="The 6 digits the app shows now.")
    if request.method == "POST" and form.is_valid():
        codes = devices.confirm(device, form.cleaned_data["code"])
        if codes is not None:
            if waiting is not None:
                after = pending.complete(request, user, device)
            else:
                otp_login(request, device)  # this session goes on with the new app
                after = reverse("admin-two-factor")
            request.session.pop(CONFIRMED_AT, None)
            request.session[FRESH_CODES] = {"codes": codes, "after": after}
            _log(request, user, "Set up two-factor login (authenticator app, recovery codes).")
            return redirect("admin-two-factor-codes")
        form.add_error(
            "code",
            "That code is not right. Check that the app shows the entry you just added, "
            "and type the 6 digits it shows now.",
        )
    return _page(
        request,
        "setup.html",
        "Set up two-factor login",
        form=form,
        qr_code=devices.qr_code(device),
        secret=devices.secret(device),
        logging_in=waiting is not None,
        required=policy.required_for(user),
        username=user,
    )


@admin.site.admin_view
def recovery_codes(request):
    """The recovery codes just made, once: to print, download or copy; or new ones."""
    user = request.user
    fresh = request.session.get(FRESH_CODES)
    if request.method == "POST" and "_new" in request.POST:
        if policy.authenticator(user) is None:
            return redirect("admin-two-factor")
        if not _recently_confirmed(request):
            return redirect(f"{reverse('admin-two-factor-confirm')}?next=codes")
        codes = devices.new_recovery_codes(user)
        request.session.pop(CONFIRMED_AT, None)
        request.session[FRESH_CODES] = {"codes": codes, "after": reverse("admin-two-factor")}
        _log(request, user, "Made new recovery codes; the old ones no longer work.")
        return redirect("admin-two-factor-codes")
    if request.method == "POST" and "_kept" in request.POST:
        request.session.pop(FRESH_CODES, None)
        after = (fresh or {}).get("after") or reverse("admin:index")
        if not url_has_allowed_host_and_scheme(after, {request.get_host()}):
            after = reverse("admin:index")
        return HttpResponseRedirect(after)
    if fresh and request.GET.get("download"):
        return _download(fresh["codes"])
    if request.method == "GET" and request.GET.get("_new"):
        return redirect(f"{reverse('admin-two-factor-confirm')}?next=codes")
    return _page(
        request,
        "recovery_codes.html",
        "Recovery codes",
        codes=(fresh or {}).get("codes"),
        codes_left=devices.recovery_codes_left(user),
        has_app=policy.authenticator(user) is not None,
    )


def _download(codes):
    text = (
        "Recovery codes for two-factor login to the press room's admin.\n"
        "Each works once, in place of a code from your authenticator app.\n\n"
        + "\n".join(codes)
        + "\n"
    )
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="recovery-codes.txt"'
    return response


@admin.site.admin_view
def remove(request):
    """Remove the authenticator and recovery codes, if the user's role allows it."""
    user = request.user
    if policy.authenticator(user) is None:
        return redirect("admin-two-factor")
    if policy.required_for(user):
        messages.error(
            request,
            "Your role needs two-factor login: you can replace your authenticator app, "
            "not remove it.",
        )
        return redirect("admin-two-factor")
    if not _recently_confirmed(request):
        return redirect(f"{reverse('admin-two-factor-confirm')}?next=remove")
    if request.method == "POST":
        devices.remove_all(user)
        request.session.pop(CONFIRMED_AT, None)
        _log(request, user, "Removed two-factor login.")
        messages.success(request, "Two-factor login is off: your password alone logs you in.")
        return redirect("admin-two-factor")
    return _page(request, "remove.html", "Remove two-factor login")
