"""Error pages: friendly, in the language of the address, never a stack trace; a database
outage gives a 503 to come back from; every request has a reference that the logs share."""

import logging
import os
import subprocess
import sys
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client, override_settings

from advocacy.request_id import RequestIdFilter
from tests.factories import make_statement

pytestmark = pytest.mark.django_db
ROOT = settings.BASE_DIR
FAILING_URLS = "tests.advocacy.urls_failing"


@pytest.fixture
def public():
    """A browser that gets pages rather than exceptions, as the public does."""
    return Client(raise_request_exception=False)


def assert_no_stack_trace(response):
    text = response.content.decode()
    for leak in ("Traceback", "secret detail", "RuntimeError", "OperationalError", 'File "'):
        assert leak not in text


@pytest.mark.parametrize(
    ("url", "language", "heading"),
    [
        ("/no-such-page/", "en", "Page not found"),
        ("/es/no-such-page/", "es", "Página no encontrada"),
    ],
)
def test_a_missing_page_is_explained_in_the_language_of_the_address(public, url, language, heading):
    response = public.get(url)
    assert response.status_code == 404
    assert response["Content-Language"] == language
    assert heading in response.content.decode()
    assert f'lang="{language}"' in response.content.decode()


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/", "This request could not be understood"),
        ("/es/", "No podemos entender esta solicitud"),
    ],
)
def test_a_bad_request_gets_a_friendly_400(public, url, heading):
    response = public.get(url, HTTP_HOST="not-our-site.example")
    assert response.status_code == 400
    assert heading in response.content.decode()


@override_settings(ROOT_URLCONF=FAILING_URLS)
@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/forbidden/", "You do not have access to this page"),
        ("/es/forbidden/", "No tiene acceso a esta página"),
    ],
)
def test_a_forbidden_page_gets_a_friendly_403(public, url, heading):
    response = public.get(url)
    assert response.status_code == 403
    assert heading in response.content.decode()


def test_a_form_sent_without_its_token_says_to_reload_the_page():
    statement = make_statement()
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(f"/es/statements/{statement.slug}/sign/", {"name": "Org"})
    assert response.status_code == 403
    assert "El formulario ha caducado" in response.content.decode()


@override_settings(ROOT_URLCONF=FAILING_URLS)
@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/broken/", "Something went wrong on our side"),
        ("/es/broken/", "Algo salió mal de nuestro lado"),
    ],
)
def test_a_bug_gets_a_friendly_500_with_the_reference_and_no_trace(public, url, heading):
    response = public.get(url)
    assert response.status_code == 500
    text = response.content.decode()
    assert heading in text
    assert response["X-Request-ID"] in text
    assert response["Cache-Control"] == "private, no-store"
    assert_no_stack_trace(response)


@override_settings(ROOT_URLCONF=FAILING_URLS)
def test_the_error_is_logged_with_the_reference_shown_on_the_page(public, caplog):
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = public.get("/broken/", HTTP_X_REQUEST_ID="proxy-7f3a9c2e")
    assert response["X-Request-ID"] == "proxy-7f3a9c2e"
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.request_id == "proxy-7f3a9c2e"
    assert record.exc_info[0] is RuntimeError
    line = logging.Formatter(settings.LOGGING["formatters"]["default"]["format"]).format(record)
    assert "[proxy-7f3a9c2e]" in line


def refuse_connections(*args, **kwargs):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/statements/", "The press room is briefly unavailable"),
        ("/es/statements/", "La sala de prensa no está disponible por un momento"),
    ],
)
def test_a_database_outage_gives_a_503_to_come_back_from(public, url, heading, caplog):
    caplog.handler.addFilter(RequestIdFilter())
    with mock.patch.object(connection, "cursor", side_effect=refuse_connections):
        response = public.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == "private, no-store"
    text = response.content.decode()
    assert heading in text
    assert response["X-Request-ID"] in text
    assert_no_stack_trace(response)
    logged = [r for r in caplog.records if r.name == "django.request"]
    assert [(r.levelname, r.request_id) for r in logged] == [("ERROR", response["X-Request-ID"])]


def test_a_database_that_refuses_connections_gives_the_503_page():
    """A real outage: the site pointed at a port where no database listens, DEBUG off."""
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "from django.test.utils import setup_test_environment\n"
        "setup_test_environment()\n"
        "r = Client(raise_request_exception=False).get('/statements/')\n"
        "print(r.status_code, r['Retry-After'])\n"
        "print(r.content.decode())\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "advocacy.settings.test",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/pressroom",
        "DEBUG": "0",
        "LOG_LEVEL": "CRITICAL",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    status, page = result.stdout.split("\n", 1)
    assert status == "503 60"
    assert "The press room is briefly unavailable" in page
    assert "Traceback" not in page and "port 9" not in page


def test_every_response_carries_a_fresh_reference(client):
    first, second = client.get("/robots.txt"), client.get("/robots.txt")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize("incoming", ["", "short", "has space in it", "x" * 200, "<script>1234"])
def test_an_unsafe_incoming_reference_is_replaced(client, incoming):
    response = client.get("/robots.txt", HTTP_X_REQUEST_ID=incoming)
    assert response["X-Request-ID"] != incoming
    assert len(response["X-Request-ID"]) == 32


def test_error_pages_are_not_kept_in_the_page_cache(public):
    public.get("/no-such-page/")
    again = public.get("/no-such-page/")
    assert again.status_code == 404
    assert again.get("X-Page-Cache") != "hit"


@override_settings(ROOT_URLCONF=FAILING_URLS)
def test_when_even_the_error_page_fails_a_plain_page_in_both_languages_is_sent(public):
    with mock.patch("advocacy.errors.loader.render_to_string", side_effect=OSError("disk")):
        response = public.get("/es/broken/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "Lo sentimos" in text and "Sorry" in text
    assert response["X-Request-ID"] in text
    assert_no_stack_trace(response)
