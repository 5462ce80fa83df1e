"""A publisher's two-factor login in a real browser: set up after the password, then a
login with the app's code, then one with a recovery code."""

import base64

import pytest
from django_otp.oath import TOTP
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.advocacy.two_factor_helpers import PASSWORD, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_for(browser, locator):
    return WebDriverWait(browser, 15).until(EC.presence_of_element_located(locator))


def app_code(secret, steps_ahead=0):
    """What the phone's authenticator app, given `secret`, shows (django-otp's TOTP)."""
    totp = TOTP(base64.b32decode(secret))
    totp.t0 -= steps_ahead * totp.step
    return f"{totp.token():06d}"


def log_in_with_password(browser, url, username):
    browser.get(f"{url}/admin/login/")
    wait_for(browser, (By.ID, "id_username")).send_keys(username)
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()


def type_code(browser, code):
    field = wait_for(browser, (By.NAME, "code"))
    field.clear()
    field.send_keys(code)
    field.submit()


def log_out(browser):
    wait_for(browser, (By.CSS_SELECTOR, "#logout-form button")).click()
    wait_for(browser, (By.XPATH, "//*[contains(., 'Logged out')]"))


def test_a_publisher_sets_up_two_factor_login_and_logs_in_with_it(browser, live_server):
    member("Publisher", username="pat")

    # The password, then straight to setting up the authenticator app.
    log_in_with_password(browser, live_server.url, "pat")
    wait_for(browser, (By.XPATH, "//*[contains(., 'Your role needs two-factor login')]"))
    assert browser.current_url.endswith("/admin/two-factor/setup/")
    qr = browser.find_element(By.CSS_SELECTOR, ".two-factor-qr svg")
    assert qr.size["width"] > 100 and qr.size["height"] > 100  # drawn, not blocked
    secret = browser.find_element(By.ID, "two-factor-secret").text.replace(" ", "")

    # Nothing else of the admin opens before it is done.
    browser.get(f"{live_server.url}/admin/releases/statement/")
    wait_for(browser, (By.ID, "id_username"))
    browser.get(f"{live_server.url}/admin/two-factor/setup/")

    type_code(browser, app_code(secret))
    wait_for(browser, (By.ID, "recovery-codes"))
    codes = [c.text for c in browser.find_elements(By.CSS_SELECTOR, "#recovery-codes code")]
    assert len(codes) == 10
    assert browser.find_element(By.CSS_SELECTOR, "button[data-print]").is_displayed()
    browser.find_element(By.CSS_SELECTOR, "input[name=_kept]").click()
    wait_for(browser, (By.ID, "site-name"))
    assert browser.find_element(By.CSS_SELECTOR, '#user-tools a[href="/admin/two-factor/"]')
    log_out(browser)

    # Next time: the password, then the code the app shows (the next period's: the one
    # used to set it up cannot be used again).
    log_in_with_password(browser, live_server.url, "pat")
    wait_for(browser, (By.XPATH, "//*[contains(., 'type the code it shows')]"))
    type_code(browser, app_code(secret, steps_ahead=1))
    wait_for(browser, (By.ID, "site-name"))
    assert browser.current_url.endswith("/admin/")
    log_out(browser)

    # Without the phone: a recovery code, once.
    log_in_with_password(browser, live_server.url, "pat")
    type_code(browser, codes[0])
    wait_for(browser, (By.XPATH, "//*[contains(., 'which is now used up: 9 left')]"))
    log_out(browser)
    log_in_with_password(browser, live_server.url, "pat")
    type_code(browser, codes[0])
    wait_for(browser, (By.XPATH, "//*[contains(., 'That code is not right')]"))
