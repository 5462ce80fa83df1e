"""What search engines and social networks read from a statement's head."""

import datetime
import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from releases.models import Attachment
from tests.factories import make_organization, make_statement

pytestmark = pytest.mark.django_db


class HeadReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.links, self.json_ld, self._in_ld = {}, {}, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta.setdefault(attrs.get("property") or attrs["name"], attrs["content"])
        if tag == "link" and attrs.get("rel") == "canonical":
            self.links["canonical"] = attrs["href"]
        self._in_ld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(json.loads(data))
            self._in_ld = False


def read_head(client, statement):
    reader = HeadReader()
    reader.feed(client.get(statement.get_absolute_url()).content.decode())
    return reader


def test_open_graph_twitter_and_canonical(client):
    statement = make_statement(
        title="Defeat of US Candidate", deck="A vote of 171 states", tags=["IOM"]
    )
    head = read_head(client, statement)
    url = f"http://testserver{statement.get_absolute_url()}"
    assert head.links["canonical"] == url
    assert head.meta["og:title"] == "Defeat of US Candidate"
    assert head.meta["og:description"] == "A vote of 171 states"
    assert head.meta["og:url"] == url
    assert head.meta["og:type"] == "article"
    assert head.meta["article:tag"] == "IOM"
    assert head.meta["twitter:card"] == "summary"


def test_description_falls_back_to_the_first_words_of_the_body(client):
    statement = make_statement(deck="", body="The nominee was *defeated* today.\n\nMore.")
    assert (
        read_head(client, statement)
        .meta["og:description"]
        .startswith("The nominee was defeated today.")
    )


def png(size, color="navy"):
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return ContentFile(out.getvalue())


def test_logo_upload_makes_a_social_card_once(client):
    logo_org = make_organization(name="Alianza Americas")
    logo_org.logo.save("alianza.png", png((300, 120)), save=True)
    card_name = logo_org.social_card.name
    with logo_org.social_card.open() as card:
        assert Image.open(card).size == (1200, 630)
    logo_org.about = "Edited, same logo."
    logo_org.save()
    assert logo_org.social_card.name == card_name  # not made again

    statement = make_statement(issuers=[logo_org])
    head = read_head(client, statement)
    assert re.fullmatch(r"http://testserver/media/logos/cards/\S+\.png", head.meta["og:image"])
    assert head.meta["twitter:card"] == "summary_large_image"


def test_a_logo_pillow_cannot_read_gets_no_card(client):
    org = make_organization(name="Broken Logo Org")
    org.logo.save("broken.png", ContentFile(b"not a png"), save=True)
    assert not org.social_card
    statement = make_statement(issuers=[org])
    assert "broken" in read_head(client, statement).meta["og:image"]


def test_image_is_the_statements_picture_first(client):
    logo_org = make_organization(name="Alianza Americas")
    logo_org.logo.save("alianza.png", png((300, 120)), save=True)
    statement = make_statement(issuers=[logo_org])

    attachment = Attachment(statement=statement, title="Photo")
    attachment.file.save("rally.jpg", ContentFile(b"jpg"), save=True)
    assert "rally" in read_head(client, statement).meta["og:image"]


def test_json_ld_news_article(client):
    nnirr = make_organization(name="NNIRR", website="https://www.nnirr.org")
    statement = make_statement(
        title="A </script><script>alert(1)</script> title",
        dateline_place="Chicago",
        release_date=datetime.date(2018, 6, 29),
        issuers=[nnirr],
    )
    (data,) = read_head(client, statement).json_ld
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == statement.title
    assert data["dateline"] == "Chicago, June 29, 2018"
    assert data["datePublished"].startswith("2018-06-29")
    assert data["author"] == [
        {"@type": "Organization", "name": "NNIRR", "url": "https://www.nnirr.org"}
    ]
    assert data["publisher"]["name"]
    html = client.get(statement.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
