"""End to end in headless Chromium: the editor's, the publisher's and the moderator's days.

Each journey is clicked through as the person would. The screenshots the README shows
are taken here, at a fixed window size on fixed data, into docs/screenshots/.
Run with `make test-browser`.
"""

import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.utils import timezone
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from coalitions.models import Signatory
from releases.models import ReviewRequest, Statement
from tests import browser_session, factories
from tests.coalitions.factories_signon import make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

BODY = (
    "The vote of the **International Organization for Migration** rejected the "
    "candidate who defended family separation.\n\n"
    '> "Migrants\' rights are not up for negotiation," said *Catherine Tactaquin*.\n\n'
    "- Member states voted twice\n- The candidate withdrew"
)


def wait(browser, condition, seconds=15):
    return WebDriverWait(browser, seconds).until(condition)


def find(browser, css):
    return wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, css)))


def click(browser, xpath):
    element = wait(browser, EC.element_to_be_clickable((By.XPATH, xpath)))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()
    return element


def sign_in(browser, live_server, group, username):
    """A staff member of `group`, signed in (the login page has its own tests)."""
    user = factories.make_user(
        superuser=False, username=username, email=f"{username}@example.org", first_name=username
    )
    user.groups.add(Group.objects.get(name=group))
    browser_session.sign_in(browser, live_server, user)
    return user


def screenshot(browser, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / name))


@pytest.fixture
def window(browser):
    browser.set_window_size(1280, 1000)
    yield browser
    # The admin's pages too run under the site's CSP: no inline script or style.
    refused = [
        entry["message"]
        for entry in browser.get_log("browser")
        if "Content Security Policy" in entry["message"]
    ]
    assert refused == []


def wide(browser):
    """The admin's navigation sidebar folded away, for the screenshots."""
    toggle = browser.find_elements(By.ID, "toggle-nav-sidebar")
    if toggle and browser.find_element(By.ID, "nav-sidebar").is_displayed():
        toggle[0].click()


def test_the_editor_writes_with_a_preview_and_submits_for_review(window, live_server, settings):
    browser = window
    settings.SITE_URL = live_server.url
    factories.make_user(username="pat", email="pat@example.org", superuser=True)
    editor = sign_in(browser, live_server, "Editor", "eddie")

    browser.get(live_server.url + "/admin/releases/statement/add/")
    find(browser, "#id_title").send_keys("Defeat of US candidate to lead IOM")
    browser.find_element(By.ID, "id_dateline_place").send_keys("Chicago")
    day = browser.find_element(By.ID, "id_release_date")
    day.clear()
    day.send_keys("2018-06-29")
    body = browser.find_element(By.ID, "id_body")
    body.send_keys(BODY)
    # The preview, beside the text, prints what the site will print.
    wait(
        browser,
        EC.text_to_be_present_in_element(
            (By.CSS_SELECTOR, ".body-preview__content strong"),
            "International Organization for Migration",
        ),
    )
    preview = browser.find_element(By.CSS_SELECTOR, ".body-preview__content")
    assert preview.find_element(By.CSS_SELECTOR, "blockquote em").text == "Catherine Tactaquin"
    assert len(preview.find_elements(By.CSS_SELECTOR, "ul li")) == 2
    assert preview.find_element(By.CSS_SELECTOR, ".dateline").text.startswith("CHICAGO —")

    # Tags are typed as chips.
    tags = browser.find_element(By.CSS_SELECTOR, ".tag-chips__input")
    tags.send_keys("Family separation", Keys.ENTER, "IOM", Keys.ENTER)
    chips = [c.text for c in browser.find_elements(By.CSS_SELECTOR, ".tag-chips .tag-chip")]
    assert [c.replace("×", "").strip() for c in chips] == ["Family separation", "IOM"]

    wide(browser)
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", body)
    browser.execute_script("window.scrollBy(0, -80)")
    screenshot(browser, "editor-preview.png")

    # Leaving with unsaved text warns (the page asks the browser to); the text comes
    # back after a reload. (Chromedriver answers the browser's own dialog by itself.)
    warned = browser.execute_script(
        "const leaving = new Event('beforeunload', {cancelable: true});"
        "window.dispatchEvent(leaving); return leaving.defaultPrevented;"
    )
    assert warned
    browser.execute_script("location.reload()")
    try:
        wait(browser, EC.alert_is_present(), seconds=3).accept()
    except TimeoutException:
        pass
    click(browser, "//button[normalize-space()='Restore my unsaved changes']")
    assert find(browser, "#id_body").get_attribute("value") == BODY
    assert find(browser, "#id_title").get_attribute("value") == "Defeat of US candidate to lead IOM"
    restored = [c.text for c in browser.find_elements(By.CSS_SELECTOR, ".tag-chips .tag-chip")]
    assert len(restored) == 2

    # One click hands the draft to the publishers, who get a mail.
    click(browser, "//input[@value='Save and submit for review']")
    wait(
        browser,
        EC.presence_of_element_located((By.XPATH, "//*[contains(., 'Waiting for a publisher')]")),
    )
    statement = Statement.objects.get()
    assert statement.status == Statement.Status.DRAFT
    assert sorted(statement.tags.names()) == ["Family separation", "IOM"]
    assert ReviewRequest.objects.get().requested_by == editor
    assert [m.to for m in mail.outbox] == [["pat@example.org"]]
    # Nothing of the draft is left to restore once it is saved.
    assert browser.execute_script("return localStorage.getItem('statement-draft:new')") is None


def test_the_publisher_reviews_schedules_and_lifts_the_embargo(window, live_server, settings):
    browser = window
    settings.SITE_URL = live_server.url
    from releases import reviews

    editor = factories.make_user(superuser=False, username="eddie", email="eddie@example.org")
    draft = factories.make_statement(
        published=False,
        title="Defeat of US candidate to lead IOM",
        body="The vote rejected the candidate.",
        release_date=datetime.date(2030, 6, 3),
    )
    first = reviews.submit(statement=draft, user=editor)
    reviews.send_back(review=first, user=editor, comment="Quote the director.")
    draft.body = 'The vote rejected the candidate.\n\n> "A clear message," said the director.'
    draft.save()
    reviews.submit(statement=draft, user=editor, note="Quote added.")
    # Fixed moments, for the screenshot.
    ReviewRequest.objects.filter(pk=first.pk).update(
        requested_at=datetime.datetime(2030, 6, 1, 15, 0, tzinfo=datetime.UTC)
    )
    ReviewRequest.objects.exclude(pk=first.pk).update(
        requested_at=datetime.datetime(2030, 6, 2, 16, 30, tzinfo=datetime.UTC)
    )
    mail.outbox.clear()
    sign_in(browser, live_server, "Publisher", "pat")

    # The home page says what waits; its link opens the list filtered to it.
    browser.get(live_server.url + "/admin/")
    click(browser, '//a[normalize-space()="Drafts waiting for a publisher\'s review"]')
    row = find(browser, "#result_list tbody tr")
    assert "Waiting for a publisher" in row.text
    click(browser, f"//a[normalize-space()='{draft.title}']")
    click(browser, "//a[normalize-space()='Review and publish…']")

    # What changed since the version sent back, and each choice with its outcome.
    find(browser, ".history-diff ins")
    assert "A clear message" in browser.find_element(By.CSS_SELECTOR, ".history-diff").text
    assert "Quote added." in browser.page_source
    browser.find_element(By.ID, "id_publish_at_0").send_keys("2030-06-05")
    browser.find_element(By.ID, "id_publish_at_1").send_keys("09:00")
    wide(browser)
    screenshot(browser, "review-publish.png")
    click(browser, "//form[@id='schedule']//button[normalize-space()='Schedule']")

    # Later than the release date: warned, and the new date is one click away.
    warning = find(browser, ".choice__warning")
    assert "but the release date is June 3, 2030" in warning.text
    click(
        browser, "//button[normalize-space()='Schedule and set the release date to June 5, 2030']"
    )
    wait(browser, EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".messagelist"), "Scheduled"))
    draft.refresh_from_db()
    assert draft.is_embargoed and draft.release_date == datetime.date(2030, 6, 5)
    assert ReviewRequest.objects.first().state == "published"
    assert [m.to for m in mail.outbox] == [["eddie@example.org"]]

    # The embargo lifted early, knowingly.
    click(browser, "//button[normalize-space()='Lift embargo now']")
    wait(
        browser,
        EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".messagelist"), "Lifted the embargo"),
    )
    draft.refresh_from_db()
    assert draft.is_public
    assert Client().get(draft.get_absolute_url()).status_code == 200


def test_the_publisher_shares_a_preview_link_and_lifts_an_embargo_from_the_list(
    window, live_server
):
    browser = window
    embargoed = factories.make_statement(
        title="Statement under embargo", publish_at=timezone.now() + datetime.timedelta(days=2)
    )
    sign_in(browser, live_server, "Publisher", "pat")

    browser.get(f"{live_server.url}/admin/releases/statement/{embargoed.pk}/share/")
    find(browser, "#id_recipient").send_keys("Chicago Tribune newsroom")
    click(browser, "//input[@value='Make a preview link']")
    link = find(browser, "#share-link").get_attribute("value")
    assert link.startswith(live_server.url + "/preview/")
    click(browser, "//button[normalize-space()='Copy']")
    status = find(browser, "[data-copied-for=share-link]")
    wait(browser, lambda _: status.text in ("Copied.", "Selected: press Ctrl+C (⌘C) to copy."))
    listed = browser.find_element(By.CSS_SELECTOR, ".share-links tbody").text
    assert "Chicago Tribune newsroom" in listed and "Working" in listed

    browser.get(live_server.url + "/admin/releases/statement/")
    find(browser, "input.action-select").click()
    Select(browser.find_element(By.NAME, "action")).select_by_value("publish")
    browser.find_element(By.CSS_SELECTOR, "button[name=index]").click()
    asked = find(browser, "ul.outcomes")
    assert "is embargoed until" in asked.text and "early" in asked.text
    click(browser, "//button[normalize-space()='Yes, lift the embargo and publish now']")
    wait(
        browser,
        EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".messagelist"), "Lifted the embargo"),
    )
    embargoed.refresh_from_db()
    assert embargoed.is_public


def test_the_moderator_filters_approves_and_prints_the_queue(window, live_server):
    browser = window
    campaign = make_campaign(grouping="country")
    other = make_campaign(statement=factories.make_statement(title="Keep families together"))
    for name, country in [
        ("Centro Sin Fronteras", "Mexico"),
        ("Alianza Americas", "United States"),
    ]:
        Signatory.objects.create(
            statement=campaign.statement,
            name=name,
            country=country,
            source="form",
            status="confirmed",
            email="x@example.org",
            signer_name="Rosa Martínez",
            confirmed_at=datetime.datetime(2030, 6, 2, 14, 5, tzinfo=datetime.UTC),  # fixed
        )
    Signatory.objects.create(
        statement=other.statement, name="Elsewhere Org", source="form", status="confirmed"
    )
    sign_in(browser, live_server, "Sign-on moderator", "mo")

    browser.get(live_server.url + "/admin/")
    click(browser, "//a[normalize-space()='Sign-ons waiting for a moderator']")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#result_list tbody tr")) == 3
    click(browser, "//a[normalize-space()='Protect asylum seekers (2 waiting)']")
    rows = browser.find_elements(By.CSS_SELECTOR, "#result_list tbody tr")
    assert len(rows) == 2 and "Elsewhere Org" not in browser.find_element(By.ID, "result_list").text
    wide(browser)
    screenshot(browser, "moderation-queue.png")

    find(browser, "#action-toggle").click()
    Select(browser.find_element(By.NAME, "action")).select_by_value("approve")
    browser.find_element(By.CSS_SELECTOR, "button[name=index]").click()
    messages = find(browser, ".messagelist").text
    assert "Approved 2 sign-ons: they are listed on the statement." in messages
    assert "not waiting" not in messages

    # The printable list, grouped as on the public page, and back.
    browser.get(
        f"{live_server.url}/admin/coalitions/signatory/?statement__id__exact={campaign.statement.pk}"
    )
    find(browser, "#action-toggle").click()
    Select(browser.find_element(By.NAME, "action")).select_by_value("printable_list")
    browser.find_element(By.CSS_SELECTOR, "button[name=index]").click()
    find(browser, "section h1")
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "section h2")]
    assert headings == ["Mexico", "United States"]
    assert browser.find_element(By.CSS_SELECTOR, "[data-print]").text == "Print"
    click(browser, "//a[normalize-space()='Back to the signatories']")
    wait(browser, EC.url_contains(f"statement__id__exact={campaign.statement.pk}"))
    find(browser, "#result_list")
