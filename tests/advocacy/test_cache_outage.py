"""Without Redis the site serves uncached, takes sign-ons and logins, and says so in the log."""

import logging
import socket

import pytest
from django.test import override_settings
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from advocacy import cache as resilient
from coalitions.models import Signatory
from releases.cache import versions as page_versions
from tests import factories
from tests.advocacy.test_settings import run
from tests.coalitions.factories_signon import form_data, make_campaign

pytestmark = pytest.mark.django_db


def closed_port():
    """A local port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_down():
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "advocacy.cache.ResilientRedisCache",
                "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            }
        }
    ):
        yield


def test_public_pages_are_served_uncached(client, redis_down, caplog):
    statement = factories.make_statement(title="Served without Redis")
    with caplog.at_level(logging.WARNING, logger="advocacy.cache"):
        for url in ["/", statement.get_absolute_url(), statement.get_absolute_url()]:
            response = client.get(url)
            assert response.status_code == 200
            assert response.get("X-Page-Cache") != "hit"
        assert "Served without Redis" in response.text
    warnings = [r for r in caplog.records if r.name == "advocacy.cache"]
    # Logged once, then left alone for RETRY_SECONDS: no line (and no timeout) per call.
    assert len(warnings) == 1
    assert "out of reach" in warnings[0].getMessage()


def test_sign_ons_go_on_and_the_limits_fail_open(client, redis_down, settings):
    settings.SIGNON_RATE_PER_IP = 1
    campaign = make_campaign()
    url = reverse("coalitions:sign", kwargs={"slug": campaign.statement.slug})
    for n in range(3):
        data = form_data(organization_name=f"Org {n}", email=f"someone@org{n}.example")
        assert client.post(url, data).status_code == 302
    assert Signatory.objects.count() == 3


def test_the_login_throttle_fails_open(client, redis_down, settings):
    factories.make_user(username="editor")
    login = reverse("admin:login")
    for _ in range(settings.ADMIN_LOGIN_MAX_FAILURES + 1):
        assert client.post(login, {"username": "editor", "password": "x"}).status_code == 200
    right = {"username": "editor", "password": "correct horse battery staple"}
    assert client.post(login, right).status_code == 302


class FlakyRedis:
    """Stands in for the Redis client: out of reach until `up`, counting each call."""

    def __init__(self):
        self.up = False
        self.calls = 0
        self.data = {}

    def _reach(self):
        self.calls += 1
        if not self.up:
            raise RedisConnectionError("Connection refused.")

    def get(self, key, default):
        self._reach()
        return self.data.get(key, default)

    def set(self, key, value, timeout):
        self._reach()
        self.data[key] = value

    def set_many(self, data, timeout):
        self._reach()
        self.data.update(data)
        return []

    def delete(self, key):
        self._reach()
        return self.data.pop(key, None) is not None


@pytest.fixture
def flaky():
    backend = resilient.ResilientRedisCache("redis://127.0.0.1:1/0", {"RETRY_SECONDS": 30})
    backend._cache = FlakyRedis()  # the client Django's backend would make
    return backend


def test_redis_is_left_alone_after_a_failure(flaky):
    assert flaky.get("key", "default") == "default"
    assert flaky.set("key", "value") is None
    with pytest.raises(ValueError):
        flaky.incr("key")
    assert flaky._cache.calls == 1


def test_when_redis_comes_back_the_cached_pages_are_stale(flaky, monkeypatch):
    """Redis may come back with the pages it had, from before changes it could not hear of."""
    monkeypatch.setattr(page_versions, "cache", flaky)
    flaky._cache.up = True
    flaky.set(page_versions.VERSION_KEY, 1)
    flaky._cache.up = False
    flaky.get(page_versions.VERSION_KEY)  # down: noticed
    flaky._retry_at = 0.0  # as when RETRY_SECONDS have passed
    flaky._cache.up = True
    assert flaky.get("anything") is None  # back: the version moves on
    assert flaky.get(page_versions.VERSION_KEY) > 1


def test_the_settings_use_it_with_short_timeouts():
    result = run(
        "print(settings.CACHES['default'])",
        settings="advocacy.settings.dev",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert "advocacy.cache.ResilientRedisCache" in result.stdout
    assert "'socket_connect_timeout': 1" in result.stdout
