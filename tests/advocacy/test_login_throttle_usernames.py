"""The admin login throttle counts every spelling that logs in as one username together.

Django normalises the username (NFKC) before it looks the account up, so "ｅｄｉｔｏｒ"
(fullwidth) and "𝐞𝐝𝐢𝐭𝐨𝐫" (mathematical bold) log in as "editor": they must not get
tries of their own.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from advocacy.admin_login import username_key
from tests import factories

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PASSWORD = "correct horse battery staple"  # the factories' password
LIMIT = settings.ADMIN_LOGIN_MAX_FAILURES
VARIANTS = ["ｅｄｉｔｏｒ", "𝐞𝐝𝐢𝐭𝐨𝐫", "𝖊𝖉𝖎𝖙𝖔𝖗", "ＥＤＩＴＯＲ", " editor\u00a0", "EDITOR"]


def log_in(client, username, password):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR="198.51.100.7"
    )


@pytest.mark.parametrize("variant", ["ｅｄｉｔｏｒ", "𝐞𝐝𝐢𝐭𝐨𝐫", "𝖊𝖉𝖎𝖙𝖔𝖗"])
def test_a_compatibility_spelling_logs_in_as_the_same_account(client, variant):
    factories.make_user(username="editor", superuser=False)
    response = log_in(client, variant, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_its_failures_count_against_the_same_username(client, variant):
    factories.make_user(username="editor", superuser=False)
    for _ in range(LIMIT):
        assert log_in(client, "editor", "wrong password").status_code == 200
    response = log_in(client, variant, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_spellings_cannot_be_mixed_to_get_more_tries(client):
    factories.make_user(username="editor", superuser=False)
    for variant in VARIANTS[:LIMIT]:
        assert log_in(client, variant, "wrong password").status_code == 200
    assert log_in(client, "editor", PASSWORD).status_code == 429


def test_the_key_follows_the_user_models_own_normalisation():
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    for variant in VARIANTS:
        assert username_key(variant) == username_key("editor")
        assert username_key(variant) == user_model.normalize_username(variant.strip()).casefold()
    assert username_key("editor") != username_key("editors")
