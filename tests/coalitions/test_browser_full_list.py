"""End to end in headless Chromium: a reader goes from a statement with more names than
its page prints to the full list, finds one by name and turns its pages."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from advocacy.text import name_key, sort_key
from coalitions import lists
from coalitions.models import Signatory, SignatoryList
from coalitions.templatetags import coalitions_tags
from tests.coalitions.factories_signon import make_campaign
from tests.factories import make_organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_for(browser, locator):
    return WebDriverWait(browser, 15).until(EC.presence_of_element_located(locator))


def test_reader_finds_a_signatory_in_the_full_list(browser, live_server, monkeypatch):
    monkeypatch.setattr(coalitions_tags, "PAGE_NAMES", 20)
    monkeypatch.setattr(lists, "PER_PAGE", 25)
    campaign = make_campaign()
    names = [f"Workers Center {n:02d}" for n in range(60)]
    Signatory.objects.bulk_create(
        Signatory(
            statement=campaign.statement,
            name=name,
            name_key=name_key(name),
            sort_key=sort_key(name),
        )
        for name in names
    )
    zapotec = make_organization(name="Zapotec Community Council")
    Signatory.objects.create(statement=campaign.statement, organization=zapotec)
    SignatoryList.objects.recount([campaign.statement.pk])

    browser.get(live_server.url + campaign.statement.get_absolute_url())
    link = wait_for(browser, (By.CSS_SELECTOR, ".signatories__all a"))
    assert link.text == "All 61 signatories, to search by name"
    assert "Zapotec" not in browser.find_element(By.CSS_SELECTOR, ".signatories").text
    link.click()

    wait_for(browser, (By.XPATH, "//h1[normalize-space()='Signatories']"))
    assert "Page 1 of 3" in browser.page_source
    browser.find_element(By.CSS_SELECTOR, "a[rel=next]").click()
    wait_for(browser, (By.XPATH, "//*[contains(., 'Page 2 of 3')]"))
    second = browser.find_element(By.CSS_SELECTOR, ".signatory-list").text
    assert "Workers Center 25" in second and "Workers Center 24" not in second

    search = browser.find_element(By.ID, "signatory-q")
    search.send_keys("zapotec")
    search.submit()
    wait_for(browser, (By.XPATH, "//*[contains(., '1 name found')]"))
    listed = browser.find_element(By.CSS_SELECTOR, ".signatory-list")
    assert listed.text == "Zapotec Community Council"
    listed.find_element(By.LINK_TEXT, "Zapotec Community Council").click()
    wait_for(browser, (By.XPATH, "//h1[contains(., 'Zapotec Community Council')]"))
    assert browser.current_url == live_server.url + zapotec.get_absolute_url()
