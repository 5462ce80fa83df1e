"""A release's text into its parts: `parse_release`.

In: the text of one release (and the `Hints` its file gave). Out: a `Release`, without
touching the database. The text is cleaned (`cleaning`), its top read (`head`: header
lines, title, subtitle, dateline), then its end (`tail`: signers, About paragraphs, end
mark, contacts, issuers); what is left is the body. What had to be guessed or was not
found becomes a note; only text that is no release at all is refused.
"""

import re

from django.utils import timezone

from ..cleaning import clean
from ..fields.contacts import contact_entries, parse_contact
from ..fields.language import detect_language
from ..fields.names import KnownNames, spokespeople, unique
from ..release import Hints, Release, ReleaseFormatError, Statement
from .head import read_head
from .tail import read_tail

_LIST_LINE = re.compile(r"^(?:[-*+•]|\d{1,3}[.)])\s+")


def parse_release(text, *, hints=None, is_organization=None):
    """Read a release; raise `ReleaseFormatError` only when the text is not one.

    `is_organization`, when given, tells whether a printed name is an organization already
    known (`import_release` passes one that asks the database); it helps to split a
    contact line such as "Evy Peña, Centro de los Derechos del Migrante, Inc. - ...".
    """
    hints = hints or Hints()
    cleaned = clean(text)
    if not cleaned.paragraphs:
        raise ReleaseFormatError("the text is empty: expected a release with its title first")
    if not hints.date and cleaned.posted_dates:
        hints = Hints(**{**hints.__dict__, "date": cleaned.posted_dates[0]})
    words = " ".join(line for par in cleaned.paragraphs for line in par)
    language = detect_language(words)
    head = read_head(cleaned.paragraphs, hints, language)
    known = KnownNames(is_organization)
    tail = read_tail(head.body + head.rest, known)
    for signer in tail.signers:
        known.add(signer.name)
    notes = [*hints.notes, *head.notes, *tail.notes]

    top = []
    for heading, lines in head.contact_blocks:
        for item, shared in contact_entries(lines)[0] if lines else []:
            top.append(parse_contact(item, heading=heading, is_known=known, shared=shared))
    contacts, unreadable = [], []
    for contact in [*top, *tail.contacts]:
        if contact.person or contact.organization:
            contacts.append(contact)
        else:
            unreadable.append(contact.text)
    for contact in contacts:
        if contact.person and not contact.phones:
            notes.append(f"The contact {contact.person} has no telephone number: please check.")
    if unreadable:
        notes.append(
            "A contact names no person or organization ("
            + "; ".join(unreadable)
            + "): it is kept at the end of the body. Please check."
        )

    paragraphs = [markdown_paragraph(par) for par in tail.body if par]
    paragraphs += unreadable
    if head.letterhead:
        paragraphs.append(markdown_paragraph(head.letterhead))
    body = "\n\n".join(paragraphs)
    if not body:
        notes.append("No body found: please check the text.")
    signers = unique(tail.signers, key=lambda signer: signer.name)
    tail.consumed += [signer.text for signer in tail.signers if signer not in signers]
    release = Release(
        title=head.title,
        deck=head.deck,
        dateline_place=head.place,
        release_date=head.date or timezone.localdate(),
        dated=head.date is not None,
        language=detect_language(f"{head.title} {head.deck} {body}", default=language),
        body=body,
        end_mark=tail.end_mark,
        kind=head.kind or tail.kind or Statement.Kind.PRESS_RELEASE,
        publish_at=head.publish_at,
        issuers=tail.issuers,
        signatories=signers,
        contacts=contacts,
        spokespeople=spokespeople(paragraphs),
        tags=list(hints.tags),
        attachments=list(hints.attachments),
        old_addresses=list(hints.old_addresses),
        notes=list(dict.fromkeys(notes)),
        consumed=[line for line in head.consumed + tail.consumed if line],
        furniture=cleaned.furniture,
    )
    return release


def markdown_paragraph(lines):
    """A paragraph as Markdown: wrapped lines joined, list lines kept as a list."""
    if len(lines) > 1 and all(line.startswith(">") for line in lines):
        return "\n".join(lines)
    if len(lines) > 1 and any(_LIST_LINE.match(line) for line in lines[1:]):
        lead, items = [], []
        for line in lines:
            if _LIST_LINE.match(line):
                items.append(re.sub(r"^•\s+", "- ", line))
            elif items:
                items[-1] = f"{items[-1]} {line}"
            else:
                lead.append(line)
        return "\n\n".join(filter(None, [" ".join(lead), "\n".join(items)]))
    if len(lines) > 1 and all(_is_address_line(line) for line in lines):
        # An address or a signature: its lines stay lines (Markdown's hard line breaks).
        return "  \n".join(lines)
    return " ".join(lines)


def _is_address_line(line):
    return len(line) <= 50 and (line[:1].isupper() or line[:1].isdigit()) and not line.endswith(",")
