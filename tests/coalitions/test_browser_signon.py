"""End to end in headless Chromium: a partner signs, confirms, a moderator approves.

Run with `make test-browser` (Debian's chromium and chromedriver).
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from coalitions.models import Signatory
from tests.coalitions.factories_signon import make_campaign, staff_address
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_for(browser, locator):
    return WebDriverWait(browser, 15).until(EC.presence_of_element_located(locator))


def test_partner_signs_confirms_and_is_listed_after_moderation(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    settings.SIGNON_MIN_SECONDS = 0
    campaign = make_campaign(requires_moderation=True, notify_emails=staff_address())
    statement_url = live_server.url + campaign.statement.get_absolute_url()
    moderator = make_user(username="moderator", superuser=False)
    moderator.groups.add(Group.objects.get(name="Sign-on moderator"))

    # A partner reads the statement, follows its sign-on button and fills in the form.
    browser.get(statement_url)
    wait_for(browser, (By.CSS_SELECTOR, ".signon__action a")).click()
    form = wait_for(browser, (By.CSS_SELECTOR, "form.signon-form"))
    form.find_element(By.ID, "id_organization_name").send_keys("Centro de Trabajadores Unidos")
    form.find_element(By.ID, "id_signer_name").send_keys("Rosa Martínez")
    form.find_element(By.ID, "id_email").send_keys("rosa@ctu.example.org")
    form.find_element(By.ID, "id_city").send_keys("Chicago")
    Select(form.find_element(By.ID, "id_country")).select_by_value("US")
    Select(form.find_element(By.ID, "id_organization_type")).select_by_value("labor")
    form.find_element(By.ID, "id_consent_to_list").click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(browser, (By.XPATH, "//h1[contains(., 'Check your email')]"))
    assert Signatory.objects.get().status == "submitted"

    # The confirmation link from the email opens a page with a Confirm button.
    link = re.search(r"http://\S+/sign/confirm/\S+/", mail.outbox[0].body).group(0)
    browser.get(link)
    wait_for(browser, (By.XPATH, "//button[normalize-space()='Confirm']")).click()
    wait_for(browser, (By.XPATH, "//h1[contains(., 'Thank you for signing')]"))
    assert Signatory.objects.get().status == "confirmed"

    # Not listed before a moderator approves.
    browser.get(statement_url)
    assert "Centro de Trabajadores Unidos" not in browser.page_source

    # The moderator approves it from the queue in the admin.
    browser.get(f"{live_server.url}/admin/login/")
    wait_for(browser, (By.ID, "id_username")).send_keys(moderator.username)
    browser.find_element(By.ID, "id_password").send_keys("correct horse battery staple")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit], button[type=submit]").click()
    wait_for(browser, (By.ID, "site-name"))
    browser.get(f"{live_server.url}/admin/coalitions/signatory/?status__exact=confirmed")
    wait_for(browser, (By.CSS_SELECTOR, "input.action-select")).click()
    Select(browser.find_element(By.NAME, "action")).select_by_value("approve")
    browser.find_element(By.CSS_SELECTOR, "button[name=index], button.button[type=submit]").click()
    wait_for(browser, (By.XPATH, "//*[contains(., 'Approved 1 sign-on')]"))

    # The organization now stands on the public statement.
    browser.get(statement_url)
    signed = wait_for(browser, (By.ID, "signatories"))
    assert signed is not None
    assert (
        "Centro de Trabajadores Unidos"
        in browser.find_element(By.CSS_SELECTOR, ".signatories").text
    )
