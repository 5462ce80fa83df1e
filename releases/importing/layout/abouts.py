"""Issuers and their "About" paragraphs.

In: the closing line that names the issuing organizations ("Alianza Americas & NNIRR"),
and the paragraphs at the end of a release that may describe them, with a heading
("About NNIRR", "Acerca de …", "Sobre …") or without ("NNIRR serves as a hub …").
Out: `Issuer`s in order, each with its About paragraph, website, full name and acronym.

Without a heading, a paragraph is an About paragraph only when it opens by describing an
organization ("X is a network …", "X, founded in 1986, works …"): a last body paragraph
such as "NNIRR will keep pressing Congress" stays in the body.
"""

import re

from advocacy.text import looks_like_acronym, name_key, split_acronym

from ..fields.contacts import website_in
from ..fields.names import (
    SMALL_WORDS,
    acronym_fits,
    is_organization_like,
    is_title_case,
    split_names,
    unique,
)
from ..release import MAX_NAME, Issuer
from .patterns import ABOUT_HEADING

_DESCRIBES = re.compile(
    r"\s*(?:\([^()]{1,200}\)\s*)?"
    r"(?:[,—–-]\s*[^,—–;.]{1,150}?\s*[,—–-]\s*)?"
    r"(?:(?:is|are|was|has been|es|son|fue|ha sido)\s+"
    r"(?:a|an|the|one|un|una|el|la|los|las|founded|based|dedicated|composed|made up|comprised"
    r"|fundad[ao]|integrad[ao]|formad[ao]|nonpartisan|non-profit|nonprofit)\b"
    r"|(?:serves|has served|acts|functions|sirve)\s+(?:as|como)\b"
    r"|(?:represents|brings together|unites|convenes|was founded|was established|works|builds"
    r"|organizes|advocates|defends|provides|offers|helps|supports|serves|studies|trains"
    r"|trabaja|representa|agrupa|reúne|defiende|promueve|impulsa|ofrece|brinda|apoya"
    r"|organiza|acompaña|lucha|estudia|documenta)\b)",
    re.IGNORECASE,
)
_OPENING = re.compile(
    r"^(?:the\s+|la\s+|el\s+)?(?P<name>[^()]{2,200}?)\s*\((?P<acronym>[A-Z][A-Za-z0-9&.\-]{1,29})\)",
    re.IGNORECASE,
)
_ABOUT_CLUE = re.compile(
    r"https?://|www\.|\.org\b|learn more|visit|founded|fundad[ao]|más información|"
    r"m[áa]s en|conoce m[áa]s|since \d{4}|desde \d{4}",
    re.IGNORECASE,
)
_NAME_START = re.compile(r"^(?:the\s+|la\s+|el\s+|los\s+|las\s+)?(?P<name>[^\s,].*)$", re.I)


def about_heading(line):
    """The name an "About X" heading names, or None."""
    match = ABOUT_HEADING.match(line)
    if match and is_title_case(match["name"]) and len(match["name"].split()) <= 15:
        return match
    return None


def about_subject(paragraph):
    """(heading name or "", opening name, opening acronym, text) of a possible About
    paragraph."""
    heading = about_heading(paragraph[0])
    if heading:
        lines = ([heading["rest"]] if heading["rest"] else []) + paragraph[1:]
        if lines:
            text = " ".join(lines)
            return (_tidy_heading_name(heading["name"], text), *_opening(text), text)
    text = " ".join(paragraph)
    return ("", *_opening(text), text)


def _tidy_heading_name(name, text):
    """ "ABOUT DESERT DREAMERS NETWORK" names "Desert Dreamers Network" as its text prints it."""
    if looks_like_acronym(name) or not name.isupper():
        return name
    found = re.search(re.escape(name), text, re.IGNORECASE)
    return found.group(0) if found and not found.group(0).isupper() else name.title()


def _opening(text):
    opening = _OPENING.match(text)
    if not opening or len(opening["name"].split()) > 14 or ". " in opening["name"]:
        return "", ""
    return opening["name"].strip(), opening["acronym"]


def describes_itself(paragraph):
    """The name of the organization a heading-less paragraph opens by describing, when it
    reads as an About paragraph; else None."""
    text = " ".join(paragraph)
    name, acronym = _opening(text)
    if acronym:
        end = _OPENING.match(text).end()
        if _DESCRIBES.match(text, end):
            return f"{name} ({acronym})"
        return None
    for match in _DESCRIBES.finditer(text[:220]):
        start = match.start()
        subject = text[:start].strip(" ,")
        found = _NAME_START.match(subject)
        if not found or not 1 <= len(subject.split()) <= 12:
            continue
        name = found["name"]
        capitals = [w for w in name.split() if w[:1].isupper() and w.casefold() not in SMALL_WORDS]
        if not capitals or not is_title_case(name):
            continue
        if looks_like_acronym(name) or (
            (is_organization_like(name) or len(capitals) >= 2) and _ABOUT_CLUE.search(text)
        ):
            return name
        return None
    return None


def refers_to(name, heading, opening_name, opening_acronym, text):
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
        return looks_like_acronym(heading_name) and heading_name.casefold() in acronyms
    if (opening_acronym and opening_acronym.casefold() in acronyms) or (
        opening_name and name_key(opening_name) == key
    ):
        return bool(_DESCRIBES.match(text, _OPENING.match(text).end()))
    end = _subject_end(text, key)
    return end is not None and bool(_DESCRIBES.match(text, end))


def _subject_end(text, key):
    for boundary in re.finditer(r"\b", text[: MAX_NAME + 10]):
        end = boundary.start()
        if end and name_key(text[:end]) == key:
            return end
    return None


def issuers_from_lines(lines, abouts, known):
    """The issuing organizations a closing line names, in order, and the lines that name
    none (too long or sentence-like: they go back to the body)."""
    text = "\n".join(lines).strip()
    if not text:
        return [], []
    subjects = [about_subject(par) for par in abouts]

    def is_known(name):
        return known(name) or acronym_fits(name) or any(refers_to(name, *s) for s in subjects)

    names, leftovers = [], []
    for name in split_names(text, is_known):
        if len(name) > MAX_NAME or len(name.split()) > 15 or re.search(r"[a-z]{4,}[.!?]$", name):
            leftovers.append(name)
        else:
            names.append(name)
    return [Issuer(name=name) for name in unique(names)], leftovers


def attach_about(issuers, paragraphs):
    """Give issuers their About paragraphs (a paragraph with a heading, or one describing
    an organization, names an issuer the closing line may not name); return the
    paragraphs that describe no organization."""
    unused = []
    for par in paragraphs:
        heading, opening_name, opening_acronym, text = subject = about_subject(par)
        issuer = next((i for i in issuers if not i.about and refers_to(i.name, *subject)), None)
        if issuer is None:
            named = heading or describes_itself(par)
            if not named:
                unused.append(par)
                continue
            issuer = Issuer(name=named)
            issuers.append(issuer)
        issuer.about = text
        issuer.heading = par[0] if heading and text != " ".join(par) else ""
        issuer.website = website_in(text)
        learned_name, learned_acronym = split_acronym(heading) if heading else ("", "")
        if opening_acronym:
            learned_name, learned_acronym = opening_name, opening_acronym
        issuer.full_name = learned_name
        issuer.acronym = learned_acronym
    for issuer in issuers:
        printed, printed_acronym = split_acronym(issuer.name)
        issuer.acronym = issuer.acronym or printed_acronym
        if not issuer.full_name and not looks_like_acronym(printed):
            issuer.full_name = printed
        if looks_like_acronym(issuer.full_name) and not issuer.acronym:
            issuer.acronym, issuer.full_name = issuer.full_name, ""
    return unused
