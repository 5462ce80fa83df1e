import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

from tests import factories

# Property-based tests (hypothesis): few examples each, so that the whole suite stays
# quick; no deadline, since a request through the test client can take a while on a
# busy machine. Failing examples are kept in var/ and tried first next time. CI runs a
# fixed sequence, so that a run can be repeated; HYPOTHESIS_PROFILE=thorough digs deeper.
_examples = DirectoryBasedExampleDatabase(Path(__file__).resolve().parent.parent / "var/hypothesis")
_common = {
    "deadline": None,
    "database": _examples,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("suite", max_examples=25, **_common)
settings.register_profile("ci", max_examples=25, derandomize=True, **_common | {"database": None})
settings.register_profile("thorough", max_examples=1000, **_common)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "suite")
)


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
def _force_login_passes_the_second_factor(monkeypatch):
    """`client.force_login(user)` skips the login page: for a user who needs two-factor
    login (advocacy.two_factor), the code step too, with an authenticator made for them
    if they have none, as if they had set one up and typed its code. The login flow
    itself is tested through its pages (tests/advocacy/test_two_factor_*.py);
    `Client.force_login_password_only` logs in as a session from before the second factor.
    """
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from advocacy.two_factor import policy

        original(self, user, backend)
        if policy.needs_second_step(user):
            device = policy.authenticator(user) or TOTPDevice.objects.create(
                user=user, name="Authenticator app", confirmed=True
            )
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # as django_otp.login()
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(Client, "force_login_password_only", original, raising=False)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in English: a request to /es/ leaves Spanish active in the thread."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


# Flags that work for Debian's chromium on a machine without a display or network.
HEADLESS_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1280,2000",
]


@pytest.fixture
def browser(tmp_path):
    """Headless Chromium driven by its chromedriver (the browser suite only)."""
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for flag in [*HEADLESS_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]:
        options.add_argument(flag)
    service = webdriver.ChromeService(
        executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
    )
    driver = webdriver.Chrome(options=options, service=service)
    yield driver
    driver.quit()
