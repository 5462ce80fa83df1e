from django import template

from releases.models import Statement

register = template.Library()


@register.simple_tag
def listed_signatories(statement):
    """The signatories printed under a statement, in order, in one query."""
    return list(statement.signatories.select_related("organization"))


@register.simple_tag
def statements_signed_by(organization, limit=20):
    """The latest published statements an organization signed."""
    return list(
        Statement.objects.published()
        .filter(signatories__organization=organization)
        .for_listing()[:limit]
    )
