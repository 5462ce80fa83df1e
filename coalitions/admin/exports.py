"""Taking the signatories out of the admin: a CSV export (`coalitions.exports`) and a
printable list."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils import timezone

from releases.models import Statement

from .. import exports
from ..models import Signatory
from ..templatetags.coalitions_tags import grouped, public_rows


class ExportActionsMixin:
    @admin.action(description="Export selected as CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        return exports.csv_response(queryset)  # streamed: constant memory for any size

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
