"""Writing a statement in the admin: the body's live preview, the draft kept in the
browser, tags as chips, and the buttons that hand the draft on.

The preview is rendered here, by the code that renders the public page (`markup.render`
and the dateline of `body_with_dateline`), so it shows what the site will print. The
scripts are static files (`static/js/`): the CSP allows no inline script or style.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils.dateparse import parse_date
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from .. import markup, reviews
from ..models import Statement
from ..templatetags.releases_tags import body_with_dateline
from .review import later_day, local_date_of

#: A body longer than this is not previewed (nor is it a press release).
PREVIEW_MAX_LENGTH = 200_000


class EditorMixin:
    class Media:
        css = {"all": ["css/admin-staff.css"]}
        js = ["js/statement-editor.js", "js/tag-chips.js"]

    def get_urls(self):
        opts = self.opts
        return [
            path(
                "preview-body/",
                self.admin_site.admin_view(require_POST(self.preview_body_view)),
                name=f"{opts.app_label}_{opts.model_name}_preview_body",
            ),
            *super().get_urls(),
        ]

    def preview_body_view(self, request):
        """The body as the statement's page prints it, from the form's unsaved values."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        body = request.POST.get("body", "")[:PREVIEW_MAX_LENGTH]
        language = request.POST.get("language", "en")
        draft = Statement(
            body_html=markup.render(body),
            dateline_place=request.POST.get("dateline_place", "")[:120],
            release_date=parse_date(request.POST.get("release_date", "") or "") or None,
            language=language if language in Statement.Language.values else "en",
        )
        if draft.release_date is None:
            return JsonResponse({"html": draft.body_html})
        return JsonResponse({"html": str(body_with_dateline(draft))})

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        body = form.base_fields.get("body")
        if body is not None:
            body.widget.attrs.update(
                {
                    "data-preview-url": reverse("admin:releases_statement_preview_body"),
                    # Where the browser keeps the unsaved text: one place per statement.
                    "data-draft-key": f"statement-draft:{obj.pk if obj else 'new'}",
                    "data-saved-at": obj.updated_at.isoformat() if obj else "",
                }
            )
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        can_edit = obj is None or self.has_change_permission(request, obj)
        is_draft = obj is None or obj.status == Statement.Status.DRAFT
        context["show_submit_review"] = (
            can_edit
            and is_draft
            and not self.has_publish_permission(request)
            and (obj is None or reviews.waiting(obj) is None)
        )
        context["show_publishing"] = can_edit and self.has_publish_permission(request)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _hand_on(self, request, obj, response):
        day = obj.is_embargoed and later_day(obj, obj.publish_at)
        if day:
            self.message_user(
                request,
                format_html(
                    "The embargo lifts on {}, after the release date ({}): the statement "
                    'would appear dated before it is released. <a href="{}">Set the release '
                    "date to {}</a> on its Review and publish page.",
                    local_date_of(day),
                    local_date_of(obj.release_date),
                    self.publishing_url(obj),
                    local_date_of(day),
                ),
                messages.WARNING,
            )
        if "_submit_review" in request.POST:
            try:
                reviews.submit(statement=obj, user=request.user)
            except reviews.ReviewError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    "Submitted for review: the publishers are told by email and on their "
                    "admin home page.",
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(self.publishing_url(obj))
        if "_publishing" in request.POST:
            return HttpResponseRedirect(self.publishing_url(obj))
        return response

    def response_change(self, request, obj):
        return self._hand_on(request, obj, super().response_change(request, obj))

    def response_add(self, request, obj, post_url_continue=None):
        return self._hand_on(request, obj, super().response_add(request, obj, post_url_continue))
