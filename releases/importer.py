"""Plain-text releases into statements.

`parse_release(text)` reads a release laid out like the two in `seeds/` and returns a
`Release` without touching the database; `import_release(text)` saves it as a statement in
one transaction, matching the organizations and people already in the directory.

The layout it reads (blank lines separate paragraphs; a line "FOR IMMEDIATE RELEASE" or
"Embargoed until ..." above the title is skipped, a "Media contact: ..." block there read):

    Title, on the first line
    Subtitle (the deck), optional
    Place — Month D, YYYY — The body begins here ...   (the dateline: -, –, — or a comma)
    More paragraphs; *emphasis* and “quotes” are kept as written.
    About paragraphs, one per issuing organization, with its website
    Signed:                                  (optional: makes it a joint statement)
    One organization per line
    ###                                      (the end mark, a line of its own: ###, #, -30-)
    For further information in Puerto Vallarta:
    - Person, Organization - www.example.org - Mexico: (+52) 55 1234 5678, person@example.org
    Organization & ACRONYM                   (the issuing organizations, in order)

About paragraphs may also stand after the end mark under a heading ("About NNIRR").
Lines such as "See next page for contact information" or "- more -" are page furniture
and are dropped wherever they stand.

Names are matched generously but never guessed into the directory from the body: people
quoted as "Name, Executive Director of Organization" are recorded only when that
organization issued, signed or is a contact on the release.
"""

import datetime
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import reversion
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from advocacy.models import Organization, Person, Phone, tel_uri
from advocacy.text import acronym_key, looks_like_acronym, name_key, split_acronym

from .models import MediaContact, Statement, StatementIssuer
from .signals import statement_imported

DEFAULT_CONTACT_HEADING = "Media contact"

# The longest values the model fields hold.
MAX_TITLE = Statement._meta.get_field("title").max_length
MAX_DECK = Statement._meta.get_field("deck").max_length
MAX_PLACE = Statement._meta.get_field("dateline_place").max_length
MAX_NAME = Organization._meta.get_field("name").max_length
MAX_HEADING = MediaContact._meta.get_field("heading").max_length
#: A release is a few pages; longer text is not one, and would keep a worker busy.
MAX_TEXT = 1_000_000


class ReleaseFormatError(ValueError):
    """The text cannot be read as a release. The message names the part, for a person."""


# What a release is made of


class PhoneNumber(NamedTuple):
    label: str  # "Mexico", "U.S.", "cell" or ""
    number: str  # as printed: "(+52) 55.5211.9397"


@dataclass
class Issuer:
    """An issuing organization as the release names it."""

    name: str  # as printed in the closing line, e.g. "NNIRR"
    about: str = ""  # its About paragraph, as printed
    website: str = ""  # https://..., taken from the About paragraph
    full_name: str = ""  # learned from the About paragraph, e.g. "National Network for ..."
    acronym: str = ""  # e.g. "NNIRR"

    @property
    def lookup(self):
        """The fullest name known, e.g. "National Network for ... (NNIRR)", to match with."""
        if self.full_name and self.acronym:
            return f"{self.full_name} ({self.acronym})"
        return self.full_name or self.name


@dataclass
class Contact:
    """One entry of the contact block: a person and/or an organization, with details."""

    text: str  # the entry as printed
    heading: str = DEFAULT_CONTACT_HEADING
    person: str = ""
    title: str = ""  # the person's role, when printed
    organization: str = ""
    city: str = ""
    country: str = ""
    website: str = ""
    phones: list[PhoneNumber] = field(default_factory=list)
    email: str = ""


@dataclass
class Spokesperson:
    """Someone the body introduces as "Name, Title of Organization"."""

    name: str
    title: str
    organization: str


@dataclass
class Release:
    title: str
    dateline_place: str
    release_date: datetime.date
    body: str  # Markdown: paragraphs separated by blank lines
    end_mark: str
    deck: str = ""
    kind: str = Statement.Kind.PRESS_RELEASE
    language: str = Statement.Language.ENGLISH
    issuers: list[Issuer] = field(default_factory=list)
    signatories: list[str] = field(default_factory=list)
    contact_heading: str = ""
    contacts: list[Contact] = field(default_factory=list)
    spokespeople: list[Spokesperson] = field(default_factory=list)


# Patterns


def _month_numbers(*names_by_month):
    return {name: n for n, names in enumerate(names_by_month, 1) for name in names.split()}


_MONTHS = _month_numbers(
    "january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul",
    "august aug", "september sept sep", "october oct", "november nov", "december dec",
)  # fmt: skip
_SPANISH_MONTHS = _month_numbers(
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
    "septiembre setiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip
_MONTH = "|".join(sorted({*_MONTHS, *_SPANISH_MONTHS}, key=len, reverse=True))
_DATE = (
    rf"(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th|º|°)?\s+(?:de\s+)?(?P<m2>{_MONTH})\.?,?\s+"
    rf"(?:del?\s+)?(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))"
)
# Hyphen, figure dash, en dash, em dash, horizontal bar; doubled hyphens too.
_DASH = r"[-‐‒–—―]+"
_DATELINE = re.compile(
    rf"^(?P<place>[^\W\d_].{{0,{MAX_PLACE + 20}}}?)\s*(?:{_DASH}|,)\s*(?P<date>{_DATE})"
    rf"(?:\s*(?:{_DASH}|:)\s*(?P<rest>.*)|\s*)$",
    re.IGNORECASE,
)
_DATE_FIRST = re.compile(rf"^(?P<date>{_DATE})\s*(?:{_DASH}|:)", re.IGNORECASE)

_END_MARK = re.compile(r"^(?:#(?: ?#){0,4}|[-–—] ?30 ?[-–—]|[-–—]?ends?[-–—]?)$", re.IGNORECASE)
_ARTIFACT = re.compile(
    r"^(?:see (?:the )?(?:next|following) page\b.*"
    r"|(?:continued|cont(?:'|’)?d\.?) (?:on|from) (?:the )?(?:next|previous) page\b.*"
    r"|[-–—(]+ ?more ?[-–—)]+"
    r"|page \d+(?: of \d+)?"
    r"|[-–—] ?(?!30\b)\d{1,2} ?[-–—])$",
    re.IGNORECASE,
)
_HEADER = re.compile(
    r"^(?:for immediate release|(?:press|news|media) release"
    r"|embargoed (?:until|till|to)\b.*|embargo(?:ed)?:.*)[:.]?$",
    re.IGNORECASE,
)
_SIGNED = re.compile(
    r"^(?:signed(?: by)?|signatories|signers|endorsed by|firman|firmantes)"
    r"(?:\s*:\s*(?P<rest>.*)|\s*)$",
    re.IGNORECASE,
)
_CONTACT_HEADING_INLINE = re.compile(
    r"^(?P<heading>(?:(?:media|press) )?contacts?|(?:media|press) inquiries"
    r"|for (?:further|more) information[^:]{0,120}|contacto?s?|informes)\s*:\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
_ISSUED_BY = re.compile(r"^(?:issued|released|distributed|published) by\b\s*:?\s*", re.IGNORECASE)
_ABOUT_HEADING = re.compile(
    r"^(?:about|acerca de|sobre)\s+(?P<name>[^:]{2,150}?)\s*(?::\s*(?P<rest>.*))?$", re.IGNORECASE
)
# What an About paragraph says right after the organization's name (and an aside).
_DESCRIBES = re.compile(
    r"\s*(?:\([^()]{1,200}\)\s*)?"
    r"(?:[,—–-]\s*[^,—–;.]{1,150}?\s*[,—–-]\s*)?"
    r"(?:(?:is|are|was|has been|es|son|fue)\s+"
    r"(?:a|an|the|one|un|una|el|la|los|las|founded|based|dedicated|composed|made up|comprised"
    r"|fundad[ao]|integrad[ao]|formad[ao])\b"
    r"|(?:serves|has served|acts|functions|sirve)\s+(?:as|como)\b"
    r"|(?:represents|brings together|unites|convenes|was founded|was established|works"
    r"|trabaja|representa|agrupa|reúne)\b)",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^(?:[-*+•·–—]|\d{1,2}[.)])\s+")
_LIST_LINE = re.compile(r"^(?:[-*+•]|\d{1,3}[.)])\s+")
_OPENING = re.compile(
    r"^(?:the\s+)?(?P<name>[^()]{2,200}?)\s*\((?P<acronym>[A-Z][A-Za-z0-9&.\-]{1,29})\)",
    re.IGNORECASE,
)

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    r"(?<![@\w.-])"
    r"(?:https?://[^\s<>]+?|www\.[^\s<>]+?"
    r"|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:org|com|net|edu|gov|int|info|ngo|io|us|mx|ca)"
    r"(?:/[^\s<>]*?)?)"
    r"(?=[.,;:!?)\]”\"']*(?:\s|$))",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?:(?P<label>[^\W\d_][\w.'’ ]{0,29}?)\s*:\s*)?"
    r"(?P<number>(?:\(\+?\d{1,4}\)\s?|\+\s?)?\d[\d\s().‐–-]*\d(?:\s*(?:ext\.?|x)\s*\d{1,6})?)"
    r"(?:\s*\((?P<label_after>[^\W\d_][\w.'’ ]{0,20})\))?"
)
_GENERIC_PHONE_LABELS = {"tel", "tél", "telephone", "teléfono", "phone", "ph", "t", "p"}
_YEARS = re.compile(r"^\d{4}\s*[-–]\s*\d{4}$")  # 2017-2018 is no telephone number
_DETAIL_LABEL = re.compile(r"^(?:e-?mail|correo|web(?:site)?|sitio|url)\s*:\s*", re.IGNORECASE)
_CONTACT_SEP = re.compile(r"(\s+[-–—|/]\s+|\s*[,;]\s*)")
_ISSUER_SEP = re.compile(
    r"(\s*&\s*|\s*;\s*|\s*\n\s*|\s*,\s*(?:and\s+|y\s+|&\s*)?|\s+and\s+|\s+y\s+|\s+\+\s+)",
    re.IGNORECASE,
)
_AND_SEP = re.compile(r"^\s+(?:and|y)\s+$", re.IGNORECASE)
_LEGAL_SUFFIX = re.compile(
    r"^(?:inc|llc|ltd|corp|co|a\.? ?c|s\.? ?c|gmbh|e\.? ?v)\.?$", re.IGNORECASE
)

_ORGANIZATION_WORDS = frozenset(
    """network church center centre council coalition alliance committee association foundation
    institute union federation congregation society board project organization organisation
    campaign fund league services service ministries ministry commission office inc llc ltd corp
    corporation company group forum collective movement initiative agency department university
    college school program programme partners partnership conference diocese archdiocese
    alianza centro red coalición comité fundación asociación instituto iglesia congregación
    movimiento colectivo unión sindicato consejo frente casa servicio servicios proyecto""".split()
)
_ROLE_WORDS = frozenset(
    """director coordinator manager officer president spokesperson organizer organiser attorney
    counsel chair chairman chairwoman chairperson secretary advocate associate specialist
    executive head founder co-founder cofounder analyst lead fellow researcher pastor minister
    bishop reverend representative deputy ceo campaigner strategist leader adviser advisor
    consultant coordinadora coordinador directora presidenta presidente vocera vocero fundador
    fundadora representante""".split()
)
_NAME_PARTICLES = frozenset("de del la las los van von da das do dos di du le y e bin al".split())
_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_PERSON_NAME = (
    rf"[{_UPPER}][\w'’.-]+"
    rf"(?:\s+(?:(?:de|del|de la|van|von|da|dos|di|le)\s+)?[{_UPPER}][\w'’.-]+){{1,3}}"
)
_SPOKESPERSON = re.compile(
    rf"(?<![\w'’])(?P<name>{_PERSON_NAME}),\s+(?P<rest>[^,;:“”\"]{{4,200}}?)(?=,|;|\.\s|\.$|$)"
)
_ROLE_JOINER = re.compile(r"\s+(?:of|at|for|with|de)\s+(?:the\s+)?", re.IGNORECASE)

_INVISIBLE = {ord(ch): None for ch in "\ufeff\u200b\u2060\u00ad"}
# Control characters are not text (NUL cannot even be stored in PostgreSQL): dropped.
# Tabs and the line breaks of _LINE_BREAKS are spaces and newlines; \x1c-\x1f split lines.
_INVISIBLE |= dict.fromkeys([*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F, *range(0x80, 0x85)])
_INVISIBLE |= dict.fromkeys(range(0x86, 0xA0))
_LINE_BREAKS = {ord(ch): "\n" for ch in "\u2028\u2029\x0b\x0c\x85"}


# Parsing


def parse_release(text: str, *, is_organization: Callable[[str], bool] | None = None) -> Release:
    """Read a plain-text release; raise `ReleaseFormatError` naming the part that is wrong.

    `is_organization`, when given, tells whether a printed name is an organization already
    known (`import_release` passes one that asks the database); it helps to split a contact
    line such as "Evy Peña, Centro de los Derechos del Migrante, Inc. - ..." correctly.
    Without it, the names this release prints itself (its "Signed:" list, its About
    paragraphs and closing line) are the ones known.
    """
    if len(text or "") > MAX_TEXT:
        raise ReleaseFormatError(
            f"the text is {len(text):,} characters long; a release is at most {MAX_TEXT:,} "
            "(a few pages): paste one release at a time"
        )
    paragraphs = _paragraphs(text)
    if not paragraphs:
        raise ReleaseFormatError("the text is empty: expected a release with its title first")

    title, after_title, leading_contacts = _title(paragraphs)
    end = next((i for i, par in enumerate(after_title) if _is_end_mark(par)), None)
    before_end = after_title if end is None else after_title[:end]
    deck_lines, dateline, body_start = _dateline(before_end)
    if end is None:
        raise ReleaseFormatError(
            "no end mark found: expected a line of its own with ###, # or -30- after the body"
        )
    end_mark = after_title[end][0]
    body_region = ([body_start] if body_start else []) + before_end[dateline["index"] + 1 :]
    after_end = after_title[end + 1 :]

    deck = " ".join(deck_lines)
    if len(deck) > MAX_DECK:
        raise ReleaseFormatError(
            f"the subtitle between the title and the dateline is {len(deck)} characters long; "
            f"a subtitle holds at most {MAX_DECK}"
        )

    body_pars, signatories, trailing = _split_signed(body_region)
    post = _read_after_end(after_end)
    signatories = _unique([*signatories, *post["signatories"]])
    if any(len(name) > MAX_NAME for name in signatories):
        long_name = next(name for name in signatories if len(name) > MAX_NAME)
        raise ReleaseFormatError(
            f"the ‘Signed:’ list has a line of {len(long_name)} characters "
            f"(‘{_excerpt(long_name)}’): expected one organization per line"
        )

    known = _KnownNames(is_organization)
    for name in signatories:
        known.add(name)
    candidates = _merge_about_headings(body_pars[1:] + trailing)
    issuers = _issuers(post["issuer_lines"], candidates + post["abouts"], known)
    about_count = _attach_about(issuers, candidates)
    _attach_about(issuers, post["abouts"], after_end=True)
    for issuer in issuers:
        known.add(issuer.lookup)
        known.add(issuer.name)
    kept = candidates[: len(candidates) - about_count]
    body_pars = [*body_pars[:1], *kept]
    if not body_pars:
        raise ReleaseFormatError("no body found after the dateline")

    contacts = [
        _parse_contact(item, heading=heading, is_known=known)
        for heading, item in leading_contacts + post["contact_items"]
    ]
    body = "\n\n".join(_markdown_paragraph(par) for par in body_pars)
    return Release(
        title=title,
        deck=deck,
        dateline_place=dateline["place"],
        release_date=dateline["date"],
        language=dateline["language"],
        body=body,
        end_mark=end_mark,
        kind=(Statement.Kind.JOINT_STATEMENT if signatories else Statement.Kind.PRESS_RELEASE),
        issuers=issuers,
        signatories=signatories,
        contact_heading=contacts[0].heading if contacts else "",
        contacts=contacts,
        spokespeople=_spokespeople(body_pars),
    )


def _paragraphs(text):
    """Lists of lines, split at blank lines; an end mark is always a paragraph of its own."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS)
    text = text.translate(_INVISIBLE)
    paragraphs, current = [], []
    for raw in text.split("\n"):
        line = " ".join(raw.split())  # every kind of space, trailing ones too
        if line and _ARTIFACT.match(line):
            continue
        if not line or _END_MARK.match(line):
            if current:
                paragraphs.append(current)
                current = []
            if line:
                paragraphs.append([line])
            continue
        current.append(line)
    if current:
        paragraphs.append(current)
    return paragraphs


def _is_end_mark(paragraph):
    return len(paragraph) == 1 and bool(_END_MARK.match(paragraph[0]))


def _title(paragraphs):
    """The title, the paragraphs after it, and the contact entries printed above it.

    Lines such as "FOR IMMEDIATE RELEASE" above the title are skipped.
    """
    paragraphs = [list(par) for par in paragraphs]
    contact_items = []
    while paragraphs:
        first = paragraphs[0]
        if _HEADER.match(first[0]):
            first.pop(0)
        elif _is_contact_heading(first[0]) and len(paragraphs) > 1:
            heading, items = _contact_heading(first)
            contact_items += [(heading, item) for item in _contact_items(items)[0]]
            first.clear()
        else:
            break
        if not first:
            paragraphs.pop(0)
    if not paragraphs:
        raise ReleaseFormatError("the text is empty: expected a release with its title first")
    first = paragraphs[0]
    if _is_end_mark(first):
        raise ReleaseFormatError("no title found: the text begins with the end mark")
    title = first.pop(0)
    # A title wrapped onto a second line goes on in lower case.
    while first and first[0][:1].islower():
        title = f"{title} {first.pop(0)}"
    if _DATELINE.match(title) or _DATE_FIRST.match(title):
        raise ReleaseFormatError(
            "no title found: the first line is the dateline; expected the title above it"
        )
    if len(title) > MAX_TITLE:
        raise ReleaseFormatError(
            f"the title (the first line) is {len(title)} characters long; a title holds at "
            f"most {MAX_TITLE}: is a blank line missing after it?"
        )
    rest = ([first] if first else []) + paragraphs[1:]
    return title, rest, contact_items


def _is_contact_heading(line):
    return bool(_CONTACT_HEADING_INLINE.match(line)) or (
        line.endswith(":") and bool(re.search(r"contact|information|inquir", line, re.I))
    )


def _contact_heading(paragraph):
    """(heading, entry lines) of a paragraph that opens with a contact heading."""
    inline = _CONTACT_HEADING_INLINE.match(paragraph[0])
    if inline:
        return inline["heading"], [inline["rest"], *paragraph[1:]]
    return paragraph[0].rstrip(":").strip(), paragraph[1:]


_DATELINE_EXAMPLE = "expected a line like ‘Chicago — June 29, 2018 — …’ after the title"


def _dateline(paragraphs):
    """Find the dateline: (deck lines, dateline facts, first body paragraph lines or None)."""
    for index, par in enumerate(paragraphs):
        # The dateline opens a paragraph; right under the title it may share the title's.
        starts = range(len(par)) if index < 3 else range(1)
        for k in starts:
            found = _match_dateline(par[k:])
            if found is None:
                continue
            if index >= 3:
                raise ReleaseFormatError(
                    f"the dateline (‘{_excerpt(par[0], 60)}’) comes {index} paragraphs after "
                    "the title; expected it right after the title and the subtitle, if any"
                )
            facts, first_body = found
            facts["index"] = index
            deck = [line for p in paragraphs[:index] for line in p] + par[:k]
            return deck, facts, first_body
        if _DATE_FIRST.match(par[0]):
            raise ReleaseFormatError(
                f"the dateline (‘{_excerpt(par[0], 60)}’) names no place: {_DATELINE_EXAMPLE}"
            )
    raise ReleaseFormatError(f"no dateline found: {_DATELINE_EXAMPLE}")


def _match_dateline(lines):
    """(facts, first body paragraph lines) when `lines` begin with a dateline, else None."""
    match = _DATELINE.match(lines[0])
    if match:
        # The body goes on after the dateline, on its line or below it.
        rest_lines = ([match["rest"]] if match["rest"] else []) + lines[1:]
    else:
        # A dateline wrapped over two lines: the place on the first.
        match = _DATELINE.match(" ".join(lines))
        if not match or not match["rest"] or match.end("place") > len(lines[0]):
            return None
        rest_lines = [match["rest"]]
    place = match["place"].strip(" ,")
    if len(place) > MAX_PLACE:
        return None
    date, language = _date(match)
    return {"place": place, "date": date, "language": language}, rest_lines or None


def _date(match):
    try:
        if match["y3"]:
            return (
                datetime.date(int(match["y3"]), int(match["m3"]), int(match["d3"])),
                Statement.Language.ENGLISH,
            )
        month_name = (match["m1"] or match["m2"]).casefold()
        day, year = (match["d1"], match["y1"]) if match["m1"] else (match["d2"], match["y2"])
        spanish = month_name in _SPANISH_MONTHS
        month = _SPANISH_MONTHS[month_name] if spanish else _MONTHS[month_name]
        language = Statement.Language.SPANISH if spanish else Statement.Language.ENGLISH
        return datetime.date(int(year), month, int(day)), language
    except ValueError:
        raise ReleaseFormatError(
            f"the date in the dateline (‘{match['date']}’) is not a real date"
        ) from None


def _split_signed(region):
    """Body paragraphs, the "Signed:" names, and the paragraphs after the list."""
    for index, par in enumerate(region):
        if _SIGNED.match(par[0]):
            names, used = _name_list(region[index:], greedy=True)
            return region[:index], names, region[index + used :]
    return region, [], []


def _name_list(paragraphs, *, greedy):
    """The names under a "Signed:" line, and how many paragraphs they took."""
    first = paragraphs[0]
    rest = _SIGNED.match(first[0])["rest"]
    lines = ([rest] if rest else []) + first[1:]
    used = 1
    for par in paragraphs[1:]:
        if lines and not greedy:
            break
        if not _is_name_list(par):
            break
        lines += par
        used += 1
    names = [_strip_bullet(line).rstrip(",;") for line in lines]
    names = [name for name in names if name]
    if not names:
        raise ReleaseFormatError(
            "the ‘Signed:’ list names no one: expected one organization per line after ‘Signed:’"
        )
    return names, used


def _is_name_list(paragraph):
    """One name per line, not prose wrapped over lines and not a heading."""
    for index, line in enumerate(paragraph):
        if len(line) > MAX_NAME or len(line.split()) > 20 or line.endswith(":"):
            return False
        if index and line[:1].islower():
            return False
    return not _SIGNED.match(paragraph[0])


def _read_after_end(paragraphs):
    """Sort what follows the end mark into signatories, contact entries and issuer lines."""
    signatories, contact_items, issuer_lines, abouts = [], [], [], []
    index = 0
    while index < len(paragraphs):
        par = paragraphs[index]
        first = par[0]
        if _SIGNED.match(first):
            names, used = _name_list(paragraphs[index:], greedy=False)
            signatories += names
            index += used
            continue
        about = _ABOUT_HEADING.match(first)
        if about and _is_title_case(about["name"]):
            if len(par) == 1 and not about["rest"] and index + 1 < len(paragraphs):
                par = par + paragraphs[index + 1]
                index += 1
            abouts.append(par)
            index += 1
            continue
        heading, items = None, []
        if _CONTACT_HEADING_INLINE.match(first) or (
            first.endswith(":") and len(first) <= MAX_HEADING and not _ISSUED_BY.match(first)
        ):
            heading, items = _contact_heading(par)
        elif _looks_like_contacts(par):
            heading, items = DEFAULT_CONTACT_HEADING, par
        if heading is None:
            issued_by = _ISSUED_BY.match(first)
            if issued_by:
                par = [first[issued_by.end() :], *par[1:]]
            issuer_lines += [line for line in par if line]
            index += 1
            continue
        groups = [items] if items else []
        index += 1
        while index < len(paragraphs) and _looks_like_contacts(paragraphs[index]):
            groups.append(paragraphs[index])
            index += 1
        for group in groups:
            entries, leftover = _contact_items(group)
            contact_items += [(heading, entry) for entry in entries]
            issuer_lines += leftover
    return {
        "signatories": signatories,
        "contact_items": contact_items,
        "issuer_lines": issuer_lines,
        "abouts": abouts,
    }


def _looks_like_contacts(paragraph):
    """Contact entries, without a heading of their own."""
    first = paragraph[0]
    if _SIGNED.match(first) or first.endswith(":") or _CONTACT_HEADING_INLINE.match(first):
        return False
    return bool(_BULLET.match(paragraph[0])) or any(_has_detail(line) for line in paragraph)


def _has_detail(line):
    return bool(_EMAIL.search(line) or _URL.search(line) or _phones_in(line)[0])


def _contact_items(lines):
    """The entries of a contact paragraph (one per bullet, one per line, or one card) and
    the lines after them that are no contact, such as a closing line naming the issuers."""
    if any(_BULLET.match(line) for line in lines):
        items = []
        for index, line in enumerate(lines):
            bullet = _BULLET.match(line)
            if bullet:
                items.append(line[bullet.end() :])
            elif not items:
                items.append(line)
            elif (
                _has_detail(line)
                or line[:1].islower()
                or items[-1].endswith((",", "-", "–", "—"))
                or any(_BULLET.match(later) for later in lines[index + 1 :])
            ):
                items[-1] = f"{items[-1].rstrip(',')}, {line}"
            else:
                return items, lines[index:]
        return items, []
    one_per_line = len(lines) > 1 and all(
        _has_detail(line) and _strip_details(line).strip(" ,;-–—") for line in lines
    )
    return (lines if one_per_line else [", ".join(lines)]), []


def _strip_bullet(line):
    bullet = _BULLET.match(line)
    return line[bullet.end() :].strip() if bullet else line.strip()


def _unique(names):
    seen, unique = set(), []
    for name in names:
        key = name_key(name)
        if key and key not in seen:
            seen.add(key)
            unique.append(name)
    return unique


def _excerpt(text, length=80):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# Issuers and their About paragraphs


class _KnownNames:
    """Organization names this release prints, and optionally those already in the directory."""

    def __init__(self, is_organization=None):
        self.keys, self.acronyms = set(), set()
        self.is_organization = is_organization
        self._asked = {}

    def add(self, text):
        name, acronym = split_acronym(text)
        if name:
            self.keys.add(name_key(name))
        if acronym:
            self.acronyms.add(acronym.casefold())
        elif looks_like_acronym(name):
            self.acronyms.add(name.casefold())

    def __call__(self, text):
        name, acronym = split_acronym(text)
        if not name or len(name) > MAX_NAME:
            return False
        if name_key(name) in self.keys:
            return True
        if acronym and acronym.casefold() in self.acronyms:
            return True
        if looks_like_acronym(name) and name.casefold() in self.acronyms:
            return True
        if self.is_organization is None:
            return False
        if text not in self._asked:
            self._asked[text] = bool(self.is_organization(text))
        return self._asked[text]


def _issuers(lines, candidates, known):
    """The issuing organizations of the closing line, in order."""
    text = "\n".join(lines).strip()
    if not text:
        return []
    abouts = [_about_subject(par) for par in candidates]

    def is_known(name):
        return (
            known(name) or _acronym_fits(name) or any(_refers_to(name, *about) for about in abouts)
        )

    names = _split_names(text, is_known)
    for name in names:
        words = name.split()
        if len(name) > MAX_NAME or len(words) > 15 or re.search(r"[a-z]{4,}[.!?]$", name):
            raise ReleaseFormatError(
                f"could not make sense of ‘{_excerpt(name)}’ after the end mark: expected the "
                "issuing organizations (e.g. ‘Alianza Americas & NNIRR’), a ‘Signed:’ list, "
                "or contacts under a heading such as ‘For further information:’"
            )
    return [Issuer(name=name) for name in _unique(names)]


_NAME_MAX_PARTS = 8


def _split_names(text, is_known):
    """Split "A, B & C" into names, keeping together the names an organization is known by."""
    parts = _ISSUER_SEP.split(text)
    tokens = [("", parts[0])] + [(parts[i], parts[i + 1]) for i in range(1, len(parts) - 1, 2)]
    tokens = [(sep, token.strip()) for sep, token in tokens]

    def joined(i, j):
        out = tokens[i][1]
        for sep, token in tokens[i + 1 : j + 1]:
            out += _tidy_separator(sep) + token
        return out

    # An organization's name spans a few separators at most ("Centro de los Derechos del
    # Migrante, Inc."); looking further would make a long line cost cubic time.
    window = _NAME_MAX_PARTS
    names, i = [], 0
    while i < len(tokens):
        for j in range(min(len(tokens) - 1, i + window), i - 1, -1):
            if tokens[j][1] and is_known(joined(i, j)):
                break
        else:
            j = i
            while j + 1 < len(tokens):
                sep, following = tokens[j + 1]
                alone = (
                    looks_like_acronym(tokens[j][1])
                    or is_known(tokens[j][1])
                    or looks_like_acronym(following)
                    # A known name begins after the separator: "Alianza Americas and
                    # National Network for Immigrant and Refugee Rights (NNIRR)".
                    or any(
                        is_known(joined(j + 1, k))
                        for k in range(j + 1, min(len(tokens), j + 1 + window))
                    )
                )
                if _LEGAL_SUFFIX.match(following) or (_AND_SEP.match(sep) and not alone):
                    j += 1
                else:
                    break
        name = joined(i, j).strip(" ,;")
        if name:
            names.append(name)
        i = j + 1
    return names


def _acronym_fits(text):
    """Whether "Full Name (ACR)" has an acronym made of its name's initials, small words
    left out or not: "National Network for Immigrant and Refugee Rights (NNIRR)"."""
    name, acronym = split_acronym(text)
    letters = re.sub(r"[^A-Za-z0-9]", "", acronym).casefold()
    words = [word for word in re.split(r"[\s/-]+", name_key(name)) if word]
    if not letters or not words:
        return False
    every = "".join(word[0] for word in words)
    main = "".join(word[0] for word in words if word not in _SMALL_WORDS)
    return letters in {every, main}


def _tidy_separator(sep):
    stripped = sep.strip()
    if not stripped:
        return " "
    if stripped in {",", ";"}:
        return f"{stripped} "
    return f" {stripped} "


def _about_subject(paragraph):
    """(heading name or "", opening name, opening acronym, text) of a possible About paragraph."""
    heading = _ABOUT_HEADING.match(paragraph[0])
    if heading and _is_title_case(heading["name"]):
        if heading["rest"]:
            lines = [heading["rest"], *paragraph[1:]]
        else:
            lines = paragraph[1:]
        if lines:
            text = " ".join(lines)
            opening = _OPENING.match(text)
            return (heading["name"], *(_opening_parts(opening)), text)
    text = " ".join(paragraph)
    return ("", *_opening_parts(_OPENING.match(text)), text)


def _opening_parts(opening):
    if not opening or len(opening["name"].split()) > 14 or ". " in opening["name"]:
        return "", ""
    return opening["name"].strip(), opening["acronym"]


def _is_title_case(name):
    words = [word for word in re.split(r"[\s/-]+", name) if word]
    return bool(words) and all(
        word[:1].isupper() or word[:1].isdigit() or word.casefold() in _SMALL_WORDS
        for word in words
    )


_SMALL_WORDS = frozenset("of for and the in on at to de del la las los y e &".split())


def _refers_to(name, heading, opening_name, opening_acronym, text):
    """Whether the About paragraph (heading, opening, text) describes organization `name`."""
    printed, acronym = split_acronym(name)
    key = name_key(printed)
    if not key:
        return False
    acronyms = {a.casefold() for a in (acronym, printed if looks_like_acronym(printed) else "")}
    acronyms.discard("")
    if heading:
        heading_name, heading_acronym = split_acronym(heading)
        if name_key(heading_name) == key or (heading_acronym.casefold() in acronyms):
            return True
        if looks_like_acronym(heading_name) and heading_name.casefold() in acronyms:
            return True
        return False
    # Without a heading, the paragraph must open by describing the organization ("NNIRR
    # serves as a hub", "Alianza Americas is a network"): a last body paragraph such as
    # "NNIRR will keep pressing Congress" stays in the body.
    if (opening_acronym and opening_acronym.casefold() in acronyms) or (
        opening_name and name_key(opening_name) == key
    ):
        return bool(_DESCRIBES.match(text, _OPENING.match(text).end()))
    end = _subject_end(text, key)
    return end is not None and bool(_DESCRIBES.match(text, end))


def _subject_end(text, key):
    """Where the name whose `name_key` is `key` ends, when `text` opens with it; else None."""
    for boundary in re.finditer(r"\b", text[: MAX_NAME + 10]):
        end = boundary.start()
        if end and name_key(text[:end]) == key:
            return end
    return None


def _merge_about_headings(paragraphs):
    """Join an "About NNIRR" line standing alone to the paragraph it heads."""
    merged = []
    for par in paragraphs:
        if merged and len(merged[-1]) == 1:
            heading = _ABOUT_HEADING.match(merged[-1][0])
            if heading and not heading["rest"] and _is_title_case(heading["name"]):
                merged[-1] = merged[-1] + par
                continue
        merged.append(par)
    return merged


def _attach_about(issuers, paragraphs, *, after_end=False):
    """Give issuers the About paragraphs that end the body; return how many there were.

    About paragraphs with a heading ("About NNIRR") name an issuer the closing line may not
    name. After the end mark, only such paragraphs are read, in whatever order they come.
    """
    count, found_by_heading = 0, []
    for par in paragraphs if after_end else reversed(paragraphs):
        heading, opening_name, opening_acronym, text = subject = _about_subject(par)
        issuer = next(
            (i for i in issuers if not i.about and _refers_to(i.name, *subject)),
            None,
        )
        if issuer is None and heading:
            issuer = Issuer(name=heading)
            if after_end:
                found_by_heading.append(issuer)
            else:
                found_by_heading.insert(0, issuer)
        if issuer is None:
            break
        issuer.about = text
        issuer.website = _website(text)
        learned_name, learned_acronym = split_acronym(heading) if heading else ("", "")
        if opening_acronym:
            learned_name, learned_acronym = opening_name, opening_acronym
        issuer.full_name = learned_name
        issuer.acronym = learned_acronym
        count += 1
    issuers += found_by_heading
    for issuer in issuers:
        printed, printed_acronym = split_acronym(issuer.name)
        issuer.acronym = issuer.acronym or printed_acronym
        if not issuer.full_name and not looks_like_acronym(printed):
            issuer.full_name = printed
        if looks_like_acronym(issuer.full_name) and not issuer.acronym:
            issuer.acronym, issuer.full_name = issuer.full_name, ""
    return count


def _website(text):
    found = _URL.search(text)
    return normalize_website(found.group(0)) if found else ""


def normalize_website(text):
    """'www.nnirr.org' -> 'https://www.nnirr.org'; an address with a scheme is kept."""
    text = text.strip().rstrip(".,;:")
    if not re.match(r"^https?://", text, re.IGNORECASE):
        text = f"https://{text}"
    return text


# The body


def _markdown_paragraph(lines):
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
    return " ".join(lines)


def _spokespeople(paragraphs):
    """People the body introduces as "Name, Executive Director of Organization"."""
    found, seen = [], set()
    for par in paragraphs:
        for match in _SPOKESPERSON.finditer(" ".join(par)):
            name = match["name"]
            if not _is_person_name(name) or name.casefold() in seen:
                continue
            for joiner in _ROLE_JOINER.finditer(match["rest"]):
                title = match["rest"][: joiner.start()].strip()
                organization = match["rest"][joiner.end() :].strip()
                if _is_role(title) and organization[:1].isupper():
                    seen.add(name.casefold())
                    found.append(Spokesperson(name, title, organization))
                    break
    return found


def _words(text):
    return [word.strip(".,;:()'’\"“”").casefold() for word in text.split()]


def _is_person_name(text):
    words = text.split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in text):
        return False
    if looks_like_acronym(text) or _is_organization_like(text) or _is_role(text):
        return False
    return all(word[:1].isupper() or word.casefold() in _NAME_PARTICLES for word in words)


def _is_role(text):
    words = _words(text)
    return 0 < len(words) <= 8 and any(word in _ROLE_WORDS for word in words)


def _is_organization_like(text):
    name, acronym = split_acronym(text)
    if acronym or looks_like_acronym(name):
        return True
    return any(word in _ORGANIZATION_WORDS for word in _words(name))


# Contact entries


def _phones_in(text):
    """(phones, text without them) for the telephone numbers in `text`."""
    phones, kept, last = [], [], 0
    for match in _PHONE.finditer(text):
        number = match["number"].strip()
        if sum(ch.isdigit() for ch in number) < 7 or _YEARS.match(number):
            continue
        label = (match["label"] or match["label_after"] or "").strip()
        if label.casefold().rstrip(".") in _GENERIC_PHONE_LABELS:
            label = ""
        phones.append(PhoneNumber(label[:40], number[:40]))
        kept.append(text[last : match.start()])
        last = match.end()
    kept.append(text[last:])
    return phones, "".join(kept)


def _strip_details(text):
    text = _EMAIL.sub(" ", text)
    text = _URL.sub(" ", text)
    return _phones_in(text)[1]


def _parse_contact(item, *, heading, is_known):
    """One contact entry: person, title, organization, city, website, phones, email."""
    contact = Contact(text=item, heading=heading[:MAX_HEADING] or DEFAULT_CONTACT_HEADING)
    parts = _CONTACT_SEP.split(item)
    pieces = [("", parts[0])] + [(parts[i], parts[i + 1]) for i in range(1, len(parts) - 1, 2)]
    runs, current = [], []
    for sep, piece in pieces:
        piece = _DETAIL_LABEL.sub("", piece.strip())
        remainder = piece
        for email in _EMAIL.findall(remainder):
            contact.email = contact.email or email
        remainder = _EMAIL.sub(" ", remainder)
        for url in _URL.findall(remainder):
            contact.website = contact.website or normalize_website(url)
        remainder = _URL.sub(" ", remainder)
        phones, remainder = _phones_in(remainder)
        contact.phones += phones
        remainder = " ".join(remainder.split()).strip(" ,;:-–—")
        had_detail = remainder != " ".join(piece.split()).strip(" ,;:-–—")
        if remainder:
            current.append((sep, remainder))
        if had_detail and current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    if runs:
        _assign_names(contact, runs[0], is_known)
        place = [text for run in runs[1:] for _, text in run]
        if place:
            contact.city = ", ".join(filter(None, [contact.city, *place]))
    if contact.city.count(",") >= 2:
        contact.city, contact.country = (s.strip() for s in contact.city.rsplit(",", 1))
    if not contact.person and not contact.organization:
        raise ReleaseFormatError(
            f"could not read the contact ‘{_excerpt(item)}’: expected the name of a person "
            "or an organization before the telephone, email or website"
        )
    for value, label in ((contact.person, "person"), (contact.organization, "organization")):
        if len(value) > MAX_NAME:
            raise ReleaseFormatError(
                f"could not read the contact ‘{_excerpt(item)}’: the {label} name is "
                f"{len(value)} characters long; expected one contact per line"
            )
    return contact


def _join_run(run, i, j):
    out = run[i][1]
    for sep, text in run[i + 1 : j + 1]:
        out += _tidy_separator(sep) + text
    return out


def _assign_names(contact, run, is_known):
    """Decide which of "Person, Title, Organization, City" the name pieces are."""
    span = None
    for i in range(len(run)):
        for j in range(len(run) - 1, i - 1, -1):
            if is_known(_join_run(run, i, j)):
                span = (i, j)
                break
        if span:
            break
    if span is None:
        span = _guess_organization(run)
    if span is None:
        before, after = run, []
    else:
        i, j = span
        contact.organization = _join_run(run, i, j)
        before, after = run[:i], run[j + 1 :]
    if before:
        contact.person = before[0][1]
        if len(before) > 1:
            contact.title = _join_run(before, 1, len(before) - 1)
    if after:
        contact.city = _join_run(after, 0, len(after) - 1).replace(" - ", ", ")


def _guess_organization(run):
    """(start, end) of the organization among unknown names, or None for a person alone."""
    start = 0
    if _is_person_name(run[0][1]):
        start = 1
        if (
            start < len(run)
            and _is_role(run[start][1])
            and not _is_organization_like(run[start][1])
        ):
            start += 1
    if start >= len(run):
        return None
    end = start
    while end + 1 < len(run):
        sep, following = run[end + 1]
        if _LEGAL_SUFFIX.match(following) or (
            sep.strip() in {"-", "–", "—"} and _is_organization_like(following)
        ):
            end += 1
        else:
            break
    return start, end


# Saving


@dataclass
class ImportOutcome:
    statement: Statement
    created: bool
    updated: bool = False  # an existing statement was changed (`update=True`)


def import_release(
    text: str, *, publish: bool = False, user=None, update: bool = False
) -> ImportOutcome:
    """Save a plain-text release as a statement; return an `ImportOutcome`.

    Nothing is saved when the text cannot be read (`ReleaseFormatError`). A statement
    already imported (same release date and the same title, or the slug its title gives)
    is left as it is, unless `update` is true: then its text, issuers and contacts are
    replaced by the release's. The statement is a draft unless `publish` is true.
    """
    with transaction.atomic(), reversion.create_revision():
        release = parse_release(text, is_organization=_in_directory)
        statement = _existing_statement(release)
        if statement is not None and not update:
            return ImportOutcome(statement=statement, created=False)
        was_public = statement is not None and statement.is_public
        directory = _Directory()
        issuers = [(directory.issuer(issuer), issuer.about) for issuer in release.issuers]
        for name in release.signatories:
            directory.organization(name)
        contacts = [(c.heading, *directory.contact(c)) for c in release.contacts]
        directory.spokespeople(release.spokespeople)

        created = statement is None
        if created:
            statement = Statement(created_by=user)
        changed = _apply(statement, release, publish=publish, user=user)
        if changed or created:
            statement.save()
        changed |= _set_issuers(statement, issuers, replace=not created)
        changed |= _set_contacts(statement, contacts, replace=not created)
        statement_imported.send(sender=Statement, statement=statement, release=release)
        if changed and was_public:
            statement.mark_corrected()
        if created or changed:
            # Issuers and contacts are bulk-inserted: the revision follows them from here.
            reversion.add_to_revision(statement)
            reversion.set_user(user)
            reversion.set_comment(
                "Imported from text." if created else "Updated from the text of the release."
            )
        return ImportOutcome(statement=statement, created=created, updated=changed and not created)


def _in_directory(text):
    return Organization.objects.match(text) is not None


def _existing_statement(release):
    slug = slugify(release.title)[: Statement._meta.get_field("slug").max_length].strip("-")
    return (
        Statement.objects.filter(release_date=release.release_date)
        .filter(Q(slug=slug) | Q(title__iexact=release.title))
        .order_by("pk")
        .first()
    )


def _apply(statement, release, *, publish, user):
    values = {name: getattr(release, name) for name in Statement.CORRECTED_FIELDS}
    if publish and statement.status != Statement.Status.PUBLISHED:
        values["status"] = Statement.Status.PUBLISHED
        values["publish_at"] = statement.publish_at or timezone.now()
    changed = False
    for name, value in values.items():
        if getattr(statement, name) != value:
            setattr(statement, name, value)
            changed = True
    if changed and user is not None:
        statement.updated_by = user
    return changed


def _set_issuers(statement, issuers, *, replace):
    wanted, seen = [], set()
    for organization, about in issuers:
        if organization.pk not in seen:
            seen.add(organization.pk)
            wanted.append((organization.pk, about))
    if replace:
        if list(statement.issuers.values_list("organization_id", "about")) == wanted:
            return False
        statement.issuers.all().delete()
    StatementIssuer.objects.bulk_create(
        StatementIssuer(statement=statement, organization_id=pk, about=about, position=position)
        for position, (pk, about) in enumerate(wanted)
    )
    return True


def _set_contacts(statement, contacts, *, replace):
    wanted, people = [], set()
    for heading, person, organization in contacts:
        if person is not None and person.pk in people:
            continue
        if person is not None:
            people.add(person.pk)
        wanted.append((heading, person and person.pk, organization and organization.pk))
    if replace:
        existing = statement.contacts.values_list("heading", "person_id", "organization_id")
        if list(existing) == wanted:
            return False
        statement.contacts.all().delete()
    MediaContact.objects.bulk_create(
        MediaContact(
            statement=statement,
            heading=heading,
            person_id=person,
            organization_id=organization,
            position=position,
        )
        for position, (heading, person, organization) in enumerate(wanted)
    )
    return True


class _Directory:
    """Finds (or adds) the release's organizations and people, filling what is empty."""

    def __init__(self):
        self.organizations = {}  # pk -> Organization met in this release

    def organization(self, text, *, name="", acronym="", **details):
        """The organization `text` names, found or added, its blanks filled from `details`.

        `name` and `acronym`, when learned elsewhere (an About paragraph), help to find it,
        and complete an organization known so far only by its acronym.
        """
        printed, printed_acronym = split_acronym(text)
        if looks_like_acronym(printed) and not printed_acronym:
            printed, printed_acronym = "", printed
        name, acronym = name or printed, acronym or printed_acronym
        organization = None
        for candidate in (f"{name} ({acronym})" if name and acronym else "", name, text):
            if candidate:
                organization = Organization.objects.match(candidate)
                if organization is not None:
                    break
        if organization is None:
            organization = Organization(name=(name or acronym)[:MAX_NAME], acronym=acronym)
            _fill(organization, details)
            organization.save()
        else:
            self._complete(organization, name=name, acronym=acronym, details=details)
        self.organizations[organization.pk] = organization
        return organization

    def issuer(self, issuer):
        return self.organization(
            issuer.name,
            name=issuer.full_name,
            acronym=issuer.acronym,
            about=issuer.about,
            website=issuer.website,
        )

    def _complete(self, organization, *, name, acronym, details):
        changed = _fill(organization, details)
        others = Organization.objects.exclude(pk=organization.pk)
        if (
            acronym
            and not organization.acronym
            and not others.filter(acronym_key=acronym_key(acronym)).exists()
        ):
            organization.acronym = acronym
            changed.append("acronym")
        # Known so far only by its acronym: learn its full name.
        if (
            name
            and name_key(organization.name) == name_key(organization.acronym)
            and name_key(name) != name_key(organization.name)
            and not others.filter(name_key=name_key(name)).exists()
        ):
            organization.name = name[:MAX_NAME]
            changed += ["name", "name_key"]
        if changed:
            organization.save(update_fields=[*changed, "updated_at"])

    def contact(self, contact):
        """(person, organization) of a contact entry, with their details filled in."""
        organization = None
        if contact.organization:
            details = {"website": contact.website, "city": contact.city}
            details["country"] = contact.country
            if not contact.person:
                details["email"] = contact.email
                details["phone"] = contact.phones[0].number if contact.phones else ""
            organization = self.organization(contact.organization, **details)
        person = None
        if contact.person:
            person = self.person(
                contact.person,
                organization,
                title=contact.title,
                email=contact.email,
                phones=contact.phones,
            )
        return person, organization

    def person(self, name, organization, *, title="", email="", phones=()):
        people = Person.objects.filter(name__iexact=name)
        person = None
        if organization is not None:
            person = people.filter(organization=organization).first()
            if person is None:
                person = people.filter(organization__isnull=True).first()
        else:
            person = people.filter(organization__isnull=True).first()
            if person is None:
                matches = list(people[:2])
                person = matches[0] if len(matches) == 1 else None
        if person is None:
            person = Person(name=name, organization=organization)
        changed = []
        if organization is not None and person.organization_id is None:
            person.organization = organization
            changed.append("organization")
        changed += _fill(person, {"title": title, "email": email})
        if person.pk is None:
            person.save()
        elif changed:
            person.save(update_fields=[*changed, "updated_at"])
        _add_phones(person, phones)
        return person

    def spokespeople(self, spokespeople):
        """People quoted in the body, when they speak for an organization of this release."""
        for spokesperson in spokespeople:
            organization = Organization.objects.match(spokesperson.organization)
            if organization is not None and organization.pk in self.organizations:
                self.person(spokesperson.name, organization, title=spokesperson.title)


def _fill(instance, details):
    """Set the empty fields of `instance` that `details` has a valid value for."""
    changed = []
    for name, value in details.items():
        if not value or getattr(instance, name):
            continue
        model_field = instance._meta.get_field(name)
        if model_field.max_length and len(value) > model_field.max_length:
            continue
        try:
            if name == "email":
                validate_email(value)
            elif name == "website":
                URLValidator()(value)
        except ValidationError:
            continue
        setattr(instance, name, value)
        changed.append(name)
    return changed


def _add_phones(person, phones):
    existing = list(person.phones.all())
    known = {tel_uri(phone.number) for phone in existing}
    position = max((phone.position for phone in existing), default=-1) + 1
    for label, number in phones:
        if tel_uri(number) in known:
            continue
        known.add(tel_uri(number))
        Phone.objects.create(person=person, label=label, number=number, position=position)
        position += 1
