"""A hostile statement body renders harmless on the public page, however it got in.

The body is Markdown, which lets raw HTML through; nh3 (releases/markup.py) then keeps
only the tags and attributes a release needs. Each body of the battery goes in through
the admin's statement form and through the importer (the admin's "Import from text"),
and the public page is read as a visitor gets it.
"""

import html
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from releases.models import Statement
from tests.releases.test_admin import statement_form_data

pytestmark = pytest.mark.django_db

HOSTILE_BODIES = {
    "script": 'Before <script>alert("pwned")</script> after.',
    "script-split": '<scr<script>ipt>alert("pwned")</script>',
    "img-onerror": '<img src="x" onerror="alert(1)">',
    "svg-onload": '<svg onload="alert(1)"><circle r="5"/></svg>',
    "event-handler": '<a href="https://example.org" onclick="alert(\'pwned\')">site</a>',
    "event-on-allowed-tag": '<abbr title="x" onmouseover="alert(\'pwned\')">IOM</abbr>',
    "markdown-js-link": '[click me](javascript:alert("pwned"))',
    "markdown-js-reference": '[click me][1]\n\n[1]: javascript:alert("pwned")',
    "html-js-link": '<a href="JaVaScRiPt:alert(1)">click</a>',
    "entity-js-link": '<a href="&#106;avascript&colon;alert(1)">click</a>',
    "newline-js-link": '<a href="java\nscript:alert(1)">click</a>',
    "data-link": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "data-image": "![pixel](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "vbscript-link": '<a href="vbscript:msgbox(1)">click</a>',
    "style-attribute": '<p style="position:fixed;inset:0;background:red">cover</p>',
    "style-element": "<style>body { display: none }</style>Visible text.",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "object": '<object data="https://evil.example/x.swf"></object>',
    "form": '<form action="https://evil.example/"><input name="password"></form>',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "base": '<base href="https://evil.example/">',
    "mathml-confusion": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "noscript-confusion": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "blockquote-cite": '<blockquote cite="javascript:alert(1)">Quoted.</blockquote>',
}

# What the body's HTML may not contain, as a browser would parse it.
FORBIDDEN_TAGS = {
    "script", "style", "iframe", "frame", "img", "svg", "object", "embed", "form", "input",
    "button", "meta", "base", "link", "math", "video", "audio", "source", "template",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "xlink:href", "poster"}
# What a browser's URL parser ignores: tabs and newlines anywhere, controls and spaces
# at either end ("java script:" with a space inside is a relative address, harmless).
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_EDGES = "".join(map(chr, range(0x21)))


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))

    handle_startendtag = handle_starttag


def problems_in(html):
    """Every tag or attribute of `html` that could run code or restyle the page."""
    parser = _Tags()
    parser.feed(html)
    parser.close()
    problems = []
    for tag, attrs in parser.found:
        if tag in FORBIDDEN_TAGS:
            problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                problems.append(f"<{tag} {name}>")
            url = _TAB_OR_NEWLINE.sub("", value or "").strip(_EDGES).lower()
            scheme = url.partition(":")[0]
            if name in URL_ATTRIBUTES and scheme in {"javascript", "data", "vbscript"}:
                problems.append(f"<{tag} {name}={value!r}>")
    return problems


def body_html_of(page):
    """The body of the release as printed on the public page."""
    found = re.search(r'<div class="release__body">(.*?)</div>', page, re.S)
    assert found, "the page has no release body"
    return found.group(1)


def assert_harmless(html):
    assert problems_in(html) == [], html
    assert "<script" not in html.lower()


@pytest.mark.parametrize("body", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
def test_a_hostile_body_saved_in_the_admin_is_harmless_on_the_public_page(staff_client, body):
    data = statement_form_data(body=body, status=Statement.Status.PUBLISHED)

    response = staff_client.post(reverse("admin:releases_statement_add"), data)

    assert response.status_code == 302
    page = Client().get(Statement.objects.get().get_absolute_url())
    assert page.status_code == 200
    assert_harmless(body_html_of(page.text))


@pytest.mark.parametrize("body", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
def test_a_hostile_body_imported_from_text_is_harmless_on_the_public_page(staff_client, body):
    text = f"A hostile release\n\nChicago — June 29, 2018 — Opening words.\n\n{body}\n\n###\n"

    response = staff_client.post(
        reverse("admin:releases_statement_import"), {"text": text, "publish": "on"}
    )

    assert response.status_code == 302
    statement = Statement.objects.get()
    html = body_html_of(Client().get(statement.get_absolute_url()).text)
    assert "Opening words." in html
    assert_harmless(html)


def test_harmless_markup_survives(client):
    body = (
        "The *Global Compact* is **binding**; see [the text](https://example.org/compact) "
        "and write to [us](mailto:press@example.org).\n\n> A quotation.\n\n- one\n- two"
    )
    statement = Statement.objects.create(
        title="Fine markup",
        dateline_place="Chicago",
        release_date="2018-06-29",
        body=body,
        status=Statement.Status.PUBLISHED,
        publish_at="2018-06-29T12:00:00Z",
    )

    html = body_html_of(client.get(statement.get_absolute_url()).text)

    assert "<em>Global Compact</em>" in html and "<strong>binding</strong>" in html
    assert '<a href="https://example.org/compact" rel="noopener noreferrer nofollow">' in html
    assert '<a href="mailto:press@example.org"' in html
    assert "<blockquote>" in html and "<li>two</li>" in html


def test_a_hostile_title_and_deck_cannot_break_out_of_the_page(client):
    statement = Statement.objects.create(
        title='</script><script>alert("title")</script>',
        deck='"><img src=x onerror=alert("deck")>',
        dateline_place='<b onmouseover="alert(1)">Chicago</b>',
        release_date="2018-06-29",
        body="Body.",
        status=Statement.Status.PUBLISHED,
        publish_at="2018-06-29T12:00:00Z",
    )

    page = client.get(statement.get_absolute_url()).text

    assert '<script>alert("title")' not in page
    assert "<img src=x onerror" not in page
    assert '<b onmouseover="alert(1)">' not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(&quot;title&quot;)" in page


def test_the_feed_and_the_api_carry_the_sanitized_body(client):
    statement = Statement.objects.create(
        title="Hostile in feeds",
        dateline_place="Chicago",
        release_date="2018-06-29",
        body=HOSTILE_BODIES["img-onerror"] + "\n\n" + HOSTILE_BODIES["markdown-js-link"],
        status=Statement.Status.PUBLISHED,
        publish_at="2018-06-29T12:00:00Z",
    )

    api = client.get(f"/api/statements/{statement.slug}/").json()
    feed = client.get("/feeds/statements.atom").content.decode()

    assert_harmless(api["body_html"])
    entries = re.findall(r'<summary type="html">(.*?)</summary>', feed, re.S)
    assert len(entries) == 1
    entry = html.unescape(entries[0])  # the entry's HTML, as a feed reader gets it
    # The feed's own end-mark paragraph is centred by a style attribute; the body is not.
    assert_harmless(entry.replace('<p style="text-align:center">', "<p>"))


def test_the_checker_catches_what_it_looks_for():
    assert problems_in('<a href=" java\tscript:x" onclick="y">a</a><p style="x">') == [
        "<a href=' java\\tscript:x'>",
        "<a onclick>",
        "<p style>",
    ]
    assert problems_in("<svg><script></script></svg>") == ["<svg>", "<script>"]
