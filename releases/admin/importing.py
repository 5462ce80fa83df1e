"""Import a release from pasted text or a file, from the statement list's "Import"."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst

from ..forms import ImportReleaseForm
from ..importer import ReleaseFormatError, import_release
from .formatting import local_datetime


class ImportReleaseMixin:
    def get_urls(self):
        opts = self.opts
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name=f"{opts.app_label}_{opts.model_name}_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportReleaseForm(
            request.POST or None,
            request.FILES or None,
            can_publish=self.has_publish_permission(request),
        )
        if request.method == "POST" and form.is_valid():
            publish = form.cleaned_data.get("publish", False)
            try:
                with transaction.atomic():
                    outcome = import_release(
                        form.cleaned_data["text"], publish=publish, user=request.user
                    )
            except ReleaseFormatError as error:
                form.add_error(form.source_field, capfirst(str(error)))
            else:
                return self.imported(request, outcome, publish=publish)
        context = {
            **self.admin_site.each_context(request),
            "title": "Import a release from text",
            "opts": self.opts,
            "form": form,
            # Laid out by the admin's own fieldset template, like every other admin form.
            "adminform": admin.helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/releases/statement/import.html", context)

    def imported(self, request, outcome, *, publish):
        statement = outcome.statement
        if not outcome.created:
            self.message_user(request, "Already imported: nothing changed.", messages.WARNING)
            if publish and not statement.is_public and not statement.is_embargoed:
                self.message_user(
                    request,
                    "It is still a draft: publish it from this page when it is ready.",
                    messages.INFO,
                )
        else:
            self.log_addition(request, statement, "Imported from text.")
            if statement.is_public:
                message = "Imported and published: it is on the public site."
            elif statement.is_embargoed:
                message = format_html(
                    "Imported and published under embargo until {}.",
                    local_datetime(statement.publish_at),
                )
            else:
                message = "Imported as a draft — review and publish."
            self.message_user(request, message, messages.SUCCESS)
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[statement.pk]
        )
        return HttpResponseRedirect(change_url)
