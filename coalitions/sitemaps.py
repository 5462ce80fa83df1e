"""The site's sitemap: this app sits on top, so it gathers every app's sections."""

from django.contrib.sitemaps import Sitemap

from advocacy.sitemaps import OrganizationSitemap
from releases.sitemaps import StatementSitemap, StaticSitemap, TagSitemap

from .models import Coalition


class CoalitionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Coalition.objects.order_by("id")


SITEMAPS = {
    "pages": StaticSitemap,
    "statements": StatementSitemap,
    "organizations": OrganizationSitemap,
    "coalitions": CoalitionSitemap,
    "tags": TagSitemap,
}
