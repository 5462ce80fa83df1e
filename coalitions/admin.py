"""Admin for signatories, and the statement admin with its signatories inline.

`releases` cannot import this app, so this module replaces the statement admin that
`releases.admin` registers with a subclass that adds the signatories.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import ngettext

from advocacy.admin import PositionedInlineFormSet
from advocacy.models import Organization
from advocacy.text import name_key
from releases.admin import LinkedObjectFilter, StatementAdmin
from releases.admin_history import HistoryAdminMixin
from releases.models import Statement

from . import exports, services
from .models import Campaign, Coalition, Membership, Signatory


class SignatoryForm(forms.ModelForm):
    """A signatory is an organization of the directory, a name as printed, or both."""

    class Meta:
        model = Signatory
        fields = ["statement", "organization", "name", "position"]
        help_texts = {
            "name": "As printed under the statement. Leave blank to use the organization's name.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "name" in self.fields:  # not on a read-only page, which has no fields
            self.fields["name"].required = False

    def clean(self):
        cleaned = super().clean()
        organization = cleaned.get("organization")
        if not (cleaned.get("name") or "").strip():
            if organization is None:
                if "organization" not in self.errors:
                    raise forms.ValidationError(
                        "Choose an organization or type the name as printed."
                    )
                return cleaned
            cleaned["name"] = str(organization)
        return cleaned


class SignatoryFormSet(PositionedInlineFormSet):
    distinct_fields = ["organization", "name"]

    def distinct_key(self, field, value):
        return name_key(value) if field == "name" else value


class SignatoryInline(admin.TabularInline):
    model = Signatory
    form = SignatoryForm
    formset = SignatoryFormSet
    fields = ["organization", "name", "position", "status"]
    readonly_fields = ["status"]
    autocomplete_fields = ["organization"]
    extra = 0
    show_change_link = True
    verbose_name_plural = "signatories (printed and approved; sign-ons are moderated below)"

    def get_queryset(self, request):
        # Sign-ons from the public form are moderated in the signatory admin: this
        # inline keeps the printed list short, whatever the campaign's size.
        return super().get_queryset(request).exclude(source=Signatory.Source.FORM)

    # The printed list is part of the statement's text: whoever may edit the statement
    # edits it here, without the signatory permissions that open signers' private data.
    # (On a statement they may not edit, the admin makes every inline read-only.)

    def has_add_permission(self, request, obj):
        return self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("releases.change_statement")

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("releases.view_statement") or self.has_change_permission(
            request, obj
        )


class CampaignInline(admin.StackedInline):
    model = Campaign
    extra = 0
    max_num = 1
    verbose_name = "sign-on campaign"
    verbose_name_plural = "open for sign-on"
    fieldsets = [
        (None, {"fields": [("opens_at", "closes_at"), "goal", "introduction", "thank_you"]}),
        (
            "Who may sign and how they are listed",
            {
                "fields": [
                    ("allow_individuals", "list_individuals"),
                    "requires_moderation",
                    ("order", "grouping"),
                ]
            },
        ),
        ("Staff notices and privacy", {"fields": ["notify", "notify_emails", "retention_days"]}),
    ]


class SignedByFilter(LinkedObjectFilter):
    title = "signed by"
    parameter_name = "signed_by"
    related_model = Organization
    lookup = "signatories__organization"


class StatementWithSignatoriesAdmin(StatementAdmin):
    inlines = [
        StatementAdmin.inlines[0],
        SignatoryInline,
        *StatementAdmin.inlines[1:],
        CampaignInline,
    ]
    list_display = [
        "title",
        "visibility_display",
        "kind",
        "release_date",
        "issuer_names",
        "signatory_count",
        "tag_list",
    ]
    list_filter = [*StatementAdmin.list_filter, SignedByFilter]
    search_fields = [*StatementAdmin.search_fields, "signatories__name"]
    search_help_text = (
        "Search titles, subtitles, bodies and the names of issuing and signing organizations."
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                signatory_count=Count(
                    "signatories",
                    filter=Q(signatories__status=Signatory.Status.APPROVED),
                    distinct=True,
                )
            )
        )

    @admin.display(description="Signatories", ordering="signatory_count")
    def signatory_count(self, obj):
        return obj.signatory_count


admin.site.unregister(Statement)
admin.site.register(Statement, StatementWithSignatoriesAdmin)


class StandaloneSignatoryForm(SignatoryForm):
    """On its own page a signatory is checked against the others of its statement."""

    def clean(self):
        cleaned = super().clean()
        statement, name = cleaned.get("statement"), cleaned.get("name")
        if statement is None or not name:
            return cleaned
        others = Signatory.objects.filter(statement=statement).exclude(pk=self.instance.pk)
        if others.filter(name_key=name_key(name)).exists():
            self.add_error("name", "This name is already among the statement's signatories.")
        organization = cleaned.get("organization")
        if organization is not None and others.filter(organization=organization).exists():
            self.add_error("organization", "This organization has already signed the statement.")
        return cleaned


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
class SignatoryAdmin(HistoryAdminMixin, admin.ModelAdmin):
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
        (None, {"fields": ["statement", "organization", "name", "position", "status", "kind"]}),
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

    @admin.action(description="Export selected as CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        return exports.csv_response(queryset)  # streamed: constant memory for any size

    @admin.action(description="Printable list of approved signatories", permissions=["export"])
    def printable_list(self, request, queryset):
        statements = {}
        approved = queryset.filter(status=Signatory.Status.APPROVED).select_related("statement")
        for signatory in approved.order_by("statement", "position", "name_key"):
            statements.setdefault(signatory.statement, []).append(signatory)
        return TemplateResponse(
            request,
            "admin/coalitions/signatory/printable.html",
            {"statements": statements, "title": "Signatories", "printed_on": timezone.now()},
        )


class MembershipInline(admin.TabularInline):
    model = Membership
    autocomplete_fields = ["organization"]
    extra = 0


@admin.register(Coalition)
class CoalitionAdmin(admin.ModelAdmin):
    list_display = ["name", "member_count", "website"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["statements"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    @admin.display(description="Members", ordering="member_count")
    def member_count(self, obj):
        return obj.member_count
