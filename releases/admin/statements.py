"""The statement admin: the list, the change form, who may change what, and the record.

Who may do what (the groups are in `coalitions/roles.py`): editing a statement needs
"change"; publishing, unpublishing, setting the embargo, and any change to a statement
once it is published or embargoed need `releases.publish_statement` as well. Without it
the status and embargo fields are read-only and a published statement opens read-only.

The page's other parts are mixins of their own: history (`history`), the publishing
actions (`publishing`), share links (`sharing`) and the import (`importing`).
"""

import reversion
from django.contrib import admin
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from .. import cards
from ..forms import StatementAdminForm
from ..history import StatementHistory
from ..models import Attachment, MediaContact, Statement, StatementIssuer
from ..reviews import ReviewRequest, annotate_states
from .editing import EditorMixin
from .filters import (
    ContactOrganizationFilter,
    ContactPersonFilter,
    IssuerFilter,
    ReviewFilter,
    TagFilter,
    VisibilityFilter,
)
from .formatting import local_datetime
from .history import HistoryAdminMixin
from .importing import ImportReleaseMixin
from .inlines import STATEMENT_INLINES
from .publishing import PublishingActionsMixin
from .review import ReviewPublishMixin, later_day, local_date_of
from .sending import SendingAdminMixin
from .sharing import SharePreviewMixin


@admin.register(Statement)
class StatementAdmin(
    HistoryAdminMixin,
    PublishingActionsMixin,
    ReviewPublishMixin,
    EditorMixin,
    SharePreviewMixin,
    SendingAdminMixin,
    ImportReleaseMixin,
    admin.ModelAdmin,
):
    form = StatementAdminForm
    history = StatementHistory()
    list_display = [
        "title",
        "visibility_display",
        "review_display",
        "kind",
        "release_date",
        "issuer_names",
        "tag_list",
    ]
    list_filter = [
        VisibilityFilter,
        ReviewFilter,
        "kind",
        "language",
        ("tags", TagFilter),
        "release_date",
        IssuerFilter,
        ContactOrganizationFilter,
        ContactPersonFilter,
    ]
    date_hierarchy = "release_date"
    search_fields = [
        "title",
        "deck",
        "body",
        "issuers__organization__name",
        "issuers__organization__acronym",
    ]
    search_help_text = "Search titles, subtitles, bodies and the names of issuing organizations."
    list_per_page = 50
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["translation_of"]
    inlines = STATEMENT_INLINES
    actions = ["publish", "unpublish"]
    save_on_top = True
    readonly_fields = ["publication", "created_at", "created_by", "updated_at", "updated_by"]
    fieldsets = [
        ("Content", {"fields": list(Statement.CONTENT_FIELDS)}),
        (
            "Publishing",
            {
                "fields": [
                    "publication",
                    "status",
                    "publish_at",
                    ("language", "translation_of"),
                    "slug",
                    "tags",
                ]
            },
        ),
        ("Lead image", {"fields": ["lead_image", "lead_image_alt"]}),
        (
            "Record",
            {
                "fields": [("created_at", "created_by"), ("updated_at", "updated_by")],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        issuers = StatementIssuer.objects.select_related("organization")
        return annotate_states(
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("issuers", queryset=issuers), "tags")
        )

    def view_on_site(self, obj):
        # No slug while a form that cleared it is shown again with its errors.
        return obj.get_absolute_url() if obj.slug else None

    # Permissions

    def has_publish_permission(self, request):
        """Publish, unpublish, set the embargo, and edit a statement once published."""
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def may_edit(self, request, obj):
        """A draft is anyone's who may change statements; a published or embargoed
        statement is only the publishers'."""
        return (
            obj is None
            or obj.status == Statement.Status.DRAFT
            or self.has_publish_permission(request)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.may_edit(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not self.has_publish_permission(request):
            # Left out of the form, so a crafted POST cannot set them either.
            readonly = [*readonly, "status", "publish_at"]
        return readonly

    # Saving

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        statement = form.instance
        if change and self._corrected(form, formsets):
            statement.mark_corrected()
        cards.refresh(statement)  # with its issuers saved
        if reversion.is_active():
            # The revision holds the statement as saved, with its inlines and tags.
            reversion.add_to_revision(statement)

    @staticmethod
    def _corrected(form, formsets):
        """A change to the content of a statement that was public before this save."""
        initial = form.initial
        was_public = (
            initial.get("status") == Statement.Status.PUBLISHED
            and initial.get("publish_at") is not None
            and initial["publish_at"] <= timezone.now()
        )
        if not was_public:
            return False
        if set(form.changed_data) & set(Statement.CORRECTED_FIELDS):
            return True
        parts = (StatementIssuer, MediaContact, Attachment)
        return any(fs.model in parts and fs.has_changed() for fs in formsets)

    # Columns

    @admin.display(description="Visibility", ordering="status")
    def visibility_display(self, obj):
        if obj.is_embargoed:
            return format_html(
                'Embargoed <span class="quiet">until {}</span>', local_datetime(obj.publish_at)
            )
        return obj.visibility

    @admin.display(description="Review")
    def review_display(self, obj):
        """What waits for whom, for drafts."""
        if obj.status != Statement.Status.DRAFT:
            return ""
        match getattr(obj, "review_state", None):
            case ReviewRequest.State.WAITING:
                return format_html('<span class="review-chip">{}</span>', "Waiting for a publisher")
            case ReviewRequest.State.RETURNED:
                return format_html(
                    '<span class="review-chip review-chip--returned">Sent back to {}</span>',
                    obj.review_editor or "the editor",
                )
        return ""

    @admin.display(description="Issued by")
    def issuer_names(self, obj):
        return ", ".join(issuer.organization.short_name for issuer in obj.issuers.all())

    @admin.display(description="Tags")
    def tag_list(self, obj):
        names = sorted(tag.name for tag in obj.tags.all())
        return format_html_join("", '<span class="tag-chip">{}</span>', ((n,) for n in names))

    @admin.display(description="On the public site")
    def publication(self, obj):
        if obj.pk is None:
            return "Not saved yet: a new statement is a draft until you publish it."
        if not obj.slug:
            return "Its address is made from the title when you save."
        url = obj.get_absolute_url()
        if obj.is_public:
            state = format_html(
                'Published {} at <a href="{}" target="_blank">{}</a>.',
                local_datetime(obj.publish_at),
                url,
                url,
            )
        else:
            if obj.is_embargoed:
                state = format_html(
                    "Embargoed: it appears on the public site on {}.",
                    local_datetime(obj.publish_at),
                )
                day = later_day(obj, obj.publish_at)
                if day:
                    state = format_html(
                        '{} <strong class="warning">The embargo lifts on {}, after the '
                        "release date ({}).</strong>",
                        state,
                        local_date_of(day),
                        local_date_of(obj.release_date),
                    )
            else:
                state = "Draft: only staff can see it."
            state = format_html(
                '{} <a href="{}" target="_blank">Preview it as the public will see it</a>.',
                state,
                url,
            )
        return format_html(
            '{} <a class="button" href="{}">Review and publish…</a>',
            state,
            self.publishing_url(obj),
        )
