"""The public site in English and Spanish; statements linked to their translations."""

import datetime
import re

import pytest
from django.core import mail

from coalitions.models import Signatory
from tests.coalitions.factories_signon import form_data, make_campaign
from tests.factories import make_statement

pytestmark = pytest.mark.django_db


def test_spanish_interface_lives_under_es(client):
    statement = make_statement(title="Defeat of US Candidate", kind="joint-statement")
    english = client.get(statement.get_absolute_url()).content.decode()
    spanish = client.get(f"/es{statement.get_absolute_url()}").content.decode()

    assert '<html lang="en"' in english and "Joint statement" in english
    assert '<html lang="es"' in spanish and "Declaración conjunta" in spanish
    assert "Declaraciones recientes" in client.get("/es/").content.decode()
    # The statement itself keeps its own language.
    assert '<article class="release" lang="en">' in spanish


def test_language_switcher_links_to_the_same_page(client):
    url = make_statement().get_absolute_url()
    html = client.get(url).content.decode()
    assert f'href="/es{url}" hreflang="es"' in html
    html = client.get(f"/es{url}").content.decode()
    assert f'href="{url}" hreflang="en"' in html


def test_the_dateline_is_written_in_the_statements_language(client):
    statement = make_statement(
        language="es", dateline_place="Chicago", release_date=datetime.date(2018, 6, 29)
    )
    html = client.get(statement.get_absolute_url()).content.decode()
    assert 'CHICAGO — <time datetime="2018-06-29">29 de junio de 2018</time> —' in html


def test_dates_in_lists_follow_the_interface_language(client):
    make_statement(release_date=datetime.date(2018, 6, 29))
    assert "29 de junio de 2018" in client.get("/es/statements/").content.decode()


def test_translations_link_to_each_other_with_hreflang(client):
    original = make_statement(title="Statement in English", language="en")
    spanish = make_statement(title="Declaración en español", language="es", translation_of=original)
    make_statement(title="Borrador", language="es", translation_of=original, published=False)

    english_page = client.get(original.get_absolute_url()).content.decode()
    spanish_page = client.get(spanish.get_absolute_url()).content.decode()

    assert f'hreflang="es" href="http://testserver{spanish.get_absolute_url()}"' in english_page
    assert "Leer en español" in english_page and "Borrador" not in english_page
    assert f'hreflang="en" href="http://testserver{original.get_absolute_url()}"' in spanish_page
    assert "Read in English" in spanish_page


def test_sign_on_in_spanish_gets_spanish_emails_and_errors(client, settings):
    settings.SITE_URL = "http://testserver"
    campaign = make_campaign(requires_moderation=False)
    url = f"/es/statements/{campaign.statement.slug}/sign/"

    bad = client.post(url, form_data(country=""))
    assert "Elija su país." in bad.content.decode()

    with django_capture(client) as sent:
        client.post(url, form_data())
    (confirmation,) = sent
    assert confirmation.subject.startswith("Confirme su firma")
    assert "Gracias por firmar" in confirmation.body
    assert Signatory.objects.get().language == "es"


class django_capture:
    """Run on-commit callbacks (the emails) of the request, then hand over the outbox."""

    def __init__(self, client):
        self.client = client

    def __enter__(self):
        from django.test import TestCase

        self._context = TestCase.captureOnCommitCallbacks(execute=True)
        self._context.__enter__()
        return mail.outbox

    def __exit__(self, *exc):
        self._context.__exit__(*exc)


def test_confirmation_link_in_a_spanish_email_opens_a_page(client, settings):
    settings.SITE_URL = "http://testserver"
    campaign = make_campaign()
    with django_capture(client):
        client.post(f"/es/statements/{campaign.statement.slug}/sign/", form_data())
    path = re.search(r"http://testserver(\S+/sign/confirm/\S+/)", mail.outbox[0].body).group(1)
    assert path.startswith("/es/")
    assert "Confirme su firma" in client.get(path).content.decode()
