"""The import in the admin: releases from pasted text or files, the report, the notes to
check on each imported draft, and the table of old addresses that redirect.

- "Import" on the statement list takes pasted text and several files at once (anything
  `releases.importing.readers` reads) and shows the report: one line per release, with a
  link to each draft.
- A draft's notes ("please check") show on its page and as a column and filter of the
  list until an editor marks them checked.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst

from ..forms import ImportReleaseForm
from ..importing.batch import import_sources, summary
from ..importing.models import ImportNote, OldAddress
from ..importing.readers import read_file, read_text


class NotesToCheckFilter(admin.SimpleListFilter):
    title = "notes from the import"
    parameter_name = "to_check"

    def lookups(self, request, model_admin):
        return [("yes", "To check"), ("no", "None to check")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(notes_to_check__gt=0)
        if self.value() == "no":
            return queryset.filter(notes_to_check=0)
        return queryset


class ImportReleaseMixin:
    def get_urls(self):
        opts = self.opts
        prefix = f"{opts.app_label}_{opts.model_name}"
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name=f"{prefix}_import"),
            path(
                "import/report/",
                self.admin_site.admin_view(self.import_report_view),
                name=f"{prefix}_import_report",
            ),
            path(
                "<path:object_id>/import-notes/checked/",
                self.admin_site.admin_view(self.check_notes_view),
                name=f"{prefix}_check_notes",
            ),
            *super().get_urls(),
        ]

    # The list: a column and a filter of the notes to check.

    def get_queryset(self, request):
        # A subquery per row shown, not a join and GROUP BY over the whole archive (the
        # list's count leaves it out).
        unchecked = (
            ImportNote.objects.unchecked()
            .filter(statement=OuterRef("pk"))
            .order_by()
            .values("statement")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super().get_queryset(request).annotate(notes_to_check=Coalesce(Subquery(unchecked), 0))
        )

    def get_list_display(self, request):
        return [*super().get_list_display(request), "notes_to_check_display"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), NotesToCheckFilter]

    @admin.display(description="To check", ordering="notes_to_check")
    def notes_to_check_display(self, obj):
        return obj.notes_to_check or ""

    # A draft's page: its notes, and the button that marks them checked.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        notes = []
        if str(object_id).isdigit():
            notes = list(ImportNote.objects.unchecked().filter(statement_id=object_id))
        extra_context = {**(extra_context or {}), "import_notes": notes}
        return super().change_view(request, object_id, form_url, extra_context)

    def check_notes_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        statement = get_object_or_404(self.model, pk=object_id)
        if not self.has_change_permission(request, statement):
            raise PermissionDenied
        checked = statement.import_notes.unchecked().update(
            checked_at=timezone.now(), checked_by=request.user
        )
        if checked:
            self.message_user(
                request,
                f"{checked} note{'s' if checked != 1 else ''} from the import marked checked.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(
            reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[statement.pk]
            )
        )

    # The import and its report.

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        can_publish = self.has_publish_permission(request)
        form = ImportReleaseForm(
            request.POST or None, request.FILES or None, can_publish=can_publish
        )
        if request.method == "POST" and form.is_valid():
            sources = []
            if form.cleaned_data["text"].strip():
                sources.append(read_text("Pasted text", form.cleaned_data["text"]))
            for upload in form.cleaned_data["files"]:
                sources += read_file(upload.name, upload.read())
            dry_run = form.cleaned_data["dry_run"]
            publish = can_publish and form.cleaned_data.get("publish", False)
            lines = import_sources(sources, publish=publish, dry_run=dry_run, user=request.user)
            if len(lines) == 1 and lines[0].status == "refused" and not form.cleaned_data["files"]:
                form.add_error("text", capfirst(lines[0].reason) + ".")
            else:
                for line in lines:
                    if line.status == "created":
                        self.log_addition(request, line.statement, "Imported.")
                request.session[REPORT_KEY] = {
                    "rows": [_report_row(line) for line in lines],
                    "summary": summary(lines, dry_run=dry_run),
                    "dry_run": dry_run,
                }
                return HttpResponseRedirect(
                    reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import_report")
                )
        context = {
            **self.admin_site.each_context(request),
            "title": "Import releases",
            "opts": self.opts,
            "form": form,
            # Laid out by the admin's own fieldset template, like every other admin form.
            "adminform": admin.helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/releases/statement/import.html", context)

    def import_report_view(self, request):
        """The report of the last import (kept in the session: reloading it imports
        nothing again)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        report = request.session.get(REPORT_KEY)
        if report is None:
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
            )
        change = f"admin:{self.opts.app_label}_{self.opts.model_name}_change"
        rows = [
            {**row, "change_url": reverse(change, args=[row["statement"]])}
            if row["statement"]
            else row
            for row in report["rows"]
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Import report" + (" (nothing saved)" if report["dry_run"] else ""),
            "opts": self.opts,
            "rows": rows,
            "summary": report["summary"],
            "dry_run": report["dry_run"],
        }
        return TemplateResponse(request, "admin/releases/statement/import_report.html", context)


REPORT_KEY = "releases_import_report"


def _report_row(line):
    statement = line.statement
    saved = statement is not None and statement.pk is not None
    return {
        "name": line.name,
        "status": line.status,
        "title": line.title,
        "date": line.date.isoformat() if line.date else "",
        "notes": line.notes,
        "statement": statement.pk if saved else None,
        "address": line.address,
        "visibility": statement.visibility if saved else "",
        "reason": line.reason,
    }


@admin.register(OldAddress)
class OldAddressAdmin(admin.ModelAdmin):
    """Old addresses (a WordPress post's) that lead to the statements imported from them;
    the redirect works once the statement is public."""

    list_display = ["path", "statement", "created_at"]
    search_fields = ["path", "statement__title"]
    autocomplete_fields = ["statement"]
    list_select_related = ["statement"]
