import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from coalitions.models import Coalition
from tests.factories import make_organization, make_statement

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_sitemap_lists_public_pages_only(client):
    org = make_organization(name="Listed Org")
    public = make_statement(title="Public one", tags=["asylum"], issuers=[org])
    draft = make_statement(title="Draft one", published=False, tags=["secret-draft"])
    embargoed = make_statement(
        title="Embargoed one", publish_at=timezone.now() + datetime.timedelta(days=1)
    )
    coalition = Coalition.objects.create(name="Compact Coalition")

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = {
        el.text.removeprefix("http://testserver")
        for el in ET.fromstring(response.content).findall("s:url/s:loc", NS)
    }
    assert public.get_absolute_url() in locations
    assert draft.get_absolute_url() not in locations
    assert embargoed.get_absolute_url() not in locations
    assert org.get_absolute_url() in locations
    assert coalition.get_absolute_url() in locations
    assert "/tags/asylum/" in locations
    assert "/tags/secret-draft/" not in locations


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
