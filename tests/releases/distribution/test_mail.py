"""The release as a journalist gets it: HTML that mail programs keep, plain text that reads
well, the headers of a list mail, the embargo and their own preview link."""

import datetime
import email.policy
import re
from email import message_from_bytes
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from releases import previews
from releases.distribution import inline, tokens
from releases.distribution.mail import ReleaseMail
from releases.models import Attachment
from tests import factories
from tests.releases.distribution.helpers import make_journalist, make_send

pytestmark = pytest.mark.django_db

BODY = (
    "The ruling separates families.\n\n"
    "> “We will appeal,” said *Rosa Díaz*, director of [the Center](https://center.example.org).\n\n"
    "- first point\n- second point"
)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://press.example.org"
    settings.PRESS_POSTAL_ADDRESS = "1 Main St, Chicago, IL 60601"
    settings.PRESS_FROM_EMAIL = "Press Room <press@example.org>"


def a_release(**fields):
    contact = factories.make_person(
        name="Rosa Díaz",
        email="rosa@center.example.org",
        phones=[("Mobile", "+1 (312) 555-0100")],
    )
    statement = factories.make_statement(
        title="Court ruling condemned",
        deck="Families will be separated",
        dateline_place="Chicago, IL",
        body=BODY,
        **fields,
    )
    factories.add_contact(statement, person=contact, heading="For more information")
    factories.add_contact(statement, organization=factories.make_organization(name="The Center"))
    return statement


def write(statement, journalist=None, **send_fields):
    journalist = journalist or make_journalist(name="Ana Pérez", first_name="")
    send = make_send(statement, **send_fields)
    delivery = send.deliveries.create(journalist=journalist, email=journalist.email)
    message, language = ReleaseMail(send).message(journalist, delivery=delivery)
    return message, delivery


def html_of(message):
    (alternative,) = message.alternatives
    assert alternative.mimetype == "text/html"
    return alternative.content


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def elements(html):
    parser = Elements()
    parser.feed(html)
    return parser.tags


def test_the_headers_of_a_list_mail_and_the_reply_to_the_first_media_contact():
    message, delivery = write(a_release())
    # As the SMTP backend writes it: the unsubscribe address whole on its line, not
    # folded or encoded (=?utf-8?q?...), which mail programs would not read.
    raw = message.message(policy=email.policy.SMTP).as_bytes()
    assert re.search(
        rb"\r\nList-Unsubscribe: <https://press\.example\.org/press/unsubscribe/"
        rb"[^\s>]+/>\r\n",
        raw,
    )
    parsed = message_from_bytes(raw)

    assert parsed["Subject"] == "Court ruling condemned"
    assert parsed["From"] == "Press Room <press@example.org>"
    assert parsed["Reply-To"] == "rosa@center.example.org"
    (url,) = re.findall(r"<(https://[^>]+)>", parsed["List-Unsubscribe"])
    assert urlsplit(url).path.startswith("/press/unsubscribe/")
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed["List-Id"] == "Migrant Rights Press Room <releases.press.example.org>"
    # The same id whenever this row is written: a copy sent twice is one message.
    assert parsed["Message-ID"] == f"<release.{delivery.send_id}.{delivery.pk}@press.example.org>"
    assert message.track_opens is False and message.track_clicks is False


def test_the_html_is_tables_and_inline_styles_that_mail_programs_keep():
    html = html_of(write(a_release())[0])
    tags = elements(html)
    names = {tag for tag, _attrs in tags}

    # Nothing mail programs drop or that could track the reader.
    assert not names & {"style", "script", "link", "img", "iframe", "form", "video", "svg"}
    assert all("class" not in attrs for _tag, attrs in tags)
    # The layout is tables marked as layout, 600 wide for Outlook.
    tables = [attrs for tag, attrs in tags if tag == "table"]
    assert tables and all(attrs.get("role") == "presentation" for attrs in tables)
    assert any(attrs.get("width") == "600" for attrs in tables)
    # Only the CSS properties the mail is allowed.
    used = {
        declaration.split(":", 1)[0].strip()
        for _tag, attrs in tags
        for declaration in attrs.get("style", "").split(";")
        if declaration.strip()
    }
    assert used <= inline.PROPERTIES
    assert not re.search(r"display\s*:\s*(flex|grid)|position\s*:|float\s*:", html)


def test_every_link_is_the_real_address_in_full():
    html = html_of(write(a_release())[0])
    links = [attrs["href"] for tag, attrs in elements(html) if tag == "a"]

    assert links
    for link in links:
        assert link.startswith(("https://", "mailto:", "tel:")), link
    assert "https://center.example.org" in links  # the body's own link, not redirected
    assert "tel:+13125550100" in links
    assert "mailto:rosa@center.example.org" in links


def test_the_release_is_all_there_in_html_and_in_plain_text():
    message, _delivery = write(a_release(), note="Ahead of tomorrow's hearing.")
    html, text = html_of(message), message.body
    shown = " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())

    for part in (shown, text):
        assert "Court ruling condemned" in part
        assert "Families will be separated" in part
        assert "CHICAGO, IL — June 29, 2018 —" in part
        assert "We will appeal" in part
        assert "Rosa Díaz" in part and "Mobile: +1 (312) 555-0100" in part
        assert "Hello Ana," in part and "Ahead of tomorrow" in part
        assert "1 Main St, Chicago, IL 60601" in part
        assert "Unsubscribe" in part
    # Plain text: no Markdown marks, quotes marked, lines that fit a mail window.
    assert "*" not in text and "](" not in text
    assert "> “We will appeal,” said Rosa Díaz" in text
    flat = " ".join(text.replace("\n> ", " ").split())
    assert "the Center <https://center.example.org>" in flat
    assert "- first point" in text
    prose = [line for line in text.splitlines() if "http" not in line]
    assert max(len(line) for line in prose) <= 90


def test_the_pdf_and_attachments_are_links():
    statement = a_release()
    Attachment.objects.create(
        statement=statement, title="Signed letter", file="attachments/2018/06/abc/letter.pdf"
    )
    message, _delivery = write(statement)
    links = [attrs["href"] for tag, attrs in elements(html_of(message)) if tag == "a"]

    assert f"https://press.example.org/statements/{statement.slug}.pdf" in links
    assert any(link.endswith("/letter.pdf") for link in links)
    assert "Signed letter (PDF): https://" in message.body
    assert message.attachments == []  # links, not files: the mail stays small


def test_under_embargo_the_mail_says_so_and_carries_the_recipient_s_own_preview_link():
    lift = timezone.now() + datetime.timedelta(hours=20)
    statement = a_release(publish_at=lift)
    assert statement.is_embargoed
    ana, ben = make_journalist(), make_journalist()
    send = make_send(statement)
    mail = ReleaseMail(send)
    links = []
    for journalist in (ana, ben):
        delivery = send.deliveries.create(journalist=journalist, email=journalist.email)
        message, _language = mail.message(journalist, delivery=delivery)
        assert message.subject.startswith("EMBARGOED until ")
        assert message.body.startswith("Embargoed until ")
        assert "Embargoed until" in html_of(message).split("<h1")[0]
        (link,) = re.findall(r"https://press\.example\.org/preview/[^/\s]+/", message.body)
        links.append(link)
        assert f"/statements/{statement.slug}/" not in message.body  # not public yet
        assert ".pdf" not in message.body

    assert links[0] != links[1]  # each their own
    for link in links:
        found, expires = previews.read_token(urlsplit(link).path.split("/")[2])
        assert found == statement and expires > lift


def test_unpublishing_withdraws_the_preview_links_already_sent(client):
    statement = a_release(publish_at=timezone.now() + datetime.timedelta(days=2))
    message, _delivery = write(statement)
    (path,) = re.findall(r"https://press\.example\.org(/preview/[^/\s]+/)", message.body)
    assert client.get(path).status_code == 200

    statement.unpublish()

    assert client.get(path).status_code == 410


def test_after_the_lift_the_mail_links_to_the_public_page():
    message, _delivery = write(a_release())

    assert "Embargoed" not in message.body and "/preview/" not in message.body
    assert "Read it on the site: https://press.example.org/statements/" in message.body


def test_spanish_readers_get_the_spanish_translation_in_spanish():
    english = a_release()
    spanish = factories.make_statement(
        title="Fallo judicial condenado", language="es", translation_of=english, body="Texto."
    )
    lector = make_journalist(name="Luis Gómez", language="es")
    message, delivery = write(english, lector, note="Les compartimos el comunicado.")

    assert message.subject == "Fallo judicial condenado"
    assert "Hola, Luis:" in message.body
    assert "Anular la suscripción" in message.body
    assert f"https://press.example.org/es/statements/{spanish.slug}/" in message.body
    assert "/es/press/unsubscribe/" in message.extra_headers["List-Unsubscribe"]


def test_the_greeting_uses_the_first_name_where_known():
    statement = a_release()
    named = make_journalist(name="María José García", first_name="María José")
    unnamed = make_journalist(name="")

    assert "Hello María José," in write(statement, named, note="n")[0].body
    assert "Hello,\n" in write(statement, unnamed, note="n")[0].body
    assert "Hello" not in write(statement, unnamed)[0].body  # no note, no greeting


def test_the_unsubscribe_link_names_the_journalist_without_showing_the_address():
    journalist = make_journalist(email="private@example.org")
    message, _delivery = write(a_release(), journalist)
    (url,) = re.findall(r"<(https://[^>]+)>", message.extra_headers["List-Unsubscribe"])
    token = urlsplit(url).path.split("/")[3]

    assert "private" not in token
    from releases.distribution.models import Journalist

    assert tokens.read_subscription_token(token, Journalist.objects.all()) == journalist
