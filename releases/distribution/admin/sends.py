"""A send's page in the admin: prepare (lists, note, when), preview the mail as HTML and as
text, send a test to oneself, send; then follow it live and stop it.

Preparing, testing, sending and stopping need `releases.send_release` (publishers and
administrators); seeing a send needs `releases.view_send`. Every view checks it, whatever
buttons a page shows.
"""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.csp import CSP

from releases import previews
from releases.models import Statement

from .. import recipients, services
from ..conf import setting
from ..mail import ReleaseMail
from ..models import Delivery, Journalist, Send
from ..worker import IN_DOUBT
from .forms import SendForm

SEND_PERMISSION = "releases.send_release"
# The mail's own HTML, shown as a page: its inline styles and nothing else (no script,
# no form, no frame, nothing fetched but the site's own images).
MAIL_PREVIEW_CSP = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF],
    "form-action": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
FAILED = (Delivery.Status.FAILED, Delivery.Status.BOUNCED, Delivery.Status.COMPLAINED)


def may_send(request):
    return request.user.has_perm(SEND_PERMISSION)


def send_page_url(send):
    return reverse("admin:releases_send_change", args=[send.pk])


def compose(model_admin, request, statement, send=None):
    """The form that prepares a send (a new one, or a draft again); saves it as a draft
    and opens its page, where it is previewed, tested and sent."""
    if not may_send(request):
        raise PermissionDenied
    if send is not None and send.status != Send.Status.DRAFT:
        messages.warning(request, "This send has gone: it can no longer be changed.")
        return HttpResponseRedirect(send_page_url(send))
    form = SendForm(request.POST or None, instance=send, statement=statement)
    if request.method == "POST" and form.is_valid():
        send = form.save(commit=False)
        send.statement = statement
        send.created_by = send.created_by or request.user
        send.save()
        form.save_m2m()
        return HttpResponseRedirect(send_page_url(send))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Send “{statement}” to the press",
        "opts": Statement._meta,
        "original": statement,
        "send": send,
        "form": form,
        "modes": form.modes(statement),
        "postal_address": setting("PRESS_POSTAL_ADDRESS"),
        # Share links last a week at most (releases.previews.DAYS).
        "links_end_before_lift": statement.is_embargoed
        and statement.publish_at - timezone.now() > timedelta(days=max(previews.DAYS)),
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/releases/send/compose.html", context)


@admin.register(Send)
class SendAdmin(admin.ModelAdmin):
    list_display = ["statement", "created_at", "created_by", "status", "mode", "progress"]
    list_filter = ["status", "mode"]
    search_fields = ["statement__title"]
    list_select_related = ["statement", "created_by"]

    def has_add_permission(self, request):
        return False  # a send starts from its statement's page

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return may_send(request) and (obj is None or obj.status == Send.Status.DRAFT)

    @admin.display(description="Sent")
    def progress(self, obj):
        counts = obj.counts()
        return f"{counts[Delivery.Status.SENT]:,} of {sum(counts.values()):,}"

    def get_urls(self):
        view = self.admin_site.admin_view
        urls = [
            ("status.json", self.status_view, "status"),
            ("preview/", self.preview_view, "preview"),
            ("test/", self.test_view, "test"),
            ("queue/", self.queue_view, "queue"),
            ("stop/", self.stop_view, "stop"),
            ("edit/", self.edit_view, "edit"),
        ]
        return [
            *(
                path(f"<int:send_id>/{suffix}", view(func), name=f"releases_send_{name}")
                for suffix, func, name in urls
            ),
            *super().get_urls(),
        ]

    def _send(self, request, send_id, *, act=False):
        send = get_object_or_404(Send.objects.select_related("statement"), pk=send_id)
        if not self.has_view_permission(request, send) or (act and not may_send(request)):
            raise PermissionDenied
        return send

    def change_view(self, request, object_id, form_url="", extra_context=None):
        try:
            send_id = int(object_id)
        except ValueError:
            raise Http404("No such send.") from None
        send = self._send(request, send_id)
        counts = send.counts()
        context = {
            **self.admin_site.each_context(request),
            "title": f"Send of “{send.statement}”",
            "opts": self.opts,
            "send": send,
            "statement": send.statement,
            "lists": list(send.lists.all()),
            "counts": counts,
            "total": sum(counts.values()),
            "done": sum(counts.values()) - counts["queued"] - counts["sending"],
            "problems": send.deliveries.filter(status__in=FAILED).order_by("-pk")[:100],
            "in_doubt": send.deliveries.filter(reason=IN_DOUBT).count(),
            "may_send": may_send(request),
            "versions": sorted(recipients.versions(send.statement).items()),
        }
        if send.status == Send.Status.DRAFT:
            context["recipient_count"] = recipients.count(
                send.statement,
                context["lists"],
                skip_earlier=send.skip_earlier_recipients,
                exclude_send=send,
            )
            context["modes"] = SendForm.modes(send.statement)
        return TemplateResponse(request, "admin/releases/send/page.html", context)

    def status_view(self, request, send_id):
        send = self._send(request, send_id)
        counts = send.counts()
        return JsonResponse(
            {
                "status": send.status,
                "status_label": send.get_status_display(),
                "active": send.is_active,
                "counts": counts,
                "total": sum(counts.values()),
            }
        )

    def preview_view(self, request, send_id):
        """The mail as a recipient in `language` gets it, as HTML or as plain text."""
        send = self._send(request, send_id)
        mail = ReleaseMail(send)
        language = request.GET.get("language", send.statement.language)
        reader = Journalist(
            email=request.user.email or "you@example.org",
            name=request.user.get_full_name(),
            first_name=request.user.first_name,
            language=language,
        )
        reader.pk = 0
        message, _language = mail.message(reader, test_to=reader.email, sample=True)
        if request.GET.get("format") == "text":
            response = HttpResponse(
                f"Subject: {message.subject}\n\n{message.body}",
                content_type="text/plain; charset=utf-8",
            )
        else:
            html = message.alternatives[0].content
            response = HttpResponse(html, content_type="text/html; charset=utf-8")
            response._csp_config = MAIL_PREVIEW_CSP
        response["X-Robots-Tag"] = "noindex"
        return response

    def test_view(self, request, send_id):
        send = self._send(request, send_id, act=True)
        if request.method == "POST":
            try:
                services.send_test(send, user=request.user)
            except services.SendRefused as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(
                    request, f"A test is on its way to {request.user.email}, as recipients see it."
                )
        return HttpResponseRedirect(send_page_url(send))

    def queue_view(self, request, send_id):
        send = self._send(request, send_id, act=True)
        if request.method == "POST":
            try:
                count = services.queue_send(send, user=request.user)
            except services.SendRefused as refusal:
                messages.error(request, str(refusal))
            else:
                send.refresh_from_db()
                self.log_change(request, send, f"Queued for {count} recipients.")
                messages.success(
                    request,
                    f"Queued for {count:,} recipients: "
                    + (
                        "they get it when the embargo lifts."
                        if send.status == Send.Status.SCHEDULED
                        else "the worker is sending it."
                    ),
                )
        return HttpResponseRedirect(send_page_url(send))

    def stop_view(self, request, send_id):
        send = self._send(request, send_id, act=True)
        if request.method == "POST" and services.stop_send(send, user=request.user):
            self.log_change(request, send, "Stopped.")
            messages.warning(request, "Stopped: nothing more is sent.")
        return HttpResponseRedirect(send_page_url(send))

    def edit_view(self, request, send_id):
        send = self._send(request, send_id, act=True)
        return compose(self, request, send.statement, send)
