"""End to end in headless Chromium: a partner signs on, shares, invites, and later
corrects, withdraws or erases their signature from their own page.

Run with `make test-browser`. Saves the README's screenshots of the sign-on form with
its error summary and of the thank-you page (docs/screenshots/).
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from coalitions.models import Question, Signatory
from tests.coalitions.factories_signon import make_campaign, staff_address
from tests.factories import add_signatory
from tests.screenshots import save_screenshot
from tests.test_page_quality import axe_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait(browser, condition, seconds=15):
    return WebDriverWait(browser, seconds).until(condition)


def visible(browser, locator):
    return wait(browser, EC.visibility_of_element_located(locator))


def link_in(message, kind):
    return re.search(rf"http://\S+/sign/{kind}/\S+/", message.body).group(0)


def fill(browser, **values):
    for name, value in values.items():
        element = browser.find_element(By.ID, f"id_{name}")
        element.clear()
        element.send_keys(value)


@pytest.fixture
def campaign(settings, live_server):
    settings.SITE_URL = live_server.url
    settings.SIGNON_MIN_SECONDS = 0
    campaign = make_campaign(
        requires_moderation=True, goal=50, notify_emails=staff_address(), grouping="country"
    )
    Question.objects.create(campaign=campaign, text="Will you join the press call?", position=1)
    Question.objects.create(
        campaign=campaign,
        text="Which spokesperson language?",
        kind=Question.Kind.CHOICE,
        choices="English\nSpanish",
        position=2,
    )
    return campaign


def test_a_failed_sign_on_lists_its_problems_at_the_top_and_leads_to_each_field(
    browser, live_server, campaign
):
    browser.get(f"{live_server.url}/statements/{campaign.statement.slug}/sign/")
    form = visible(browser, (By.CSS_SELECTOR, "form.signon-form"))

    # Required fields are marked for the eye and for the browser.
    for name in ("organization_name", "signer_name", "email", "country", "consent_to_list"):
        field = form.find_element(By.ID, f"id_{name}")
        assert field.get_attribute("required") == "true", name
        label = form.find_element(By.CSS_SELECTOR, f"label[for=id_{name}]")
        assert label.find_element(By.CSS_SELECTOR, ".required").text == "*"
    assert not form.find_element(By.ID, "id_city").get_attribute("required")
    assert "Fields marked * are required." in form.text
    # What phones fill in by themselves.
    autocomplete = {
        name: form.find_element(By.ID, f"id_{name}").get_attribute("autocomplete")
        for name in ("organization_name", "signer_name", "email", "phone", "city", "country")
    }
    assert autocomplete == {
        "organization_name": "organization",
        "signer_name": "name",
        "email": "email",
        "phone": "tel",
        "city": "address-level2",
        "country": "country",
    }
    assert form.find_element(By.ID, "id_phone").get_attribute("type") == "tel"
    countries = Select(form.find_element(By.ID, "id_country"))
    assert len(countries.options) > 240
    # Listing publicly, in plain words.
    consent = form.find_element(By.ID, "id_consent_to_list_helptext").text
    assert "We print the name you sign under beneath the statement" in consent
    assert "under the name of your country" in consent
    assert "Nothing else you tell us is published" in consent

    # A partner forgets most of it and sends the form.
    fill(browser, organization_name="Centro de Trabajadores Unidos", email="rosa@")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()

    summary = visible(browser, (By.CSS_SELECTOR, ".error-summary"))
    assert browser.title.startswith("Error: ")
    assert browser.switch_to.active_element == summary  # read first by a screen reader
    links = {
        link.text: link.get_attribute("href") for link in summary.find_elements(By.TAG_NAME, "a")
    }
    assert links == {
        "Enter your name.": f"{browser.current_url}#id_signer_name",
        "Enter an email address like name@example.org.": f"{browser.current_url}#id_email",
        "Choose your country.": f"{browser.current_url}#id_country",
        "Your name can only be added with your consent to list it.": (
            f"{browser.current_url}#id_consent_to_list"
        ),
    }
    # What was typed is kept.
    assert browser.find_element(By.ID, "id_organization_name").get_attribute("value") == (
        "Centro de Trabajadores Unidos"
    )
    assert axe_problems(browser) == []
    save_screenshot(browser, "signon-form-errors")

    summary.find_element(By.PARTIAL_LINK_TEXT, "email address").click()
    assert browser.switch_to.active_element.get_attribute("id") == "id_email"
    assert Signatory.objects.count() == 0


def test_a_partner_signs_confirms_shares_and_invites(browser, live_server, campaign):
    statement = campaign.statement
    campaign.allow_individuals = campaign.list_individuals = True
    campaign.save()
    for number in range(12):
        add_signatory(statement, f"Partner organization {number}")
    for name in ("Ana Ruiz", "Luis Pérez"):
        Signatory.objects.create(statement=statement, name=name, kind="individual")
    browser.get(f"{live_server.url}/statements/{statement.slug}/sign/")
    visible(browser, (By.CSS_SELECTOR, "form.signon-form"))
    fill(
        browser,
        organization_name="Centro de Trabajadores Unidos",
        signer_name="Rosa Martínez",
        email="rosa@ctu.example.org",
        phone="+1 312 555 0100",
        city="Chicago",
    )
    Select(browser.find_element(By.ID, "id_country")).select_by_visible_text(
        "United States of America"
    )
    questions = browser.find_element(By.CSS_SELECTOR, "fieldset.questions")
    questions.find_element(By.XPATH, ".//label[normalize-space()='Yes']").click()
    questions.find_element(By.XPATH, ".//label[normalize-space()='Spanish']").click()
    browser.find_element(By.ID, "id_consent_to_list").click()
    browser.find_element(By.CSS_SELECTOR, "form.signon-form button[type=submit]").click()
    visible(browser, (By.XPATH, "//h1[contains(., 'Check your email')]"))
    signatory = Signatory.objects.get(source="form")
    assert (signatory.country, signatory.phone) == ("US", "+1 312 555 0100")
    press_call, language = campaign.questions.all()
    assert signatory.answers == {str(press_call.pk): "yes", str(language.pk): "Spanish"}

    # The link in the email opens a page with a Confirm button; after it, a thank-you page.
    confirm_link = link_in(mail.outbox[0], "confirm")
    browser.get(confirm_link)
    visible(browser, (By.XPATH, "//button[normalize-space()='Confirm']")).click()
    visible(browser, (By.XPATH, "//h1[normalize-space()='Thank you for signing']"))
    page = browser.find_element(By.TAG_NAME, "main")
    # Listed individuals count as people, not as organizations.
    assert "12 organizations and 2 people have signed — goal: 50." in page.text
    assert "Yours counts once a moderator has approved it." in page.text
    assert page.find_element(By.LINK_TEXT, "Read the statement and see who signed")

    statement_url = f"{live_server.url}/statements/{statement.slug}/"
    shares = {
        link.text: link.get_attribute("href")
        for link in page.find_elements(By.CSS_SELECTOR, ".share__links a")
    }
    assert list(shares) == [
        "Share by email",
        "Share on WhatsApp",
        "Share on Bluesky",
        "Share on X",
        "Share on Facebook",
        "Share on LinkedIn",
    ]
    hosts = {urlsplit(href).netloc for href in shares.values()}
    assert hosts == {"", "wa.me", "bsky.app", "x.com", "www.facebook.com", "www.linkedin.com"}
    for href in shares.values():
        assert statement_url in str(parse_qs(urlsplit(href).query)) or statement_url in href
    # No script of theirs on our page.
    scripts = [s.get_attribute("src") for s in browser.find_elements(By.TAG_NAME, "script")]
    assert all(src.startswith(live_server.url) for src in scripts if src)

    # Copy the link: the button copies it and says so.
    browser.execute_cdp_cmd(
        "Browser.grantPermissions",
        {
            "origin": live_server.url,
            "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
        },
    )
    page.find_element(By.XPATH, "//button[normalize-space()='Copy link']").click()
    wait(browser, EC.text_to_be_present_in_element((By.ID, "share-copied"), "Link copied."))
    copied = browser.execute_async_script(
        "navigator.clipboard.readText().then(arguments[arguments.length - 1]);"
    )
    assert copied == statement_url

    # Invite a partner: an email they send themselves, ready to go.
    invite = page.find_element(By.LINK_TEXT, "Write an invitation").get_attribute("href")
    query = parse_qs(urlsplit(invite).query)
    assert invite.startswith("mailto:?")
    assert query["subject"] == [f"Will you sign on? {statement.title}"]
    assert "Centro de Trabajadores Unidos has signed" in query["body"][0]
    assert f"{live_server.url}/statements/{statement.slug}/sign/" in query["body"][0]
    assert axe_problems(browser) == []
    browser.execute_script("window.scrollTo(0, 0)")
    save_screenshot(browser, "thank-you", height=1800)

    # Opening the link again says it was used, and keeps the useful links.
    browser.get(confirm_link)
    visible(browser, (By.XPATH, "//h1[normalize-space()='You have already confirmed']"))
    assert browser.find_elements(By.CSS_SELECTOR, ".share__links a")
    assert not browser.find_elements(By.XPATH, "//button[normalize-space()='Confirm']")
    assert Signatory.objects.get(source="form").status == "confirmed"


def test_a_signer_sees_corrects_withdraws_and_erases_on_their_own_page(
    browser, live_server, campaign, client
):
    from coalitions import services
    from tests.coalitions.factories_signon import form_data

    client.post(f"/statements/{campaign.statement.slug}/sign/", form_data(country="MX"))
    signatory = Signatory.objects.get()
    services.confirm_signature(signatory=signatory)
    services.approve_signatories(signatories=Signatory.objects.all())
    statement_url = f"{live_server.url}/statements/{campaign.statement.slug}/"

    # The "you are listed" email leads to the signer's own page.
    own_page = link_in(mail.outbox[-1], "yours")
    browser.get(own_page)
    public = visible(browser, (By.CSS_SELECTOR, "section[aria-labelledby=public-title]"))
    assert "Listed under the statement as: Centro de Trabajadores Unidos" in public.text
    assert "Under the heading “Mexico”." in public.text
    assert "Counted as an organization" in public.text
    private = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=private-title]")
    assert "rosa@ctu.example.org" in private.text

    # A new city applies at once.
    fill(browser, city="Evanston")
    browser.find_element(By.XPATH, "//button[normalize-space()='Save the corrections']").click()
    visible(browser, (By.XPATH, "//p[contains(., 'Your corrections are saved.')]"))
    assert Signatory.objects.get().city == "Evanston"

    # A new name as listed goes back to the moderator, off the list until approved.
    fill(browser, organization_name="CTU Chicago")
    browser.find_element(By.XPATH, "//button[normalize-space()='Save the corrections']").click()
    visible(browser, (By.XPATH, "//p[contains(., 'The new name goes to a moderator')]"))
    signatory = Signatory.objects.get()
    assert (signatory.name, signatory.status) == ("CTU Chicago", "confirmed")
    browser.get(statement_url)
    assert "CTU Chicago" not in browser.page_source
    assert "Centro de Trabajadores Unidos" not in browser.page_source
    browser.get(own_page)
    assert "a moderator has still to approve" in browser.find_element(By.TAG_NAME, "main").text

    # Withdraw, then erase.
    browser.find_element(By.XPATH, "//button[normalize-space()='Withdraw my signature']").click()
    visible(browser, (By.XPATH, "//p[contains(., 'Your signature is withdrawn.')]"))
    assert Signatory.objects.get().status == "withdrawn"
    browser.find_element(By.XPATH, "//button[normalize-space()='Erase my details']").click()
    visible(browser, (By.XPATH, "//p[contains(., 'Tick the box to say you are sure')]"))
    assert Signatory.objects.get().erased_at is None
    browser.find_element(By.ID, "erase-sure").click()
    browser.find_element(By.XPATH, "//button[normalize-space()='Erase my details']").click()
    visible(browser, (By.XPATH, "//h1[normalize-space()='Your details are erased']"))
    erased = Signatory.objects.get()
    assert (erased.email, erased.signer_name, erased.phone, erased.answers) == ("", "", "", {})
    browser.get(own_page)
    visible(browser, (By.XPATH, "//h1[normalize-space()='This link does not work']"))
