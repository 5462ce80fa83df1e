from django import template

from releases.models import Statement

from ..forms import SignOnForm
from ..models import Signatory

register = template.Library()


def _campaign(statement):
    try:
        return statement.campaign
    except Statement.campaign.RelatedObjectDoesNotExist:
        return None


@register.simple_tag
def listed_signatories(statement):
    """The signatories printed under a statement, in public order, in one query.

    Only the public columns are loaded: a signer's email or IP never reaches a page.
    The list is kept on the statement for the count of the sign-on panel.
    """
    if hasattr(statement, "_listed_signatories"):
        return statement._listed_signatories
    statement._listed_signatories = list(
        Signatory.objects.filter(statement=statement)
        .listed()
        .in_public_order(_campaign(statement))
        .select_related("organization")
        .only(
            "name",
            "kind",
            "country",
            "organization_type",
            "position",
            "statement_id",
            "organization__slug",
            "organization__name",
        )
    )
    return statement._listed_signatories


@register.simple_tag
def signon_progress(statement):
    count = len(listed_signatories(statement))
    campaign = _campaign(statement)
    goal = campaign.goal if campaign else None
    return {
        "count": count,
        "capped": min(count, goal) if goal else count,
        "percent": min(100, round(100 * count / goal)) if goal else None,
    }


@register.simple_tag
def signon_form(campaign):
    return SignOnForm(campaign=campaign)


@register.simple_tag
def statements_signed_by(organization, limit=20):
    """The latest published statements an organization signed and is listed on."""
    listed = Signatory.objects.filter(organization=organization).listed()
    return list(
        Statement.objects.published()
        .filter(pk__in=listed.values("statement_id"))
        .for_listing()[:limit]
    )
