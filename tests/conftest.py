import os

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
