"""What needs doing, on the admin's home page: each item shown only to staff who may act
on it, with how many wait and a link to the list filtered to them.

An item is a function of the request that returns a `Todo`, or None when the user may
not act on it. This app registers its own (reviews, embargoes); an app above it adds
its own in its admin module (coalitions: sign-ons waiting for a moderator), since this
one may not import it.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from ..models import Statement
from ..reviews import ReviewRequest, annotate_states
from .filters import LIFTING_SOON


@dataclass
class Todo:
    label: str
    count: int
    url: str
    none: str = "Nothing waiting."


_ITEMS = []


def register(item):
    """Add an item (a function of the request returning a Todo or None); returns it."""
    _ITEMS.append(item)
    return item


def items(request):
    return [todo for todo in (item(request) for item in _ITEMS) if todo is not None]


def _statements(query=""):
    return reverse("admin:releases_statement_changelist") + query


def _drafts_waiting():
    return ReviewRequest.objects.filter(
        state=ReviewRequest.State.WAITING, statement__status=Statement.Status.DRAFT
    )


@register
def drafts_waiting_for_review(request):
    if not request.user.has_perm("releases.publish_statement"):
        return None
    return Todo(
        "Drafts waiting for a publisher's review",
        _drafts_waiting().count(),
        _statements("?review=waiting"),
    )


@register
def drafts_sent_back(request):
    user = request.user
    if not user.has_perm("releases.change_statement") or user.has_perm(
        "releases.publish_statement"
    ):
        return None
    count = (
        annotate_states(Statement.objects.filter(status=Statement.Status.DRAFT))
        .filter(review_state=ReviewRequest.State.RETURNED, review_editor=user.get_username())
        .count()
    )
    url = _statements("?review=returned-to-me")
    return Todo("Your drafts sent back by a publisher", count, url)


@register
def embargoes_lifting_soon(request):
    if not request.user.has_perm("releases.publish_statement"):
        return None
    now = timezone.now()
    count = Statement.objects.filter(
        status=Statement.Status.PUBLISHED, publish_at__gt=now, publish_at__lte=now + LIFTING_SOON
    ).count()
    return Todo("Embargoes lifting in the next 24 hours", count, _statements("?visibility=lifting"))
