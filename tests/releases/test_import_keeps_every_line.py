"""Never lose a line: every line of a release is in one of its fields or in its body.

Releases are generated in all the layouts the importer reads (header lines, embargo and
date lines, contact blocks at the top and the bottom in their shapes, datelines in every
style and dash, About paragraphs with and without headings, end marks, "Signed:" lists and
letters with grouped signers and places) with the leftovers of editors and web pages
(CRLF, byte-order marks, non-breaking spaces, "- more -", page numbers, "Share this",
"Posted on … by …", "Related posts"), and with words and lines of any text mixed in.

What "in a field or the body" means, precisely: the line, normalised as the importer
normalises every line (`releases.importing.cleaning`: NFC, invisible characters removed,
every run of white space one space, none at the ends), with a list marker at its start and
Markdown emphasis (`*`, `_`) set aside, is a run of at most three pieces, each of which is
found in one printed part of the release: its title, subtitle, place, body, end mark,
issuers and their About paragraphs, contacts as printed, signers' lines and group
headings, and the lines read into a field that prints them otherwise (header lines, the
dateline, the embargo line, headings). The only lines left out are page furniture, as
`cleaning.FURNITURE` and its share and related-posts blocks define it.
"""

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from releases.importing import parse_release
from releases.importing.cleaning import normalize_line, normalize_text

# Words: capitalised names, plain words, some Spanish, and any text now and then.
_NAMES = st.sampled_from(
    "Alianza Red Casa Centro Coalition Network Project Council Fund Union Desert Lakeshore "
    "Frontera Gulf Pacific Rocky Harvest Esperanza Solidaria Justice Workers Dreamers".split()
)
_WORDS = st.sampled_from(
    "the families workers said today we call on congress to end detention and protect "
    "asylum seekers in our communities las familias exigen hoy que el gobierno proteja "
    "a las personas migrantes de la frontera 2019 children schools 300".split()
)
_ODD = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
    min_size=1,
    max_size=30,
)
_DASH = st.sampled_from(["—", "–", "-", "--", "―"])


def _join(parts):
    return " ".join(parts)


name = st.lists(_NAMES, min_size=2, max_size=4).map(_join)
sentence = st.one_of(
    st.lists(_WORDS, min_size=4, max_size=25).map(lambda w: _join(w).capitalize() + "."),
    st.tuples(name, st.lists(_WORDS, min_size=3, max_size=12)).map(
        lambda t: f"“{t[0]} {_join(t[1])},” said {t[0]}."
    ),
    _ODD,
)
paragraph = st.lists(sentence, min_size=1, max_size=4).map(_join)
phone = st.sampled_from(["(602) 555-0143", "+1 312-555-0101", "55 5512 3344", "602.555.0177"])
email = st.sampled_from(["press@example.org", "ana@red.example.mx", "j.doe@example.org"])
person = st.sampled_from(["Maria Lopez", "Tom Baker", "Ana Belén Cruz", "Kevin Osei"])
month = st.sampled_from(["March", "Sept.", "Dec.", "Jan.", "marzo", "sept.", "dic.", "ene."])
date = st.tuples(month, st.integers(1, 28), st.integers(2000, 2030)).map(
    lambda t: f"{t[1]} de {t[0]} de {t[2]}" if t[0][0].islower() else f"{t[0]} {t[1]}, {t[2]}"
)
place = st.sampled_from(["CHICAGO", "Phoenix, Ariz.", "TUCSON, AZ", "Ciudad de México", "El Paso"])


@st.composite
def dateline(draw):
    where, when, dash = draw(place), draw(date), draw(_DASH)
    style = draw(st.integers(0, 4))
    first = draw(paragraph)
    return [
        f"{where} {dash} {when} {dash} {first}",
        f"{where} ({when}) {dash} {first}",
        f"{where} {dash} {first}",
        f"{where}, {when}.{dash} {first}",
        f"{when} {dash} {first}",
    ][style]


@st.composite
def contact_block(draw):
    who, tel, mail = draw(person), draw(phone), draw(email)
    shape = draw(st.integers(0, 4))
    return [
        f"Contact: {who} | {tel} | {mail}",
        f"Media Contact: {who}, {tel}, {mail}",
        f"CONTACT\nEmail: {mail}\n{who}, {tel}",
        f"Contacto:\n{who}\n{tel}\n{mail}",
        f"For more information, contact {who} at {tel} or {mail}.",
    ][shape]


@st.composite
def signers(draw):
    opening = draw(st.sampled_from(["Signed:", "Sincerely,", "Firmantes:", "Respectfully,"]))
    groups = draw(
        st.lists(st.sampled_from(["National Organizations", "Organizaciones locales:"]), max_size=2)
    )
    lines = [opening]
    for group in groups or [""]:
        if group:
            lines.append(group)
        for org in draw(st.lists(name, min_size=1, max_size=4)):
            where = draw(st.sampled_from(["", " (AZ)", " - Tucson, AZ", " (México)"]))
            lines.append(f"{org}{where}")
    return "\n".join(lines)


@st.composite
def release_text(draw):
    parts = []
    parts += draw(
        st.lists(
            st.sampled_from(
                [
                    "FOR IMMEDIATE RELEASE",
                    "PARA PUBLICACIÓN INMEDIATA",
                    "MEDIA ADVISORY",
                    "EMBARGOED UNTIL 10:00 a.m. ET, Tuesday, March 8, 2022",
                    "June 3, 2019",
                    "Posted on August 6, 2019 by admin",
                ]
            ),
            max_size=3,
        )
    )
    if draw(st.booleans()):
        parts.append(draw(contact_block()))
    parts.append(draw(st.one_of(name, sentence)))  # the title
    if draw(st.booleans()):
        parts.append(draw(name))  # a subtitle
    parts.append(draw(dateline()))
    for par in draw(st.lists(paragraph, max_size=4)):
        parts.append(par)
        if draw(st.integers(0, 6)) == 0:
            parts.append(draw(st.sampled_from(["- more -", "Page 2 of 3", "(more)", "- 2 -"])))
    if draw(st.booleans()):
        org = draw(name)
        heading = draw(st.sampled_from([f"About {org}\n", f"Acerca de {org}: ", ""]))
        parts.append(f"{heading}{org} is a network of groups. www.example.org")
    if draw(st.booleans()):
        parts.append(draw(signers()))
    parts.append(draw(st.sampled_from(["###", "# # #", "- ### -", "-###-", "-30-", "- 30 -", ""])))
    if draw(st.booleans()):
        parts.append(draw(contact_block()))
    if draw(st.booleans()):
        parts.append(f"{draw(name)} & {draw(name)}")
    if draw(st.booleans()):
        parts.append(draw(paragraph))  # prose after the end mark
    if draw(st.booleans()):
        parts.append("Share this:\nTwitter\nFacebook\n\nRelated posts\nOne older post")
    if draw(st.booleans()):
        parts.append(draw(_ODD))
    text = "\n\n".join(part for part in parts if part)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text.replace(" ", "\u00a0", draw(st.integers(0, 5)))
    return text


_MARKER = re.compile(r"^(?:[-*+•·–—]|\d{1,3}[.)])\s+")


_TRAILING_PUNCTUATION = re.compile(r"([,.;:|)])(?=\s|$)")


def _plain(text):
    """Emphasis set aside, and a comma or period after a word made a word of its own: a
    list of contacts puts one after a line it prints."""
    text = _TRAILING_PUNCTUATION.sub(r" \1", re.sub(r"[*_]", "", text))
    return " ".join(text.split())


def covered(line, printed, *, pieces=3):
    """Whether `line` is a run of at most `pieces` pieces each found in `printed` as
    whole words (`printed` is padded with spaces)."""
    tokens = line.split(" ")
    reachable = {0: 0}  # tokens consumed -> pieces used
    for start in range(len(tokens)):
        if start not in reachable or reachable[start] >= pieces:
            continue
        for end in range(len(tokens), start, -1):
            if f" {' '.join(tokens[start:end])} " in printed:
                used = reachable[start] + 1
                if reachable.get(end, pieces + 1) > used:
                    reachable[end] = used
    return len(tokens) in reachable


def assert_every_line_kept(text):
    release = parse_release(text)
    assert release.title.strip()
    printed = "\n".join(f" {_plain(part)} " for part in release.printed_parts())
    furniture = set(release.furniture)
    for raw in normalize_text(text).split("\n"):
        line = normalize_line(raw)
        if not line or line in furniture:
            continue
        line = _plain(_MARKER.sub("", line))
        if line:
            assert covered(line, printed), (line, release)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(text=release_text())
@example(
    text=(
        open(
            __file__.replace("test_import_keeps_every_line.py", "")  # noqa: SIM115
            + "import_corpus/sign_on_letter/2021-05-17-letter-to-dhs.txt",
            encoding="utf-8",
        ).read()
    )
)
def test_every_line_of_a_release_is_kept(text):
    assert_every_line_kept(text)


def test_the_corpus_keeps_every_line():
    from pathlib import Path

    for path in (Path(__file__).parent / "import_corpus").glob("*/*.txt"):
        assert_every_line_kept(path.read_text(encoding="utf-8"))
