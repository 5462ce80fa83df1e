"""Taking the signatories out of the admin: a CSV export and a printable list."""

from django.contrib import admin
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify

from advocacy import spreadsheets

from ..models import Signatory

EXPORT_COLUMNS = [
    ("Name as listed", "name"),
    ("Kind", "get_kind_display"),
    ("Status", "get_status_display"),
    ("Signed by", "signer_name"),
    ("Title", "signer_title"),
    ("Email", "email"),
    ("City", "city"),
    ("State/region", "region"),
    ("Country", "country"),
    ("Type", "get_organization_type_display"),
    ("Website", "website"),
    ("Wants news", "wants_news"),
    ("Confirmed", "confirmed_at"),
    ("Approved", "approved_at"),
]


class ExportActionsMixin:
    @admin.action(description="Export selected as CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        statement_ids = set(queryset.values_list("statement_id", flat=True))
        name = "signatories"
        if len(statement_ids) == 1:
            name = f"signatories-{slugify(queryset.first().statement.title)[:50]}"
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        response.write("\ufeff")  # spreadsheet programs then read UTF-8
        writer = spreadsheets.writer(response)  # every cell guarded against formulas
        writer.writerow(["Statement", *(label for label, _ in EXPORT_COLUMNS)])
        for signatory in queryset.select_related("statement").order_by(
            "statement", "position", "id"
        ):
            row = [signatory.statement.title]
            for _, attribute in EXPORT_COLUMNS:
                value = getattr(signatory, attribute)
                value = value() if callable(value) else value
                if hasattr(value, "isoformat"):
                    value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
                row.append(value)
            writer.writerow(row)
        return response

    @admin.action(description="Printable list of approved signatories", permissions=["export"])
    def printable_list(self, request, queryset):
        statements = {}
        approved = queryset.filter(status=Signatory.Status.APPROVED).select_related("statement")
        for signatory in approved.order_by("statement", "position", "sort_key"):
            statements.setdefault(signatory.statement, []).append(signatory)
        return TemplateResponse(
            request,
            "admin/coalitions/signatory/printable.html",
            {"statements": statements, "title": "Signatories", "printed_on": timezone.now()},
        )
