"""Tags of statements: how many statements carry each, and merging tags into one."""

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from taggit.admin import TagAdmin as TaggitTagAdmin  # noqa: F401  (registers Tag first)
from taggit.models import Tag

from ..models import TaggedStatement

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
