"""End to end in headless Chromium: a publisher sends a release to the press and watches it
go; a journalist subscribes, confirms and unsubscribes in one click.

Run with `make test-browser`. With SCREENSHOT_DIR set (docs/screenshots), the send page
and the mail as a browser renders it are saved there.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from taggit.models import Tag

from releases.distribution import services
from releases.distribution.models import Delivery, Journalist, Send, Suppression
from tests import browser_session, factories
from tests.releases.distribution.helpers import (
    DATABASE_QUEUE,
    make_journalist,
    make_list,
    run_worker,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_for(browser, locator, seconds=20):
    return WebDriverWait(browser, seconds).until(EC.presence_of_element_located(locator))


def screenshot(browser, name, *, height=None):
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    if height:
        browser.set_window_size(1280, height)
    browser.save_screenshot(str(Path(folder) / name))


def a_release():
    contact = factories.make_person(
        name="Rosa Díaz", email="rosa@alianza.example.org", phones=[("Mobile", "+1 312 555 0100")]
    )
    statement = factories.make_statement(
        title="Defeat of US candidate to lead IOM reflects rejection of its policies",
        deck="Civil society welcomes the vote of the member states",
        dateline_place="Chicago",
        body=(
            "The nominee to head the International Organization for Migration was defeated "
            "today in a vote of its member states.\n\n"
            "> “This vote reflects the concerns of other countries,” said *Rosa Díaz*.\n\n"
            "Read the [joint letter](https://alianza.example.org/letter)."
        ),
        issuers=[factories.make_organization(name="Alianza Americas", about="A network.")],
    )
    factories.add_contact(statement, person=contact, heading="Media contact")
    return statement


def test_a_publisher_chooses_lists_previews_tests_sends_and_watches(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    settings.TASKS = DATABASE_QUEUE
    settings.PRESS_SEND_RATE_PER_MINUTE = 0
    settings.PRESS_POSTAL_ADDRESS = "1 Main St, Chicago, IL 60601"
    publisher = factories.make_user(
        superuser=False, username="lead", email="lead@example.org", first_name="Lee"
    )
    publisher.groups.add(Group.objects.get(name="Publisher"))
    statement = a_release()
    reporters = [make_journalist(name=f"Reporter {n}") for n in range(4)]
    make_list("National immigration reporters", members=reporters[:3])
    make_list("Spanish-language media", members=reporters[2:])

    browser_session.sign_in(browser, live_server, publisher)
    browser.get(f"{live_server.url}/admin/releases/statement/{statement.pk}/change/")
    # The admin writes its page tools in capitals: found by their address.
    wait_for(browser, (By.CSS_SELECTOR, f".object-tools a[href$='/{statement.pk}/send/']")).click()

    # Choose the lists and write a note.
    form = wait_for(browser, (By.ID, "send_form"))
    for label in form.find_elements(By.CSS_SELECTOR, "#id_lists label"):
        label.find_element(By.TAG_NAME, "input").click()
    form.find_element(By.ID, "id_note").send_keys("Ahead of tomorrow's hearing: our statement.")
    form.find_element(By.NAME, "_continue").click()
    count = wait_for(browser, (By.ID, "recipient-count"))
    assert count.text == "4"  # a reporter on both lists counts once
    send = Send.objects.get()

    # Preview the mail as HTML: it opens in a tab of its own.
    page = browser.current_window_handle
    browser.find_element(By.PARTIAL_LINK_TEXT, "Preview as HTML").click()
    WebDriverWait(browser, 10).until(lambda b: len(b.window_handles) == 2)
    browser.switch_to.window([h for h in browser.window_handles if h != page][0])
    heading = wait_for(browser, (By.TAG_NAME, "h1"))
    assert heading.text.startswith("Defeat of US candidate")
    assert "Hello Lee," in browser.page_source
    screenshot(browser, "press-mail.png", height=1000)
    browser.close()
    browser.switch_to.window(page)
    browser.set_window_size(1280, 2000)

    # Send a test to oneself.
    browser.find_element(By.ID, "send-test").click()
    wait_for(browser, (By.XPATH, "//*[contains(., 'A test is on its way')]"))
    run_worker()
    assert [m.to for m in mail.outbox] == [["lead@example.org"]]

    # Send, and watch the counts follow as the worker sends.
    browser.find_element(By.ID, "send-now").click()
    wait_for(browser, (By.XPATH, "//*[contains(., 'Queued for 4 recipients')]"))
    assert browser.find_element(By.CSS_SELECTOR, '[data-count="queued"]').text == "4"
    run_worker()
    WebDriverWait(browser, 30).until(
        lambda b: b.find_element(By.CSS_SELECTOR, '[data-count="sent"]').text == "4"
    )
    wait_for(browser, (By.XPATH, "//strong[@data-status and normalize-space()='Sent']"))
    assert len(mail.outbox) == 5
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    send.refresh_from_db()
    assert send.status == Send.Status.DONE

    # The mail service reports a bounce (its webhook): the page says so, with the reason.
    bounced = Delivery.objects.order_by("pk").first()
    services.record_event(
        email=bounced.email,
        status=Delivery.Status.BOUNCED,
        reason="Mailgun: 550 5.1.1 The email account that you tried to reach does not exist",
        delivery_id=bounced.pk,
    )
    browser.refresh()
    problem = wait_for(browser, (By.CSS_SELECTOR, ".press-problems"))
    assert bounced.email in problem.text and "does not exist" in problem.text
    assert browser.find_element(By.CSS_SELECTOR, '[data-count="bounced"]').text == "1"
    screenshot(browser, "press-send-page.png", height=1000)

    # The statement's page lists the send, beside the reads of the statement.
    browser.get(f"{live_server.url}/admin/releases/statement/{statement.pk}/change/")
    press = wait_for(browser, (By.CSS_SELECTOR, ".press-summary"))
    assert "National immigration reporters" in press.text and "Sent" in press.text


def test_an_embargoed_release_as_the_mail_shows_it(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    settings.PRESS_POSTAL_ADDRESS = "1 Main St, Chicago, IL 60601"
    publisher = factories.make_user(superuser=False, username="lead", first_name="Lee")
    publisher.groups.add(Group.objects.get(name="Publisher"))
    statement = a_release()
    statement.publish_at = timezone.now() + datetime.timedelta(hours=18)
    statement.save()
    send = Send.objects.create(statement=statement, mode=Send.Mode.EMBARGO, note="Under embargo.")
    send.lists.set([make_list("Wire services", members=[make_journalist()])])

    browser_session.sign_in(browser, live_server, publisher)
    browser.get(f"{live_server.url}/admin/releases/send/{send.pk}/preview/?language=en")
    banner = wait_for(browser, (By.XPATH, "//strong[starts-with(., 'Embargoed until')]"))
    assert banner.is_displayed()
    assert "Your own preview link" in browser.page_source
    screenshot(browser, "press-mail-embargoed.png", height=1060)


def test_a_journalist_subscribes_confirms_and_unsubscribes_in_one_click(
    browser, live_server, settings
):
    settings.SITE_URL = live_server.url
    settings.SUBSCRIBE_MIN_SECONDS = 0
    asylum = Tag.objects.create(name="Asylum", slug="asylum")
    factories.make_statement(tags=[asylum])

    browser.get(live_server.url + "/")
    wait_for(browser, (By.LINK_TEXT, "Get our releases")).click()
    form = wait_for(browser, (By.CSS_SELECTOR, ".press-subscribe form"))
    form.find_element(By.ID, "id_email").send_keys("ana@tribune.example.org")
    form.find_element(By.ID, "id_name").send_keys("Ana Pérez")
    form.find_element(By.ID, "id_outlet").send_keys("The Tribune")
    form.find_element(By.XPATH, "//label[contains(., 'Español')]/input").click()
    form.find_element(By.XPATH, "//label[contains(., 'Asylum')]/input").click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(browser, (By.XPATH, "//h1[contains(., 'Check your email')]"))
    assert Journalist.objects.count() == 0

    confirm = re.search(r"http://\S+/press/subscribe/confirm/\S+/", mail.outbox[-1].body)[0]
    browser.get(confirm)
    wait_for(browser, (By.XPATH, "//button[normalize-space()='Confirm']")).click()
    wait_for(browser, (By.XPATH, "//h1[contains(., 'You are subscribed')]"))
    journalist = Journalist.objects.get()
    assert journalist.is_subscriber and list(journalist.topics.all()) == [asylum]

    welcome = mail.outbox[-1]
    unsubscribe = re.search(r"Unsubscribe: (http://\S+)", welcome.body)[1]
    browser.get(unsubscribe)
    wait_for(browser, (By.XPATH, "//button[normalize-space()='Unsubscribe']")).click()
    wait_for(browser, (By.XPATH, "//h1[contains(., 'You are unsubscribed')]"))
    assert Suppression.objects.holds("ana@tribune.example.org")
