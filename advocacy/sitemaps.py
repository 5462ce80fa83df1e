from django.contrib.sitemaps import Sitemap

from .models import Organization


class OrganizationSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 5000

    def items(self):
        return Organization.objects.only("slug", "updated_at").order_by("id")

    def lastmod(self, item):
        return item.updated_at
