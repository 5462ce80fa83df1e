from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from taggit.models import Tag

from .models import Statement


class StatementSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Statement.objects.published().only("slug", "updated_at").order_by("-id")

    def lastmod(self, item):
        return item.updated_at


class TagSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        published = Statement.objects.published()
        return (
            Tag.objects.filter(releases_taggedstatement_items__content_object__in=published)
            .distinct()
            .order_by("slug")
        )

    def location(self, item):
        return reverse("releases:tag-detail", args=[item.slug])


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["releases:home", "releases:statement-list", "releases:tag-list"]

    def location(self, item):
        return reverse(item)
