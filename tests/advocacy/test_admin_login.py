"""The admin's login is paused after repeated failures, and the admin can live elsewhere."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.urls import reverse

from releases.cache import _cacheable_request
from tests import factories
from tests.advocacy.test_settings import run

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PASSWORD = "correct horse battery staple"  # the factories' password
LIMIT = settings.ADMIN_LOGIN_MAX_FAILURES


def log_in(client, username, password, address="198.51.100.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, address="198.51.100.7"):
    for _ in range(times):
        response = log_in(client, username, "wrong password", address)
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.text


def test_after_the_limit_even_the_right_password_is_refused(client):
    user = factories.make_user(username="editor")
    fail(client, "editor", LIMIT)
    response = log_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert int(response["Retry-After"]) == settings.ADMIN_LOGIN_WINDOW_SECONDS
    assert "Too many failed attempts" in response.text
    assert "try again in 15 minutes" in response.text
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302  # still to the login page
    user.refresh_from_db()
    assert user.last_login is None


def test_the_refusal_does_not_tell_whether_the_username_exists(client):
    factories.make_user(username="editor")
    fail(client, "editor", LIMIT)
    fail(client, "nobody-by-this-name", LIMIT)
    known = log_in(client, "editor", "guess")
    unknown = log_in(client, "nobody-by-this-name", "guess")
    assert known.status_code == unknown.status_code == 429
    assert known.content == unknown.content
    assert known["Retry-After"] == unknown["Retry-After"]


def test_case_and_spaces_do_not_make_a_new_username(client):
    fail(client, "editor", LIMIT)
    assert log_in(client, " EDITOR ", "guess").status_code == 429


def test_another_address_or_username_is_not_held_back(client):
    factories.make_user(username="editor")
    factories.make_user(username="publisher")
    fail(client, "editor", LIMIT)
    assert log_in(client, "editor", PASSWORD, address="203.0.113.9").status_code == 302
    client.logout()
    assert log_in(client, "publisher", PASSWORD).status_code == 302


def test_a_successful_login_starts_the_count_again(client):
    factories.make_user(username="editor")
    fail(client, "editor", LIMIT - 1)
    assert log_in(client, "editor", PASSWORD).status_code == 302
    client.logout()
    fail(client, "editor", LIMIT - 1)
    assert log_in(client, "editor", PASSWORD).status_code == 302


def test_the_pause_ends_with_its_window(client):
    factories.make_user(username="editor")
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)) as clock:
        fail(client, "editor", LIMIT)
        assert log_in(client, "editor", PASSWORD).status_code == 429
        clock.shift(settings.ADMIN_LOGIN_WINDOW_SECONDS + 1)
        assert log_in(client, "editor", PASSWORD).status_code == 302


def test_the_login_form_still_shows_during_a_pause(client):
    fail(client, "editor", LIMIT)
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert 'name="password"' in response.text


@override_settings(ADMIN_URL="backstage/")
def test_the_page_cache_skips_the_admin_at_its_configured_address():
    def cacheable(path):
        return _cacheable_request(RequestFactory().get(path))

    assert not cacheable("/backstage/login/")
    assert cacheable("/admin/")  # an ordinary (missing) public address now
    assert cacheable("/statements/")


CHECK_ADDRESSES = (
    # A database of its own: an address the site does not know is looked up among the
    # old addresses of imported statements before it is a 404.
    "from django.core.management import call_command\n"
    "call_command('migrate', verbosity=0)\n"
    "from django.test import Client\n"
    "from django.test.utils import setup_test_environment\n"
    "setup_test_environment()\n"
    "c = Client()\n"
    "print(c.get('/backstage/login/').status_code, c.get('/admin/login/').status_code)\n"
    "from django.urls import reverse\n"
    "print(reverse('admin:index'))\n"
    "from django.test import RequestFactory\n"
    "from django.urls import resolve\n"
    "robots = resolve('/robots.txt').func(RequestFactory().get('/robots.txt'))\n"
    "print(robots.render().content.decode())\n"
)


def test_the_admin_answers_at_admin_url_and_robots_txt_does_not_name_it(tmp_path):
    result = run(
        CHECK_ADDRESSES,
        settings="advocacy.settings.test",
        ADMIN_URL="/backstage",
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    statuses, index, robots = result.stdout.split("\n", 2)
    assert statuses == "200 404"
    assert index == "/backstage/"
    assert "backstage" not in robots and "/admin/" not in robots
    assert "Disallow: /statements/*/sign/" in robots


def test_a_malformed_admin_url_is_refused_by_name():
    result = run("print('started')", settings="advocacy.settings.test", ADMIN_URL="back stage")
    assert result.returncode != 0
    assert "ADMIN_URL must be a path" in result.stderr
