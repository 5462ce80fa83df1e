"""Tag pages, the year archive and the organization directory's search."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.factories import make_organization, make_statement

pytestmark = pytest.mark.django_db


def test_tag_index_and_tag_page(client):
    make_statement(title="On asylum", tags=["Asylum"])
    make_statement(title="Draft on asylum", tags=["Asylum", "Hidden"], published=False)
    make_statement(title="On labor", tags=["Labor"])

    index = client.get("/tags/").content.decode()
    assert 'href="/tags/asylum/">Asylum</a> <span class="quiet">(1)</span>' in index
    assert "Hidden" not in index

    page = client.get("/tags/asylum/")
    html = page.content.decode()
    assert "Statements tagged “Asylum”" in html
    assert "On asylum" in html and "On labor" not in html and "Draft on asylum" not in html
    assert client.get("/tags/no-such-tag/").status_code == 404


def test_statement_tags_link_to_the_tag_page(client):
    statement = make_statement(tags=["IOM"])
    assert 'href="/tags/iom/"' in client.get(statement.get_absolute_url()).content.decode()


def test_the_archive_offers_each_year_with_a_published_statement_newest_first(client):
    for day in ("2031-01-01", "2024-12-31", "2024-01-01", "2024-06-15", "2009-07-04"):
        make_statement(release_date=datetime.date.fromisoformat(day))
    make_statement(release_date=datetime.date(2027, 5, 1), published=False)
    embargoed = timezone.now() + datetime.timedelta(days=1)
    make_statement(release_date=datetime.date(2019, 5, 1), publish_at=embargoed)

    html = client.get("/statements/").content.decode()
    year_select = html[
        html.index('<select name="year"') : html.index(
            "</select>", html.index('<select name="year"')
        )
    ]

    assert re.findall(r'<option value="(\d+)"', year_select) == ["2031", "2024", "2009"]


def test_year_archive(client):
    make_statement(title="From 2017", release_date=datetime.date(2017, 12, 4))
    make_statement(title="From 2018", release_date=datetime.date(2018, 6, 29))
    html = client.get("/statements/2017/").content.decode()
    assert "Statements of 2017" in html
    assert "From 2017" in html and "From 2018" not in html
    assert client.get("/statements/1999/").status_code == 200


def test_organization_directory_search(client):
    make_organization(name="National Network for Immigrant and Refugee Rights", acronym="NNIRR")
    make_organization(name="Alianza Americas", city="Chicago, IL")
    make_organization(name="Scalabrini International Migration Network")

    def names(query):
        response = client.get("/organizations/", {"q": query})
        return [o.name for o in response.context["organizations"]]

    assert names("nnirr") == ["National Network for Immigrant and Refugee Rights"]
    assert names("chicago") == ["Alianza Americas"]
    assert names("network") == [
        "National Network for Immigrant and Refugee Rights",
        "Scalabrini International Migration Network",
    ]
    assert names("zzz") == []
    assert "No organization matches." in client.get("/organizations/?q=zzz").content.decode()
