"""Taking the signatories out of the admin: a CSV export and a printable list."""

from django.contrib import admin
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify

from advocacy import spreadsheets
from releases.models import Statement

from ..models import Question, Signatory
from ..templatetags.coalitions_tags import grouped, public_rows

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
        # The campaigns' own questions, a column each, after the fixed ones.
        questions = list(
            Question.objects.filter(campaign__statement_id__in=statement_ids).order_by(
                "campaign__statement_id", "position", "id"
            )
        )
        writer.writerow(
            [
                "Statement",
                *(label for label, _ in EXPORT_COLUMNS),
                *(question.text for question in questions),
            ]
        )
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
            for question in questions:
                answer = question.answer_display(signatory.answers)
                row.append(answer)
            writer.writerow(row)
        return response

    @admin.action(description="Printable list of approved signatories", permissions=["export"])
    def printable_list(self, request, queryset):
        """The selected signatories as the statement's page lists them: only those it
        lists, in its order and under its headings, one statement a page."""
        selected = queryset.order_by().values("pk")
        statements = (
            Statement.objects.filter(pk__in=queryset.order_by().values("statement_id"))
            .select_related("campaign")
            .order_by("-release_date", "pk")
        )
        lists = []
        for statement in statements:
            campaign = getattr(statement, "campaign", None)
            rows = public_rows(
                Signatory.objects.listed_on(statement, campaign)
                .filter(pk__in=selected)
                .in_public_order(campaign)
            )
            if rows:
                lists.append(
                    {"statement": statement, "rows": rows, "groups": grouped(rows, campaign)}
                )
        return TemplateResponse(
            request,
            "admin/coalitions/signatory/printable.html",
            {
                "lists": lists,
                "title": "Signatories",
                "printed_on": timezone.now(),
                # The list the action was chosen on, with its filters.
                "back_url": request.get_full_path(),
            },
        )
