"""The share links made of a statement, for its Share page: who made each, for whom,
until when, and whether it still works (`releases.links`)."""

from ..links import PreviewLink
from ..previews import _key_tag
from .formatting import local_datetime


def record(statement, expires, user, recipient=""):
    """Note a link just made (`previews.make_token` has given the statement its key)."""
    return PreviewLink.objects.create(
        statement=statement,
        made_by=user,
        expires_at=expires,
        recipient=recipient.strip(),
        key_tag=_key_tag(statement.preview_key),
    )


def listed(statement, limit=50):
    """The latest links made, newest first, each with its state as of now."""
    current = _key_tag(statement.preview_key) if statement.preview_key else ""
    rows = []
    for link in statement.preview_links.select_related("made_by")[:limit]:
        state = link.state(current)
        if statement.is_public and state == PreviewLink.State.WORKING:
            label = "Leads to the public page"
        else:
            label = state.label
        rows.append(
            {
                "link": link,
                "made_at": local_datetime(link.made_at),
                "expires_at": local_datetime(link.expires_at),
                "state": state.value,
                "label": label,
            }
        )
    return rows
