"""Pages go out compressed as the reader's browser accepts: Brotli, else gzip, else not."""

import gzip

import brotli
import pytest

from advocacy.compression import accepted
from coalitions.models import Signatory, SignatoryList
from tests.coalitions.factories_signon import make_campaign

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "header, encoding",
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip, deflate", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=0.5, br;q=0.1", "gzip"),
        ("*", "br"),
        ("identity", None),
        ("", None),
        ("br;q=zero, gzip", "gzip"),
    ],
)
def test_the_encoding_is_negotiated(header, encoding):
    assert accepted(header) == encoding


def decode(response):
    body = response.content
    return {
        "br": brotli.decompress,
        "gzip": gzip.decompress,
        None: lambda body: body,
    }[response.get("Content-Encoding")](body)


@pytest.fixture
def statement():
    campaign = make_campaign()
    Signatory.objects.bulk_create(
        Signatory(statement=campaign.statement, name=f"Org {n}", name_key=f"org {n}")
        for n in range(300)
    )
    SignatoryList.objects.recount([campaign.statement.pk])
    return campaign.statement


@pytest.mark.parametrize("cached", [True, False])
@pytest.mark.parametrize("header, encoding", [("gzip, br", "br"), ("gzip", "gzip"), ("", None)])
def test_a_page_is_the_same_in_every_encoding(
    client, settings, statement, cached, header, encoding
):
    settings.PAGE_CACHE = cached
    url = statement.get_absolute_url()
    plain = client.get(url).content
    for _ in range(2):  # rendered, then (cache on) from the cache
        response = client.get(url, HTTP_ACCEPT_ENCODING=header)
        assert response.get("Content-Encoding") == encoding
        assert "Accept-Encoding" in response["Vary"]
        assert decode(response) == plain
    if encoding:
        assert len(response.content) < len(plain) / 3


def test_a_page_with_a_form_is_compressed_with_the_readers_own_token(client):
    campaign = make_campaign()
    url = f"/statements/{campaign.statement.slug}/sign/"
    client.get(url)
    response = client.get(url, HTTP_ACCEPT_ENCODING="br")
    assert response["X-Page-Cache"] == "hit" and response["Content-Encoding"] == "br"
    html = brotli.decompress(response.content).decode()
    assert 'name="csrfmiddlewaretoken" value="' in html and "\x00" not in html
