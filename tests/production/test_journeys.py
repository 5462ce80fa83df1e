"""Journeys through nginx over HTTPS, on the production set-up: reading, signing on from
many addresses, confirming, moderating on one app server and reading on the other.

Each client binds its own loopback address (127.x.y.z), as people on the internet each
have theirs: nginx sees each, and the app must see each too.
"""

import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.production.client import address, sign_on_fields
from tests.production.site_data import MODERATOR, PASSWORD

pytestmark = pytest.mark.production

ORGANIZATIONS = 50


def signatories(site, slug):
    """(name, address, status) of every signatory of a statement, from the database."""
    return site.sql(
        "SELECT s.name, host(s.ip), s.status FROM coalitions_signatory s "
        "JOIN releases_statement st ON st.id = s.statement_id WHERE st.slug = %s",
        [slug],
    )


def test_a_reader_reads_a_statement_served_over_https(site):
    reader = site.client(address(9, 0))
    page = reader.get(f"/statements/{site.data['seed']}/")
    assert page.status == 200
    assert "Statement from US Civil Society Participants" in page.text
    assert "Puerto Vallarta" in page.text
    assert page.headers["strict-transport-security"].startswith("max-age=31536000")
    assert reader.get(f"/statements/{site.data['seed']}/").headers["x-page-cache"] == "hit"
    # The stylesheet comes from nginx itself, compressed, cached for a year.
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page.text)[1]
    css = reader.get(stylesheet, headers={"Accept-Encoding": "gzip"})
    assert css.status == 200
    assert css.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert css.headers.get("content-encoding") == "gzip"
    assert "x-request-id" not in css.headers  # not the app's: nginx served it


def test_fifty_organizations_from_fifty_addresses_are_all_accepted_and_stored_once(site):
    slug = site.slug("journey")

    def sign(n):
        partner = site.client(address(10, n))
        return partner.submit(f"/statements/{slug}/sign/", sign_on_fields(site, n))

    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(sign, range(ORGANIZATIONS)))

    statuses = Counter(response.status for response in responses)
    refused = sum(1 for response in responses if response.status != 302)
    print(
        f"\n{ORGANIZATIONS} organizations through nginx: {statuses[302]} accepted, "
        f"{refused} refused {dict(statuses)}"
    )
    assert statuses == {302: ORGANIZATIONS}
    rows = signatories(site, slug)
    assert len(rows) == ORGANIZATIONS
    assert Counter(name for name, _ip, _status in rows) == {
        f"Partner Organization {n}": 1 for n in range(ORGANIZATIONS)
    }
    # Each is recorded with the address it came from, not nginx's.
    assert {ip for _name, ip, _status in rows} == {address(10, n) for n in range(ORGANIZATIONS)}


def test_one_address_forging_forwarding_headers_is_still_limited(site):
    slug = site.slug("forged")
    spammer = site.client(address(11, 0))
    limit = 20  # SIGNON_RATE_PER_IP
    statuses = []
    for n in range(limit + 1):
        forged = {
            "X-Forwarded-For": f"10.{n}.0.1, 10.{n}.0.2",
            "X-Real-IP": f"10.{n}.0.3",
            "Forwarded": f"for=10.{n}.0.4",
        }
        fields = sign_on_fields(site, 1100 + n)
        statuses.append(spammer.submit(f"/statements/{slug}/sign/", fields, headers=forged).status)
    assert statuses == [302] * limit + [400]
    rows = signatories(site, slug)
    assert len(rows) == limit
    assert {ip for _name, ip, _status in rows} == {address(11, 0)}


def test_confirmed_and_approved_on_one_server_the_signer_shows_on_the_other_at_once(site):
    slug = site.data["seed"]
    organization = "Red de Apoyo Migrante"
    email = "coordinacion@redapoyo.example.org"
    signer = site.client(address(12, 0))
    fields = sign_on_fields(site, 1200, organization_name=organization, email=email)
    assert signer.submit(f"/statements/{slug}/sign/", fields).status == 302

    # The worker sends the confirmation link.
    site.sink.wait_for(lambda sink: sink.to(email), timeout=60, what="the confirmation")
    (confirmation,) = site.sink.to(email)
    link = re.search(rf"{re.escape(site.url)}(/sign/confirm/\S+/)", confirmation.body)[1]
    confirmed = signer.submit(link, {})
    assert confirmed.status == 200
    assert [row[2] for row in signatories(site, slug) if row[0] == organization] == ["confirmed"]
    # ... and tells the moderators.
    site.sink.wait_for(
        lambda sink: sink.to("moderator@press.example.org"), timeout=60, what="the staff notice"
    )

    # web2 has the page in the shared cache, without the signer.
    reader = site.app_server("web2", address(12, 1))
    before = reader.get(f"/statements/{slug}/")
    assert organization not in before.text
    assert reader.get(f"/statements/{slug}/").headers.get("x-page-cache") == "hit"

    # A moderator approves on web1.
    moderator = site.app_server("web1", address(12, 2))
    assert moderator.log_in(MODERATOR, PASSWORD).status == 302
    (pk,) = site.sql("SELECT id FROM coalitions_signatory WHERE email = %s", [email])[0]
    changelist = "/admin/coalitions/signatory/"
    approval = {"action": "approve", "index": "0", "select_across": "0", "_selected_action": pk}
    assert moderator.submit(changelist, approval).status == 302

    # web2's very next answer has the signer.
    after = reader.get(f"/statements/{slug}/")
    assert after.status == 200
    assert organization in after.text
    assert after.headers.get("x-page-cache") != "hit"
    site.sink.wait_for(lambda sink: len(sink.to(email)) == 2, timeout=60, what="'you are listed'")
    listed = site.sink.to(email)[1]
    assert listed.subject.startswith("You are listed")
    assert f"{organization} now appears among the signatories" in listed.body


def test_the_admin_login_pause_holds_the_guesser_not_everyone(site):
    guesser = site.client(address(13, 0))
    for _ in range(5):  # ADMIN_LOGIN_MAX_FAILURES, spread over both app servers by nginx
        failed = guesser.log_in(MODERATOR, "a wrong guess")
        assert failed.status == 200 and "correct username and password" in failed.text
    assert guesser.log_in(MODERATOR, PASSWORD).status == 429
    colleague = site.client(address(13, 1))
    assert colleague.log_in(MODERATOR, PASSWORD).status == 302
