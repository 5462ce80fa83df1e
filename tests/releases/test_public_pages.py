"""What the public and journalists see: front page, archive, statement pages."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from releases import cache as page_cache
from releases.models import Attachment
from tests.coalitions.factories_signon import make_campaign
from tests.factories import (
    add_contact,
    add_signatory,
    make_organization,
    make_person,
    make_statement,
)

pytestmark = pytest.mark.django_db

ARCHIVE = reverse("releases:statement-list")
HOME = reverse("releases:home")


def future():
    return timezone.now() + datetime.timedelta(days=2)


def add_attachment(statement, title, name="annex.pdf"):
    return Attachment.objects.create(
        statement=statement,
        title=title,
        file=ContentFile(b"%PDF-1.4 annex", name=name),
        position=statement.attachments.count(),
    )


def test_statement_page_reads_as_a_press_release(client):
    nnirr = make_organization(
        name="National Network for Immigrant and Refugee Rights",
        acronym="NNIRR",
        website="https://www.nnirr.org",
        about="NNIRR serves as a hub for human rights advocacy.",
    )
    alianza = make_organization(
        name="Alianza Americas", city="Chicago, IL", phone="+1 877-683-2908"
    )
    statement = make_statement(
        title="Defeat of US Candidate to lead IOM",
        deck="A vote of 171 member states",
        dateline_place="Chicago",
        release_date=datetime.date(2018, 6, 29),
        body="The nominee was *soundly* defeated.\n\n“Proud to join,” said Tactaquin.",
        end_mark="###",
        issuers=[alianza, nnirr],
        tags=["IOM"],
    )
    catherine = make_person(
        name="Catherine Tactaquin",
        organization=nnirr,
        email="ctactaquin@nnirr.org",
        phones=[("U.S.", "+1 510-459-4457")],
    )
    add_contact(statement, person=catherine, organization=nnirr, heading="For further information")
    add_contact(statement, organization=alianza, heading="For further information")

    response = client.get(statement.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and "Defeat of US Candidate to lead IOM" in html
    assert "A vote of 171 member states" in html
    assert "CHICAGO — <time" in html and "June 29, 2018</time> —</span> The nominee" in html
    assert "<em>soundly</em>" in html
    assert "“Proud to join,” said Tactaquin." in html
    assert "NNIRR serves as a hub" in html
    assert "###" in html
    assert html.index("Alianza Americas</a> and") < html.index("Issued by") + 200
    assert "For further information" in html
    assert 'href="mailto:ctactaquin@nnirr.org"' in html
    assert 'href="tel:+15104594457"' in html and "U.S.: +1 510-459-4457" in html
    assert 'href="tel:+18776832908"' in html
    assert 'href="/tags/iom/"' in html


def test_statement_body_markup_is_sanitized(client):
    statement = make_statement(
        body='Hello <script>alert(1)</script> [x](javascript:alert(2)) <b onclick="x()">b</b>'
    )
    html = client.get(statement.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "javascript:" not in html
    assert "onclick" not in html


def test_signatories_are_listed_in_published_order(client):
    statement = make_statement(kind="joint-statement")
    names = ["Zeta Coalition", "Alianza Americas", "Migrant Rights Network"]
    for name in names:
        add_signatory(statement, name)
    html = client.get(statement.get_absolute_url()).content.decode()
    positions = [html.index(name) for name in names]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "hidden",
    [
        {"published": False},
        {"published": True, "publish_at": "future"},
    ],
    ids=["draft", "embargoed"],
)
def test_drafts_and_embargoed_statements_are_hidden_from_the_public(client, hidden):
    organization = make_organization(name="Issuing Org")
    if hidden.get("publish_at") == "future":
        hidden = {**hidden, "publish_at": future()}
    secret = make_statement(
        title="Secret plan revealed", issuers=[organization], tags=["leak"], **hidden
    )
    add_signatory(secret, organization=organization)
    make_statement(title="Public statement", issuers=[organization], tags=["leak"])

    assert client.get(secret.get_absolute_url()).status_code == 404
    for url in [
        HOME,
        ARCHIVE,
        f"{ARCHIVE}?tag=leak",
        f"{ARCHIVE}?organization={organization.slug}",
        f"{ARCHIVE}?year=2018",
        f"{ARCHIVE}?q=secret",
        organization.get_absolute_url(),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Secret plan revealed" not in response.content.decode(), url


def test_staff_see_a_draft_with_a_banner(staff_client):
    draft = make_statement(title="Work in progress", published=False)
    response = staff_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft</strong> — not visible to the public" in response.content.decode()
    assert 'name="robots" content="noindex' in response.content.decode()


def test_staff_see_an_embargoed_statement_with_its_time(staff_client):
    embargoed = make_statement(title="Under embargo", publish_at=future())
    html = staff_client.get(embargoed.get_absolute_url()).content.decode()
    assert "Embargoed until" in html


def test_published_statement_shows_no_banner(staff_client):
    statement = make_statement()
    assert (
        "not visible to the public"
        not in staff_client.get(statement.get_absolute_url()).content.decode()
    )


def test_embargoed_statement_appears_when_its_time_comes(client, time_machine):
    moment = timezone.now() + datetime.timedelta(hours=3)
    statement = make_statement(title="Timed release", publish_at=moment)
    assert client.get(statement.get_absolute_url()).status_code == 404
    time_machine.move_to(moment + datetime.timedelta(seconds=1))
    assert client.get(statement.get_absolute_url()).status_code == 200
    assert "Timed release" in client.get(HOME).content.decode()


def test_home_lists_latest_published_statements_newest_first(client):
    old = make_statement(title="Older one", release_date=datetime.date(2017, 12, 4))
    new = make_statement(title="Newer one", release_date=datetime.date(2018, 6, 29))
    html = client.get(HOME).content.decode()
    assert html.index(new.title) < html.index(old.title)


def test_archive_filters_by_kind_tag_organization_and_year(client):
    org = make_organization(name="Filter Org")
    signer = make_organization(name="Signing Org")
    a = make_statement(title="Alpha release", kind="press-release", tags=["asylum"], issuers=[org])
    b = make_statement(
        title="Beta joint", kind="joint-statement", release_date=datetime.date(2017, 1, 5)
    )
    add_signatory(b, organization=signer)

    def titles(query):
        html = client.get(f"{ARCHIVE}?{query}").content.decode()
        return {t for t in (a.title, b.title) if t in html}

    assert titles("") == {a.title, b.title}
    assert titles("kind=joint-statement") == {b.title}
    assert titles("tag=asylum") == {a.title}
    assert titles(f"organization={org.slug}") == {a.title}
    assert titles(f"organization={signer.slug}") == {b.title}
    assert titles("year=2017") == {b.title}
    assert titles("q=alpha") == {a.title}
    assert titles("kind=press-release&year=2017") == set()


@pytest.mark.parametrize(
    "query", ["kind=nonsense", "year=abc", "year=99999", "tag=%3Cscript%3E", "organization=ghost"]
)
def test_archive_ignores_bad_filter_values(client, query):
    make_statement(title="Still here")
    response = client.get(f"{ARCHIVE}?{query}")
    assert response.status_code == 200


def test_archive_paginates_and_keeps_filters(client):
    for n in range(25):
        make_statement(title=f"Paged statement {n:02d}", tags=["paged"])
    first = client.get(f"{ARCHIVE}?tag=paged")
    assert first.context["page_obj"].paginator.num_pages == 2
    assert "tag=paged&amp;page=2" in first.content.decode()
    second = client.get(f"{ARCHIVE}?tag=paged&page=2")
    assert len(second.context["statements"]) == 5


def _rich_statement(n):
    issuers = [make_organization() for _ in range(n)]
    statement = make_statement(issuers=issuers, tags=[f"tag{i}" for i in range(n)])
    for i in range(n):
        person = make_person(
            organization=issuers[i], phones=["+1 555 0100", ("Cell", "+1 555 0101")]
        )
        add_contact(statement, person=person, organization=issuers[i])
        add_signatory(statement, f"Signer {i}")
        add_attachment(statement, f"Annex {i}")
    return statement


@pytest.mark.parametrize("sign_on", [False, True], ids=["closed", "open for sign-on"])
def test_statement_page_costs_the_same_queries_however_big(
    client, django_assert_num_queries, django_assert_max_num_queries, sign_on
):
    small, big = _rich_statement(1), _rich_statement(30)
    if sign_on:
        for statement in (small, big):
            make_campaign(statement=statement, goal=100)
    # The page cache looks up the next embargo once per content version, not per page.
    page_cache.next_release()
    with django_assert_max_num_queries(10) as small_run:
        client.get(small.get_absolute_url())
    with django_assert_num_queries(len(small_run.captured_queries)):
        response = client.get(big.get_absolute_url())
    html = response.content.decode()
    assert html.count('class="contact"') == 30
    assert html.count("Annex ") == 30 and html.count("Signer ") == 30
    assert html.count('class="chip"') == 30  # the tags
    assert ('id="sign"' in html) is sign_on


def test_archive_costs_the_same_queries_however_many_statements(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    org = make_organization()
    for _ in range(3):
        make_statement(issuers=[org], tags=["x"])
    with django_assert_max_num_queries(6) as small_run:
        client.get(ARCHIVE)
    for _ in range(40):
        make_statement(issuers=[org, make_organization()], tags=["x"])
    with django_assert_num_queries(len(small_run.captured_queries)):
        client.get(ARCHIVE)


def test_home_leads_with_the_latest_statement_and_its_opening_words(client):
    make_statement(title="Older one", release_date=datetime.date(2017, 12, 4))
    make_statement(
        title="Newest one",
        deck="The deck of the newest",
        body="Advocates &amp; allies *welcomed* the ruling today.\n\nMore.",
    )
    html = client.get(HOME).content.decode()
    lead = html[html.index('class="card card--lead"') : html.index("Older one")]
    assert "Newest one" in lead and "The deck of the newest" in lead
    assert "Advocates &amp; allies welcomed the ruling today." in lead
    assert 'href="/statements/"' in html


def test_archive_shows_each_active_filter_with_a_link_that_removes_it(client):
    org = make_organization(name="Filter Org", slug="filter-org")
    make_statement(title="Joint by org", kind="joint-statement", issuers=[org], tags=["asylum"])

    html = client.get(
        f"{ARCHIVE}?kind=joint-statement&tag=asylum&organization=filter-org&year=abc"
    ).content.decode()

    assert "Joint by org" in html
    assert "Showing 1 statement for" in html
    assert 'href="/statements/?tag=asylum&amp;organization=filter-org"' in html  # kind
    assert 'href="/statements/?kind=joint-statement&amp;organization=filter-org"' in html
    assert 'href="/statements/?kind=joint-statement&amp;tag=asylum"' in html  # organization
    assert "Organization: Filter Org" in html
    chips = html[html.index('class="active-filters"') :].split("</ul>")[0]
    assert "year" not in chips.lower()  # an invalid value is ignored, not carried along


def test_archive_empty_state_when_filters_match_nothing(client):
    make_statement(kind="press-release")
    html = client.get(f"{ARCHIVE}?kind=sign-on-letter").content.decode()
    assert "No published statement matches these filters." in html
    assert "Clear filters" in html


@pytest.mark.parametrize("page", ["abc", "99", "0"])
def test_archive_page_out_of_range_is_404_not_an_error(client, page):
    make_statement()
    assert client.get(f"{ARCHIVE}?page={page}").status_code == 404


def test_archive_pages_of_a_tag_keep_the_tag_in_the_address(client):
    for n in range(21):
        make_statement(title=f"Tagged {n}", tags=["border"])
    html = client.get(reverse("releases:tag-detail", args=["border"])).content.decode()
    assert 'href="?page=2"' in html and "Older" in html
    assert client.get("/tags/no-such-tag/").status_code == 404


def test_contacts_stand_under_their_headings(client):
    statement = make_statement()
    chicago = make_person(name="Press Officer", email="press@example.org")
    mexico = make_person(name="Field Officer", phones=[("Mexico", "(+52) 55.5211.9397")])
    add_contact(statement, person=chicago, heading="Media contact in Chicago")
    add_contact(statement, person=mexico, heading="For further information in Mexico")

    html = client.get(statement.get_absolute_url()).content.decode()

    assert (
        html.index("Media contact in Chicago")
        < html.index('href="mailto:press@example.org"')
        < html.index("For further information in Mexico")
        < html.index('href="tel:+525552119397"')
    )
    assert html.count("<address") == 2


def test_statement_page_lists_attachments_and_links_tags_to_the_archive(client):
    statement = make_statement(tags=["Labor rights"])
    add_attachment(statement, "Signed letter (PDF)")
    html = client.get(statement.get_absolute_url()).content.decode()
    assert "Signed letter (PDF)" in html and ".pdf" in html
    assert 'href="/tags/labor-rights/"' in html


def test_about_paragraphs_link_the_issuers_websites_and_end_with_the_mark(client):
    alianza = make_organization(name="Alianza Americas", about="Learn more at alianzaamericas.org.")
    statement = make_statement(issuers=[alianza], end_mark="#")
    html = client.get(statement.get_absolute_url()).content.decode()
    assert 'href="https://alianzaamericas.org"' in html
    assert html.index("Learn more at") < html.index('<span aria-hidden="true">#</span>')


def test_embargo_banner_names_the_moment_and_its_time_zone(staff_client, settings):
    moment = timezone.now() + datetime.timedelta(days=2)
    embargoed = make_statement(publish_at=moment)
    html = staff_client.get(embargoed.get_absolute_url()).content.decode()
    local = timezone.localtime(moment)
    assert f"{local:%Y}" in html and f" {local:%Z}</strong>" in html
    assert "not visible to the public yet." in html


def test_not_found_page_points_to_the_archive(client):
    response = client.get("/statements/no-such-statement/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'href="/statements/"' in html


def test_server_error_page_needs_no_context():
    html = render_to_string("500.html")
    assert "Something went wrong" in html and 'href="/"' in html


def test_statement_page_reads_in_the_order_of_a_printed_release(client):
    """Body, who signed, the issuers' About paragraphs, the end mark, issued by, contacts."""
    issuer = make_organization(name="Alianza Americas", about="Alianza Americas is a network.")
    statement = make_statement(body="The opening paragraph.", issuers=[issuer], end_mark="###")
    add_signatory(statement, "Scalabrini International Migration Network")
    add_contact(
        statement,
        person=make_person(name="Evy Peña", email="evy@example.org"),
        heading="For further information in Puerto Vallarta",
    )

    html = client.get(statement.get_absolute_url()).content.decode()

    parts = [
        "The opening paragraph.",
        "Scalabrini International Migration Network",
        "Alianza Americas is a network.",
        '<span aria-hidden="true">###</span>',
        "Issued by</span>",
        "For further information in Puerto Vallarta",
    ]
    positions = [html.index(part) for part in parts]
    assert positions == sorted(positions)


def test_statement_page_offers_a_jump_to_its_media_contacts(client):
    with_contacts = make_statement()
    add_contact(with_contacts, person=make_person(email="press@example.org"))
    without = make_statement()

    html = client.get(with_contacts.get_absolute_url()).content.decode()
    assert 'href="#contacts"' in html and 'id="contacts"' in html
    assert 'href="#contacts"' not in client.get(without.get_absolute_url()).content.decode()


def test_printed_statement_carries_its_address(client):
    statement = make_statement()
    html = client.get(statement.get_absolute_url()).content.decode()
    address = f"http://testserver{statement.get_absolute_url()}"
    assert f'<p class="print-only release__address">{address}</p>' in html


def test_attachments_say_what_kind_of_file_they_are(client):
    statement = make_statement()
    add_attachment(statement, "Signed letter", name="letter.pdf")
    add_attachment(statement, "Talking points", name="points.docx")
    html = client.get(statement.get_absolute_url()).content.decode()
    assert '<span class="attachment__type" aria-hidden="true">PDF</span>' in html
    assert '<span class="attachment__type" aria-hidden="true">DOCX</span>' in html


def test_home_offers_the_archive_by_kind_year_and_tag_counting_only_published(client):
    make_statement(kind="press-release", release_date=datetime.date(2018, 6, 29), tags=["IOM"])
    make_statement(kind="press-release", release_date=datetime.date(2017, 12, 4), tags=["IOM"])
    make_statement(kind="joint-statement", release_date=datetime.date(2017, 12, 4))
    make_statement(kind="sign-on-letter", tags=["Secret merger"], published=False)
    make_statement(
        kind="sign-on-letter", release_date=datetime.date(2030, 1, 1), publish_at=future()
    )

    response = client.get(HOME)
    html = response.content.decode()

    browse = html[html.index('class="home__browse"') :]
    press_releases = '<a href="/statements/?kind=press-release">Press release</a>'
    assert f'{press_releases} <span class="quiet">2<' in browse
    assert '<a href="/statements/?kind=joint-statement">Joint statement</a>' in browse
    assert "Sign-on letter" not in browse  # only a draft and an embargoed one
    assert '<a href="/statements/2017/">2017</a> <span class="quiet">2<' in browse
    assert "2030" not in browse
    assert 'href="/tags/iom/">IOM</a>' in browse
    assert "Secret merger" not in html


def test_home_costs_the_same_queries_however_many_statements(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    org = make_organization()
    make_statement(issuers=[org], tags=["a"])
    page_cache.next_release()
    with django_assert_max_num_queries(6) as small_run:
        client.get(HOME)
    for n in range(30):
        make_statement(
            issuers=[org, make_organization()],
            tags=[f"tag {n}", "a"],
            release_date=datetime.date(2000 + n % 15, 1, 1),
        )
    page_cache.next_release()
    with django_assert_num_queries(len(small_run.captured_queries)):
        response = client.get(HOME)
    assert response.content.decode().count('<article class="card') == 10


def test_archive_says_how_many_statements_it_holds(client):
    for _ in range(3):
        make_statement()
    make_statement(published=False)
    html = client.get(ARCHIVE).content.decode()
    assert "<strong>3</strong> published statements, newest first" in html


def test_archive_lists_each_statement_with_its_date(client):
    make_statement(title="Dated one", release_date=datetime.date(2017, 12, 4))
    html = client.get(ARCHIVE).content.decode()
    assert '<time class="card__date" datetime="2017-12-04">December 4, 2017</time>' in html


def test_a_tag_only_drafts_carry_has_no_page(client):
    make_statement(tags=["Merger plan"], published=False)
    make_statement(tags=["Embargoed topic"], publish_at=future())
    assert client.get("/tags/merger-plan/").status_code == 404
    assert client.get("/tags/embargoed-topic/").status_code == 404


@pytest.mark.parametrize("year", ["1800", "99999"])
def test_year_archive_outside_the_calendar_is_404(client, year):
    make_statement()
    assert client.get(f"/statements/{year}/").status_code == 404


def test_staff_preview_of_a_draft_is_never_listed(staff_client):
    """Staff see a draft at its address, but lists stay what the public sees."""
    make_statement(title="Draft for staff only", published=False, tags=["x"])
    assert staff_client.get(HOME).content.decode().count("Draft for staff only") == 0
    assert "Draft for staff only" not in staff_client.get(ARCHIVE).content.decode()


def test_tags_are_listed_alphabetically_whatever_their_case(client):
    make_statement(tags=["asylum", "DACA", "Border policy"])
    expected = ["asylum", "Border policy", "DACA"]
    for url in ["/tags/", ARCHIVE, HOME]:
        html = client.get(url).content.decode()
        positions = [html.index(f">{name}<") for name in expected]
        assert positions == sorted(positions), url


def test_a_tag_used_only_on_drafts_is_not_named_in_the_archive(client):
    make_statement(title="Draft", published=False, tags=["Secret Plan"])
    html = client.get(f"{ARCHIVE}?tag=secret-plan").content.decode()
    assert "Secret Plan" not in html


@pytest.mark.parametrize(
    ("prefix", "issued_by", "last"), [("", "Issued by", " and "), ("/es", "Emitida por", " y ")]
)
def test_a_card_names_its_issuers_in_the_readers_language(client, prefix, issued_by, last):
    issuers = [make_organization(name=name) for name in ("Alpha & Co", "Beta", "Gamma")]
    make_statement(title='Rights <b>now</b> & "always"', issuers=issuers)
    html = client.get(f"{prefix}{ARCHIVE}").content.decode()
    assert f'<p class="card__issuers">{issued_by} Alpha &amp; Co, Beta{last}Gamma</p>' in html
    assert "Rights &lt;b&gt;now&lt;/b&gt; &amp; &quot;always&quot;</a>" in html
