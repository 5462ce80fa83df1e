"""The importer: old releases, in the files they are kept in, into statements.

The parts, in the order the data flows:

- `readers`: a file (.txt, .docx, .html, .eml, a folder, a .zip, a WordPress export)
  into the text of each release in it, with `Hints` (a subject, a date, tags, images);
- `cleaning`: text into paragraphs, with page furniture set aside;
- `layout`: paragraphs into the parts of a release (`head`, `tail`, `abouts`);
- `fields`: the facts inside lines: dates, datelines, contacts, names, the language;
- `directory`: organizations and people already known, matched or added;
- `saving`: one transaction, a revision, notes to check; `models`: those notes and the
  old addresses that redirect to the imported statements.
"""

from .layout import parse_release
from .release import (
    Contact,
    Hints,
    Issuer,
    PhoneNumber,
    Release,
    ReleaseFormatError,
    Signer,
)
from .saving import ImportOutcome, import_release

__all__ = [
    "Contact",
    "Hints",
    "ImportOutcome",
    "Issuer",
    "PhoneNumber",
    "Release",
    "ReleaseFormatError",
    "Signer",
    "import_release",
    "parse_release",
]
