"""Importing many releases at once, as the command and the admin do, with its report.

In: `Source`s (from `readers`). Out: one `ReportLine` per release: its status
(created, updated, unchanged, new on a dry run, refused), title, date, number of notes,
the statement and its address; and `summary()` of them all. Each release is saved in its
own transaction: one release that is refused does not hold back the others.
"""

from dataclasses import dataclass

from .release import ReleaseFormatError
from .saving import import_release


@dataclass
class ReportLine:
    name: str
    status: str  # created, updated, unchanged, new (a dry run), refused
    title: str = ""
    date: object = None
    notes: int = 0
    statement: object = None
    reason: str = ""  # why it was refused

    @property
    def address(self):
        statement = self.statement
        return statement.get_absolute_url() if statement is not None and statement.pk else ""


def import_sources(sources, *, publish=False, update=False, dry_run=False, user=None):
    lines = []
    for source in sources:
        if source.error:
            lines.append(ReportLine(source.name, "refused", reason=source.error))
            continue
        try:
            outcome = import_release(
                source.text,
                hints=source.hints,
                publish=publish,
                update=update,
                dry_run=dry_run,
                user=user,
            )
        except ReleaseFormatError as error:
            lines.append(ReportLine(source.name, "refused", reason=str(error)))
            continue
        release, statement = outcome.release, outcome.statement
        status = outcome.status
        if dry_run:
            status = "new" if statement is None else "unchanged"
        notes = len(outcome.notes)
        if status == "unchanged" and statement is not None and statement.pk:
            notes = statement.import_notes.unchecked().count()
        lines.append(
            ReportLine(
                source.name,
                status,
                title=statement.title if statement is not None else release.title,
                date=statement.release_date if statement is not None else release.release_date,
                notes=notes,
                statement=statement,
            )
        )
    return lines


def summary(lines, *, dry_run=False):
    counts = {}
    for line in lines:
        counts[line.status] = counts.get(line.status, 0) + 1
    order = ["new", "created", "updated", "unchanged", "refused"]
    parts = [f"{counts[status]} {status}" for status in order if counts.get(status)]
    notes = sum(line.notes for line in lines)
    text = f"{len(lines)} release{'s' if len(lines) != 1 else ''}: " + ", ".join(parts or ["none"])
    text += f"; {notes} note{'s' if notes != 1 else ''} to check."
    if dry_run:
        text += " Dry run: nothing was saved."
    return text
