import pytest

from tests import factories


@pytest.fixture
def staff_user(db):
    return factories.make_user()


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached pages start empty in every test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in English: a request to /es/ leaves Spanish active in the thread."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")
