"""The statement's "Review and publish" page: each way forward, with what it will do.

Editors hand a draft to the publishers (Submit for review) or take it back; publishers
see what changed since the version they saw last, then publish it now, schedule it,
lift an embargo now, or send it back with a comment; they also unpublish. Every choice
is a button with its outcome written beside it, and the permission is checked again on
the post (`releases.publish_statement` for all but submitting and withdrawing).

Scheduling on a later day than the release date warns and offers the new date.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from .. import reviews
from ..history import compare, snapshot_of_statement
from ..models import Statement
from .formatting import duration, local_date, local_datetime


class ScheduleForm(forms.Form):
    publish_at = forms.SplitDateTimeField(
        label="Appears on the public site at",
        widget=admin.widgets.AdminSplitDateTime,
        help_text=f"Time in {timezone.get_default_timezone_name()}.",
    )

    def clean_publish_at(self):
        when = self.cleaned_data["publish_at"]
        if when <= timezone.now():
            raise forms.ValidationError(
                "This moment has passed: choose a later one, or publish now."
            )
        return when


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label="What should change",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
        help_text="Sent to the editor by email, and shown on this page.",
    )


class SubmitForm(forms.Form):
    note = forms.CharField(
        label="Note to the publishers",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 70}),
        help_text="Optional: what to look at, a deadline, who approved the quotes.",
    )


def later_day(statement, when):
    """The day `when` falls on, if it is later than the statement's release date."""
    day = timezone.localdate(when)
    return day if day > statement.release_date else None


class ReviewPublishMixin:
    def get_urls(self):
        opts = self.opts
        return [
            path(
                "<path:object_id>/publishing/",
                self.admin_site.admin_view(self.publishing_view),
                name=f"{opts.app_label}_{opts.model_name}_publishing",
            ),
            *super().get_urls(),
        ]

    def publishing_url(self, statement):
        return reverse("admin:releases_statement_publishing", args=[statement.pk])

    def publishing_view(self, request, object_id):
        statement = self.get_object(request, unquote(object_id))
        if statement is None:
            raise Http404("No statement with that id.")
        if not self.has_view_or_change_permission(request, statement):
            raise PermissionDenied
        can_publish = self.has_publish_permission(request)
        can_submit = super().has_change_permission(request, statement)
        forms_ = {
            "schedule": ScheduleForm(
                initial={"publish_at": statement.publish_at if statement.is_embargoed else None}
            ),
            "send_back": SendBackForm(),
            "submit": SubmitForm(),
        }
        later = None
        if request.method == "POST":
            step = request.POST.get("_step", "")
            allowed = can_submit if step in ("submit", "withdraw") else can_publish
            if not allowed:
                raise PermissionDenied
            outcome = self._take_step(request, statement, step, forms_)
            if outcome is True:
                return HttpResponseRedirect(request.path)
            later = outcome
        return TemplateResponse(
            request,
            "admin/releases/statement/publishing.html",
            self._publishing_context(request, statement, forms_, later, can_publish, can_submit),
        )

    def _publishing_context(self, request, statement, forms_, later, can_publish, can_submit):
        review = reviews.latest(statement)
        open_review = review if review and review.state == review.State.WAITING else None
        previous, base = reviews.base_snapshot(statement, open_review)
        now = timezone.now()
        embargo_day = statement.is_embargoed and later_day(statement, statement.publish_at)
        media = self.media + forms_["schedule"].media
        return {
            **self.admin_site.each_context(request),
            "title": f"Review and publish “{statement}”",
            "opts": self.opts,
            "original": statement,
            "media": media,
            "review": review,
            "open_review": open_review,
            "previous_review": previous,
            "changes": compare(base, snapshot_of_statement(statement)),
            "can_publish": can_publish,
            "can_submit": can_submit and statement.status == Statement.Status.DRAFT,
            "forms": forms_,
            "later": later and {"day": later, "label": local_date_of(later)},
            "embargo_day": embargo_day
            and {"day": embargo_day, "label": local_date_of(embargo_day)},
            "release_date": local_date_of(statement.release_date),
            "publish_at": statement.publish_at and local_datetime(statement.publish_at),
            "early_by": statement.is_embargoed and duration(statement.publish_at - now),
            "history_url": reverse("admin:releases_statement_history", args=[statement.pk]),
        }

    def _take_step(self, request, statement, step, forms_):
        """Do `step`; True when done (the page is shown again by a redirect), or the
        later day to confirm for a schedule whose day is after the release date."""
        user = request.user
        try:
            match step:
                case "submit":
                    form = forms_["submit"] = SubmitForm(request.POST)
                    if not form.is_valid():
                        return None
                    reviews.submit(statement=statement, user=user, note=form.cleaned_data["note"])
                    self.log_change(request, statement, "Submitted for review.")
                    self.message_user(
                        request,
                        "Submitted for review: the publishers are told by email and on "
                        "their admin home page. It stays a draft until one publishes it.",
                        messages.SUCCESS,
                    )
                case "withdraw":
                    review = reviews.waiting(statement)
                    if review is None:
                        raise reviews.ReviewError("No review is waiting.")
                    reviews.withdraw(review=review, user=user)
                    self.message_user(request, "Withdrawn from review.", messages.SUCCESS)
                case "send_back":
                    form = forms_["send_back"] = SendBackForm(request.POST)
                    review = reviews.waiting(statement)
                    if review is None:
                        raise reviews.ReviewError("No review is waiting: nothing to send back.")
                    if not form.is_valid():
                        return None
                    comment = form.cleaned_data["comment"]
                    reviews.send_back(review=review, user=user, comment=comment)
                    self.log_change(request, statement, "Sent back to the editor.")
                    self.message_user(
                        request,
                        "Sent back: the editor is told by email, with your comment.",
                        messages.SUCCESS,
                    )
                case "publish_now" | "lift":
                    if statement.is_public:
                        raise reviews.ReviewError("It is already on the public site.")
                    lifting = statement.is_embargoed
                    self.publish_statement(
                        request,
                        statement,
                        when=timezone.now(),
                        message="Lifted the embargo." if lifting else "Published.",
                    )
                    self.message_user(
                        request,
                        "Lifted the embargo: it is now on the public site."
                        if lifting
                        else "Published: it is now on the public site.",
                        messages.SUCCESS,
                    )
                case "schedule":
                    return self._schedule(request, statement, forms_)
                case "follow_embargo":
                    return self._follow_embargo(request, statement)
                case "unpublish":
                    if statement.status != Statement.Status.PUBLISHED:
                        raise reviews.ReviewError("It is already a draft.")
                    self.unpublish_statement(request, statement)
                    self.message_user(
                        request,
                        "Unpublished: it is a draft again, hidden from the public, and its "
                        "preview links are withdrawn.",
                        messages.SUCCESS,
                    )
                case _:
                    raise reviews.ReviewError("Choose one of the buttons.")
        except reviews.ReviewError as error:
            self.message_user(request, str(error), messages.ERROR)
        return True

    def _schedule(self, request, statement, forms_):
        form = forms_["schedule"] = ScheduleForm(request.POST)
        if statement.is_public:
            raise reviews.ReviewError("It is already on the public site: unpublish it first.")
        if not form.is_valid():
            return None
        when = form.cleaned_data["publish_at"]
        later = later_day(statement, when)
        choice = request.POST.get("release_date")
        if later and choice not in ("follow", "keep"):
            return later  # asked on the page, with the new date one click away
        message = f"Scheduled for {local_datetime(when)}."
        with transaction.atomic(), self.recorded(request, message):
            if later and choice == "follow":
                statement.release_date = later
                statement.save(update_fields=["release_date", "updated_at"])
            self.publish_statement(request, statement, when=when, message=message)
        said = (
            f"Scheduled: it stays hidden until {local_datetime(when)}, then appears on the "
            "public site by itself."
        )
        if later and choice == "follow":
            said += f" Its release date is now {local_date_of(later)}."
        self.message_user(request, said, messages.SUCCESS)
        return True

    def _follow_embargo(self, request, statement):
        day = statement.is_embargoed and later_day(statement, statement.publish_at)
        if not day:
            raise reviews.ReviewError("The release date already matches the embargo.")
        message = f"Release date set to {local_date_of(day)}, the day the embargo lifts."
        with self.recorded(request, message):
            statement.release_date = day
            statement.updated_by = request.user
            statement.save(update_fields=["release_date", "updated_by", "updated_at"])
            self.log_change(request, statement, message)
        self.message_user(request, message, messages.SUCCESS)
        return True


def local_date_of(day):
    """A date as the admin prints it."""
    return local_date(timezone.make_aware(datetime.datetime.combine(day, datetime.time(12))))
