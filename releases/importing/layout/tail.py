"""The end of a release: signatories, About paragraphs, the end mark, contacts, issuers.

In: the body's paragraphs (from the dateline on) and the names known so far. Out: a
`Tail`: the body's own paragraphs, the end mark, issuers with their About paragraphs,
contacts, signers (with the group heading they stand under and their place) and the kind
of statement the layout shows (a "Signed:" list: joint statement; "Dear …" and
"Sincerely," over the signers: sign-on letter).

What follows the end mark and is none of these (prose) goes back to the end of the body,
with a note: nothing is dropped.
"""

import re
from dataclasses import dataclass, field

from ..fields.contacts import (
    closing_contact,
    contact_entries,
    has_detail,
    parse_contact,
    strip_bullet,
    strip_details,
    tidy_heading,
)
from ..fields.names import split_names, split_signer
from ..release import DEFAULT_CONTACT_HEADING, MAX_END_MARK, MAX_NAME, Signer, Statement
from .abouts import (
    about_heading,
    about_subject,
    attach_about,
    describes_itself,
    issuers_from_lines,
    refers_to,
)
from .patterns import (
    ISSUED_BY,
    SALUTATION,
    SIGNED,
    VALEDICTION,
    contact_heading,
    is_contact_heading,
    is_end_mark,
    is_group_heading,
)

_BULLET = re.compile(r"^(?:[-*+•·–—]|\d{1,3}[.)])\s+")
_SENTENCE = re.compile(r"[a-záéíóúñ]{3,}[.!?][”\"’)]*$")
_FOOTNOTE = re.compile(
    r"^(?:\*+\s*\S|\(.*\)$|.*\bidentification purposes\b|.*\bfines de identificación\b)",
    re.IGNORECASE,
)


@dataclass
class Tail:
    body: list = field(default_factory=list)
    end_mark: str = ""
    issuers: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    signers: list = field(default_factory=list)
    kind: str = ""
    consumed: list = field(default_factory=list)
    notes: list = field(default_factory=list)


def read_tail(paragraphs, known):
    tail = Tail()
    end = next((i for i, par in enumerate(paragraphs) if is_end_mark(par)), None)
    before = paragraphs if end is None else paragraphs[:end]
    after = [] if end is None else paragraphs[end + 1 :]
    if end is not None:
        tail.end_mark = paragraphs[end][0][:MAX_END_MARK]

    # A "Signed:" list or a letter's "Sincerely," before the end mark.
    signed = _signed_start(before)
    trailing = []
    if signed is not None:
        index, split_line = signed
        if split_line:
            before = [
                *before[:index],
                before[index][:-1],
                [before[index][-1]],
                *before[index + 1 :],
            ]
            index += 1
        trailing = before[index:]
        before = before[:index]
    else:
        start = _tail_start(before, _closing_names(after, known))
        trailing, before = before[start:], before[:start]
    sorted_ = _Sorter(known, tail)
    sorted_.read(trailing, in_body=True)
    sorted_.read(after, in_body=False)
    if any(SALUTATION.match(par[0]) for par in before[:4]) and tail.kind:
        tail.kind = Statement.Kind.SIGN_ON_LETTER

    issuers, leftover_names = issuers_from_lines(sorted_.issuer_lines, sorted_.abouts, known)
    unused = attach_about(issuers, sorted_.abouts)
    tail.issuers = issuers
    for issuer in issuers:
        known.add(issuer.lookup)
        known.add(issuer.name)
    tail.contacts = [
        parse_contact(item, heading=heading, is_known=known, shared=shared)
        for heading, item, shared in sorted_.contact_items
    ]
    tail.contacts += sorted_.closing_contacts
    leftovers = [
        *unused,
        *sorted_.footnotes,
        *sorted_.leftovers,
        *([leftover_names] if leftover_names else []),
    ]
    tail.body = before + leftovers
    if sorted_.leftovers or leftover_names:
        tail.notes.append(
            "Some text after the end of the release was not understood (neither names, "
            "contacts nor an About paragraph): it is kept at the end of the body. Please check."
        )
    return tail


def _signed_start(paragraphs):
    """(paragraph index, whether its last line is the valediction) of a signers' list."""
    for index, par in enumerate(paragraphs):
        if index == 0:
            continue
        if SIGNED.match(par[0]) or VALEDICTION.match(par[0]):
            return index, False
        if len(par) > 1 and VALEDICTION.match(par[-1]):
            return index, True
    return None


def _closing_names(paragraphs, known):
    """The organizations a closing line after the end mark names."""
    lines = []
    for par in paragraphs:
        first = par[0]
        issued_by = ISSUED_BY.match(first)
        if issued_by:
            lines += [first[issued_by.end() :], *par[1:]]
        elif (
            _is_name_list(par)
            and len(par) <= 3
            and not any(has_detail(line) for line in par)
            and not is_contact_heading(first)
        ):
            lines += par
    return issuers_from_lines(lines, [], known)[0] if lines else []


def _is_tail_material(par, issuers=()):
    first = par[0]
    if issuers:
        subject = about_subject(par)
        if any(refers_to(issuer.name, *subject) for issuer in issuers):
            return True
    return bool(
        is_contact_heading(first)
        or about_heading(first)
        or closing_contact(" ".join(par), is_known=lambda name: False)
        or describes_itself(par)
        or (ISSUED_BY.match(first) and len(par) <= 3)
    )


def _tail_start(paragraphs, issuers=()):
    """Where contacts and About paragraphs at the end of the body begin (no end mark)."""
    start = len(paragraphs)
    index = len(paragraphs) - 1
    while index >= 1:
        par = paragraphs[index]
        previous = paragraphs[index - 1]
        if _is_tail_material(par, issuers):
            start = index
        elif (
            (is_contact_heading(previous[0]) or about_heading(previous[0])) and len(previous) == 1
        ) or (_looks_like_contacts(par) and start == index + 1):
            start = index
        else:
            break
        index -= 1
    return start


def _looks_like_contacts(par):
    first = par[0]
    if SIGNED.match(first) or first.endswith(":") or is_contact_heading(first):
        return False
    lines_with_details = sum(has_detail(line) for line in par)
    if any(len(strip_details(line).split()) > 20 for line in par):
        return False  # prose that mentions a website
    return lines_with_details > 0 and bool(
        _BULLET.match(first) or lines_with_details * 2 >= len(par) or len(par) <= 4
    )


def _is_name_list(par):
    for index, line in enumerate(par):
        if len(line) > MAX_NAME or len(line.split()) > 20:
            return False
        if line.endswith(":") and not is_group_heading(line):
            return False
        if index and line[:1].islower():
            return False
        if _SENTENCE.search(line) and len(line.split()) > 8:
            return False
    return not (SIGNED.match(par[0]) or is_contact_heading(par[0]) or about_heading(par[0]))


class _Sorter:
    """Sorts the paragraphs at the end of a release into their parts."""

    def __init__(self, known, tail):
        self.known, self.tail = known, tail
        self.contact_items, self.closing_contacts = [], []
        self.issuer_lines, self.abouts, self.leftovers = [], [], []
        self.footnotes = []

    def read(self, paragraphs, *, in_body):
        index = 0
        while index < len(paragraphs):
            par = paragraphs[index]
            first = par[0]
            if SIGNED.match(first) or VALEDICTION.match(first):
                index += self.signers(paragraphs[index:])
                continue
            heading = about_heading(first)
            if heading:
                if len(par) == 1 and not heading["rest"] and index + 1 < len(paragraphs):
                    par = par + paragraphs[index + 1]
                    index += 1
                self.abouts.append(par)
                index += 1
                continue
            found = contact_heading(first)
            closing = closing_contact(" ".join(par), is_known=self.known)
            if found and not closing:
                name, rest = found
                self.tail.consumed.append(first)
                groups = [([rest] if rest else []) + par[1:]]
                index += 1
                while index < len(paragraphs) and _looks_like_contacts(paragraphs[index]):
                    groups.append(paragraphs[index])
                    index += 1
                self.contacts(tidy_heading(name), [g for g in groups if g])
                continue
            if closing:
                self.closing_contacts.append(closing)
                index += 1
                continue
            if not describes_itself(par) and _looks_like_contacts(par):
                self.contacts(DEFAULT_CONTACT_HEADING, [par])
                index += 1
                continue
            issued_by = ISSUED_BY.match(first)
            if issued_by and len(par) <= 3:
                self.tail.consumed.append(first)
                rest = first[issued_by.end() :]
                self.issuer_lines += [line for line in [rest, *par[1:]] if line]
                self.tail.consumed += par[1:]
            elif in_body or describes_itself(par):
                self.abouts.append(par)
            elif _is_name_list(par) and len(par) <= 4:
                self.issuer_lines += [line for line in par if line]
                self.tail.consumed += par  # the closing line, as printed
            else:
                self.leftovers.append(par)
            index += 1

    def contacts(self, heading, groups):
        for group in groups:
            entries, leftover = contact_entries(group)
            self.contact_items += [(heading, item, shared) for item, shared in entries]
            self.issuer_lines += leftover
            self.tail.consumed += leftover

    def signers(self, paragraphs):
        """Read the names under "Signed:" or "Sincerely,"; return the paragraphs used."""
        first = paragraphs[0]
        self.tail.consumed.append(first[0])
        if VALEDICTION.match(first[0]):
            self.tail.kind = Statement.Kind.SIGN_ON_LETTER
        elif not self.tail.kind:
            self.tail.kind = Statement.Kind.JOINT_STATEMENT
        signed = SIGNED.match(first[0])
        rest = signed["rest"] if signed and signed.groupdict().get("rest") else ""
        if rest and rest.count(",") >= 2:
            self.tail.consumed.append(rest)  # "Signed: A, B, C and D": the names apart
            rest = "\n".join(split_names(rest, self.known))
        lines = (rest.split("\n") if rest else []) + first[1:]
        pars = [lines] if lines else []
        used = 1
        for par in paragraphs[1:]:
            if not _is_name_list(par) or is_end_mark(par):
                break
            pars.append(par)
            used += 1
        group = ""
        for par_index, par in enumerate(pars):
            for line_index, line in enumerate(par):
                alone = len(par) == 1 and par_index + 1 < len(pars)
                is_last = line_index + 1 == len(par) and par_index + 1 == len(pars)
                if not is_last and is_group_heading(line, alone=alone or line_index == 0):
                    group = line.rstrip(":").strip()
                    self.tail.consumed.append(line)
                    continue
                text = strip_bullet(line).rstrip(",;").strip()
                if not text:
                    self.tail.consumed.append(line)
                    continue
                if _FOOTNOTE.match(text):
                    self.footnotes.append([text])  # printed under the list: the body's
                    continue
                name, place = split_signer(text)
                self.tail.signers.append(Signer(name=name, place=place, group=group, text=line))
        return used
