"""End to end in headless Chromium: an editor imports several files at once, reads the
report, opens a draft, reads its notes and marks them checked.

Run with `make test-browser` (Debian's chromium and chromedriver).
"""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from coalitions.roles import EDITOR, sync_roles
from releases.models import Statement
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CORPUS = Path(__file__).resolve().parent / "import_corpus"
FILES = [
    CORPUS / "sign_on_letter" / "2021-05-17-letter-to-dhs.txt",
    CORPUS / "files" / "2022-02-15-farmworker-heat.docx",
    CORPUS / "files" / "2019-08-06-poultry-raids.html",
]


def wait_for(browser, locator):
    return WebDriverWait(browser, 15).until(EC.presence_of_element_located(locator))


def test_editor_imports_files_reads_the_report_and_checks_the_notes(browser, live_server):
    sync_roles()
    editor = make_user(username="editor", superuser=False)
    editor.groups.add(Group.objects.get(name=EDITOR))

    browser.get(f"{live_server.url}/admin/login/")
    wait_for(browser, (By.ID, "id_username")).send_keys("editor")
    browser.find_element(By.ID, "id_password").send_keys("correct horse battery staple")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit], button[type=submit]").click()
    wait_for(browser, (By.ID, "site-name"))

    # From the statement list, "Import releases"; three files chosen at once.
    browser.get(f"{live_server.url}/admin/releases/statement/")
    wait_for(browser, (By.CSS_SELECTOR, ".object-tools a[href$='/import/']")).click()
    chooser = wait_for(browser, (By.ID, "id_files"))
    assert not browser.find_elements(By.ID, "id_publish")  # an editor imports drafts
    chooser.send_keys("\n".join(str(path) for path in FILES))
    browser.find_element(By.NAME, "_import").click()

    # The report: a line per release, each a draft linked to its page.
    table = wait_for(browser, (By.ID, "import-report"))
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == 3
    assert all(row.text.startswith("Created (draft)") for row in rows)
    assert "3 releases: 3 created" in browser.find_element(By.CLASS_NAME, "import-summary").text
    assert Statement.objects.filter(status=Statement.Status.DRAFT).count() == 3
    letter = Statement.objects.get(kind=Statement.Kind.SIGN_ON_LETTER)
    letter_row = next(row for row in rows if letter.title in row.text)
    notes = letter.import_notes.count()
    assert notes and letter_row.find_elements(By.TAG_NAME, "td")[3].text == str(notes)

    # The draft's page shows its notes until they are marked checked.
    letter_row.find_element(By.LINK_TEXT, letter.title).click()
    box = wait_for(browser, (By.ID, "import-notes"))
    assert "No dateline found" in box.text
    box.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait_for(browser, (By.XPATH, "//*[contains(., 'marked checked')]"))
    assert not browser.find_elements(By.ID, "import-notes")
    assert not letter.import_notes.unchecked().exists()
    assert letter.import_notes.first().checked_by == editor
