"""RSS and Atom feeds of published statements: all, per tag, per organization."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from taggit.models import Tag

from advocacy.models import Organization

from . import related
from .models import Statement

FEED_LENGTH = 30


class StatementFeed(Feed):
    """The latest published statements, full text, newest first."""

    description_template = "releases/feed_item.html"

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The feed writer hands the response its XML in about 1,200 small pieces, and
        # gunicorn sends each one in a write of its own: send it as one.
        response.content = b"".join(response)
        return response

    def title(self, obj=None):
        return settings.SITE_NAME

    def link(self, obj=None):
        return reverse("releases:statement-list")

    def description(self, obj=None):
        return "Press releases and joint statements, newest first."

    def statements(self, obj):
        return Statement.objects.published()

    def items(self, obj=None):
        return (
            self.statements(obj)
            .for_listing()
            .with_tags()
            .order_by("-release_date", "-publish_at", "-id")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_pubdate(self, item):
        return item.dated

    def item_updateddate(self, item):
        return item.last_modified

    def item_guid(self, item):
        # Stable whatever the title or slug becomes: a tag URI on the statement's id.
        domain = urlsplit(settings.SITE_URL).hostname
        return f"tag:{domain},{item.created_at:%Y-%m-%d}:statement:{item.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, item):
        return ", ".join(issuer.organization.name for issuer in item.issuer_list) or None

    def item_categories(self, item):
        return [tag.name for tag in item.tag_list]


class AtomStatementFeed(StatementFeed):
    feed_type = Atom1Feed
    subtitle = StatementFeed.description


class TagFeed(StatementFeed):
    def get_object(self, request, slug):
        # Like the tag's page: a tag only drafts or embargoed statements carry is not
        # public yet, not even its name in a feed's title.
        public_tags = Tag.objects.filter(
            releases_taggedstatement_items__content_object__in=Statement.objects.published()
        ).distinct()
        return get_object_or_404(public_tags, slug=slug)

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj=None):
        return reverse("releases:statement-list") + f"?tag={obj.slug}"

    def statements(self, obj):
        return Statement.objects.published().filter(tags=obj)


class AtomTagFeed(TagFeed):
    feed_type = Atom1Feed
    subtitle = StatementFeed.description


class OrganizationFeed(StatementFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Organization, slug=slug)

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: {obj.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def statements(self, obj):
        issued = Statement.objects.filter(issuers__organization=obj).values("pk")
        return Statement.objects.published().filter(
            Q(pk__in=issued) | related.involving(Q(pk=obj.pk))
        )


class AtomOrganizationFeed(OrganizationFeed):
    feed_type = Atom1Feed
    subtitle = StatementFeed.description
