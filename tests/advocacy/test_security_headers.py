"""Security headers on every page: a Content-Security-Policy without inline script (and pages
that need none, the admin's included), no framing except the sign-on widget, referrer and
permissions policies."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from coalitions.models import Coalition, Membership, Signatory
from tests import factories
from tests.coalitions.factories_signon import make_campaign

pytestmark = pytest.mark.django_db

DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


def policy(response, header="Content-Security-Policy"):
    """The policy as {directive: [sources]}."""
    directives = (part.split() for part in response[header].split(";"))
    return {name: values for name, *values in directives}


class InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block: <script> without src (data
    blocks excepted), <style> elements, style="" and on...="" attributes, javascript: links."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            if attributes.get("type") not in DATA_SCRIPT_TYPES:
                self.found.append(self.get_starttag_text())
        if tag == "style":
            self.found.append(self.get_starttag_text())
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(self.get_starttag_text())
            if name in ("href", "src", "action") and (value or "").strip().startswith(
                "javascript:"
            ):
                self.found.append(self.get_starttag_text())


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    return parser.found


@pytest.fixture
def content():
    org = factories.make_organization(name="Alianza Americas", website="https://alianza.example")
    statement = factories.make_statement(
        title="Protect asylum seekers", issuers=[org], tags=["asylum"]
    )
    factories.make_person(name="Oscar Chacón", organization=org, phones=["+1 312 555 0100"])
    campaign = make_campaign(statement=statement, goal=10)
    factories.add_signatory(statement, "Centro de Trabajadores Unidos")
    coalition = Coalition.objects.create(name="Migrant Justice Coalition")
    Membership.objects.create(coalition=coalition, organization=org)
    return {"org": org, "statement": statement, "campaign": campaign, "coalition": coalition}


def public_pages(content):
    statement, org = content["statement"], content["org"]
    return [
        "/",
        "/es/",
        "/statements/",
        "/statements/?q=asylum",
        statement.get_absolute_url(),
        f"/statements/{statement.slug}/sign/",
        f"/statements/{statement.slug}/sign/widget/",
        org.get_absolute_url(),
        "/organizations/",
        content["coalition"].get_absolute_url(),
        "/coalitions/",
        "/tags/",
        "/no-such-page/",
    ]


def test_public_pages_have_a_strict_policy_and_no_inline_code(client, content):
    for url in public_pages(content):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        csp = policy(response)
        assert csp["default-src"] == ["'self'"], url
        assert csp["object-src"] == ["'none'"]
        assert csp["base-uri"] == ["'self'"]
        assert csp["form-action"] == ["'self'"]
        assert not any("unsafe" in source or "nonce" in source for source in sum(csp.values(), []))
        assert inline_code(response.content.decode()) == [], url


def test_statement_pages_keep_their_json_ld_data_block(client, content):
    html = client.get(content["statement"].get_absolute_url()).content.decode()
    assert '<script type="application/ld+json">' in html


def test_pages_refuse_to_be_framed(client, content):
    for url in ("/", content["statement"].get_absolute_url(), "/statements/"):
        for response in (client.get(url), client.get(url)):  # rendered, then from the cache
            assert response["X-Frame-Options"] == "DENY"
            assert policy(response)["frame-ancestors"] == ["'none'"]


def test_the_widget_can_be_framed_by_partner_sites_also_from_the_cache(client, content):
    url = f"/statements/{content['statement'].slug}/sign/widget/"
    rendered, cached = client.get(url), client.get(url)
    assert cached["X-Page-Cache"] == "hit"
    for response in (rendered, cached):
        assert "X-Frame-Options" not in response
        csp = policy(response)
        assert csp["frame-ancestors"] == settings.CSP_EMBED_FRAME_ANCESTORS == ["*"]
        assert csp["default-src"] == ["'self'"]
    assert inline_code(rendered.content.decode()) == []
    # The framed page asks for its stylesheet from this site, which the policy allows.
    assert re.search(r'<link rel="stylesheet" href="/static/css/widget\.css">', rendered.text)


def test_referrer_and_permissions_policies(client):
    response = client.get("/")
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    permissions = dict(
        item.strip().split("=", 1) for item in response["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert permissions[feature] == "()"
    assert client.get("/").get("X-Page-Cache") == "hit"
    assert client.get("/")["Permissions-Policy"] == response["Permissions-Policy"]


def admin_pages(content):
    """Every admin page a staff member reaches from the index: each model's list, add form
    and the change form of an object, plus the login page."""
    objects = {
        type(content["statement"]): content["statement"],
        type(content["org"]): content["org"],
        Coalition: content["coalition"],
        Signatory: Signatory.objects.first(),
    }
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        pages.append(reverse("admin:{}_{}_changelist".format(*info)))
        try:
            pages.append(reverse("admin:{}_{}_add".format(*info)))
        except NoReverseMatch:
            pass
        obj = objects.get(model) or model._default_manager.first()
        if obj is not None:
            pages.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    return pages


def test_the_admin_works_under_the_policy(staff_client, content):
    pages = admin_pages(content)
    assert len(pages) > 10
    for url in pages:
        response = staff_client.get(url)
        assert response.status_code in (200, 403), url
        if response.status_code == 200:
            assert policy(response)["default-src"] == ["'self'"], url
            assert inline_code(response.content.decode()) == [], url


def test_the_admin_login_page_too(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert inline_code(response.content.decode()) == []


def test_no_template_of_ours_has_inline_code():
    """Templates that no test above renders are read as written."""
    found = {}
    for template in (settings.BASE_DIR / "templates").rglob("*.html"):
        if template.name == "feed_item.html":  # feed content for feed readers, not a page
            continue
        if template.parent.name == "mail":  # mail, styled inline (releases/distribution/inline.py)
            continue
        if problems := inline_code(template.read_text()):
            found[str(template)] = problems
    assert found == {}
