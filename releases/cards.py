"""Every statement shares with a picture: its lead image, else a card drawn from it.

The card (`advocacy.images.headline_card`) shows the title, who issued it and the date.
It is drawn when staff save the statement in the admin or publish it, never per
request, and only when the card's fingerprint, kept in its file name, differs from what
the statement shows now (a hundredth of a second to check, a tenth to draw).
`manage.py draw_social_cards` draws the missing ones (after an import of an archive).
"""

import hashlib

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format

from advocacy.images import headline_card


def _contents(statement):
    issuers = [issuer.organization.name for issuer in statement.issuer_list]
    with translation.override(statement.language):
        day = date_format(statement.release_date, "DATE_FORMAT")
    byline = ", ".join(issuers[:-1]) + f" & {issuers[-1]}" if len(issuers) > 1 else "".join(issuers)
    return {
        "headline": statement.title,
        "byline": byline,
        "footer": f"{statement.dateline_place} · {day} · {settings.SITE_NAME}",
    }


def fingerprint(contents):
    text = "\x00".join(contents[key] for key in sorted(contents))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def is_current(statement, contents=None):
    """Whether the statement's card shows what the statement shows now."""
    contents = contents or _contents(statement)
    name = statement.social_card.name or ""
    return name.rsplit("/", 1)[-1] == f"{fingerprint(contents)}.png"


def refresh(statement):
    """Draw the statement's card if it has no lead image and its card is missing or out
    of date. Returns whether it drew one."""
    if statement.lead_image:
        return False
    contents = _contents(statement)
    if is_current(statement, contents):
        return False
    old = statement.social_card.name
    card = headline_card(**contents)
    statement.social_card.save(f"{fingerprint(contents)}.png", card, save=False)
    statement.save(update_fields=["social_card"])
    if old:
        statement.social_card.storage.delete(old)
    return True
