"""Datelines: where and when a release was issued, as its first body line prints them.

In: the first line of a paragraph (or two lines joined). Out: a `Dateline` (place, date,
the language of the month's name, the text after it, which begins the body), or None.

Read, with any dash (-, –, —, --, a period before it as in Spanish ".–") or a colon:
    Chicago — June 29, 2018 — The body ...          CHICAGO, June 29, 2018 — ...
    WASHINGTON (Oct. 2, 2019) — ...                  (AP style)
    PHOENIX, Ariz. — ...   TUCSON, AZ — ...         (AP style, the date given elsewhere)
    CIUDAD DE MÉXICO, 8 de marzo de 2022.– ...       Tucson, AZ, a 8 de marzo de 2022.- ...
    NEW YORK, March 3, 2021 /PRNewswire/ -- ...      (a wire service's tag)
    June 29, 2018 — ...                              (no place: the place is left empty)
"""

import re
from dataclasses import dataclass

from ..release import MAX_PLACE
from .dates import DATE, date_of

DASH = r"(?:[-‐‒–—―]+|--)"
_WIRE = r"(?:\s*/\s*[A-Za-z][\w .&-]{1,40}/)"
_AFTER = rf"{_WIRE}?\s*(?:\.?\s*{DASH}|:|\.(?=\s|$))\s*(?P<rest>.*)$"
_PLACE = rf"(?P<place>[^\W\d_][^—–()\n]{{0,{MAX_PLACE}}}?)"

_WITH_DATE = re.compile(
    rf"^{_PLACE}\s*(?:,\s*(?:a\s+|el\s+)?|\s*{DASH}\s*|\s+a\s+)(?P<date>{DATE})(?:{_AFTER}|{_WIRE}?\s*\.?$)",
    re.IGNORECASE,
)
_AP = re.compile(rf"^{_PLACE}\s*\(\s*(?P<date>{DATE})\s*\)\s*(?:{DASH}|:)\s*(?P<rest>.*)$", re.I)
_DATE_FIRST = re.compile(rf"^(?P<date>{DATE})\s*(?:\.?\s*{DASH}|:)\s*(?P<rest>.+)$", re.I)
# AP style with the date given elsewhere: a place in capitals, or "City, ST".
_CAPS_WORD = r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’-]*"
_STATE = r"[A-ZÀ-ÖØ-Þ][\w.]{0,12}\.?(?:\s[A-ZÀ-ÖØ-Þ][\w.]{0,12})?"
_PLACE_ONLY = re.compile(
    rf"^(?P<place>(?:{_CAPS_WORD}(?:\s+(?:{_CAPS_WORD}|de|del|la|las|los|y)){{0,4}}"
    rf"(?:,\s*{_STATE})?"
    rf"|(?:[A-ZÀ-ÖØ-Þ][\w'’.-]+(?:\s+(?:de|del|la|las|los|[A-ZÀ-ÖØ-Þ][\w'’.-]+)){{0,3}}"
    rf",\s*(?:[A-Z]{{2}}|[A-Z][a-z]{{1,5}}\.|[A-Z]\.[A-Z]\.)))"
    rf")\s*\.?\s*{DASH}\s*(?P<rest>[^\s\-‐‒–—―].*)$"
)
_PARTICLES = {"de", "del", "la", "las", "los", "y", "el", "upon", "on", "the", "of", "a"}


@dataclass
class Dateline:
    place: str
    date: object  # datetime.date, or None when the date is given elsewhere
    language: str | None  # of the month's name, when it tells
    rest: str  # what follows on the line: the start of the body
    text: str  # the dateline as printed, up to the body
    other_date: object = None  # the other reading of 03/04/2021
    wrapped: bool = False  # read from two lines joined


def read_dateline(line, language=None):
    """The dateline at the start of `line`, or None."""
    for pattern in (_WITH_DATE, _AP):
        match = pattern.match(line)
        if match and _is_place(match["place"]):
            found = date_of(re.match(DATE, match["date"], re.I), language)
            if found:
                return _dateline(line, match, match["place"], found)
    match = _DATE_FIRST.match(line)
    if match:
        found = date_of(re.match(DATE, match["date"], re.I), language)
        if found:
            return _dateline(line, match, "", found)
    match = _PLACE_ONLY.match(line)
    if match and _is_place(match["place"]) and len(match["place"]) >= 3:
        rest = match["rest"]
        return Dateline(
            place=tidy_place(match["place"]),
            date=None,
            language=None,
            rest=rest,
            text=line[: len(line) - len(rest)].strip(),
        )
    return None


def _dateline(line, match, place, found):
    date, language, other = found
    rest = (match.groupdict().get("rest") or "").strip()
    return Dateline(
        place=tidy_place(place),
        date=date,
        language=language,
        rest=rest,
        text=line[: len(line) - len(rest)].strip() if rest else line,
        other_date=other,
    )


def _is_place(text):
    text = text.strip(" ,")
    words = text.split()
    if not words or len(words) > 8 or len(text) > MAX_PLACE:
        return False
    return all(
        word[:1].isupper() or word.casefold() in _PARTICLES or not word[:1].isalpha()
        for word in words
    )


def tidy_place(place):
    """The place as the site stores it: "CIUDAD DE MÉXICO" -> "Ciudad de México",
    "PHOENIX, Ariz." -> "Phoenix, Ariz."; abbreviations ("AZ", "D.C.") keep capitals."""
    place = " ".join(place.strip(" ,").split())
    head, sep, tail = place.partition(",")
    if _all_capitals(head):
        head = _title_case(head)
    if _all_capitals(tail) and not _is_abbreviation(tail):
        tail = " " + _title_case(tail.strip())
    return head + sep + tail


def _all_capitals(text):
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _is_abbreviation(text):
    """ "AZ", "D.C.", "CHIS.", "B.C.": kept in capitals."""
    text = text.strip()
    return len(text.replace(".", "")) <= 3 or (text.endswith(".") and " " not in text)


def _title_case(text):
    words = []
    for index, word in enumerate(text.split(" ")):
        if index and word.casefold() in {"de", "del", "la", "las", "los", "y"}:
            words.append(word.casefold())
        else:
            words.append("-".join(part[:1] + part[1:].casefold() for part in word.split("-")))
    return " ".join(words)
