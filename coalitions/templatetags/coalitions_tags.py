from html import escape
from typing import NamedTuple

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from releases.models import Statement

from ..counts import count_listed
from ..models import Signatory, country_name

register = template.Library()

# The names a statement's page prints; past them, a link to the full list (paginated and
# searchable), so that a statement with 100,000 signatories costs what one with 1,000
# does.
PAGE_NAMES = 1000


class ListedSignatory(NamedTuple):
    """A name printed under a statement: its public columns and nothing else."""

    name: str
    kind: str
    country: str
    organization_type: str
    url: str  # the organization's short address, or "" for a name without a directory entry
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


def public_rows(rows, start=0, stop=None):
    """`ListedSignatory` rows from a query of listed signatories: only their public
    columns are read, as plain rows (a signer's email or IP never reaches a page, and a
    list of thousands costs no model instances). An organization of the directory is
    linked by its short address (/o/<id>/, which leads to its page): a fifth of the
    bytes of its full one, and no join to read its slug."""
    short = reverse("advocacy:organization-short", kwargs={"pk": 0}).removesuffix("0/")
    return [
        ListedSignatory(name, kind, country, type_, f"{short}{pk}/" if pk else "", group, place)
        for name, kind, country, type_, pk, group, place in rows.values_list(
            "name", "kind", "country", "organization_type", "organization_id", "group", "place"
        )[start:stop]
    ]


@register.simple_tag
def listed_signatories(statement):
    """The first PAGE_NAMES signatories printed under a statement, in public order, in
    one query; kept on the statement for the other tags of its page."""
    if hasattr(statement, "_listed_signatories"):
        return statement._listed_signatories
    campaign = _campaign(statement)
    rows = Signatory.objects.listed_on(statement, campaign).in_public_order(campaign)
    statement._listed_signatories = public_rows(rows, 0, PAGE_NAMES)
    return statement._listed_signatories


@register.simple_tag
def signatory_count(statement):
    """How many signatories the statement lists (kept by their changes, not counted)."""
    return count_listed(statement, _campaign(statement)).total


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
        # No </li>: HTML closes an item at the next one, and a list of thousands is
        # lighter for it. An address made from an id has nothing in it to escape.
        if signatory.url:
            items.append(f'<li><a href="{signatory.url}">{name}</a>')
        else:
            items.append(f"<li>{name}")
    return "".join(items)


@register.simple_tag
def signatory_items(signatories):
    """The <li> of each of `signatories` (`ListedSignatory` rows)."""
    return mark_safe(_items(signatories))


@register.simple_tag
def signatory_list(statement):
    """The printed list: numbered, or under headings when the campaign groups it
    (by country or by type of organization, in the order of the list)."""
    signatories = listed_signatories(statement)
    groups = grouped(signatories, _campaign(statement))
    if groups is None:
        return mark_safe(f'<ol class="signatory-list">{_items(signatories)}</ol>')
    html = []
    for heading, members in groups:
        html.append(f"<h3>{escape(heading)}</h3>")
        html.append(f'<ul class="signatory-list">{_items(members)}</ul>')
    return mark_safe("".join(html))


def grouped(signatories, campaign):
    """[(heading, signatories)] in the order of the list when the campaign groups its
    signatories (by country or by type of organization) or the release printed them
    under headings of its own (an imported sign-on letter), else None. The printed list
    for allies groups them the same way."""
    grouping = campaign.grouping if campaign else ""
    if not grouping and any(signatory.group for signatory in signatories):
        grouping = "group"  # the headings the release printed
    if grouping not in ("country", "organization_type", "group"):
        return None
    groups, countries = {}, {}
    for signatory in signatories:
        if grouping == "country":
            if signatory.country not in countries:  # each country named once
                countries[signatory.country] = country_name(signatory.country)
            heading = countries[signatory.country]
        elif grouping == "group":
            heading = signatory.group
        else:
            heading = signatory.get_organization_type_display()
        groups.setdefault(heading or _("Other"), []).append(signatory)
    return list(groups.items())


@register.simple_tag
def signon_progress(statement):
    campaign = _campaign(statement)
    return goal_progress(count_listed(statement, campaign), campaign and campaign.goal)


@register.simple_tag
def goal_progress(signed, goal):
    """How far a count of signatories (a SignatoryCount) is toward the goal."""
    count = signed.total
    return {
        "count": count,
        "signed": signed,
        "capped": min(count, goal) if goal else count,
        "percent": min(100, round(100 * count / goal)) if goal else None,
    }


@register.simple_tag
def signed_words(signed):
    """ "12 organizations and 3 people have signed", the numbers in bold."""
    return signed.words(strong=True)


@register.simple_tag
def statements_signed_by(organization, limit=20):
    """The latest published statements an organization signed and is listed on."""
    listed = Signatory.objects.filter(organization=organization).listed()
    return list(
        Statement.objects.published()
        .filter(pk__in=listed.values("statement_id"))
        .for_listing()[:limit]
    )


@register.simple_tag
def signer_answers(signatory):
    """(question, answer) of the campaign's own questions, for the signer's own page."""
    campaign = _campaign(signatory.statement)
    if campaign is None:
        return []
    return [
        (question.text, question.answer_display(signatory.answers))
        for question in campaign.questions.all()
    ]
