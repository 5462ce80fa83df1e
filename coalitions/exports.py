"""The CSV export of signatories, streamed: constant memory for 100 rows or 100,000.

Rows are read from the database in chunks (a server-side cursor on PostgreSQL) and
written out as they come, a chunk of lines at a time; nothing holds the whole list, so
the worker's memory does not grow with the size of the export. Every cell goes through
`advocacy.spreadsheets`, which keeps a spreadsheet program from reading it as a formula;
the campaigns' own questions follow the fixed columns, one column each.
"""

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

from advocacy import spreadsheets
from releases.models import Statement

from .models import Question

EXPORT_COLUMNS = [
    ("Name as listed", "name"),
    ("Kind", "get_kind_display"),
    ("Status", "get_status_display"),
    ("Signed by", "signer_name"),
    ("Title", "signer_title"),
    ("Email", "email"),
    ("Phone", "phone"),
    ("City", "city"),
    ("State/region", "region"),
    ("Country", "country_name"),
    ("Type", "get_organization_type_display"),
    ("Website", "website"),
    ("Wants news", "wants_news"),
    ("Confirmed", "confirmed_at"),
    ("Approved", "approved_at"),
]
CHUNK = 2000


class _Lines:
    """A file-like object that hands back what csv.writer writes to it."""

    def write(self, line):
        return line


def _cells(signatory, titles, questions):
    row = [titles[signatory.statement_id]]
    for _, attribute in EXPORT_COLUMNS:
        value = getattr(signatory, attribute)
        value = value() if callable(value) else value
        if hasattr(value, "isoformat"):
            value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        row.append(value)
    row.extend(question.answer_display(signatory.answers) for question in questions)
    return row


def rows(queryset):
    """The export's lines (header first), a chunk of lines at a time."""
    writer = spreadsheets.writer(_Lines())
    statement_ids = queryset.order_by().values("statement_id").distinct()
    titles = dict(Statement.objects.filter(pk__in=statement_ids).values_list("pk", "title"))
    questions = list(
        Question.objects.filter(campaign__statement_id__in=titles).order_by(
            "campaign__statement_id", "position", "id"
        )
    )
    header = ["Statement", *(label for label, _ in EXPORT_COLUMNS)]
    yield "\ufeff" + writer.writerow([*header, *(question.text for question in questions)])
    lines = []
    for signatory in queryset.order_by("statement", "position", "id").iterator(chunk_size=CHUNK):
        lines.append(writer.writerow(_cells(signatory, titles, questions)))
        if len(lines) >= CHUNK:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def csv_response(queryset):
    """The signatories of `queryset` as a CSV download (UTF-8 with a BOM, which
    spreadsheet programs need to read it as UTF-8), streamed."""
    statements = list(queryset.order_by().values_list("statement__title", flat=True).distinct()[:2])
    name = "signatories"
    if len(statements) == 1:
        name = f"signatories-{slugify(statements[0])[:50]}"
    response = StreamingHttpResponse(rows(queryset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
