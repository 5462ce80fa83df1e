"""What a journalist reaches for: the language switch, the search box, the icon."""

import pytest
from django.contrib.staticfiles import finders

from tests.factories import make_statement

pytestmark = pytest.mark.django_db


def test_switching_to_spanish_on_an_untranslated_statement_says_so_in_spanish(client):
    statement = make_statement(title="Only in English", language="en")
    english = client.get(statement.get_absolute_url()).content.decode()
    assert f'href="/es{statement.get_absolute_url()}" hreflang="es"' in english
    assert "language-notice" not in english

    spanish = client.get(f"/es{statement.get_absolute_url()}").content.decode()

    assert "Esta declaración no está traducida al español." in spanish
    assert "Aquí está en inglés, el idioma en que se escribió." in spanish
    assert f'<a href="/statements/{statement.slug}/" hreflang="en" lang="en">' in spanish
    assert '<article class="release" lang="en">' in spanish


def test_the_switch_goes_to_the_translation_where_there_is_one(client):
    original = make_statement(title="Statement in English", language="en")
    spanish = make_statement(title="Declaración en español", language="es", translation_of=original)
    english_page = client.get(original.get_absolute_url()).content.decode()
    assert f'<a href="/es{spanish.get_absolute_url()}" hreflang="es" lang="es">Español</a>' in (
        english_page
    )
    spanish_page = client.get(f"/es{spanish.get_absolute_url()}").content.decode()
    assert f'<a href="/statements/{original.slug}/" hreflang="en" lang="en">English</a>' in (
        spanish_page
    )
    assert "language-notice" not in spanish_page


def test_a_draft_translation_is_not_where_the_switch_leads(client):
    original = make_statement(title="Statement in English", language="en")
    draft = make_statement(language="es", translation_of=original, published=False)
    page = client.get(original.get_absolute_url()).content.decode()
    assert draft.slug not in page
    assert "no está traducida" in client.get(f"/es{original.get_absolute_url()}").content.decode()


def test_a_spanish_statement_read_in_english_says_it_is_in_spanish(client):
    statement = make_statement(title="Solo en español", language="es")
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "This statement has not been translated into English." in page
    assert "Here it is in Spanish, the language it was written in." in page


def test_the_front_page_has_a_search_box_that_searches_the_archive(client):
    html = client.get("/").content.decode()
    assert '<form class="home-search" method="get" action="/statements/" role="search">' in html
    assert '<input type="search" name="q" id="home-q"' in html
    assert '<label for="home-q">' in html


def test_every_page_names_the_icons_and_the_icons_are_ours(client):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    assert 'href="/static/img/favicon-32.png" sizes="32x32" type="image/png"' in html
    for name in ("favicon.svg", "favicon-32.png", "favicon.ico", "apple-touch-icon.png"):
        assert finders.find(f"img/{name}"), name
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.ico"


def test_the_pdf_is_a_download_named_after_the_statement(client):
    statement = make_statement(title="Defeat of US Candidate")
    response = client.get(f"/statements/{statement.slug}.pdf")
    assert response["Content-Disposition"] == 'attachment; filename="defeat-of-us-candidate.pdf"'
