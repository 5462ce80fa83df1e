"""Public signatories of a published statement, and an embeddable count badge."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from advocacy.security import embeddable
from releases.api import NO_SUCH_PAGE, api_response, paginated
from releases.cache import public_briefly
from releases.models import Statement

from .models import Signatory, listed_count

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

    data = paginated(
        request,
        listed,
        PAGE_SIZE,
        results=public,
        statement=request.build_absolute_uri(statement.get_absolute_url()),
        goal=campaign.goal if campaign else None,
        open_for_sign_on=bool(campaign and campaign.is_open),
    )
    return api_response(data) if data else api_response(NO_SUCH_PAGE, status=404)


@require_GET
@embeddable
@public_briefly(60)
def widget(request, slug):
    """A small page for partners to embed in an <iframe>: count, goal, sign link."""
    statement = _statement(slug)
    campaign = _campaign(statement)
    count = listed_count(statement, campaign)
    return render(
        request,
        "coalitions/widget.html",
        {"statement": statement, "campaign": campaign, "count": count},
    )
