"""The top of a release: header lines, the title, the subtitle and the dateline.

In: the cleaned paragraphs and the file's `Hints`. Out: a `Head`: the title, deck,
dateline (place, date), the embargo time, contacts printed above the title, the kind a
header line names, and the paragraphs where the body begins; with notes on what was
guessed.

Above the title any of these may stand, in any order: "FOR IMMEDIATE RELEASE" and its
kin ("PARA PUBLICACIÓN INMEDIATA", "MEDIA ADVISORY", "Comunicado de prensa"), possibly
with a date; "EMBARGOED UNTIL <date and time, zone>"; a date on its own line; a contact
block ("Contact: Jane Doe | 555-0143 | jane@x.org", or a "CONTACT" heading over lines).
"""

import re
from dataclasses import dataclass, field

from ..fields.contacts import has_detail, is_detail_only
from ..fields.datelines import read_dateline
from ..fields.dates import EMBARGO, ONLY_DATE, date_of, embargo_time, find_date
from ..fields.names import is_person_name
from ..release import MAX_DECK, MAX_TITLE, Statement
from .patterns import HEADER, SALUTATION, contact_heading, is_end_mark

_CONNECTOR = re.compile(
    r"(?:\b(?:of|the|and|to|for|on|in|a|an|with|at|by|from|de|la|el|los|las|del|y|en|para"
    r"|por|con|a|al)|[,:;–—-])$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…][”\"’)]*$")


@dataclass
class Head:
    title: str = ""
    deck: str = ""
    place: str = ""
    date: object = None
    date_language: str | None = None
    publish_at: object = None
    kind: str = ""
    contact_blocks: list = field(default_factory=list)  # (heading, lines)
    body: list = field(default_factory=list)  # the body's paragraphs, the first ones
    rest: list = field(default_factory=list)  # the paragraphs after those
    consumed: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    dated_by: str = ""
    letterhead: list = field(default_factory=list)


def read_head(paragraphs, hints, language=None):
    head = Head()
    header_dates = []
    paragraphs = [list(par) for par in paragraphs]
    head.letterhead = _letterhead(paragraphs, hints.title)
    if head.letterhead:
        head.notes.append(
            "The lines above the header (" + " / ".join(head.letterhead) + ") look like a "
            "letterhead: they are kept at the end of the body. Please check."
        )
    # Header lines, embargo, dates and contact blocks above the title.
    while paragraphs:
        par = paragraphs[0]
        if not par:
            paragraphs.pop(0)
            continue
        line = par[0]
        if _read_header_line(line, head, header_dates, language):
            par.pop(0)
            continue
        found = contact_heading(line)
        if found and (found[1] or len(par) > 1 or len(paragraphs) > 1):
            heading, rest = found
            par.pop(0)
            lines = [rest] if rest else []
            if not rest and not par and len(paragraphs) > 1:
                paragraphs.pop(0)
                par = paragraphs[0]
            while par and _is_contact_line(par, 0) and not HEADER.match(par[0]):
                more = contact_heading(par[0])
                line_ = par.pop(0)
                if more and more[1]:
                    head.consumed.append(line_)  # "Contact: …" again: the same block
                    line_ = more[1]
                lines.append(line_)
            # A block that goes on in a paragraph of its own (a table of names and phones).
            while (
                not par
                and len(paragraphs) > 2
                and all(has_detail(line) and not HEADER.match(line) for line in paragraphs[1])
            ):
                paragraphs.pop(0)
                par = paragraphs[0]
                lines += par
                par.clear()
            head.contact_blocks.append((heading, lines))
            head.consumed.append(line)
            continue
        break
    paragraphs = [par for par in paragraphs if par]
    if not paragraphs or is_end_mark(paragraphs[0]):
        head.title = hints.title or "Untitled release"
        head.notes.append("No title found: please write one.")
        head.rest = paragraphs
        _settle_date(head, header_dates, hints, None)
        return head

    first = paragraphs[0]
    opening = read_dateline(first[0])
    if opening is not None and head.letterhead and not hints.title:
        # Nothing between the header lines and the dateline: what stood above the header
        # lines was the title, not a letterhead.
        head.title = " ".join(head.letterhead)
        head.letterhead = []
        head.notes = [note for note in head.notes if "letterhead" not in note]
    elif opening is not None and (hints.title or (opening.date and len(opening.rest) > 80)):
        # The text begins at the dateline: the file names the title, or nothing does.
        head.title = hints.title or _title_from(opening.rest)
        if not hints.title:
            head.notes.append("No title found: the first words of the body stand in for one.")
    else:
        title = first.pop(0)
        while first and _continues_title(title, first[0]):
            title = f"{title} {first.pop(0)}"
        if len(title) > MAX_TITLE:
            first.insert(0, title)
            title = title[: MAX_TITLE - 1].rsplit(" ", 1)[0] + "…"
            head.notes.append(
                "The first line is too long for a title: its beginning is the title, and the "
                "whole line starts the body. Please write a title."
            )
        head.title = unwrap_emphasis(title)
    if not first:
        paragraphs.pop(0)

    # Between the title and the dateline: the subtitle, perhaps header lines again.
    deck_lines, dateline, index = [], None, 0
    for index, par in enumerate(paragraphs[:6]):
        while par and _read_header_line(par[0], head, header_dates, language):
            par.pop(0)
        if not par:
            continue
        dateline = _dateline_in(par, language)
        if dateline is not None:
            break
        if index >= 3:
            break
        deck_lines.append(par)
    else:
        index = len(paragraphs[:6])
    if dateline is not None:
        k, found = dateline
        par = paragraphs[index]
        deck_lines.append(par[:k])
        head.consumed.append(found.text)
        head.place, head.date, head.date_language = found.place, found.date, found.language
        first_body = ([found.rest] if found.rest else []) + par[k + (2 if found.wrapped else 1) :]
        deck_pars = [lines for lines in deck_lines if lines]
        deck = " ".join(line for lines in deck_pars for line in lines)
        if deck_pars and (len(deck) > MAX_DECK or len(deck_pars) > 2):
            head.body = deck_pars
            head.notes.append(
                "The text between the title and the dateline is too long for a subtitle: "
                "it starts the body. Please check."
            )
        else:
            head.deck = unwrap_emphasis(deck)
        head.body = [*head.body, *([first_body] if first_body else [])]
        head.rest = paragraphs[index + 1 :]
        if not head.place:
            head.notes.append("The dateline names no place: please add it.")
        if found.other_date:
            head.notes.append(
                f"The date {found.text} could be {found.date:%B %-d, %Y} or "
                f"{found.other_date:%B %-d, %Y}: please check."
            )
    else:
        paragraphs = [par for par in paragraphs if par]
        if paragraphs and _is_deck(paragraphs[0]):
            head.deck = unwrap_emphasis(" ".join(paragraphs.pop(0)))
        head.rest = paragraphs
        head.notes.append("No dateline found: please add the place where it was issued.")
    _settle_date(head, header_dates, hints, dateline[1] if dateline else None)
    return head


def _title_from(text):
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(sentence) > 120:
        sentence = sentence[:119].rsplit(" ", 1)[0] + "…"
    return sentence


def unwrap_emphasis(text):
    """ "*A subtitle*" -> "A subtitle": a title or subtitle is plain text."""
    match = re.fullmatch(r"(\*{1,2}|_)(?P<inner>[^*_].*?)\1", text)
    return match["inner"] if match and "*" not in match["inner"] else text


def _letterhead(paragraphs, title):
    """The lines printed above "FOR IMMEDIATE RELEASE" and its kin (an organization's
    name and address): taken out of `paragraphs` and returned."""
    lines = [(p, k) for p, par in enumerate(paragraphs[:2]) for k in range(len(par))]
    for position, (p, k) in enumerate(lines):
        line = paragraphs[p][k]
        if HEADER.match(line) or EMBARGO.match(line):
            above = lines[:position]
            if not above or any(len(paragraphs[q][j].split()) > 10 for q, j in above):
                return []
            if any(read_dateline(paragraphs[q][j]) for q, j in above):
                return []
            if title and any(paragraphs[q][j] == title for q, j in above):
                return []  # the title the file gives, put above the header lines
            taken = [paragraphs[q][j] for q, j in above]
            for q, j in reversed(above):
                del paragraphs[q][j]
            return taken
    return []


def _read_header_line(line, head, header_dates, language):
    """Consume a header line, an embargo line or a date on its own line."""
    header = HEADER.match(line)
    if header:
        if header["joint"]:
            head.kind = Statement.Kind.JOINT_STATEMENT
        elif header["letter"]:
            head.kind = Statement.Kind.SIGN_ON_LETTER
        if header["date"]:
            found = find_date(header["date"], language)
            if found:
                header_dates.append(found)
        head.consumed.append(line)
        return True
    embargo = EMBARGO.match(line)
    if embargo and embargo["when"] and len(line) < 200:
        moment, notes = embargo_time(embargo["when"], language)
        head.publish_at = head.publish_at or moment
        head.notes += notes
        head.consumed.append(line)
        return True
    only_date = ONLY_DATE.match(line)
    if only_date:
        found = date_of(only_date, language)
        if found:
            header_dates.append(found)
            head.consumed.append(line)
            return True
    return False


def _is_contact_line(par, index):
    line = par[index]
    if has_detail(line) or is_detail_only(line):
        return True
    following = par[index + 1] if index + 1 < len(par) else ""
    short = len(line.split()) <= 10 and not _SENTENCE_END.search(line)
    return (
        short
        and bool(following)
        and has_detail(following)
        and (is_person_name(line.split(",")[0]) or "," in line)
    )


def _continues_title(title, line):
    if read_dateline(line) is not None or HEADER.match(line):
        return False
    if line[:1].islower() or _CONNECTOR.search(title):
        return True
    letters = [ch for ch in title + line if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _dateline_in(par, language):
    """(index of the line, Dateline) of a dateline opening a line of `par`, or None."""
    for k, line in enumerate(par[:3]):
        found = read_dateline(line, language)
        if found is None and k + 1 < len(par) and len(line) < 60:
            found = read_dateline(f"{line} {par[k + 1]}", language)
            if found is not None and found.date is not None and len(found.text) > len(line):
                found.wrapped = True
                return k, found
            found = None
        if found is not None:
            return k, found
        if k == 0 and len(par) > 1 and _SENTENCE_END.search(line):
            break
    return None


def _is_deck(par):
    text = " ".join(par)
    return (
        len(par) <= 2
        and len(text) <= 250
        and not _SENTENCE_END.search(text)
        and not text.endswith((",", ":"))
        and not SALUTATION.match(text)
    )


def _settle_date(head, header_dates, hints, dateline):
    """The release date: the dateline's, else a header's, else the file's."""
    candidates = []
    if head.date:
        candidates.append((head.date, "the dateline"))
    candidates += [(found[0], "the date line above the title") for found in header_dates]
    if hints.date:
        candidates.append((hints.date, "the file"))
    if head.publish_at:
        candidates.append((head.publish_at.date(), "the embargo line"))
    if not candidates:
        head.notes.append("No date found: today's date is set. Please check.")
        return
    head.date, head.dated_by = candidates[0]
    printed = [(date, source) for date, source in candidates if source != "the file"]
    others = [(date, source) for date, source in printed[1:] if date != head.date]
    if others and head.dated_by != "the embargo line" and others[0][1] != "the embargo line":
        other, source = others[0]
        head.notes.append(
            f"Two possible dates: {head.date:%B %-d, %Y} ({head.dated_by}) and "
            f"{other:%B %-d, %Y} ({source}); the first is set. Please check."
        )
