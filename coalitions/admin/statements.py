"""The statement admin with its signatories and its sign-on campaign.

`releases` cannot import this app, so this module replaces the statement admin that
`releases.admin` registers with a subclass that adds the printed signatories after the
issuers and the sign-on campaign at the end.
"""

from django.contrib import admin
from django.db.models import Count, Q

from advocacy.models import Organization
from releases.admin import IssuerInline, LinkedObjectFilter, StatementAdmin, inlines_with
from releases.models import Statement

from ..models import Campaign, Signatory
from .forms import SignatoryForm, SignatoryFormSet


class SignatoryInline(admin.TabularInline):
    model = Signatory
    form = SignatoryForm
    formset = SignatoryFormSet
    fields = ["organization", "name", "place", "group", "position", "status"]
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
    # The campaign's page holds the questions of its form (inlines do not nest).
    show_change_link = True
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

    def get_readonly_fields(self, request, obj=None):
        # The notices carry signers' private details: only staff who may see those
        # (moderators, administrators) say where they go.
        readonly = super().get_readonly_fields(request, obj)
        if not request.user.has_perm("coalitions.view_signatory"):
            readonly = [*readonly, "notify_emails"]
        return readonly


class SignedByFilter(LinkedObjectFilter):
    title = "signed by"
    parameter_name = "signed_by"
    related_model = Organization
    lookup = "signatories__organization"


class StatementWithSignatoriesAdmin(StatementAdmin):
    inlines = [
        *inlines_with(StatementAdmin.inlines, SignatoryInline, after=IssuerInline),
        CampaignInline,
    ]
    list_display = [
        "title",
        "visibility_display",
        "review_display",
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
