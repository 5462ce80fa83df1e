"""The press list in and out of spreadsheets: CSV import with a report, and export.

An import reads every row first, then saves the good ones in one transaction. Each row is
added (a new address), updated (a known address: the cells that are filled replace what
is stored, empty cells change nothing), unchanged, or refused with the reason; what it
could not use (an unknown topic or list) is reported, never dropped in silence.
Addresses are matched case-insensitively, so a list never holds one address twice.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag

from advocacy.text import csv_safe

from .models import Journalist, MediaList, Suppression, normalize_email

MAX_ROWS = 20_000
COLUMNS = ["email", "name", "first_name", "outlet", "beat", "language", "topics", "lists", "notes"]
ALIASES = {
    "e-mail": "email",
    "mail": "email",
    "email address": "email",
    "full name": "name",
    "first name": "first_name",
    "firstname": "first_name",
    "publication": "outlet",
    "media": "outlet",
    "media outlet": "outlet",
    "lang": "language",
    "tags": "topics",
    "topic": "topics",
    "list": "lists",
    "media lists": "lists",
    "note": "notes",
}
LANGUAGES = {
    "en": "en",
    "english": "en",
    "inglés": "en",
    "ingles": "en",
    "es": "es",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
}
TEXT_FIELDS = {"name": 200, "first_name": 100, "outlet": 200, "beat": 200}


class UnreadableFile(Exception):
    """The file as a whole cannot be read; the message says why."""


@dataclass
class Report:
    added: list = field(default_factory=list)  # (row number, email)
    updated: list = field(default_factory=list)  # (row number, email, [fields changed])
    unchanged: list = field(default_factory=list)  # (row number, email)
    refused: list = field(default_factory=list)  # (row number, what it held, reason)
    notes: list = field(default_factory=list)  # (row number, email, what was left out)


def _split(cell):
    return [part.strip() for part in cell.replace("|", ";").split(";") if part.strip()]


def read_rows(data):
    """The file's rows as dicts of our column names; UnreadableFile if it cannot be read."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel on Windows
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise UnreadableFile("The file is empty.") from None
    names = [ALIASES.get(cell.strip().lower(), cell.strip().lower()) for cell in header]
    if "email" not in names:
        raise UnreadableFile(
            "The first row must name the columns, one of them “email”. Columns read: "
            + (", ".join(cell for cell in header if cell) or "none")
            + "."
        )
    unknown = [cell for cell, name in zip(header, names, strict=True) if name not in COLUMNS]
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        rows.append((number, {n: c.strip() for n, c in zip(names, cells, strict=False)}))
        if len(rows) > MAX_ROWS:
            raise UnreadableFile(f"More than {MAX_ROWS:,} rows: split the file.")
    return rows, unknown


def import_journalists(data, *, consent_note, user=None, add_to=None):
    """Read a CSV file (bytes) and save its journalists; returns a Report."""
    rows, unknown_columns = read_rows(data)
    report = Report()
    if unknown_columns:
        report.notes.append((1, "", f"Columns not read: {', '.join(unknown_columns)}."))
    tags = {tag.name.lower(): tag for tag in Tag.objects.all()}
    lists = {media_list.name.lower(): media_list for media_list in MediaList.objects.all()}
    emails = sorted({normalize_email(cells.get("email")) for _number, cells in rows} - {""})
    existing = {}
    for start in range(0, len(emails), 1000):
        known = Journalist.objects.filter(email__in=emails[start : start + 1000])
        existing.update((j.email, j) for j in known.prefetch_related("topics", "media_lists"))
    suppressed = set(Suppression.objects.values_list("email", flat=True))
    seen = {}
    with transaction.atomic():
        for number, cells in rows:
            email = normalize_email(cells.get("email"))
            problem = _problem(cells, email, seen)
            if problem:
                report.refused.append((number, cells.get("email", ""), problem))
                continue
            seen[email] = number
            journalist = existing.get(email)
            created = journalist is None
            if created:
                journalist = Journalist(
                    email=email,
                    consent_source=Journalist.Consent.IMPORT,
                    consent_at=timezone.now(),
                    consent_note=consent_note,
                    added_by=user,
                )
            changed = _apply(journalist, cells)
            topics, missing_topics = _lookup(cells.get("topics", ""), tags)
            chosen_lists, missing_lists = _lookup(cells.get("lists", ""), lists)
            if add_to is not None:
                chosen_lists.append(add_to)
            if created or changed:
                journalist.save()
            had_topics = set() if created else set(journalist.topics.all())
            had_lists = set() if created else set(journalist.media_lists.all())
            new_topics = [tag for tag in topics if tag not in had_topics]
            new_lists = [media_list for media_list in chosen_lists if media_list not in had_lists]
            if new_topics:
                journalist.topics.add(*new_topics)
                changed.append("topics")
            if new_lists:
                journalist.media_lists.add(*new_lists)
                changed.append("lists")
            if created:
                report.added.append((number, email))
            elif changed:
                report.updated.append((number, email, changed))
            else:
                report.unchanged.append((number, email))
            for missing, what in ((missing_topics, "topics"), (missing_lists, "lists")):
                if missing:
                    report.notes.append(
                        (number, email, f"Unknown {what}, left out: {', '.join(missing)}.")
                    )
            if email in suppressed:
                report.notes.append(
                    (number, email, "On the suppression list: nothing will be sent to it.")
                )
    return report


def _problem(cells, email, seen):
    if not email:
        return "No email address."
    try:
        validate_email(email)
    except ValidationError:
        return "Not an email address."
    if email in seen:
        return f"The same address as row {seen[email]}."
    language = cells.get("language", "").lower()
    if language and language not in LANGUAGES:
        return "Language must be English (en) or Spanish (es)."
    for name, limit in TEXT_FIELDS.items():
        if len(cells.get(name, "")) > limit:
            return f"{name.replace('_', ' ').capitalize()} is longer than {limit} characters."
    return None


def _apply(journalist, cells):
    """Set the filled cells; the names of the fields that changed."""
    changed = []
    values = {name: " ".join(cells.get(name, "").split()) for name in TEXT_FIELDS}
    values["notes"] = cells.get("notes", "")
    language = cells.get("language", "").lower()
    if language:
        values["language"] = LANGUAGES[language]
    for name, value in values.items():
        if value and getattr(journalist, name) != value:
            setattr(journalist, name, value)
            changed.append(name)
    return changed


def _lookup(cell, known):
    found, missing = [], []
    for name in _split(cell):
        item = known.get(name.lower())
        (found if item is not None else missing).append(item if item is not None else name)
    return found, missing


def export_journalists(journalists):
    """The journalists as CSV text, in the columns the import reads."""
    out = io.StringIO()
    out.write("\ufeff")  # spreadsheet programs then read UTF-8
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for journalist in journalists.prefetch_related("topics", "media_lists"):
        writer.writerow(
            [
                csv_safe(value)
                for value in (
                    journalist.email,
                    journalist.name,
                    journalist.first_name,
                    journalist.outlet,
                    journalist.beat,
                    journalist.language,
                    "; ".join(sorted(tag.name for tag in journalist.topics.all())),
                    "; ".join(sorted(m.name for m in journalist.media_lists.all())),
                    journalist.notes,
                )
            ]
        )
    return out.getvalue()
