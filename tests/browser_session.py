"""Staff signed in to the browser suite's Chromium without going through the login pages,
which have journeys of their own (tests/advocacy/test_two_factor_browser.py)."""

from django.conf import settings
from django.test import Client


def sign_in(browser, live_server, user):
    """`user` signed in, second factor included where their role needs one."""
    client = Client()
    client.force_login(user)  # tests/conftest.py: passes the second factor too
    browser.get(live_server.url + "/static/css/site.css")  # a cookie needs the site's origin
    browser.add_cookie(
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        }
    )
