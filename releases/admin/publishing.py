"""Publishing from the admin: the Publish and Unpublish actions, on the list and a page.

Both need `releases.publish_statement` (the `publish` permission of the actions). Each
statement changed is recorded as a revision and in the admin's log.
"""

from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import ngettext

from ..models import Statement
from .formatting import local_datetime


class PublishingActionsMixin:
    @admin.action(
        description="Publish this statement",
        description_plural="Publish selected statements",
        permissions=["publish"],
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def publish(self, request, queryset):
        public, embargoed, unchanged = [], [], 0
        with transaction.atomic():
            for statement in queryset:
                if statement.status == Statement.Status.PUBLISHED:
                    unchanged += 1
                    continue
                with self.recorded(request, "Published."):
                    statement.publish(user=request.user)
                    self.log_change(request, statement, "Published.")
                (public if statement.is_public else embargoed).append(statement)
        if public:
            self.message_user(
                request,
                ngettext(
                    "Published %(count)d statement: it is now on the public site.",
                    "Published %(count)d statements: they are now on the public site.",
                    len(public),
                )
                % {"count": len(public)},
                messages.SUCCESS,
            )
        for statement in embargoed:
            self.message_user(
                request,
                format_html(
                    "Published “{}” under embargo: it appears on the public site on {}.",
                    statement,
                    local_datetime(statement.publish_at),
                ),
                messages.SUCCESS,
            )
        if unchanged:
            self.message_user(
                request,
                ngettext(
                    "%(count)d statement was already published and is unchanged.",
                    "%(count)d statements were already published and are unchanged.",
                    unchanged,
                )
                % {"count": unchanged},
                messages.INFO,
            )

    @admin.action(
        description="Unpublish this statement",
        description_plural="Unpublish selected statements",
        permissions=["publish"],
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def unpublish(self, request, queryset):
        withdrawn, unchanged = 0, 0
        with transaction.atomic():
            for statement in queryset:
                if statement.status == Statement.Status.DRAFT:
                    unchanged += 1
                    continue
                with self.recorded(request, "Unpublished: back to draft."):
                    statement.unpublish(user=request.user)
                    self.log_change(request, statement, "Unpublished: back to draft.")
                withdrawn += 1
        if withdrawn:
            self.message_user(
                request,
                ngettext(
                    "Unpublished %(count)d statement: it is a draft again, hidden from the public.",
                    "Unpublished %(count)d statements: they are drafts again, hidden from "
                    "the public.",
                    withdrawn,
                )
                % {"count": withdrawn},
                messages.SUCCESS,
            )
        if unchanged:
            self.message_user(
                request,
                ngettext(
                    "%(count)d statement was already a draft and is unchanged.",
                    "%(count)d statements were already drafts and are unchanged.",
                    unchanged,
                )
                % {"count": unchanged},
                messages.INFO,
            )
