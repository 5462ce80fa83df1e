"""Signatories of every statement, and the moderation queue of sign-ons."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import ngettext

from releases.admin import HistoryAdminMixin
from releases.models import Statement

from .. import services
from ..models import Signatory
from .exports import ExportActionsMixin
from .forms import StandaloneSignatoryForm


class TitledChoicesFilter(admin.ChoicesFieldListFilter):
    """A choices filter with its own title, where two fields share a verbose name."""

    filter_title = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = self.filter_title


class SignerKindFilter(TitledChoicesFilter):
    filter_title = "signer"


class StatementKindFilter(TitledChoicesFilter):
    filter_title = "kind of statement"


class LinkedToDirectoryFilter(admin.SimpleListFilter):
    title = "directory entry"
    parameter_name = "linked"

    def lookups(self, request, model_admin):
        return [("yes", "Linked to an organization"), ("no", "Name only")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(organization__isnull=False)
        if self.value() == "no":
            return queryset.filter(organization__isnull=True)
        return queryset


@admin.register(Signatory)
class SignatoryAdmin(HistoryAdminMixin, ExportActionsMixin, admin.ModelAdmin):
    """Signatories of every statement, and the moderation queue of sign-ons."""

    form = StandaloneSignatoryForm
    list_display = [
        "name",
        "status",
        "statement_title",
        "signer_name",
        "country",
        "source",
        "confirmed_at",
    ]
    list_select_related = ["statement", "organization"]
    list_filter = [
        "status",
        "source",
        ("kind", SignerKindFilter),
        ("statement__kind", StatementKindFilter),
        LinkedToDirectoryFilter,
        ("statement", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        "name",
        "signer_name",
        "email",
        "organization__name",
        "organization__acronym",
        "statement__title",
    ]
    autocomplete_fields = ["statement", "organization"]
    ordering = ["-statement__release_date", "statement", "position", "id"]
    list_per_page = 100
    actions = ["approve", "reject", "export_csv", "printable_list", "erase_personal_data"]
    readonly_fields = [
        "source",
        "ip",
        "created_at",
        "submitted_at",
        "confirmed_at",
        "approved_at",
        "rejected_at",
        "withdrawn_at",
        "erased_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "statement",
                    "organization",
                    "name",
                    ("place", "group"),
                    "position",
                    "status",
                    "kind",
                ]
            },
        ),
        (
            "Signer (private)",
            {
                "fields": [
                    ("signer_name", "signer_title"),
                    "email",
                    ("city", "region", "country"),
                    ("organization_type", "website"),
                    ("consent_to_list", "opt_in"),
                ]
            },
        ),
        (
            "Record",
            {
                "fields": [
                    "source",
                    "ip",
                    ("created_at", "submitted_at", "confirmed_at"),
                    ("approved_at", "rejected_at", "withdrawn_at", "erased_at"),
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    # Permissions: moderators see the queue read-only and act on it through the actions.

    def has_moderate_permission(self, request):
        """Approve, reject, erase a signer's personal data."""
        return request.user.has_perm("coalitions.moderate_signatory")

    def has_export_permission(self, request):
        """Export as CSV, print the list."""
        return request.user.has_perm("coalitions.export_signatory")

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.source != Signatory.Source.FORM:
            # A printed signatory goes with its statement (see SignatoryInline): who may
            # delete a draft may delete the names printed on it.
            statements = self.admin_site.get_model_admin(Statement)
            if statements.has_change_permission(request, obj.statement):
                return True
        return super().has_delete_permission(request, obj)

    @admin.display(description="Statement", ordering="statement__release_date")
    def statement_title(self, obj):
        title = obj.statement.title
        short = Truncator(title).words(8)
        if short == title:
            return title
        return format_html('<span title="{}">{}</span>', title, short)

    def changelist_view(self, request, extra_context=None):
        waiting = Signatory.objects.filter(status=Signatory.Status.CONFIRMED).count()
        extra_context = {**(extra_context or {}), "waiting_for_moderation": waiting}
        return super().changelist_view(request, extra_context)

    @admin.action(
        description="Approve selected sign-ons (list them publicly)", permissions=["moderate"]
    )
    def approve(self, request, queryset):
        count = services.approve_signatories(signatories=queryset, user=request.user)
        skipped = queryset.count() - count
        self.message_user(
            request,
            ngettext(
                "Approved %(count)d sign-on: it is listed on the statement.",
                "Approved %(count)d sign-ons: they are listed on the statement.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
        if skipped:
            self.message_user(
                request,
                f"{skipped} selected were not waiting for moderation and are unchanged.",
                messages.INFO,
            )

    @admin.action(description="Reject selected sign-ons", permissions=["moderate"])
    def reject(self, request, queryset):
        count = services.reject_signatories(signatories=queryset, user=request.user)
        self.message_user(
            request,
            ngettext("Rejected %(count)d sign-on.", "Rejected %(count)d sign-ons.", count)
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )

    @admin.action(
        description="Erase the signers' personal data (keep the listing)",
        permissions=["moderate"],
    )
    def erase_personal_data(self, request, queryset):
        count = services.erase_personal_data(signatories=queryset, user=request.user)
        self.message_user(
            request,
            f"Erased the personal data of {count} signer{'s' if count != 1 else ''}.",
            messages.SUCCESS,
        )
