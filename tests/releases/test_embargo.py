"""An embargoed statement is absent from every public surface, then appears on its own.

One statement with everything attached (issuers, a tag of its own and a shared one,
media contacts, an image, a sign-on campaign with a listed signatory, the coalition that
led it, a published Spanish translation, distinctive words) is published under embargo.
With time frozen one minute before its moment, each public surface is checked for any
trace of it; one minute after, each shows it: from a page cache warmed before the moment,
without any write to the database and without a scheduled job.
"""

import datetime
import io
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image
from pypdf import PdfReader

from coalitions.models import Coalition
from releases import search
from releases.models import Attachment, Statement
from tests.coalitions.factories_signon import make_campaign
from tests.factories import (
    add_contact,
    add_signatory,
    make_organization,
    make_person,
    make_statement,
)

pytestmark = pytest.mark.django_db

MOMENT = datetime.datetime(2031, 3, 10, 15, 0, tzinfo=datetime.UTC)
BEFORE = MOMENT - datetime.timedelta(minutes=1)
AFTER = MOMENT + datetime.timedelta(minutes=1)

TITLE = "Zanzibar quokka accord"
BODY_WORD = "xylophonic"
OWN_TAG = "Quokka watch"
SHARED_TAG = "Asylum"
SIGNER = "Numbat Workers Union"


@pytest.fixture
def world(time_machine):
    """The embargoed statement and the published ones around it, made before the moment."""
    time_machine.move_to(BEFORE, tick=False)
    issuer = make_organization(name="Wombat Defence League", slug="wombat-defence-league")
    signer = make_organization(name=SIGNER, slug="numbat-workers-union")
    press = make_person(name="Ottoline Marsupial", email="ottoline@example.org", phones=["+1 5"])
    older = make_statement(
        title="Older joint statement",
        kind=Statement.Kind.JOINT_STATEMENT,
        release_date=datetime.date(2019, 5, 1),
        issuers=[issuer],
        tags=[SHARED_TAG],
    )
    make_statement(title="Ordinary press release", release_date=datetime.date(2018, 6, 29))
    embargoed = make_statement(
        title=TITLE,
        deck="Marsupial alliance announces its terms",
        kind=Statement.Kind.JOINT_STATEMENT,
        body=f"The {BODY_WORD} agreement was reached.\n\nA second paragraph.",
        publish_at=MOMENT,
        release_date=MOMENT.date(),
        issuers=[issuer],
        tags=[OWN_TAG, SHARED_TAG],
    )
    add_contact(embargoed, person=press, organization=issuer, heading="For the press")
    image = io.BytesIO()
    Image.new("RGB", (40, 20), "teal").save(image, format="PNG")
    Attachment.objects.create(
        statement=embargoed,
        title="Rally photo",
        file=ContentFile(image.getvalue(), name="quokka-rally.png"),
    )
    make_campaign(statement=embargoed, opens_at=BEFORE - datetime.timedelta(days=1))
    add_signatory(embargoed, organization=signer)
    coalition = Coalition.objects.create(name="Coalition of Marsupials", slug="marsupials")
    coalition.statements.add(embargoed, older)
    spanish = make_statement(
        title="Declaración ya publicada",
        language=Statement.Language.SPANISH,
        translation_of=embargoed,
        release_date=datetime.date(2019, 6, 1),
    )
    return {
        "statement": embargoed,
        "issuer": issuer,
        "signer": signer,
        "coalition": coalition,
        "spanish": spanish,
        "tag": embargoed.tags.get(name=OWN_TAG),
        "shared": embargoed.tags.get(name=SHARED_TAG),
    }


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def expect_page(client, url, visible):
    """A page of the statement itself: 404 before, the statement after."""
    response = client.get(url)
    if not visible:
        assert response.status_code == 404
        assert TITLE not in response.content.decode()
        return None
    return text(response)


def expect_title(page, visible):
    assert (TITLE in page) is visible
    assert (BODY_WORD in page) is visible or BODY_WORD not in page


# Pages of the statement itself


def detail_page(client, world, visible):
    statement = world["statement"]
    page = expect_page(client, statement.get_absolute_url(), visible)
    if visible:
        assert TITLE in page and BODY_WORD in page
        assert "Ottoline Marsupial" in page and SIGNER in page
        assert "quokka-rally" in page  # the image, also as the social card
        assert re.search(r'<meta property="og:image" content="[^"]*quokka-rally', page)
        assert 'name="robots"' not in page and "preview-banner" not in page


def plain_text(client, world, visible):
    page = expect_page(client, f"/statements/{world['statement'].slug}.txt", visible)
    if visible:
        assert TITLE in page and BODY_WORD in page and SIGNER in page


def pdf(client, world, visible):
    response = client.get(f"/statements/{world['statement'].slug}.pdf")
    if not visible:
        assert response.status_code == 404
        return
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    assert TITLE in " ".join(page.extract_text() for page in reader.pages)


def api_detail(client, world, visible):
    response = client.get(f"/api/statements/{world['statement'].slug}/")
    if not visible:
        assert response.status_code == 404
        assert TITLE not in response.content.decode()
        return
    assert response.json()["title"] == TITLE


def api_signatories(client, world, visible):
    response = client.get(f"/api/statements/{world['statement'].slug}/signatories/")
    if not visible:
        assert response.status_code == 404
        assert SIGNER not in response.content.decode()
        return
    data = response.json()
    assert data["count"] == 1 and data["results"][0]["name"] == SIGNER


def signon_form(client, world, visible):
    page = expect_page(client, f"/statements/{world['statement'].slug}/sign/", visible)
    if visible:
        assert TITLE in page and 'name="organization_name"' in page


def signon_thanks(client, world, visible):
    page = expect_page(client, f"/statements/{world['statement'].slug}/sign/thanks/", visible)
    if visible:
        assert TITLE in page


def signon_widget(client, world, visible):
    page = expect_page(client, f"/statements/{world['statement'].slug}/sign/widget/", visible)
    if visible:
        assert TITLE in page


def tag_page(client, world, visible):
    page = expect_page(client, f"/tags/{world['tag'].slug}/", visible)
    if visible:
        assert TITLE in page and OWN_TAG in page


def tag_feed(ext):
    def check(client, world, visible):
        response = client.get(f"/feeds/tags/{world['tag'].slug}.{ext}")
        if not visible:
            assert response.status_code == 404
            assert OWN_TAG not in response.content.decode()
            return
        titles = [entry.title for entry in feedparser.parse(response.content).entries]
        assert titles == [TITLE]

    return check


# Lists, counts and searches


def home(client, world, visible):
    page = text(client.get("/"))
    expect_title(page, visible)
    # The kind, year and tag counts of the browse panel.
    joint = re.search(r'\?kind=joint-statement">[^<]*</a> <span class="quiet">(\d+)', page)
    assert joint and joint.group(1) == ("2" if visible else "1")
    assert ('href="/statements/2031/"' in page) is visible
    assert (f'href="/tags/{world["tag"].slug}/"' in page) is visible


def archive(client, world, visible):
    page = text(client.get("/statements/"))
    expect_title(page, visible)
    count = re.search(r"<strong>(\d+)</strong> published statements", page)
    assert count and count.group(1) == ("4" if visible else "3")
    assert (f'<option value="{world["tag"].slug}"' in page) is visible
    assert ('<option value="2031"' in page) is visible


def archive_filtered(client, world, visible):
    slug = world["issuer"].slug
    page = text(client.get(f"/statements/?organization={slug}&kind=joint-statement"))
    expect_title(page, visible)
    assert "Older joint statement" in page


def year_archive(client, world, visible):
    expect_title(text(client.get("/statements/2031/")), visible)


def shared_tag_page(client, world, visible):
    page = text(client.get(f"/tags/{world['shared'].slug}/"))
    expect_title(page, visible)
    assert "Older joint statement" in page


def tag_list(client, world, visible):
    page = text(client.get("/tags/"))
    assert (OWN_TAG in page) is visible
    shared = re.search(rf">{SHARED_TAG}</a> <span class=\"quiet\">\((\d+)\)", page)
    assert shared and shared.group(1) == ("2" if visible else "1")


def searching(fallback):
    def check(client, world, visible, monkeypatch):
        if fallback:
            monkeypatch.setattr(search, "_uses_postgres", lambda: False)
        elif connection.vendor != "postgresql":
            pytest.skip("PostgreSQL full-text search: run the suite with DATABASE_URL")
        for words in ("quokka accord", BODY_WORD, "marsupial alliance", SIGNER):
            page = text(client.get("/statements/", {"q": words}))
            assert (TITLE in page) is visible, words

    check.needs_monkeypatch = True
    return check


def feed(url):
    def check(client, world, visible):
        path = url.format(**{key: getattr(value, "slug", "") for key, value in world.items()})
        response = client.get(path)
        assert response.status_code == 200
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, parsed.bozo_exception
        titles = [entry.title for entry in parsed.entries]
        assert (TITLE in titles) is visible
        assert TITLE not in response.content.decode() or visible
        assert BODY_WORD not in response.content.decode() or visible

    return check


def sitemap(client, world, visible):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {
        element.text.removeprefix("http://testserver")
        for element in ET.fromstring(response.content).findall("s:url/s:loc", namespace)
    }
    assert (world["statement"].get_absolute_url() in locations) is visible
    assert (f"/tags/{world['tag'].slug}/" in locations) is visible


def api_list(client, world, visible):
    data = client.get("/api/statements/").json()
    titles = [item["title"] for item in data["results"]]
    assert (TITLE in titles) is visible
    assert data["count"] == (4 if visible else 3)


def api_list_filtered(client, world, visible):
    data = client.get("/api/statements/", {"tag": world["tag"].slug}).json()
    assert data["count"] == (1 if visible else 0)
    assert [item["title"] for item in data["results"]] == ([TITLE] if visible else [])


def issuer_page(client, world, visible):
    page = text(client.get(world["issuer"].get_absolute_url()))
    issued = page.split('id="issued"')[1].split('id="signed"')[0]
    assert (TITLE in issued) is visible
    assert issued.count('class="card__title"') == (2 if visible else 1)


def signer_page(client, world, visible):
    page = text(client.get(world["signer"].get_absolute_url()))
    signed = page.split('id="signed"')[1]
    assert (TITLE in signed) is visible
    assert TITLE not in page or visible


def coalition_page(client, world, visible):
    page = text(client.get(world["coalition"].get_absolute_url()))
    expect_title(page, visible)
    assert "Older joint statement" in page


def translation_page(client, world, visible):
    page = text(client.get(world["spanish"].get_absolute_url()))
    link = world["statement"].get_absolute_url()
    assert (f'href="{link}"' in page) is visible
    assert (f'hreflang="en" href="http://testserver{link}"' in page) is visible


def spanish_site(client, world, visible):
    expect_title(text(client.get("/es/statements/")), visible)


SURFACES = {
    "detail page": detail_page,
    "plain text": plain_text,
    "pdf": pdf,
    "home page with its counts": home,
    "archive with its filters": archive,
    "archive filtered by organization and kind": archive_filtered,
    "year archive": year_archive,
    "own tag page": tag_page,
    "shared tag page": shared_tag_page,
    "tag list and counts": tag_list,
    "search (database's own)": searching(fallback=False),
    "search (word match)": searching(fallback=True),
    "feed: all (RSS)": feed("/feeds/statements.rss"),
    "feed: all (Atom)": feed("/feeds/statements.atom"),
    "feed: own tag (RSS)": tag_feed("rss"),
    "feed: own tag (Atom)": tag_feed("atom"),
    "feed: shared tag (RSS)": feed("/feeds/tags/{shared}.rss"),
    "feed: shared tag (Atom)": feed("/feeds/tags/{shared}.atom"),
    "feed: issuer (RSS)": feed("/feeds/organizations/{issuer}.rss"),
    "feed: issuer (Atom)": feed("/feeds/organizations/{issuer}.atom"),
    "feed: signer (Atom)": feed("/feeds/organizations/{signer}.atom"),
    "feed: coalition (RSS)": feed("/feeds/coalitions/{coalition}.rss"),
    "feed: coalition (Atom)": feed("/feeds/coalitions/{coalition}.atom"),
    "sitemap": sitemap,
    "API list and its count": api_list,
    "API list filtered by its tag": api_list_filtered,
    "API detail": api_detail,
    "API signatories": api_signatories,
    "issuer's page": issuer_page,
    "signer's page": signer_page,
    "coalition page": coalition_page,
    "translation's page": translation_page,
    "Spanish archive": spanish_site,
    "sign-on form": signon_form,
    "sign-on thanks page": signon_thanks,
    "sign-on widget": signon_widget,
}


def run(name, client, world, visible, monkeypatch):
    check = SURFACES[name]
    if getattr(check, "needs_monkeypatch", False):
        return check(client, world, visible, monkeypatch)
    return check(client, world, visible)


@pytest.mark.parametrize("name", SURFACES)
def test_absent_one_minute_before(name, client, world, monkeypatch):
    run(name, client, world, False, monkeypatch)


@pytest.mark.parametrize("name", SURFACES)
def test_present_one_minute_after_by_itself(name, client, world, monkeypatch, time_machine):
    """Read before the moment (the page cache keeps what it may), then after: no write and
    no job moves the statement onto the surface. (The page cache's content version moves
    on by itself as the moment passes: that is the cache noticing, not anyone acting.)"""
    run(name, client, world, False, monkeypatch)
    time_machine.move_to(AFTER, tick=False)
    with CaptureQueriesContext(connection) as queries:
        run(name, client, world, True, monkeypatch)
    reads = ("SELECT", "WITH")  # WITH: the archive's years, by a recursive query
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith(reads)]
    assert writes == []


CACHED = ["home page with its counts", "archive with its filters", "feed: all (Atom)", "sitemap"]


@pytest.mark.parametrize("name", CACHED)
def test_a_page_cached_before_the_moment_is_not_served_after_it(
    name, client, world, monkeypatch, time_machine
):
    run(name, client, world, False, monkeypatch)
    url, marker = {
        "home page with its counts": ("/", TITLE),
        "archive with its filters": ("/statements/", TITLE),
        "feed: all (Atom)": ("/feeds/statements.atom", TITLE),
        "sitemap": ("/sitemap.xml", world["statement"].get_absolute_url()),
    }[name]
    assert client.get(url)["X-Page-Cache"] == "hit"  # the cache holds the page without it
    time_machine.move_to(AFTER, tick=False)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"  # rendered afresh, not the page before
    assert marker in response.content.decode()


# Attachments: media files are served to anyone with their address, so the address of an
# embargoed statement's file must not be guessable.


def test_an_attachment_is_stored_under_a_random_directory_with_its_own_name(world):
    first = world["statement"].attachments.get()
    second = Attachment.objects.create(
        statement=world["statement"],
        title="Same name again",
        file=ContentFile(b"%PDF-1.4", name="quokka-rally.png"),
    )
    pattern = r"attachments/2031/03/([A-Za-z0-9_-]{22})/quokka-rally\.png"
    directories = [re.fullmatch(pattern, a.file.name) for a in (first, second)]
    assert all(directories), [a.file.name for a in (first, second)]
    assert directories[0].group(1) != directories[1].group(1)
    assert first.file.url.endswith("/quokka-rally.png")  # downloads keep the file's name


def test_an_attachment_stored_before_keeps_its_address(client, world, time_machine):
    statement = world["statement"]
    old = Attachment(statement=statement, title="Old annex")
    old.file.name = "attachments/2018/06/annex.pdf"
    old.file.storage.save(old.file.name, ContentFile(b"%PDF-1.4"))
    old.save()
    time_machine.move_to(AFTER, tick=False)
    page = text(client.get(statement.get_absolute_url()))
    assert 'href="/media/attachments/2018/06/annex.pdf"' in page
    assert old.file.storage.open(old.file.name).read() == b"%PDF-1.4"


@pytest.mark.parametrize(
    "url",
    [
        "/api/statements/",
        "/api/statements/{slug}/",
        "/api/statements/{slug}/signatories/",
    ],
)
def test_browsers_and_proxies_keep_the_api_no_later_than_the_moment(
    url, client, world, time_machine
):
    url = url.format(slug=world["statement"].slug)
    time_machine.move_to(MOMENT - datetime.timedelta(seconds=20), tick=False)
    assert client.get(url)["Cache-Control"] == "public, max-age=20"
    time_machine.move_to(AFTER, tick=False)
    assert client.get(url)["Cache-Control"] == "public, max-age=60"
