"""End to end in headless Chromium: a journalist on a phone and at a desk.

Run with `make test-browser`.
"""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.factories import make_statement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait(browser, condition, seconds=15):
    return WebDriverWait(browser, seconds).until(condition)


def visible(browser, locator):
    return wait(browser, EC.visibility_of_element_located(locator))


def test_on_a_phone_the_header_is_one_line_and_the_menu_opens(browser, live_server):
    make_statement(title="Protect asylum seekers")
    # A phone: 360 CSS pixels wide, scrollbars over the page as on a phone.
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": True},
    )
    browser.get(live_server.url + "/")
    assert browser.execute_script("return document.documentElement.clientWidth") == 360
    header = browser.find_element(By.CSS_SELECTOR, ".site-header__inner")
    name = browser.find_element(By.CSS_SELECTOR, ".site-name")
    toggle = browser.find_element(By.CSS_SELECTOR, ".site-menu__toggle")
    # One line: the name and the menu button side by side, no taller than one of them.
    assert toggle.is_displayed() and toggle.text == "Menu"
    assert abs(name.rect["y"] - toggle.rect["y"]) < 12
    assert header.rect["height"] < 2 * max(name.rect["height"], toggle.rect["height"]) + 30
    links = browser.find_element(By.CSS_SELECTOR, ".site-nav")
    assert not links.is_displayed()
    # Nothing sticks out sideways.
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 360

    toggle.click()
    visible(browser, (By.LINK_TEXT, "Statements")).click()
    wait(browser, EC.url_to_be(live_server.url + "/statements/"))


def test_searching_from_the_front_page(browser, live_server):
    make_statement(title="Protect asylum seekers", body="Asylum is a right.")
    make_statement(title="Budget hearing", body="Numbers.")
    browser.get(live_server.url + "/")
    box = visible(browser, (By.CSS_SELECTOR, "form.home-search input[type=search]"))
    box.send_keys("asylum")
    browser.find_element(By.CSS_SELECTOR, "form.home-search button").click()
    heading = visible(browser, (By.TAG_NAME, "h1"))
    assert heading.text == "Search: “asylum”"
    results = browser.find_element(By.TAG_NAME, "main").text
    assert "Protect asylum seekers" in results and "Budget hearing" not in results


def test_switching_to_spanish_says_there_is_no_spanish_version_or_goes_to_it(browser, live_server):
    lonely = make_statement(title="Only in English", body="The *original* text.")
    original = make_statement(title="Statement in English", body="English words.")
    translated = make_statement(
        title="Declaración en español", language="es", translation_of=original, body="Palabras."
    )

    browser.get(live_server.url + lonely.get_absolute_url())
    visible(browser, (By.LINK_TEXT, "Español")).click()
    notice = visible(browser, (By.CSS_SELECTOR, ".language-notice"))
    assert "Esta declaración no está traducida al español." in notice.text
    assert "Aquí está en inglés" in notice.text
    assert "The original text." in browser.find_element(By.CSS_SELECTOR, ".release__body").text
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es"
    notice.find_element(By.LINK_TEXT, "View this page in English").click()
    wait(browser, EC.url_to_be(live_server.url + f"/statements/{lonely.slug}/"))

    browser.get(live_server.url + original.get_absolute_url())
    visible(browser, (By.LINK_TEXT, "Español")).click()
    wait(browser, EC.url_to_be(live_server.url + f"/es/statements/{translated.slug}/"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Declaración en español"
    assert not browser.find_elements(By.CSS_SELECTOR, ".language-notice")


def test_the_pdf_downloads_and_the_plain_text_has_no_markup(browser, live_server, tmp_path):
    statement = make_statement(
        title="Defeat of US Candidate",
        body="The *New York Declaration* and **the Agenda**.\n\nSecond [link](https://un.org/).",
    )
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    browser.get(live_server.url + statement.get_absolute_url())
    visible(browser, (By.LINK_TEXT, "Download PDF")).click()
    pdf = downloads / "defeat-of-us-candidate.pdf"
    wait(browser, lambda _: pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), seconds=60)

    browser.find_element(By.LINK_TEXT, "Plain text").click()
    text = visible(browser, (By.TAG_NAME, "pre")).text
    assert text.startswith("Defeat of US Candidate")
    assert "Chicago — June 29, 2018 — The New York Declaration and the Agenda." in text
    assert "Second link (https://un.org/)." in text
    assert "*" not in text and "](" not in text


def test_the_site_has_an_icon(browser, live_server):
    browser.get(live_server.url + "/")
    icons = browser.find_elements(By.CSS_SELECTOR, "link[rel=icon]")
    assert [icon.get_attribute("type") for icon in icons] == ["image/svg+xml", "image/png"]
    for icon in icons:
        status = browser.execute_async_script(
            "const done = arguments[1]; fetch(arguments[0]).then(r => done(r.status));",
            icon.get_attribute("href"),
        )
        assert status == 200
