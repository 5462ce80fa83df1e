"""Admin for signatories, and the statement admin with its signatories inline.

`releases` cannot import this app, so this module replaces the statement admin that
`releases.admin` registers with a subclass that adds the signatories.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count

from advocacy.admin import PositionedInlineFormSet
from advocacy.models import Organization
from advocacy.text import name_key
from releases.admin import LinkedObjectFilter, StatementAdmin
from releases.models import Statement

from .models import Signatory


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
    fields = ["organization", "name", "position"]
    autocomplete_fields = ["organization"]
    extra = 0
    show_change_link = True


class SignedByFilter(LinkedObjectFilter):
    title = "signed by"
    parameter_name = "signed_by"
    related_model = Organization
    lookup = "signatories__organization"


class StatementWithSignatoriesAdmin(StatementAdmin):
    inlines = [StatementAdmin.inlines[0], SignatoryInline, *StatementAdmin.inlines[1:]]
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
            .annotate(signatory_count=Count("signatories", distinct=True))
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


class LinkedToDirectoryFilter(admin.SimpleListFilter):
    title = "in the directory"
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
class SignatoryAdmin(admin.ModelAdmin):
    form = StandaloneSignatoryForm
    list_display = ["name", "statement", "organization", "position"]
    list_select_related = ["statement", "organization"]
    list_filter = [
        "statement__kind",
        LinkedToDirectoryFilter,
        ("statement", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "organization__name", "organization__acronym", "statement__title"]
    autocomplete_fields = ["statement", "organization"]
    ordering = ["-statement__release_date", "statement", "position", "id"]
    list_per_page = 100
