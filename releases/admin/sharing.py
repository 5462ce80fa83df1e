"""Share links of a statement's preview: made and withdrawn from its admin page.

A link opens the statement as it will appear, for a journalist under embargo, without
a login (`releases.previews`). Withdrawing gives the statement a new key, which every
link made so far stops matching.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .. import previews
from ..forms import SharePreviewForm
from . import issued
from .formatting import local_datetime


class SharePreviewMixin:
    def get_urls(self):
        opts = self.opts
        return [
            # Before the admin's own URLs: their last one catches every "<id>/...".
            path(
                "<path:object_id>/share/",
                self.admin_site.admin_view(self.share_view),
                name=f"{opts.app_label}_{opts.model_name}_share",
            ),
            *super().get_urls(),
        ]

    def share_view(self, request, object_id):
        """GET: a form to make a share link; POST: make one (shown to copy), or withdraw
        every link of the statement (`_withdraw`)."""
        statement = self.get_object(request, object_id)
        if statement is None:
            raise Http404("No statement with that id.")
        # Making and withdrawing links is a change to what the statement shows, and to
        # whom: an editor may not share an embargoed statement they may not change.
        if not self.has_change_permission(request, statement):
            raise PermissionDenied
        form = SharePreviewForm(request.POST or None)
        link = expires = None
        if request.method == "POST" and not statement.is_public:
            if "_withdraw" in request.POST:
                previews.new_key(statement)
                self.log_change(request, statement, "Withdrew every preview link.")
                self.message_user(
                    request,
                    "Every preview link shared so far is withdrawn: it opens a page saying so.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(request.path)
            if form.is_valid():
                days = form.cleaned_data["days"]
                token, expires = previews.make_token(statement, days=days)
                link = request.build_absolute_uri(
                    reverse("releases:shared-preview", kwargs={"token": token})
                )
                issued.record(statement, expires, request.user, form.cleaned_data["recipient"])
                self.log_change(
                    request,
                    statement,
                    f"Made a preview link working until {local_datetime(expires)}.",
                )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Share a preview of “{statement}”",
            "opts": self.opts,
            "original": statement,
            "form": form,
            "adminform": admin.helpers.AdminForm(
                form, [(None, {"fields": ["days", "recipient"]})], {}
            ),
            "link": link,
            "expires": expires and local_datetime(expires),
            "publish_at": statement.publish_at and local_datetime(statement.publish_at),
            "media": self.media + form.media,
            "issued": issued.listed(statement),
        }
        # admin_view() marks every admin page never to be cached, this one included.
        return TemplateResponse(request, "admin/releases/statement/share.html", context)
