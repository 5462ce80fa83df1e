"""End to end in headless Chromium: a partner's own site frames the sign-on widget, and a
visitor signs on inside the frame.

The partner's page is served from another site (127.0.0.1 against the live server's
localhost), so the browser treats the frame as third-party, cookies included.
"""

import functools
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.core.cache import cache
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from coalitions.models import Signatory
from tests.coalitions.factories_signon import make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def partner_site(tmp_path):
    """A partner's web server on another site: 127.0.0.1 on a port of the OS's choosing."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def framing(folder, name, src):
    (folder / name).write_text(
        "<!doctype html><html lang=en><title>Partner</title><h1>Our partner page</h1>"
        f'<iframe src="{src}" title="Sign on" width="640" height="1900"></iframe>',
        encoding="utf-8",
    )


def test_a_visitor_signs_on_inside_the_frame_on_a_partners_site(
    browser, live_server, partner_site, settings
):
    settings.SITE_URL = live_server.url
    settings.SIGNON_MIN_SECONDS = 0
    folder, partner = partner_site
    settings.CSP_EMBED_FRAME_ANCESTORS = [partner]
    campaign = make_campaign(goal=20)
    slug = campaign.statement.slug
    framing(folder, "widget.html", f"{live_server.url}/statements/{slug}/sign/widget/")

    browser.get(f"{partner}/widget.html")
    frame = WebDriverWait(browser, 15).until(
        EC.frame_to_be_available_and_switch_to_it((By.TAG_NAME, "iframe"))
    )
    assert frame
    form = WebDriverWait(browser, 15).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, "form.signon-form"))
    )
    assert "Nobody has signed yet — goal: 20." in browser.find_element(By.TAG_NAME, "main").text
    assert not browser.get_cookies()  # no cookie of ours is needed in a third-party frame

    # A first try without consent is refused in the frame, with the error summary.
    for name, value in [
        ("organization_name", "Centro de Trabajadores Unidos"),
        ("signer_name", "Rosa Martínez"),
        ("email", "rosa@ctu.example.org"),
    ]:
        form.find_element(By.ID, f"id_{name}").send_keys(value)
    Select(form.find_element(By.ID, "id_country")).select_by_value("MX")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    summary = WebDriverWait(browser, 15).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, ".error-summary"))
    )
    assert "Your name can only be added with your consent" in summary.text
    assert Signatory.objects.count() == 0

    browser.find_element(By.ID, "id_consent_to_list").click()
    browser.find_element(By.CSS_SELECTOR, "form.signon-form button[type=submit]").click()
    WebDriverWait(browser, 15).until(
        EC.text_to_be_present_in_element((By.TAG_NAME, "main"), "Check your email to confirm")
    )
    browser.switch_to.default_content()
    assert browser.current_url == f"{partner}/widget.html"  # the visitor never left
    assert Signatory.objects.get().status == "submitted"

    # The same confirmation by email as on the site.
    link = re.search(r"http://\S+/sign/confirm/\S+/", mail.outbox[0].body).group(0)
    browser.get(link)
    WebDriverWait(browser, 15).until(
        EC.element_to_be_clickable((By.XPATH, "//button[normalize-space()='Confirm']"))
    ).click()
    WebDriverWait(browser, 15).until(
        EC.presence_of_element_located(
            (By.XPATH, "//h1[normalize-space()='Thank you for signing']")
        )
    )
    assert Signatory.objects.get().status == "confirmed"


def test_only_the_widget_may_be_framed_and_only_by_the_sites_named(
    browser, live_server, partner_site, settings
):
    folder, partner = partner_site
    campaign = make_campaign()
    slug = campaign.statement.slug
    framing(folder, "page.html", f"{live_server.url}/statements/{slug}/sign/")
    framing(folder, "widget.html", f"{live_server.url}/statements/{slug}/sign/widget/")

    def form_in_frame(page):
        browser.get(f"{partner}/{page}")
        browser.switch_to.frame(browser.find_element(By.TAG_NAME, "iframe"))
        found = browser.find_elements(By.CSS_SELECTOR, "form.signon-form")
        browser.switch_to.default_content()
        return bool(found)

    settings.CSP_EMBED_FRAME_ANCESTORS = ["https://partner.example.org"]
    assert not form_in_frame("widget.html")
    # Caches keep a page with its headers (ours and the browser's, for a minute): a new
    # setting comes with a restart, and here with another address.
    cache.clear()
    framing(folder, "widget-2.html", f"{live_server.url}/statements/{slug}/sign/widget/?v=2")
    settings.CSP_EMBED_FRAME_ANCESTORS = [partner]
    assert form_in_frame("widget-2.html")
    assert not form_in_frame("page.html")  # the site's own pages are never framed
