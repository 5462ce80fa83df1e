"""Admin for statements: write, import, preview, publish.

Who may do what (the groups are in `coalitions/roles.py`): editing a statement needs
"change"; publishing, unpublishing, setting the embargo, and any change to a statement
once it is published or embargoed need `releases.publish_statement` as well. Without it
the status and embargo fields are read-only and a published statement opens read-only.

The signatories inline and the signatory count are added by `coalitions.admin`, which
registers a subclass of `StatementAdmin` (this app does not import coalitions).
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import ngettext
from taggit.admin import TagAdmin as TaggitTagAdmin  # noqa: F401  (registers Tag first)
from taggit.models import Tag

from advocacy.admin import PositionedInlineFormSet
from advocacy.models import Organization, Person

from . import previews
from .admin_history import HistoryAdminMixin
from .forms import ImportReleaseForm, SharePreviewForm, StatementAdminForm
from .history import StatementHistory
from .importer import ReleaseFormatError, import_release
from .models import Attachment, MediaContact, Statement, StatementIssuer, TaggedStatement


def local_datetime(value):
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


class VisibilityFilter(admin.SimpleListFilter):
    """What the public sees: nothing (draft), nothing yet (embargoed), or the statement."""

    title = "visibility"
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [("draft", "Draft"), ("embargoed", "Embargoed"), ("published", "Published")]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = Statement.Status.PUBLISHED
        match self.value():
            case "draft":
                return queryset.filter(status=Statement.Status.DRAFT)
            case "embargoed":
                return queryset.filter(status=published, publish_at__gt=now)
            case "published":
                return queryset.filter(status=published, publish_at__lte=now)
        return queryset


class LinkedObjectFilter(admin.SimpleListFilter):
    """A filter that the "All N statements" links of other admin pages set.

    It stays out of the sidebar until set, then names the organization or person it
    filters by, so staff can see why the list is short and clear it.
    """

    related_model = None
    #: The path from a statement to the related object, e.g. "issuers__organization".
    lookup = None

    def lookups(self, request, model_admin):
        value = self.value()
        if value and value.isdigit():
            related = self.related_model._default_manager.filter(pk=value).first()
            if related is not None:
                return [(value, str(related))]
        return []

    def queryset(self, request, queryset):
        value = self.value()
        if not (value and value.isdigit()):
            return queryset
        matching = queryset.model._default_manager.filter(**{self.lookup: value})
        return queryset.filter(pk__in=matching.values("pk"))


class IssuerFilter(LinkedObjectFilter):
    title = "issued by"
    parameter_name = "issuer"
    related_model = Organization
    lookup = "issuers__organization"


class ContactOrganizationFilter(LinkedObjectFilter):
    title = "media contact"
    parameter_name = "contact_organization"
    related_model = Organization
    lookup = "contacts__organization"


class ContactPersonFilter(LinkedObjectFilter):
    title = "media contact"
    parameter_name = "contact_person"
    related_model = Person
    lookup = "contacts__person"


class TagFilter(admin.RelatedFieldListFilter):
    """Filter by tag, with "No tags" rather than a bare dash for untagged statements."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "tag"
        self.empty_value_display = "No tags"


class IssuerInline(admin.TabularInline):
    model = StatementIssuer
    formset = PositionedInlineFormSet
    fields = ["organization", "about", "position"]
    autocomplete_fields = ["organization"]
    extra = 0
    verbose_name_plural = "issued by"
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})},
    }


class MediaContactForm(forms.ModelForm):
    class Meta:
        model = MediaContact
        fields = ["heading", "person", "organization", "position"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("person") and not cleaned.get("organization"):
            raise forms.ValidationError("Choose a person, an organization, or both.")
        return cleaned


class MediaContactFormSet(PositionedInlineFormSet):
    distinct_fields = ["person"]


class MediaContactInline(admin.TabularInline):
    model = MediaContact
    form = MediaContactForm
    formset = MediaContactFormSet
    fields = ["heading", "person", "organization", "position"]
    autocomplete_fields = ["person", "organization"]
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    formset = PositionedInlineFormSet
    fields = ["file", "title", "position"]
    extra = 0


@admin.register(Statement)
class StatementAdmin(HistoryAdminMixin, admin.ModelAdmin):
    form = StatementAdminForm
    history = StatementHistory()
    list_display = [
        "title",
        "visibility_display",
        "kind",
        "release_date",
        "issuer_names",
        "tag_list",
    ]
    list_filter = [
        VisibilityFilter,
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
    inlines = [IssuerInline, MediaContactInline, AttachmentInline]
    actions = ["publish", "unpublish"]
    save_on_top = True
    readonly_fields = ["publication", "created_at", "created_by", "updated_at", "updated_by"]
    fieldsets = [
        (
            "Content",
            {
                "fields": [
                    "kind",
                    "title",
                    "deck",
                    "dateline_place",
                    "release_date",
                    "body",
                    "end_mark",
                ]
            },
        ),
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
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("issuers", queryset=issuers), "tags")
        )

    def get_urls(self):
        opts = self.opts
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name=f"{opts.app_label}_{opts.model_name}_import",
            ),
            # Before the admin's own URLs: their last one catches every "<id>/...".
            path(
                "<path:object_id>/share/",
                self.admin_site.admin_view(self.share_view),
                name=f"{opts.app_label}_{opts.model_name}_share",
            ),
            *super().get_urls(),
        ]

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

    @admin.display(description="Issued by")
    def issuer_names(self, obj):
        return ", ".join(issuer.organization.short_name for issuer in obj.issuers.all())

    @admin.display(description="Tags")
    def tag_list(self, obj):
        return ", ".join(sorted(tag.name for tag in obj.tags.all()))

    @admin.display(description="On the public site")
    def publication(self, obj):
        if obj.pk is None:
            return "Not saved yet: a new statement is a draft until you publish it."
        if not obj.slug:
            return "Its address is made from the title when you save."
        url = obj.get_absolute_url()
        if obj.is_public:
            return format_html(
                'Published {} at <a href="{}" target="_blank">{}</a>',
                local_datetime(obj.publish_at),
                url,
                url,
            )
        if obj.is_embargoed:
            state = format_html(
                "Embargoed: it appears on the public site on {}.", local_datetime(obj.publish_at)
            )
        else:
            state = "Draft: only staff can see it."
        return format_html(
            '{} <a href="{}" target="_blank">Preview it as the public will see it</a>.',
            state,
            url,
        )

    # Actions

    @admin.action(
        description="Publish this statement",
        description_plural="Publish selected statements",
        permissions=["publish"],
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def publish(self, request, queryset):
        public, embargoed, unchanged = [], [], 0
        with transaction.atomic():
            for statement in queryset:
                if statement.status == Statement.Status.PUBLISHED:
                    unchanged += 1
                    continue
                with self.recorded(request, "Published."):
                    statement.publish(user=request.user)
                    self.log_change(request, statement, "Published.")
                (public if statement.is_public else embargoed).append(statement)
        if public:
            self.message_user(
                request,
                ngettext(
                    "Published %(count)d statement: it is now on the public site.",
                    "Published %(count)d statements: they are now on the public site.",
                    len(public),
                )
                % {"count": len(public)},
                messages.SUCCESS,
            )
        for statement in embargoed:
            self.message_user(
                request,
                format_html(
                    "Published “{}” under embargo: it appears on the public site on {}.",
                    statement,
                    local_datetime(statement.publish_at),
                ),
                messages.SUCCESS,
            )
        if unchanged:
            self.message_user(
                request,
                ngettext(
                    "%(count)d statement was already published and is unchanged.",
                    "%(count)d statements were already published and are unchanged.",
                    unchanged,
                )
                % {"count": unchanged},
                messages.INFO,
            )

    @admin.action(
        description="Unpublish this statement",
        description_plural="Unpublish selected statements",
        permissions=["publish"],
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def unpublish(self, request, queryset):
        withdrawn, unchanged = 0, 0
        with transaction.atomic():
            for statement in queryset:
                if statement.status == Statement.Status.DRAFT:
                    unchanged += 1
                    continue
                with self.recorded(request, "Unpublished: back to draft."):
                    statement.unpublish(user=request.user)
                    self.log_change(request, statement, "Unpublished: back to draft.")
                withdrawn += 1
        if withdrawn:
            self.message_user(
                request,
                ngettext(
                    "Unpublished %(count)d statement: it is a draft again, hidden from the public.",
                    "Unpublished %(count)d statements: they are drafts again, hidden from "
                    "the public.",
                    withdrawn,
                )
                % {"count": withdrawn},
                messages.SUCCESS,
            )
        if unchanged:
            self.message_user(
                request,
                ngettext(
                    "%(count)d statement was already a draft and is unchanged.",
                    "%(count)d statements were already drafts and are unchanged.",
                    unchanged,
                )
                % {"count": unchanged},
                messages.INFO,
            )

    # Share links of the preview

    def share_view(self, request, object_id):
        """GET: a form to make a share link; POST: make one (shown to copy), or withdraw
        every link of the statement (`_withdraw`)."""
        statement = self.get_object(request, object_id)
        if statement is None:
            raise Http404("No statement with that id.")
        if not self.has_view_permission(request, statement):
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
            "adminform": admin.helpers.AdminForm(form, [(None, {"fields": ["days"]})], {}),
            "link": link,
            "expires": expires and local_datetime(expires),
            "publish_at": statement.publish_at and local_datetime(statement.publish_at),
            "media": self.media + form.media,
        }
        # admin_view() marks every admin page never to be cached, this one included.
        return TemplateResponse(request, "admin/releases/statement/share.html", context)

    # Import from text

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportReleaseForm(
            request.POST or None,
            request.FILES or None,
            can_publish=self.has_publish_permission(request),
        )
        if request.method == "POST" and form.is_valid():
            publish = form.cleaned_data.get("publish", False)
            try:
                with transaction.atomic():
                    outcome = import_release(
                        form.cleaned_data["text"], publish=publish, user=request.user
                    )
            except ReleaseFormatError as error:
                form.add_error(form.source_field, capfirst(str(error)))
            else:
                return self.imported(request, outcome, publish=publish)
        context = {
            **self.admin_site.each_context(request),
            "title": "Import a release from text",
            "opts": self.opts,
            "form": form,
            # Laid out by the admin's own fieldset template, like every other admin form.
            "adminform": admin.helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/releases/statement/import.html", context)

    def imported(self, request, outcome, *, publish):
        statement = outcome.statement
        if not outcome.created:
            self.message_user(request, "Already imported: nothing changed.", messages.WARNING)
            if publish and not statement.is_public and not statement.is_embargoed:
                self.message_user(
                    request,
                    "It is still a draft: publish it from this page when it is ready.",
                    messages.INFO,
                )
        else:
            self.log_addition(request, statement, "Imported from text.")
            if statement.is_public:
                message = "Imported and published: it is on the public site."
            elif statement.is_embargoed:
                message = format_html(
                    "Imported and published under embargo until {}.",
                    local_datetime(statement.publish_at),
                )
            else:
                message = "Imported as a draft — review and publish."
            self.message_user(request, message, messages.SUCCESS)
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[statement.pk]
        )
        return HttpResponseRedirect(change_url)


# django-taggit's own tag admin merges only its generic tagged items, not statements'.
admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "statement_count"]
    ordering = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge_tags"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(statement_count=Count("releases_taggedstatement_items"))
        )

    @admin.display(description="Statements", ordering="statement_count")
    def statement_count(self, obj):
        if not obj.statement_count:
            return 0
        url = reverse("admin:releases_statement_changelist") + f"?tags__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.statement_count)

    def has_merge_permission(self, request):
        """Merging changes the kept tag and deletes the others."""
        return self.has_change_permission(request) and self.has_delete_permission(request)

    @admin.action(description="Merge selected tags into one", permissions=["merge"])
    def merge_tags(self, request, queryset):
        tags = list(queryset.order_by("name"))
        if len(tags) < 2:
            self.message_user(request, "Select two tags or more to merge.", messages.WARNING)
            return None
        chosen = request.POST.get("merge_into")
        target = next((tag for tag in tags if str(tag.pk) == chosen), None)
        if target is None:
            context = {
                **self.admin_site.each_context(request),
                "title": "Merge tags",
                "opts": self.opts,
                "tags": tags,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/taggit/tag/merge_tags.html", context)
        others = [tag for tag in tags if tag != target]
        with transaction.atomic():
            tagged = TaggedStatement.objects.filter(tag__in=[target, *others])
            statement_ids = set(tagged.values_list("content_object_id", flat=True))
            already = set(
                TaggedStatement.objects.filter(tag=target).values_list(
                    "content_object_id", flat=True
                )
            )
            TaggedStatement.objects.bulk_create(
                TaggedStatement(tag=target, content_object_id=pk) for pk in statement_ids - already
            )
            merged = Tag.objects.filter(pk__in=[tag.pk for tag in others])
            self.log_deletions(request, merged)
            merged.delete()
        self.message_user(
            request,
            format_html(
                "Merged {} into “{}”, now on {} statements.",
                ", ".join(f"“{tag}”" for tag in others),
                target,
                len(statement_ids),
            ),
            messages.SUCCESS,
        )
        return None
