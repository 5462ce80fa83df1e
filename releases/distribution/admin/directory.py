"""The press list in the admin: journalists (CSV in and out, export and erase one's data),
media lists, and the suppression list. Publishers and administrators only (their model
permissions, given in coalitions/roles.py)."""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from .. import csvio, services
from ..models import Journalist, MediaList, Suppression
from ..recipients import list_sizes
from .forms import AddToListForm, EraseForm, ImportForm


class SuppressedFilter(admin.SimpleListFilter):
    title = "suppression list"
    parameter_name = "suppressed"

    def lookups(self, request, model_admin):
        return [("yes", "On it: never mailed"), ("no", "Not on it")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            suppressed = Suppression.objects.filter(email=OuterRef("email"))
            return queryset.alias(on_it=Exists(suppressed)).filter(on_it=self.value() == "yes")
        return queryset


class JournalistForm(forms.ModelForm):
    lists = forms.ModelMultipleChoiceField(
        MediaList.objects.all(),
        required=False,
        widget=FilteredSelectMultiple("lists", is_stacked=False),
        help_text="The lists they are on by hand (lists by rule choose by themselves).",
    )

    class Meta:
        model = Journalist
        fields = [
            *("email", "name", "first_name", "outlet", "beat", "notes"),
            *("language", "language_only", "topics", "person"),
            *("consent_source", "consent_at", "consent_note", "subscription"),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["lists"].initial = list(self.instance.media_lists.all())


@admin.register(Journalist)
class JournalistAdmin(admin.ModelAdmin):
    form = JournalistForm
    list_display = ["email", "name", "outlet", "beat", "language", "subscription", "suppressed"]
    list_filter = [
        "language",
        "subscription",
        "consent_source",
        ("media_lists", admin.RelatedOnlyFieldListFilter),
        SuppressedFilter,
    ]
    search_fields = ["email", "name", "outlet", "beat", "notes"]
    search_help_text = "Search addresses, names, outlets, beats and notes."
    autocomplete_fields = ["topics", "person"]
    readonly_fields = ["added_by", "subscribed_at", "created_at", "updated_at", "sent"]
    list_per_page = 100
    actions = ["export_csv", "add_to_list", "export_data", "erase"]
    fieldsets = [
        (None, {"fields": ["email", ("name", "first_name"), ("outlet", "beat"), "notes"]}),
        ("What they read", {"fields": [("language", "language_only"), "topics", "lists"]}),
        (
            "Consent",
            {
                "fields": [
                    ("consent_source", "consent_at"),
                    "consent_note",
                    "added_by",
                    ("subscription", "subscribed_at"),
                ]
            },
        ),
        ("In the directory", {"fields": ["person", "sent", ("created_at", "updated_at")]}),
    ]

    def get_queryset(self, request):
        suppressed = Suppression.objects.filter(email=OuterRef("email"))
        return super().get_queryset(request).annotate(is_suppressed=Exists(suppressed))

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="releases_journalist_import",
            ),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.media_lists.set(form.cleaned_data["lists"])

    @admin.display(description="Suppressed", boolean=True, ordering="is_suppressed")
    def suppressed(self, obj):
        return obj.is_suppressed

    @admin.display(description="Releases sent")
    def sent(self, obj):
        if obj.pk is None:
            return "—"
        rows = obj.deliveries.values_list("status").annotate(n=Count("pk")).order_by()
        return ", ".join(f"{status}: {n}" for status, n in rows) or "None yet."

    # CSV

    def import_view(self, request):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            try:
                report = csvio.import_journalists(
                    form.cleaned_data["file"].read(),
                    consent_note=form.cleaned_data["consent_note"],
                    user=request.user,
                    add_to=form.cleaned_data["add_to"],
                )
            except csvio.UnreadableFile as error:
                form.add_error("file", str(error))
            else:
                self.message_user(
                    request,
                    f"Imported: {len(report.added)} added, {len(report.updated)} updated, "
                    f"{len(report.unchanged)} unchanged, {len(report.refused)} refused.",
                    messages.SUCCESS if not report.refused else messages.WARNING,
                )
        context = {
            **self.admin_site.each_context(request),
            "title": "Import journalists from a CSV file",
            "opts": self.opts,
            "form": form,
            "adminform": admin.helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}),
            "report": report,
            "columns": csvio.COLUMNS,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/releases/journalist/import.html", context)

    @admin.action(description="Export selected as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(csvio.export_journalists(queryset), content_type="text/csv")
        response["Content-Disposition"] = (
            f'attachment; filename="journalists-{timezone.localdate():%Y-%m-%d}.csv"'
        )
        return response

    @admin.action(description="Add selected to a media list", permissions=["change"])
    def add_to_list(self, request, queryset):
        form = AddToListForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            media_list = form.cleaned_data["media_list"]
            media_list.members.add(*queryset)
            self.message_user(
                request, f"{queryset.count()} added to “{media_list}”.", messages.SUCCESS
            )
            return None
        return self._intermediate(request, queryset, form, "Add to a media list", "add_to_list")

    @admin.action(description="Export their personal data (JSON)", permissions=["view"])
    def export_data(self, request, queryset):
        data = [services.export_journalist(journalist) for journalist in queryset]
        response = HttpResponse(
            json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="journalist-data.json"'
        return response

    @admin.action(description="Erase selected (their data, on request)", permissions=["delete"])
    def erase(self, request, queryset):
        form = EraseForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            count = 0
            for journalist in queryset:
                services.erase_journalist(
                    journalist,
                    keep_suppressed=form.cleaned_data["keep_suppressed"],
                    user=request.user,
                )
                count += 1
            self.message_user(request, f"Erased {count} journalist(s).", messages.SUCCESS)
            return None
        return self._intermediate(request, queryset, form, "Erase journalists' data", "erase")

    def _intermediate(self, request, queryset, form, title, action):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "queryset": queryset,
            "form": form,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/releases/journalist/action.html", context)


@admin.register(MediaList)
class MediaListAdmin(admin.ModelAdmin):
    list_display = ["name", "by_hand", "rule_display", "size"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["members", "rule_topic"]
    fieldsets = [
        (None, {"fields": ["name", "description"]}),
        ("Chosen by hand", {"fields": ["members"]}),
        (
            "Chosen by rule (every rule set must hold; none set: no rule)",
            {
                "fields": [
                    ("rule_beat", "rule_outlet"),
                    ("rule_language", "rule_topic"),
                    "rule_subscribers",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(hand=Count("members", distinct=True))

    @admin.display(description="By hand", ordering="hand")
    def by_hand(self, obj):
        return obj.hand

    @admin.display(description="Rule")
    def rule_display(self, obj):
        parts = []
        if obj.rule_beat:
            parts.append(f"beat contains “{obj.rule_beat}”")
        if obj.rule_outlet:
            parts.append(f"outlet contains “{obj.rule_outlet}”")
        if obj.rule_language:
            parts.append(f"language {obj.get_rule_language_display()}")
        if obj.rule_topic_id:
            parts.append(f"topic {obj.rule_topic}")
        if obj.rule_subscribers:
            parts.append("website subscribers")
        return ", ".join(parts) or "—"

    @admin.display(description="Recipients (not suppressed)")
    def size(self, obj):
        return list_sizes([obj])[obj.pk]


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    list_display = ["email", "reason", "detail", "created_at", "created_by"]
    list_filter = ["reason"]
    search_fields = ["email", "detail"]
    readonly_fields = ["created_at", "created_by"]
    fields = ["email", "reason", "detail", "created_at", "created_by"]

    def get_changeform_initial_data(self, request):
        return {"reason": Suppression.Reason.STAFF}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
