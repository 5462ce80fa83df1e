"""The statement list's filters: visibility, review, tags, and the links other admin pages set."""

import datetime

from django.contrib import admin
from django.utils import timezone

from advocacy.models import Organization, Person

from ..models import Statement
from ..reviews import ReviewRequest

#: "Embargoes lifting soon", on the list and the admin's home page.
LIFTING_SOON = datetime.timedelta(hours=24)


class VisibilityFilter(admin.SimpleListFilter):
    """What the public sees: nothing (draft), nothing yet (embargoed), or the statement."""

    title = "visibility"
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("embargoed", "Embargoed"),
            ("lifting", "Embargo lifts in the next 24 hours"),
            ("published", "Published"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = Statement.Status.PUBLISHED
        match self.value():
            case "lifting":
                return queryset.filter(
                    status=published, publish_at__gt=now, publish_at__lte=now + LIFTING_SOON
                )
            case "draft":
                return queryset.filter(status=Statement.Status.DRAFT)
            case "embargoed":
                return queryset.filter(status=published, publish_at__gt=now)
            case "published":
                return queryset.filter(status=published, publish_at__lte=now)
        return queryset


class ReviewFilter(admin.SimpleListFilter):
    """What waits for whom: drafts waiting for a publisher, drafts sent back to their
    editor (read from the latest review request, `reviews.annotate_states`)."""

    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("waiting", "Waiting for a publisher"),
            ("returned", "Sent back to the editor"),
            ("returned-to-me", "Sent back to me"),
        ]

    def queryset(self, request, queryset):
        drafts = queryset.filter(status=Statement.Status.DRAFT)
        match self.value():
            case "waiting":
                return drafts.filter(review_state=ReviewRequest.State.WAITING)
            case "returned":
                return drafts.filter(review_state=ReviewRequest.State.RETURNED)
            case "returned-to-me":
                return drafts.filter(
                    review_state=ReviewRequest.State.RETURNED,
                    review_editor=request.user.get_username(),
                )
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
