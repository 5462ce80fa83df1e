"""What a release is made of, as the importer reads it: plain data, no database.

In: nothing (these are the shapes the other parts fill in). Out: `Release` and its parts,
which `saving` turns into a statement, its issuers, contacts, signatories and notes.
"""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from ..models import Statement

DEFAULT_CONTACT_HEADING = "Media contact"

# The longest values the model fields hold.
MAX_TITLE = Statement._meta.get_field("title").max_length
MAX_DECK = Statement._meta.get_field("deck").max_length
MAX_PLACE = Statement._meta.get_field("dateline_place").max_length
MAX_END_MARK = Statement._meta.get_field("end_mark").max_length
MAX_NAME = 200  # an organization's or a signatory's name
MAX_HEADING = 200  # a contact block's heading
#: A release is a few pages; longer text is not one, and would keep a worker busy.
MAX_TEXT = 1_000_000


class ReleaseFormatError(ValueError):
    """The input is not a release at all (empty, binary, far too long). The message says
    why, for a person. Anything else that is text is imported, with notes."""


class PhoneNumber(NamedTuple):
    label: str  # "Mexico", "U.S.", "cell" or ""
    number: str  # as printed: "(+52) 55.5211.9397"


@dataclass
class Issuer:
    """An issuing organization as the release names it."""

    name: str  # as printed, e.g. "NNIRR"
    about: str = ""  # its About paragraph, as printed
    website: str = ""  # https://..., taken from the About paragraph
    full_name: str = ""  # learned from the About paragraph, e.g. "National Network for ..."
    acronym: str = ""  # e.g. "NNIRR"
    heading: str = ""  # "About NNIRR", when the About paragraph had one

    @property
    def lookup(self):
        """The fullest name known, e.g. "National Network for ... (NNIRR)", to match with."""
        if self.full_name and self.acronym:
            return f"{self.full_name} ({self.acronym})"
        return self.full_name or self.name


@dataclass
class Contact:
    """One entry of a contact block: a person and/or an organization, with details."""

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
class Signer:
    """A name under a joint statement or a sign-on letter."""

    name: str  # "Desert Dreamers Network"
    place: str = ""  # "AZ", as printed after the name
    group: str = ""  # the heading it stands under: "State and Local Organizations"
    text: str = ""  # the line as printed


@dataclass
class Spokesperson:
    """Someone the body introduces as "Name, Title of Organization"."""

    name: str
    title: str
    organization: str


@dataclass
class Attachment:
    """A file that goes with the release (an image of a WordPress post)."""

    name: str
    title: str
    data: bytes | None = None  # None: not found, and a note says so
    address: str = ""  # where it was on the old site


@dataclass
class Hints:
    """What the file around the text says: an email's subject and date, a WordPress
    post's title, date, categories, images and address."""

    title: str = ""
    date: datetime.date | None = None
    tags: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    old_addresses: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Release:
    title: str
    body: str  # Markdown: paragraphs separated by blank lines
    dateline_place: str = ""
    release_date: datetime.date | None = None
    end_mark: str = ""
    deck: str = ""
    kind: str = Statement.Kind.PRESS_RELEASE
    language: str = Statement.Language.ENGLISH
    publish_at: datetime.datetime | None = None  # an "EMBARGOED UNTIL" line
    dated: bool = True  # False: no date was found, `release_date` is the day of the import
    issuers: list[Issuer] = field(default_factory=list)
    signatories: list[Signer] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    spokespeople: list[Spokesperson] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    old_addresses: list[str] = field(default_factory=list)
    #: "Please check" notes: what was guessed or not found.
    notes: list[str] = field(default_factory=list)
    #: Lines read into a field without being printed in it: header lines, the dateline,
    #: the embargo line, headings. With the fields, they account for every line.
    consumed: list[str] = field(default_factory=list)
    #: Page furniture taken out ("- more -", "Share this", page numbers).
    furniture: list[str] = field(default_factory=list)

    @property
    def contact_heading(self):
        return self.contacts[0].heading if self.contacts else ""

    def printed_parts(self):
        """Every piece of text the release keeps, for the test that no line is lost."""
        parts = [self.title, self.deck, self.dateline_place, self.body, self.end_mark]
        for issuer in self.issuers:
            parts += [issuer.name, issuer.about, issuer.heading]
        parts += [contact.text for contact in self.contacts]
        parts += [contact.heading for contact in self.contacts]
        parts += [signer.text or signer.name for signer in self.signatories]
        parts += [signer.group for signer in self.signatories]
        return [part for part in [*parts, *self.consumed] if part]
