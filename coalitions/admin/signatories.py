"""Signatories of every statement, and the moderation queue of sign-ons."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import ngettext

from releases.admin import HistoryAdminMixin, todo
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


class SignOnStatementFilter(admin.SimpleListFilter):
    """The statements open for sign-on or with signatories, each with how many sign-ons
    wait for a moderator.

    Only statements the user may see are offered (and filtered by): staff who may not see
    statements, the sign-on moderators, get published ones only, never the title of a
    draft or of a statement under embargo. The parameter is the one the staff mail's link
    sets (`coalitions.tasks.moderation_link`).
    """

    title = "statement"
    parameter_name = "statement__id__exact"

    def statements(self, request, model_admin):
        statements = Statement.objects.filter(
            Q(campaign__isnull=False) | Q(pk__in=Signatory.objects.values("statement_id"))
        )
        if not model_admin.admin_site.get_model_admin(Statement).has_view_permission(request):
            statements = statements.published()
        return statements

    def lookups(self, request, model_admin):
        waiting = Count("signatories", filter=Q(signatories__status=Signatory.Status.CONFIRMED))
        rows = (
            self.statements(request, model_admin)
            .annotate(waiting=waiting)
            .order_by("-waiting", "title", "pk")
            .values_list("pk", "title", "waiting")
        )
        return [
            (str(pk), f"{title} ({waiting} waiting)" if waiting else title)
            for pk, title, waiting in rows
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            return queryset.none()
        allowed = self.statements(request, self.model_admin).filter(pk=value)
        return queryset.filter(statement__in=allowed)

    def __init__(self, request, params, model, model_admin):
        self.model_admin = model_admin
        super().__init__(request, params, model, model_admin)


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
        SignOnStatementFilter,
        "source",
        ("kind", SignerKindFilter),
        ("statement__kind", StatementKindFilter),
        LinkedToDirectoryFilter,
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
                    ("email", "phone"),
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

    def get_queryset(self, request):
        """Staff who may not see statements (sign-on moderators) get the signatories of
        public statements only: the title of a draft or an embargoed statement reaches
        them through no list, filter, search, page, export or printed list."""
        queryset = super().get_queryset(request)
        statements = self.admin_site.get_model_admin(Statement)
        if statements.has_view_permission(request):
            return queryset
        return queryset.filter(statement__in=Statement.objects.published().values("pk"))

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
        waiting = self.get_queryset(request).filter(status=Signatory.Status.CONFIRMED).count()
        extra_context = {**(extra_context or {}), "waiting_for_moderation": waiting}
        return super().changelist_view(request, extra_context)

    @admin.action(
        description="Approve selected sign-ons (list them publicly)", permissions=["moderate"]
    )
    def approve(self, request, queryset):
        # Counted before: the queue's filter ("waiting for a moderator") no longer
        # matches the rows once they are approved.
        selected = queryset.count()
        count = services.approve_signatories(signatories=queryset, user=request.user)
        self.message_user(
            request,
            ngettext(
                "Approved %(count)d sign-on: it is listed on the statement.",
                "Approved %(count)d sign-ons: they are listed on the statement.",
                count,
            )
            % {"count": count}
            if count
            else "No sign-on was approved.",
            messages.SUCCESS if count else messages.WARNING,
        )
        self._report_unchanged(request, selected - count, "waiting for a moderator")

    @admin.action(description="Reject selected sign-ons", permissions=["moderate"])
    def reject(self, request, queryset):
        selected = queryset.count()
        count = services.reject_signatories(signatories=queryset, user=request.user)
        self.message_user(
            request,
            ngettext(
                "Rejected %(count)d sign-on: it is not listed.",
                "Rejected %(count)d sign-ons: they are not listed.",
                count,
            )
            % {"count": count}
            if count
            else "No sign-on was rejected.",
            messages.SUCCESS if count else messages.WARNING,
        )
        self._report_unchanged(request, selected - count, "waiting for confirmation or a moderator")

    def _report_unchanged(self, request, count, waiting_for):
        if count > 0:
            self.message_user(
                request,
                ngettext(
                    "%(count)d selected sign-on was not %(waiting)s and is unchanged.",
                    "%(count)d selected sign-ons were not %(waiting)s and are unchanged.",
                    count,
                )
                % {"count": count, "waiting": waiting_for},
                messages.INFO,
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


@todo.register
def sign_ons_waiting(request):
    """On the admin's home page, for moderators: the queue, as they may see it."""
    if not request.user.has_perm("coalitions.moderate_signatory"):
        return None
    signatories = admin.site.get_model_admin(Signatory)
    waiting = signatories.get_queryset(request).filter(status=Signatory.Status.CONFIRMED)
    url = reverse("admin:coalitions_signatory_changelist") + "?status__exact=confirmed"
    return todo.Todo("Sign-ons waiting for a moderator", waiting.count(), url)
