from html import escape
from typing import NamedTuple

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from advocacy.text import address_by_slug
from releases.models import Statement

from ..models import Signatory

register = template.Library()


class ListedSignatory(NamedTuple):
    """A name printed under a statement: its public columns and nothing else."""

    name: str
    kind: str
    country: str
    organization_type: str
    url: str  # the organization's page, or "" for a name without a directory entry
    group: str = ""  # the heading it was printed under (an imported release)
    place: str = ""  # printed after the name: "Desert Dreamers Network (AZ)"

    @property
    def printed(self):
        return f"{self.name} ({self.place})" if self.place else self.name

    def get_organization_type_display(self):
        if not self.organization_type:
            return ""
        return str(Signatory.OrganizationType(self.organization_type).label)


def _campaign(statement):
    try:
        return statement.campaign
    except Statement.campaign.RelatedObjectDoesNotExist:
        return None


@register.simple_tag
def listed_signatories(statement):
    """The signatories printed under a statement, in public order, in one query.

    Only the public columns are read, as plain rows: a signer's email or IP never
    reaches a page, and a list of thousands costs no model instances. The list is kept
    on the statement for the count of the sign-on panel.
    """
    if hasattr(statement, "_listed_signatories"):
        return statement._listed_signatories
    campaign = _campaign(statement)
    rows = (
        Signatory.objects.listed_on(statement, campaign)
        .in_public_order(campaign)
        .values_list(
            "name", "kind", "country", "organization_type", "organization__slug", "group", "place"
        )
    )
    organization_page = address_by_slug("advocacy:organization-detail")
    statement._listed_signatories = [
        ListedSignatory(
            name, kind, country, type_, organization_page(slug) if slug else "", group, place
        )
        for name, kind, country, type_, slug, group, place in rows
    ]
    return statement._listed_signatories


def _items(signatories):
    """The <li> of each signatory, linked to its organization's page when it has one.

    Written in Python rather than a template loop: a statement can carry thousands of
    names, and a template include per name costs a hundred times more.
    """
    # All names escaped in one pass, between NULs, which forms and PostgreSQL refuse.
    names = escape("\x00".join(signatory.printed for signatory in signatories)).split("\x00")
    if len(names) != len(signatories):  # none listed, or a NUL in a name after all
        names = [escape(signatory.printed) for signatory in signatories]
    items = []
    for name, signatory in zip(names, signatories, strict=True):
        if signatory.url:  # an address made from a slug: nothing in it to escape
            items.append(f'<li><a href="{signatory.url}">{name}</a></li>')
        else:
            items.append(f"<li>{name}</li>")
    return "".join(items)


@register.simple_tag
def signatory_list(statement):
    """The printed list: numbered, or under headings when the campaign groups it
    (by country or by type of organization, in the order of the list)."""
    signatories = listed_signatories(statement)
    campaign = _campaign(statement)
    grouping = campaign.grouping if campaign else ""
    if not grouping and any(signatory.group for signatory in signatories):
        grouping = "group"  # the headings the release printed
    if grouping not in ("country", "organization_type", "group"):
        return mark_safe(f'<ol class="signatory-list">{_items(signatories)}</ol>')
    groups = {}
    for signatory in signatories:
        if grouping == "country":
            heading = signatory.country
        elif grouping == "group":
            heading = signatory.group
        else:
            heading = signatory.get_organization_type_display()
        groups.setdefault(heading, []).append(signatory)
    html = []
    for heading, members in groups.items():
        html.append(f"<h3>{escape(heading or _('Other'))}</h3>")
        html.append(f'<ul class="signatory-list">{_items(members)}</ul>')
    return mark_safe("".join(html))


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
def statements_signed_by(organization, limit=20):
    """The latest published statements an organization signed and is listed on."""
    listed = Signatory.objects.filter(organization=organization).listed()
    return list(
        Statement.objects.published()
        .filter(pk__in=listed.values("statement_id"))
        .for_listing()[:limit]
    )
