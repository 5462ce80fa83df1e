"""Every public page type passes the Nu HTML Checker and axe-core in headless Chromium.

Part of the browser suite (`make test-browser`), which installs the checkers with npm
(package.json) and needs Java for the Nu HTML Checker.
"""

import datetime
import json
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone

from coalitions import tokens
from coalitions.models import Campaign, Coalition, Membership, Question, Signatory
from releases import previews
from releases.distribution.models import Journalist
from releases.distribution.tokens import subscription_token
from releases.importing import import_release
from tests.factories import make_statement

ROOT = Path(__file__).resolve().parents[1]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pages():
    """One URL of each public page type, with the seed releases as content."""
    statements = [
        import_release(path.read_text(encoding="utf-8"), publish=True).statement
        for path in sorted((ROOT / "seeds").glob("*.txt"))
    ]
    joint = next(s for s in statements if s.kind == "joint-statement")
    Campaign.objects.create(statement=joint, opens_at=timezone.now(), goal=50)
    coalition = Coalition.objects.create(name="Compact Coalition", description="Partners.")
    for signatory in joint.signatories.all()[:3]:
        Membership.objects.create(coalition=coalition, organization=signatory.organization)
    coalition.statements.add(joint)
    organization = joint.signatories.first().organization
    embargoed = make_statement(
        title="Embargoed statement", publish_at=timezone.now() + datetime.timedelta(days=1)
    )
    token, _ = previews.make_token(embargoed, days=1)
    # A signer who has confirmed: the thank-you page and their own page.
    signer = Signatory.objects.create(
        statement=joint,
        name="Centro de Trabajadores Unidos",
        signer_name="Rosa Martínez",
        email="rosa@ctu.example.org",
        source="form",
        status="confirmed",
    )
    Question.objects.create(campaign=joint.campaign, text="Will you join the press call?")
    reader = subscription_token(Journalist.objects.create(email="reader@example.org"))
    return {
        "home": "/",
        "archive": "/statements/",
        "archive filtered": "/statements/?kind=joint-statement&year=2017",
        "search": "/statements/?q=migration",
        "year archive": "/statements/2017/",
        "tags": "/tags/",
        "organizations searched": "/organizations/?q=network",
        "search, nothing found": "/statements/?q=zzzzzz",
        "press release": statements[1].get_absolute_url()
        if statements[1] != joint
        else statements[0].get_absolute_url(),
        "joint statement open for sign-on": joint.get_absolute_url(),
        "sign-on form": f"/statements/{joint.slug}/sign/",
        "all signatories, searched": f"/statements/{joint.slug}/signatories/?q=network",
        "sign-on: check your email": f"/statements/{joint.slug}/sign/thanks/",
        "organizations": "/organizations/",
        "organization": organization.get_absolute_url(),
        "coalitions": "/coalitions/",
        "coalition": coalition.get_absolute_url(),
        "widget": f"/statements/{joint.slug}/sign/widget/",
        "not found": "/no-such-page/",
        "home in Spanish": "/es/",
        "statement in Spanish": f"/es{joint.get_absolute_url()}",
        "sign-on form in Spanish": f"/es/statements/{joint.slug}/sign/",
        "preview link of an embargoed statement": f"/preview/{token}/",
        "preview link not valid": "/preview/not-a-token/",
        "sign-on: thank you": f"/sign/confirm/{tokens.confirm_token(signer)}/",
        "signer's own page": f"/sign/yours/{tokens.signer_page_token(signer)}/",
        "signer's own page, expired link": f"/statements/{joint.slug}/sign/yours/",
        "statement without a Spanish version, in Spanish": f"/es{statements[0].get_absolute_url()}",
        # Sent, with every mistake: the error summary (its axe check is in the partner's
        # browser journey, which is where it is reached).
        "sign-on form with errors": (f"/statements/{joint.slug}/sign/", {"email": "x@"}),
        "widget with errors": (f"/statements/{joint.slug}/sign/widget/", {"email": "x@"}),
        "get our releases": "/press/subscribe/",
        "get our releases in Spanish": "/es/press/subscribe/",
        "subscription: check your email": "/press/subscribe/check-email/",
        "subscription: choose languages and topics": f"/press/subscription/{reader}/",
        "unsubscribe": f"/press/unsubscribe/{reader}/",
    }


def test_pages_pass_the_nu_html_checker(client, pages, tmp_path):
    assert VNU.exists(), "run `npm ci` (make test-browser does)"
    files = []
    for name, url in pages.items():
        if isinstance(url, tuple):
            response = client.post(*url)
            assert response.status_code == 400, (name, response.status_code)
        else:
            response = client.get(url)
            assert response.status_code in (200, 404), (name, response.status_code)
        path = tmp_path / f"{len(files):02d}.html"
        path.write_bytes(response.content)
        files.append((name, path))
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            *(str(p) for _, p in files),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    names = {str(path): name for name, path in files}
    errors = [
        f"{names.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: "
        f"line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == []


def axe_problems(browser, name="page"):
    """The serious and critical accessibility violations axe-core finds on the page the
    browser shows, as lines to read."""
    assert AXE.exists(), "run `npm ci` (make test-browser does)"
    browser.set_script_timeout(60)
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
        " 'best-practice']}).then(r => done(r.violations));"
    )
    return [
        f"{name}: {violation['id']} ({violation['impact']}) "
        f"{[node['target'] for node in violation['nodes'][:3]]}"
        for violation in result
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_pages_have_no_serious_accessibility_violations(browser, live_server, pages, width):
    browser.set_window_size(width, 1600)
    problems = []
    for name, url in pages.items():
        if isinstance(url, tuple):
            continue  # a POST: checked where the browser journeys reach it
        browser.get(live_server.url + url)
        problems.extend(axe_problems(browser, name))
    assert problems == []
