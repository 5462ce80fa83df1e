from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from releases.models import Statement

register = template.Library()


@register.simple_tag
def statements_issued_by(organization, limit=20):
    """The latest published statements an organization issued."""
    return list(
        Statement.objects.published()
        .filter(issuers__organization=organization)
        .for_listing()[:limit]
    )


@register.filter
def body_with_dateline(statement):
    """The body's HTML with the dateline leading into its first paragraph.

    CHICAGO — June 29, 2018 — The Trump Administration's nominee ...
    """
    dateline = format_html(
        '<span class="dateline">{} — <time datetime="{}">{}</time> —</span> ',
        statement.dateline,
        statement.release_date.isoformat(),
        f"{statement.release_date:%B} {statement.release_date.day}, {statement.release_date.year}",
    )
    html = statement.body_html
    if html.startswith("<p>"):
        return mark_safe(f"<p>{dateline}{html[3:]}")  # body_html is sanitized on save
    return mark_safe(f'<p class="dateline-line">{dateline}</p>{html}')
