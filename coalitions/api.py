"""Public signatories of a published statement, and an embeddable count badge."""

from django.core.paginator import InvalidPage, Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from releases.api import api_response
from releases.models import Statement

from .models import Signatory

PAGE_SIZE = 100


def _statement(slug):
    return get_object_or_404(Statement.objects.published().select_related("campaign"), slug=slug)


def _campaign(statement):
    try:
        return statement.campaign
    except Statement.campaign.RelatedObjectDoesNotExist:
        return None


@require_GET
@cache_control(public=True, max_age=60)
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
    paginator = Paginator(listed, PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        return api_response({"error": "No such page."}, status=404)
    campaign = _campaign(statement)

    def page_url(number):
        return request.build_absolute_uri(f"{request.path}?page={number}")

    return api_response(
        {
            "statement": request.build_absolute_uri(statement.get_absolute_url()),
            "count": paginator.count,
            "goal": campaign.goal if campaign else None,
            "open_for_sign_on": bool(campaign and campaign.is_open),
            "next": page_url(page.next_page_number()) if page.has_next() else None,
            "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
            "results": [
                {
                    "name": signatory.name,
                    "kind": signatory.kind,
                    "organization_url": request.build_absolute_uri(
                        signatory.organization.get_absolute_url()
                    )
                    if signatory.organization
                    else None,
                }
                for signatory in page.object_list
            ],
        }
    )


@require_GET
@xframe_options_exempt
@cache_control(public=True, max_age=60)
def widget(request, slug):
    """A small page for partners to embed in an <iframe>: count, goal, sign link."""
    statement = _statement(slug)
    campaign = _campaign(statement)
    count = Signatory.objects.filter(statement=statement).listed().count()
    return render(
        request,
        "coalitions/widget.html",
        {"statement": statement, "campaign": campaign, "count": count},
    )
