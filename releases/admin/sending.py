"""Sending a statement to the press, from its admin page: the "Send to the press" page,
and the statement's sends and reads shown on it (releases.distribution)."""

from django.contrib import admin
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import path

from ..distribution import reach
from ..distribution.admin.sends import compose, may_send

PRESS_FIELDSET = ("Sent to the press, and read", {"fields": ["press"]})


class SendingAdminMixin:
    def get_urls(self):
        opts = self.opts
        return [
            path(
                "<path:object_id>/send/",
                self.admin_site.admin_view(self.send_view),
                name=f"{opts.app_label}_{opts.model_name}_send",
            ),
            *super().get_urls(),
        ]

    def send_view(self, request, object_id):
        statement = self.get_object(request, object_id)
        if statement is None:
            raise Http404("No statement with that id.")
        return compose(self, request, statement)

    def _shows_press(self, request, obj):
        return obj is not None and request.user.has_perm("releases.view_send")

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return [*readonly, "press"] if self._shows_press(request, obj) else readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return [*fieldsets, PRESS_FIELDSET] if self._shows_press(request, obj) else fieldsets

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_send_release"] = obj is not None and may_send(request)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="Sends and reads")
    def press(self, obj):
        reach.flush()  # the reads counted since the last flush, so that staff see them all
        return render_to_string(
            "admin/releases/statement/press.html",
            {
                "statement": obj,
                "sends": list(obj.sends.select_related("created_by").prefetch_related("lists")),
                "reads": reach.summary(obj),
            },
        )
