"""The admin's History page as revisions: who, when, what changed, and restoring one.

`HistoryAdminMixin` goes before `admin.ModelAdmin` in a model admin's bases. Every change
saved through its change form is recorded as a revision with the user and the admin's
change message. The History button lists the revisions; each opens a comparison with the
revision before it; where the model's history is restorable, a revision can be restored
after a confirmation (a POST).

Seeing the history needs the view (or change) permission on the object; restoring needs
the change permission.
"""

from contextlib import contextmanager

import reversion
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.timezone import localtime
from reversion.models import Version

from ..history import SYSTEM, ObjectHistory, RestoreError, author, description

#: The comment of the revision recorded before an object's first change in the admin.
BASELINE = SYSTEM + "As it was before its history was kept."

#: Revisions listed on one page of an object's history.
HISTORY_PAGE = 25


class HistoryAdminMixin:
    history = ObjectHistory()

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/<int:revision_id>/",
                wrap(self.revision_view),
                name="{}_{}_revision".format(*info),
            ),
            path(
                "<path:object_id>/history/<int:revision_id>/restore/",
                wrap(self.restore_view),
                name="{}_{}_restore".format(*info),
            ),
            *super().get_urls(),
        ]

    # Recording

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id:
            self._record_baseline(request, object_id)
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def _record_baseline(self, request, object_id):
        """Before the first recorded change of an object made before history was kept,
        record it as it is, so that the change can be compared and undone."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            return
        if Version.objects.get_for_object(obj).exists():
            return
        with reversion.create_revision():
            reversion.add_to_revision(obj)
            reversion.set_comment(BASELINE)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.change_message)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.change_message)
        return entry

    @contextmanager
    def recorded(self, request, message):
        """A revision for a change made outside the change form (an action)."""
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(message)
            yield

    # Pages

    def _history_object(self, request, object_id, *, change=False):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with the ID “{object_id}”.")
        allowed = (
            self.has_change_permission(request, obj)
            if change
            else self.has_view_or_change_permission(request, obj)
        )
        if not allowed:
            raise PermissionDenied
        return obj

    def _context(self, request, obj, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "module_name": str(capfirst(self.opts.verbose_name_plural)),
            "preserved_filters": self.get_preserved_filters(request),
            "can_restore": self.history.restorable and self.has_change_permission(request, obj),
            **extra,
        }

    def _url(self, name, obj, revision=None):
        args = [obj.pk] if revision is None else [obj.pk, revision.pk]
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}",
            args=args,
            current_app=self.admin_site.name,
        )

    def history_view(self, request, object_id, extra_context=None):
        obj = self._history_object(request, object_id)
        try:
            page = max(1, int(request.GET.get("p", 1)))
        except ValueError:
            page = 1
        start = (page - 1) * HISTORY_PAGE
        # One more than the page shows: the last one's changes are against it.
        versions = list(self.history.versions(obj)[start : start + HISTORY_PAGE + 1])
        revisions = [version.revision for version in versions]
        snapshots = self.history.snapshots(revisions, obj)
        entries = []
        for index, revision in enumerate(revisions[:HISTORY_PAGE]):
            older = revisions[index + 1] if index + 1 < len(revisions) else None
            old = snapshots.get(older.pk) if older else None
            changes = self.history.compare(old, snapshots[revision.pk], obj)
            entries.append(
                {
                    "revision": revision,
                    "author": author(revision),
                    "description": description(revision),
                    "changed": [change.label for change in changes],
                    "first": older is None,
                    "url": self._url("revision", obj, revision),
                }
            )
        context = self._context(
            request,
            obj,
            f"History: {obj}",
            entries=entries,
            page=page,
            newer_page=page - 1 if page > 1 else None,
            older_page=page + 1 if len(versions) > HISTORY_PAGE else None,
            **(extra_context or {}),
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/history/revisions.html", context)

    def _revision(self, obj, revision_id):
        version = self.history.versions(obj).filter(revision_id=revision_id).first()
        if version is None:
            raise Http404("No such revision of this object.")
        return version.revision

    def _older(self, obj, revision):
        for version in self.history.versions(obj).filter(
            revision__date_created__lte=revision.date_created
        ):
            candidate = version.revision
            if (candidate.date_created, candidate.pk) < (revision.date_created, revision.pk):
                return candidate
        return None

    def revision_view(self, request, object_id, revision_id):
        obj = self._history_object(request, object_id)
        revision = self._revision(obj, revision_id)
        older = self._older(obj, revision)
        snapshots = self.history.snapshots([r for r in (revision, older) if r], obj)
        changes = self.history.compare(
            snapshots.get(older.pk) if older else None, snapshots[revision.pk], obj
        )
        when = date_format(localtime(revision.date_created), "DATETIME_FORMAT")
        context = self._context(
            request,
            obj,
            f"Revision of {when}: {obj}",
            revision=revision,
            older=older,
            author=author(revision),
            description=description(revision),
            changes=changes,
            history_url=self._url("history", obj),
            restore_url=self._url("restore", obj, revision) if self.history.restorable else None,
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/history/revision.html", context)

    def restore_view(self, request, object_id, revision_id):
        if not self.history.restorable:
            raise Http404("This history cannot be restored.")
        obj = self._history_object(request, object_id, change=True)
        revision = self._revision(obj, revision_id)
        when = date_format(localtime(revision.date_created), "DATETIME_FORMAT")
        if request.method == "POST":
            try:
                changes = self.history.restore(obj, revision, user=request.user)
            except RestoreError as error:
                self.message_user(request, f"Could not restore: {error}", messages.ERROR)
                return HttpResponseRedirect(self._url("revision", obj, revision))
            if changes:
                labels = ", ".join(change.label.lower() for change in changes)
                self.message_user(
                    request, f"Restored the version of {when} ({labels}).", messages.SUCCESS
                )
            else:
                self.message_user(
                    request, "It is already as that version was: nothing changed.", messages.INFO
                )
            return HttpResponseRedirect(self._url("change", obj))
        snapshots = self.history.snapshots([revision], obj)
        changes = self.history.compare(self.history.current(obj), snapshots[revision.pk], obj)
        context = self._context(
            request,
            obj,
            f"Restore the version of {when}?",
            revision=revision,
            changes=changes,
            revision_url=self._url("revision", obj, revision),
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/history/restore.html", context)
