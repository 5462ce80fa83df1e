"""Publishing from the admin: the Publish and Unpublish actions, on the list and a page.

Both need `releases.publish_statement` (the `publish` permission of the actions). Each
statement changed is recorded as a revision and in the admin's log. Publishing a
statement under embargo lifts the embargo, after a page that says so and asks.
"""

from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import ngettext

from .. import cards
from ..models import Statement
from .formatting import duration, local_datetime


class PublishingActionsMixin:
    def publish_statement(self, request, statement, *, when=None, message="Published."):
        """Publish one statement (at `when`, else now or at the time it already has), as a
        revision and in the admin's log."""
        with self.recorded(request, message):
            statement.publish(when=when, user=request.user)
            self.log_change(request, statement, message)
            cards.refresh(statement)  # what it shares with, if it has no card yet

    @admin.action(
        description="Publish this statement",
        description_plural="Publish selected statements",
        permissions=["publish"],
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def publish(self, request, queryset):
        """Drafts go public (or under the embargo they were given); a statement under
        embargo goes public now, once the publisher has said yes to lifting it."""
        statements = list(queryset)
        early = [statement for statement in statements if statement.is_embargoed]
        if early and request.POST.get("confirmed") != "lift-embargo":
            return self._confirm_lifting(request, statements, early)
        public, embargoed, lifted, unchanged = [], [], [], 0
        with transaction.atomic():
            for statement in statements:
                if statement.is_public:
                    unchanged += 1
                elif statement.is_embargoed:
                    self.publish_statement(
                        request, statement, when=timezone.now(), message="Lifted the embargo."
                    )
                    lifted.append(statement)
                else:
                    self.publish_statement(request, statement)
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
        for statement in lifted:
            self.message_user(
                request,
                format_html("Lifted the embargo on “{}”: it is now on the public site.", statement),
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
                    "%(count)d statement was already public and is unchanged.",
                    "%(count)d statements were already public and are unchanged.",
                    unchanged,
                )
                % {"count": unchanged},
                messages.INFO,
            )
        return None

    def _confirm_lifting(self, request, statements, early):
        """The page that asks before a statement under embargo goes public early."""
        now = timezone.now()
        context = {
            **self.admin_site.each_context(request),
            "title": "Lift the embargo now?",
            "opts": self.opts,
            "early": [
                {
                    "statement": statement,
                    "until": local_datetime(statement.publish_at),
                    "early_by": duration(statement.publish_at - now),
                }
                for statement in early
            ],
            "drafts": [s for s in statements if s.status == Statement.Status.DRAFT],
            # What the action posted, posted again with the answer.
            "posted": [
                (name, value)
                for name, values in request.POST.lists()
                if name not in ("csrfmiddlewaretoken", "confirmed")
                for value in values
            ],
        }
        return TemplateResponse(request, "admin/releases/statement/lift_embargo.html", context)

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
                self.unpublish_statement(request, statement)
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

    def unpublish_statement(self, request, statement):
        message = "Unpublished: back to draft."
        with self.recorded(request, message):
            statement.unpublish(user=request.user)
            self.log_change(request, statement, message)
