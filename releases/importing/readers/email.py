"""An email as it was sent to journalists (.eml), read with the standard `email` package.

In: the bytes of a message (RFC 5322, MIME). Out: the text of the release it carries:
its plain-text part, or its HTML part read as a page; and `Hints`: the subject (without
"Fwd:" or "PRESS RELEASE:") and the date it was sent. A message whose body only points to
an attached release ("please find attached") gives the attachments (.docx, .txt, .html)
instead, each a release of its own.

Left out, as an email's furniture: a forwarded message's header lines (From:, Date:,
Subject:, To:), and the mailing list's footer from "Unsubscribe" or "You are receiving
this email because" on.
"""

import email
import re
from email import policy
from email.utils import parsedate_to_datetime

from ..release import Hints

_SUBJECT_PREFIX = re.compile(
    r"^(?:(?:re|fwd?|rv|reenv[íi]o)\s*:\s*|(?:press release|news release|for immediate release"
    r"|media advisory|comunicado(?: de prensa)?|statement|embargoed[^:]*)\s*[:|–—-]\s*)+",
    re.IGNORECASE,
)
_FORWARD = re.compile(r"^-{2,}\s*(?:forwarded message|mensaje reenviado)\s*-{2,}$", re.I | re.M)
_FORWARD_HEADER = re.compile(
    r"^(?:from|de|date|fecha|sent|enviado|subject|asunto|to|para|cc):", re.I
)
_FOOTER = re.compile(
    r"^(?:unsubscribe|to unsubscribe|you (?:are )?receiv(?:ed|ing) this|update your preferences"
    r"|manage (?:your )?(?:preferences|subscription)|darse de baja|cancelar (?:la )?suscripci[óo]n"
    r"|view (?:this email )?in (?:your )?browser)\b",
    re.IGNORECASE | re.MULTILINE,
)
_POINTS_TO_ATTACHMENT = re.compile(r"attach|adjunt", re.IGNORECASE)
_RELEASE_TYPES = (".docx", ".txt", ".html", ".htm")


def read_email(data):
    """[(name, bytes or text, hints, furniture)]: the release(s) in the message."""
    message = email.message_from_bytes(data, policy=policy.default)
    hints = Hints(title=_subject(message.get("subject", "")))
    try:
        sent = message.get("date")
        hints.date = parsedate_to_datetime(sent).date() if sent else None
    except (TypeError, ValueError):
        hints.date = None
    body = message.get_body(preferencelist=("plain", "html"))
    text, furniture = "", []
    if body is not None:
        content = body.get_content()
        if body.get_content_type() == "text/html":
            from .html import read_html

            content, page = read_html(content)
            hints.date = hints.date or page.date
        text, furniture = _without_furniture(content)
    attached = [
        part
        for part in message.iter_attachments()
        if (part.get_filename() or "").lower().endswith(_RELEASE_TYPES)
    ]
    if attached and (len(text) < 400 or _POINTS_TO_ATTACHMENT.search(text[:400])):
        return [
            (part.get_filename(), part.get_content(), Hints(date=hints.date), [])
            for part in attached
        ]
    return [("", text, hints, furniture)]


def _subject(subject):
    return _SUBJECT_PREFIX.sub("", " ".join(str(subject).split())).strip()


def _without_furniture(text):
    furniture = []
    forward = _FORWARD.search(text)
    if forward:
        furniture.append(forward.group(0))
        lines = text[forward.end() :].lstrip("\n").split("\n")
        while lines and (_FORWARD_HEADER.match(lines[0]) or not lines[0].strip()):
            furniture.append(lines.pop(0))
        text = "\n".join(lines)
    footer = _FOOTER.search(text)
    if footer and footer.start() > len(text) / 2:
        furniture += text[footer.start() :].splitlines()
        text = text[: footer.start()]
    return text, [line for line in furniture if line.strip()]
