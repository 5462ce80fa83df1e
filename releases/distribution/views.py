"""The journalist's pages: get our releases, confirm, choose, unsubscribe in one click.

The subscription page is a public page like any other, cached for anonymous readers with
its CSRF token and fill-time stamp made for each (releases.cache). The pages opened from
a mail carry the reader's own link, so no cache keeps them. As on the sign-on, a link in
a mail only shows a button: mail scanners open links, and only a POST acts.

Unsubscribing follows RFC 8058: the mail's List-Unsubscribe address takes a POST with no
cookie and no CSRF token (the link's signature is the authority), as a mail program sends
it when its reader presses "Unsubscribe"; a GET changes nothing.
"""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from advocacy.clientip import client_ip
from releases.views import not_for_the_public

from . import services, tokens
from .forms import ChoicesForm, SubscribeForm
from .models import Journalist, Suppression


def subscribe(request):
    language = translation.get_language()
    form = SubscribeForm(request.POST or None, ip=client_ip(request), language=language)
    if request.method == "POST" and form.is_valid():
        chosen_language, only = form.choices()
        services.request_subscription(
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            outlet=form.cleaned_data["outlet"],
            language=chosen_language,
            language_only=only,
            topic_ids=[tag.pk for tag in form.cleaned_data["topics"]],
        )
        return redirect("press:check-email")
    status = 400 if request.method == "POST" else 200
    return render(request, "releases/distribution/subscribe.html", {"form": form}, status=status)


def check_email(request):
    return render(request, "releases/distribution/check_email.html")


def _link_problem(request, problem):
    response = render(
        request, "releases/distribution/link_problem.html", {"problem": problem}, status=400
    )
    return not_for_the_public(response)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    try:
        asked = tokens.read_confirm_token(token)
    except tokens.ExpiredLink:
        return _link_problem(request, "expired")
    except tokens.InvalidLink:
        return _link_problem(request, "invalid")
    journalist = newly = None
    if request.method == "POST":
        journalist, newly = services.confirm_subscription(asked)
    context = {"email": asked["e"], "journalist": journalist, "newly": newly}
    if journalist is not None:
        context["manage_url"] = _manage_url(journalist)
    response = render(request, "releases/distribution/confirm.html", context)
    return not_for_the_public(response)


def _manage_url(journalist):
    return reverse("press:manage", kwargs={"token": tokens.subscription_token(journalist)})


def _journalist(token):
    return tokens.read_subscription_token(token, Journalist.objects.all())


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    try:
        journalist = _journalist(token)
    except tokens.InvalidLink:
        return _link_problem(request, "gone")
    initial = {
        "languages": [journalist.language]
        if journalist.language_only
        else [code for code, _name in ChoicesForm.base_fields["languages"].choices],
        "topics": list(journalist.topics.all()),
    }
    form = ChoicesForm(request.POST or None, initial=initial, language=translation.get_language())
    saved = False
    if request.method == "POST" and form.is_valid():
        language, only = form.choices()
        services.update_choices(
            journalist, language=language, language_only=only, topics=form.cleaned_data["topics"]
        )
        saved = True
    context = {
        "journalist": journalist,
        "form": form,
        "saved": saved,
        "unsubscribe_token": token,
    }
    response = render(
        request,
        "releases/distribution/manage.html",
        context,
        status=400 if form.errors else 200,
    )
    return not_for_the_public(response)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET: a page with a button. POST (that button, or a mail program's one-click
    `List-Unsubscribe=One-Click`): never mail this address again. Idempotent."""
    try:
        journalist = _journalist(token)
    except tokens.InvalidLink:
        return _link_problem(request, "gone")
    done = False
    if request.method == "POST":
        services.unsubscribe(journalist)
        done = True
    response = render(
        request,
        "releases/distribution/unsubscribe.html",
        {
            "journalist": journalist,
            "done": done,
            "already": not done and Suppression.objects.holds(journalist.email),
            "token": token,
        },
    )
    return not_for_the_public(response)
