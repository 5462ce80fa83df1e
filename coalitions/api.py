"""Public signatories of a published statement, and the embeddable sign-on widget."""

from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from advocacy.clientip import client_ip
from advocacy.security import embeddable
from releases.api import NO_SUCH_PAGE, api_response, paginated
from releases.cache import public_briefly, seconds_to_next_release
from releases.models import Statement

from . import services
from .counts import count_listed
from .forms import SignOnForm
from .models import Signatory

PAGE_SIZE = 100


def _statement(slug):
    return get_object_or_404(
        Statement.objects.published().select_related("campaign", "signatory_list"), slug=slug
    )


def _campaign(statement):
    try:
        return statement.campaign
    except Statement.campaign.RelatedObjectDoesNotExist:
        return None


@require_GET
@public_briefly(60)
def signatories(request, slug):
    statement = Statement.objects.published().filter(slug=slug).first()
    if statement is None:
        return api_response({"error": "No published statement has this address."}, status=404)
    listed = (
        Signatory.objects.filter(statement=statement)
        .listed()
        .in_public_order(_campaign(statement))
        .select_related("organization")
        .only("name", "kind", "position", "organization__name", "organization__slug")
    )
    campaign = _campaign(statement)

    def public(signatory):
        organization = signatory.organization
        return {
            "name": signatory.name,
            "kind": signatory.kind,
            "organization_url": request.build_absolute_uri(organization.get_absolute_url())
            if organization
            else None,
        }

    signed = count_listed(statement, campaign)
    data = paginated(
        request,
        listed,
        PAGE_SIZE,
        results=public,
        statement=request.build_absolute_uri(statement.get_absolute_url()),
        # Listed individuals count as people, not as organizations.
        organizations=signed.organizations,
        people=signed.people,
        goal=campaign.goal if campaign else None,
        open_for_sign_on=bool(campaign and campaign.is_open),
    )
    return api_response(data) if data else api_response(NO_SUCH_PAGE, status=404)


@require_http_methods(["GET", "HEAD", "POST"])
@csrf_exempt
@embeddable
def widget(request, slug):
    """A page for partners to embed in an <iframe>: the count toward the goal and the whole
    sign-on form, confirmed by email as on the site.

    The form posts back into the frame, without a CSRF token. In a frame on another site
    the browser keeps our cookies from us (SameSite=Lax, and browsers that block
    third-party cookies altogether), so a token checked against a cookie would refuse
    every signer. Nothing is lost by it: CSRF protects what a visitor's session may do,
    and a sign-on needs no session; a forged one is what anyone may post, and it is
    listed only once its signer confirms it from their own mailbox. The form's signed
    fill-time stamp, hidden trap and rate limits guard it as on the site."""
    statement = _statement(slug)
    campaign = _campaign(statement)
    context = {"statement": statement, "campaign": campaign, "widget": True}
    status = 200
    if campaign is not None:
        ip = client_ip(request)
        form = SignOnForm(request.POST or None, campaign=campaign, ip=ip)
        closed = "" if campaign.is_open else services.closed_reason(campaign)
        if request.method == "POST" and not closed and form.is_valid():
            try:
                services.submit_signature(campaign=campaign, data=form.cleaned_data, ip=ip)
            except services.SignOnClosed as error:
                closed = str(error)
            else:
                context["sent"] = form.cleaned_data["email"]
        if request.method == "POST" and "sent" not in context:
            status = 409 if closed else 400
        context.update(form=form, closed=closed, signed=count_listed(statement, campaign))
    response = render(request, "coalitions/widget.html", context, status=status)
    if request.method == "POST":
        add_never_cache_headers(response)
    else:
        patch_cache_control(response, public=True, max_age=min(60, seconds_to_next_release()))
    return response
