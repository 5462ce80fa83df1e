"""Contact details and contact entries.

In: the text of one contact entry ("Jane Doe, Communications Director, Oakland Coalition,
jane@oc.org, +1 (510) 465-1984 (cell)"), or the lines of a contact block, or a closing
sentence ("For more information, contact Jane Doe at 555-123-4567 or jane@x.org").
Out: `Contact`s with person, title, organization, place, website, phones and email.
Which name is the organization is decided with `names`.
"""

import re

from ..release import DEFAULT_CONTACT_HEADING, MAX_HEADING, Contact, PhoneNumber
from .names import guess_organization, join_run

EMAIL = re.compile(r"(?<![\w.+-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(
    r"(?<![@\w.-])"
    r"(?:https?://[^\s<>|]+?|www\.[^\s<>|]+?"
    r"|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:org|com|net|edu|gov|int|info|ngo|io|us|mx|ca)"
    r"(?:/[^\s<>|]*?)?)"
    r"(?=[.,;:!?)\]”\"']*(?:\s|$))",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?:(?P<label>[^\W\d_][\w.'’ ]{0,29}?)\s*:\s*)?"
    r"(?P<number>(?:\(\+?\d{1,4}\)\s?|\+\s?)?\d[\d\s().‐–-]*\d(?:\s*(?:ext\.?|x)\s*\d{1,6})?)"
    r"(?:\s*\((?P<label_after>[^\W\d_][\w.'’ ]{0,20})\))?"
)
_GENERIC_PHONE_LABELS = {"tel", "tél", "telephone", "teléfono", "telefono", "phone", "ph", "t", "p"}
_YEARS = re.compile(r"^\d{4}\s*[-–]\s*\d{4}$")  # 2017-2018 is no telephone number
DETAIL_LABEL = re.compile(
    r"^(?:e-?mail|correo(?: electr[óo]nico)?|web(?:site)?|sitio(?: web)?|url|phone|tel[ée]?fono"
    r"|tel\.?|cell|cel(?:ular)?|m[óo]vil|mobile|office|oficina|fax|twitter|x)\s*:\s*",
    re.IGNORECASE,
)
_CONTACT_SEP = re.compile(r"(\s+[-–—|/]\s+|\s*[,;|]\s*|\s+[|•·]\s+)")
_BULLET = re.compile(r"^(?:[-*+•·–—]|\d{1,2}[.)])\s+")
_CLOSING = re.compile(
    r"^(?P<lead>(?:for|para)\b[^.]{0,80}?\b(?:contact|call|email|reach|write to|comun[íi]quese"
    r"|comunicarse|contactar|contacte|llamar|escribir|escriba)\w*(?:\s+(?:with|con|a))?)\s+"
    r"(?P<who>.+?)\.?$",
    re.IGNORECASE,
)
_CLOSING_JOINER = re.compile(
    r"\s+(?:(?:or|o)\s+(?:call|email|e-mail|write to|llame al?|escriba a|escribe a)"
    r"|at|on|by|al|en|a|or|o|y|and|via|vía)\s+",
    re.IGNORECASE,
)


def normalize_website(text):
    """'www.nnirr.org' -> 'https://www.nnirr.org'; an address with a scheme is kept."""
    text = text.strip().rstrip(".,;:")
    if not re.match(r"^https?://", text, re.IGNORECASE):
        text = f"https://{text}"
    return text


def website_in(text):
    found = URL.search(text or "")
    return normalize_website(found.group(0)) if found else ""


def phones_in(text):
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


def strip_details(text):
    text = DETAIL_LABEL.sub("", text.strip())
    text = EMAIL.sub(" ", text)
    text = URL.sub(" ", text)
    return phones_in(text)[1].strip(" ,;:-–—|/•·()")


def has_detail(line):
    return bool(EMAIL.search(line) or URL.search(line) or phones_in(line)[0])


def is_detail_only(line):
    """A line of details alone: "Email: press@x.org", "(602) 555-0143"."""
    return has_detail(line) and not strip_details(line)


def strip_bullet(line):
    bullet = _BULLET.match(line)
    return line[bullet.end() :].strip() if bullet else line.strip()


def _split_semicolons(lines):
    """ "Jane Doe, 555-0101, jane@x.org; John Roe, 555-0102": an entry each, when every
    part names someone and gives a detail."""
    out = []
    for line in lines:
        parts = [part.strip() for part in line.split(";")]
        if len(parts) > 1 and all(has_detail(part) and strip_details(part) for part in parts):
            out += parts
        else:
            out.append(line)
    return out


def contact_entries(lines):
    """The entries of a contact block (one per bullet, one per line, or one card), and
    the lines after them that belong to no contact (a closing line naming the issuers).

    A line of details alone ("Email: press@x.org") goes with the entry above it, or,
    standing before several entries, with each entry that lacks that kind of detail.
    """
    lines = _split_semicolons(lines)
    if any(_BULLET.match(line) for line in lines):
        items = []
        for index, line in enumerate(lines):
            bullet = _BULLET.match(line)
            if bullet:
                items.append(line[bullet.end() :])
            elif not items:
                items.append(line)
            elif (
                has_detail(line)
                or line[:1].islower()
                or items[-1].endswith((",", "-", "–", "—"))
                or any(_BULLET.match(later) for later in lines[index + 1 :])
            ):
                items[-1] = f"{items[-1].rstrip(',')}, {line}"
            else:
                return [(item, []) for item in items], lines[index:]
        return [(item, []) for item in items], []
    named = [line for line in lines if not is_detail_only(line)]
    one_per_line = len(named) > 1 and all(
        has_detail(line) and len(strip_details(line).split()) >= 2 for line in named
    )
    if not one_per_line:
        return [(", ".join(lines), [])], []
    entries, shared = [], []
    for line in lines:
        if is_detail_only(line):
            if entries and not shared:
                entries[-1] = (f"{entries[-1][0]}, {line}", entries[-1][1])
            else:
                shared.append(line)
        else:
            entries.append((line, list(shared)))
    return entries, []


def parse_contact(item, *, heading="", is_known, shared=()):
    """One contact entry; `shared` lines are details printed once for several entries."""
    contact = Contact(text=item, heading=(heading or DEFAULT_CONTACT_HEADING)[:MAX_HEADING])
    if shared:
        contact.text = ", ".join([item, *shared])
    parts = _CONTACT_SEP.split(item)
    pieces = [("", parts[0])] + [(parts[i], parts[i + 1]) for i in range(1, len(parts) - 1, 2)]
    runs, current = [], []
    for sep, piece in [*pieces, *(("", line) for line in shared)]:
        piece = DETAIL_LABEL.sub("", piece.strip())
        remainder = piece
        for email in EMAIL.findall(remainder):
            contact.email = contact.email or email
        remainder = EMAIL.sub(" ", remainder)
        for url in URL.findall(remainder):
            contact.website = contact.website or normalize_website(url)
        remainder = URL.sub(" ", remainder)
        phones, remainder = phones_in(remainder)
        contact.phones += [phone for phone in phones if phone not in contact.phones]
        remainder = " ".join(remainder.split()).strip(" ,;:-–—()|")
        had_detail = remainder != " ".join(piece.split()).strip(" ,;:-–—()|")
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
    return contact


def _assign_names(contact, run, is_known):
    """Decide which of "Person, Title, Organization, City" the name pieces are."""
    span = None
    for i in range(len(run)):
        for j in range(len(run) - 1, i - 1, -1):
            if is_known(join_run(run, i, j)):
                span = (i, j)
                break
        if span:
            break
    if span is None:
        span = guess_organization(run)
    if span is None:
        before, after = run, []
    else:
        i, j = span
        contact.organization = join_run(run, i, j)
        before, after = run[:i], run[j + 1 :]
    if before:
        contact.person = before[0][1]
        if len(before) > 1:
            contact.title = join_run(before, 1, len(before) - 1)
    if after:
        contact.city = join_run(after, 0, len(after) - 1).replace(" - ", ", ")


def closing_contact(paragraph_text, *, is_known):
    """A contact from a closing sentence, "For more information, contact Jane Doe,
    Communications Director, at (202) 555-0143 or jdoe@x.org.", or None."""
    match = _CLOSING.match(paragraph_text)
    if not match or not has_detail(match["who"]):
        return None
    who = match["who"].removeprefix("please ").strip()
    pieces = [piece.strip(" ,.") for piece in _CLOSING_JOINER.split(who)]
    # "escriba" of "o escriba a": a lone lower-case word is no part of the contact.
    pieces = [p for p in pieces if p and not (p.islower() and " " not in p and "@" not in p)]
    item = ", ".join(pieces)
    lead = match["lead"]
    heading = tidy_heading(lead.split(",")[0]) if "," in lead else DEFAULT_CONTACT_HEADING
    contact = parse_contact(item, heading=heading, is_known=is_known)
    contact.text = paragraph_text
    return contact


def tidy_heading(text):
    text = text.strip().rstrip(":").strip()
    return (text[:1].upper() + text[1:])[:MAX_HEADING] if text else DEFAULT_CONTACT_HEADING
