"""Text into paragraphs: the first step every reader's text goes through.

In: the text of one release, as a reader gave it (a string). Out: `Cleaned`: its
paragraphs (lists of lines, split at blank lines), with the page furniture that editors
and web pages leave behind taken out and kept aside.

The normalisation, which the no-line-lost test relies on, is exactly this:

- Unicode NFC; a byte-order mark, zero-width characters and soft hyphens removed;
  control characters removed, tabs and non-breaking spaces are spaces;
- line ends: CRLF, CR, U+2028/U+2029, vertical tab and form feed are newlines;
- in each line every run of white space becomes one space, and none is left at its ends.

Page furniture is only what `FURNITURE` and the share and related-posts blocks match:
"- more -", page numbers, "continued on next page", "Share this" and the share buttons
under it, "Posted on … by …", "Leave a comment", and a "Related posts" heading with the
short lines (titles of other posts) that follow it.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from .fields.dates import find_date
from .release import MAX_TEXT, ReleaseFormatError

_INVISIBLE = {ord(ch): None for ch in "\ufeff\u200b\u200c\u200d\u2060\u00ad"}
# Control characters are not text (NUL cannot even be stored in PostgreSQL).
_INVISIBLE |= dict.fromkeys([*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F, *range(0x80, 0x85)])
_INVISIBLE |= dict.fromkeys(range(0x86, 0xA0))
_LINE_BREAKS = {ord(ch): "\n" for ch in "\u2028\u2029\x0b\x0c\x85\x1c\x1d\x1e\x1f"}

_DASHES = "-‐‒–—―"
FURNITURE = re.compile(
    r"^(?:see (?:the )?(?:next|following) page\b.*"
    r"|(?:continued|cont(?:'|’)?d\.?) (?:on|from) (?:the )?(?:next|previous) page\b.*"
    r"|(?:contin[úu]a|sigue) en la (?:siguiente|pr[óo]xima) p[áa]gina\b.*"
    rf"|[{_DASHES}(]* ?(?:more|m[áa]s|mas) ?[{_DASHES})]*"
    r"|(?:page|p[áa]gina|p\.) ?\d{1,3}(?: (?:of|de) \d{1,3})?"
    rf"|[{_DASHES}] ?(?!30\b)\d{{1,2}} ?[{_DASHES}]"
    r"|\d{1,2} ?/ ?\d{1,2}"
    r"|(?:posted|published|publicado|publicada) (?:on|by|el|por|in|en)\b(?!.*\.$).{0,100}"
    r"|(?:leave a (?:comment|reply)|comments? (?:are )?closed\.?|deja un comentario"
    r"|print(?: this page)?|imprimir|back to top|skip to (?:main )?content"
    r"|(?:previous|next) (?:post|article)\b.*|(?:entrada|art[íi]culo) (?:anterior|siguiente)\b.*"
    r"|read more|leer m[áa]s|like this:?|me gusta esto:?|like loading\.*|cargando\.*"
    r"|tags?:.*|etiquetas:.*|categor(?:y|ies|[íi]as?):.*|filed under:?.*)"
    r")$",
    re.IGNORECASE,
)
_SHARE_HEADING = re.compile(
    r"^(?:share(?: this)?(?: (?:post|page|article|story))?|compartir|comparte(?: esto)?"
    r"|comp[áa]rtelo)\s*:?$",
    re.IGNORECASE,
)
_SHARE_BUTTON = re.compile(
    r"^(?:(?:click to )?(?:share|tweet|email|print|post|pin)?(?: on| this| via)?\s*"
    r"(?:twitter|x|facebook|linkedin|whatsapp|telegram|reddit|tumblr|pinterest|pocket|email"
    r"|e-mail|print|correo|imprimir|bluesky|threads|mastodon|more|más)\b"
    r"(?: \((?:opens|se abre) in (?:a )?new window\)| \(se abre en una ventana nueva\))?"
    r"[\s,|·•]*)+$",
    re.IGNORECASE,
)
_RELATED = re.compile(
    r"^(?:related(?: posts| articles| stories| news)?|you may also like|more news"
    r"|(?:entradas|art[íi]culos|noticias|publicaciones) relacionad[ao]s|te puede interesar)"
    r"\s*:?$",
    re.IGNORECASE,
)


# "… said Smith. ###": an end mark typed at the end of the last line is a line of its own.
_INLINE_END_MARK = re.compile(r"^(.*[.!?”\"’)])\s+(###|# # #|-30-|- 30 -|—30—)$")


@dataclass
class Cleaned:
    paragraphs: list[list[str]]
    furniture: list[str] = field(default_factory=list)
    #: Dates found in "Posted on …" lines: a date given outside the release itself.
    posted_dates: list = field(default_factory=list)


def normalize_line(line):
    """One line as the importer reads it: see the module's docstring."""
    return " ".join(line.split())


def normalize_text(text):
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS)
    return text.translate(_INVISIBLE).replace("\t", " ")


def check_is_text(text):
    """Refuse what is not a release at all: empty, binary or far too long."""
    if len(text or "") > MAX_TEXT:
        raise ReleaseFormatError(
            f"the text is {len(text):,} characters long; a release is at most {MAX_TEXT:,} "
            "(a few pages): import one release at a time"
        )
    sample = (text or "")[:4000]
    if sample and sum(ch < " " and ch not in "\n\r\t\f\v" for ch in sample) > len(sample) / 10:
        raise ReleaseFormatError("this is not text (a binary file?): nothing to import")
    if not any(ch.isalpha() for ch in text or ""):
        raise ReleaseFormatError("the text is empty: expected a release with its title first")


def clean(text):
    """`Cleaned` paragraphs of `text`; raises `ReleaseFormatError` if it is not text."""
    check_is_text(text)
    lines = []
    for raw in normalize_text(text).split("\n"):
        line = normalize_line(raw)
        inline = _INLINE_END_MARK.match(line)
        lines += [inline[1], "", inline[2]] if inline else [line]
    cleaned = Cleaned(paragraphs=[])
    current = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if line and _SHARE_HEADING.match(line):
            cleaned.furniture.append(line)
            while index < len(lines) and (not lines[index] or _SHARE_BUTTON.match(lines[index])):
                if lines[index]:
                    cleaned.furniture.append(lines[index])
                index += 1
            continue
        if line and _RELATED.match(line):
            cleaned.furniture.append(line)
            index = _skip_related(lines, index, cleaned.furniture)
            continue
        if line and (FURNITURE.match(line) or _SHARE_BUTTON.match(line)):
            cleaned.furniture.append(line)
            if re.match(r"^(?:posted|published|publicad)", line, re.IGNORECASE):
                found = find_date(line)
                if found:
                    cleaned.posted_dates.append(found[0])
            continue
        if not line:
            if current:
                cleaned.paragraphs.append(current)
                current = []
            continue
        current.append(line)
    if current:
        cleaned.paragraphs.append(current)
    return cleaned


def _skip_related(lines, index, furniture):
    """Past the titles under a "Related posts" heading: short lines, no sentences."""
    while index < len(lines):
        line = lines[index]
        if line and (len(line.split()) > 16 or line.startswith("#") or line.endswith(":")):
            break
        if line:
            furniture.append(line)
        index += 1
    return index
