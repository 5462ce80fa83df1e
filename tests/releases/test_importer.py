"""The plain-text importer: the two seed releases field by field, odd layouts, refusals,
matching against the directory, re-imports, and the `import_release` command."""

import dataclasses
import datetime
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from advocacy.models import Organization, Person, Phone
from releases.importing import (
    PhoneNumber,
    ReleaseFormatError,
    import_release,
    parse_release,
)
from releases.models import MediaContact, Statement, StatementIssuer
from releases.signals import statement_imported
from tests import factories

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
COMPACT = SEEDS / "2017-12-04-global-compact-withdrawal.txt"
IOM = SEEDS / "2018-06-29-iom-director-general-vote.txt"

COMPACT_SIGNATORIES = [
    "Alianza Americas",
    "Central American Refugee Center - San Francisco",
    "Centro de los Derechos del Migrante, Inc.",
    "Congregation of Our Lady of Charity of the Good Shepherd",
    "National Network for Immigrant and Refugee Rights (NNIRR)",
    "Scalabrini International Migration Network",
    "United Methodist Church - General Board of Church and Society",
]
NNIRR = "National Network for Immigrant and Refugee Rights"


def seed(path):
    return path.read_text(encoding="utf-8")


def release(body="Chicago — June 29, 2018 — The body.", *, title="A title", after="###"):
    """A small synthetic release."""
    return f"{title}\n\n{body}\n\n{after}\n"


# The 2017 seed: a joint statement with signatories and contacts


@pytest.fixture(scope="module")
def compact():
    return parse_release(seed(COMPACT))


def test_compact_heading_parts(compact):
    assert compact.title == (
        "Statement from US Civil Society Participants During the UN Stocktaking Meeting on the "
        "Global Compact for Migration"
    )
    assert compact.deck == (
        "US government withdrawal from Global Compact for Migration process abandons "
        "commitments and global responsibility"
    )
    assert compact.dateline_place == "Puerto Vallarta, Mexico"
    assert compact.release_date == datetime.date(2017, 12, 4)
    assert compact.end_mark == "#"
    assert compact.kind == Statement.Kind.JOINT_STATEMENT
    assert compact.language == Statement.Language.ENGLISH


def test_compact_body_keeps_emphasis_and_leaves_out_the_rest(compact):
    paragraphs = compact.body.split("\n\n")
    assert len(paragraphs) == 7
    assert paragraphs[0].startswith("The decision by the US government to withdraw")
    assert "*New York Declaration for Refugees and Migrants*" in paragraphs[0]
    assert "*2030 Agenda for Sustainable Development*" in paragraphs[0]
    assert "UN “Stocktaking” meeting" in paragraphs[0]
    assert paragraphs[-1].startswith("As representatives from civil society")
    for printed_elsewhere in ("Puerto Vallarta, Mexico - December", "Signed", "See next page"):
        assert printed_elsewhere not in compact.body
    assert "@" not in compact.body


def test_compact_signatories_in_printed_order(compact):
    assert [signer.name for signer in compact.signatories] == COMPACT_SIGNATORIES
    assert compact.issuers == []


def test_compact_contacts_in_order_with_their_details(compact):
    assert compact.contact_heading == "For further information in Puerto Vallarta"
    assert {c.heading for c in compact.contacts} == {compact.contact_heading}
    assert [(c.person, c.organization) for c in compact.contacts] == [
        ("", "Alianza Americas"),
        ("Catherine Tactaquin", "NNIRR"),
        ("Cecilie Kern", "Congregation of Our Lady of Charity of the Good Shepherd"),
        ("Evy Peña", "Centro de los Derechos del Migrante, Inc."),
        ("Kevin Appleby", "Scalabrini International Migration Network"),
        ("Lariza Dugan-Cuadra", ""),
        ("Liberato Bautista", "United Methodist Church - General Board of Church and Society"),
    ]
    assert [c.email for c in compact.contacts] == [
        "",
        "ctactaquin@nnirr.org",
        "gsijpoffice@gmail.com",
        "evy@cdmigrante.org",
        "kevin.appleby@simn-global.org",
        "Lariza@carecensf.org",
        "LBautista@umcjustice.org",
    ]
    assert [c.phones for c in compact.contacts] == [
        [("", "+1 877-683-2908")],
        [("", "+1 510-459-4457")],
        [],
        [("Mexico", "(+52) 55.5211.9397"), ("U.S.", "1-855-234-9699")],
        [],
        [("", "+1-415-642-4417")],
        [],
    ]
    assert [c.website for c in compact.contacts] == [
        "https://www.alianzaamericas.org",
        "https://www.nnirr.org",
        "",
        "https://www.cdmigrante.org",
        "",
        "",
        "",
    ]
    alianza = compact.contacts[0]
    assert (alianza.city, alianza.country) == ("Chicago, IL", "USA")


# The 2018 seed: a press release by two organizations with their About paragraphs


@pytest.fixture(scope="module")
def iom():
    return parse_release(seed(IOM))


def test_iom_heading_parts(iom):
    assert iom.title == (
        "Defeat of US Candidate to lead IOM reflects international rejection of Trump’s "
        "immigration policies"
    )
    assert iom.deck == ""
    assert iom.dateline_place == "Chicago"
    assert iom.release_date == datetime.date(2018, 6, 29)
    assert iom.end_mark == "###"
    assert iom.kind == Statement.Kind.PRESS_RELEASE
    assert iom.signatories == []
    assert iom.contacts == []


def test_iom_issuers_in_order_with_about_and_website(iom):
    alianza, nnirr = iom.issuers
    assert alianza.name == "Alianza Americas"
    assert alianza.about.startswith("Alianza Americas is a network of 50 immigrant-led")
    assert alianza.about.endswith("Learn more at alianzaamericas.org.")
    assert alianza.website == "https://alianzaamericas.org"
    assert nnirr.name == "NNIRR"
    assert nnirr.about.startswith(f"The {NNIRR} (NNIRR) serves as a hub")
    assert nnirr.about.endswith("peaceful lives for all. www.nnirr.org")
    assert nnirr.website == "https://www.nnirr.org"
    assert (nnirr.full_name, nnirr.acronym) == (NNIRR, "NNIRR")


def test_iom_body_has_the_quotes_and_not_the_about_paragraphs(iom):
    paragraphs = iom.body.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("The Trump Administration’s nominee to head")
    assert paragraphs[1].startswith("“NNIRR was proud to join Alianza Americas")
    assert paragraphs[1].endswith("along the US-Mexico border.”")
    assert paragraphs[2].startswith("“The US dropped out of negotiations")
    assert "serves as a hub" not in iom.body
    assert "Learn more at" not in iom.body
    assert "Alianza Americas & NNIRR" not in iom.body


def test_iom_spokespeople(iom):
    assert [(p.name, p.title) for p in iom.spokespeople] == [
        ("Catherine Tactaquin", "Executive Director"),
        ("Oscar Chacón", "Executive Director"),
    ]


def test_messy_copy_of_a_seed_reads_the_same(iom):
    messy = seed(IOM).replace("\n", "  \r\n").replace("Chicago", "Chicago\u00a0")
    messy = "\ufeff\r\n\r\n" + messy.replace("June 29", "June\u00a029")
    assert dataclasses.replace(parse_release(messy), consumed=[]) == dataclasses.replace(
        iom, consumed=[]
    )


# Small releases: the dateline and the other parts in their variants


@pytest.mark.parametrize(
    "dateline",
    [
        "Chicago—June 29, 2018—The body.",
        "Chicago — June 29, 2018 — The body.",
        "Chicago – June 29, 2018 – The body.",
        "Chicago - June 29, 2018 - The body.",
        "Chicago -- June 29, 2018 -- The body.",
        "CHICAGO, June 29, 2018 — The body.",
        "Chicago, June 29, 2018: The body.",
        "Chicago — Jun. 29th, 2018 — The body.",
        "Chicago — 29 June 2018 — The body.",
        "Chicago — 2018-06-29 — The body.",
        "Chicago — June 29, 2018\nThe body.",
        "Chicago — June\n29, 2018 — The body.",
    ],
)
def test_dateline_separators_and_date_forms(dateline):
    parsed = parse_release(release(dateline))
    assert parsed.dateline_place.casefold() == "chicago"
    assert parsed.release_date == datetime.date(2018, 6, 29)
    assert parsed.body == "The body."


@pytest.mark.parametrize(
    ("dateline", "place"),
    [
        ("Winston-Salem, N.C. - March 3, 2020 - Body.", "Winston-Salem, N.C."),
        ("Winston-Salem—March 3, 2020—Body.", "Winston-Salem"),
        ("Puerto Vallarta, Mexico – March 3, 2020 – Body.", "Puerto Vallarta, Mexico"),
        ("Washington, D.C., Mar. 3, 2020 - Body.", "Washington, D.C."),
    ],
)
def test_places_with_hyphens_and_commas(dateline, place):
    parsed = parse_release(release(dateline))
    assert parsed.dateline_place == place
    assert parsed.release_date == datetime.date(2020, 3, 3)


def test_spanish_date_makes_a_spanish_statement():
    parsed = parse_release(release("Ciudad de México, 4 de diciembre de 2017 — El cuerpo."))
    assert parsed.dateline_place == "Ciudad de México"
    assert parsed.release_date == datetime.date(2017, 12, 4)
    assert parsed.language == Statement.Language.SPANISH


def test_header_lines_deck_and_title_sharing_a_paragraph():
    parsed = parse_release(
        "FOR IMMEDIATE RELEASE\nA title\nA subtitle\nChicago — June 29, 2018 — Body.\n\n-30-"
    )
    assert (parsed.title, parsed.deck, parsed.body) == ("A title", "A subtitle", "Body.")
    assert parsed.end_mark == "-30-"


def test_wrapped_lines_are_joined_and_lists_kept():
    parsed = parse_release(
        release("Chicago — June 29, 2018 — We call\non Congress to:\n- end detention\n- stop raids")
    )
    assert parsed.body == "We call on Congress to:\n\n- end detention\n- stop raids"


def test_page_furniture_is_dropped():
    parsed = parse_release(
        release("Chicago — June 29, 2018 — One.\n\n- more -\n\nTwo.\n\nPage 2 of 2\n\nThree.")
    )
    assert parsed.body == "One.\n\nTwo.\n\nThree."


@pytest.mark.parametrize(
    ("closing", "names"),
    [
        ("Alianza Americas & NNIRR", ["Alianza Americas", "NNIRR"]),
        ("Issued by Alianza Americas and NNIRR", ["Alianza Americas", "NNIRR"]),
        ("Issued by:\nAlianza Americas\nNNIRR", ["Alianza Americas", "NNIRR"]),
        ("CARECEN, CDM, and NNIRR", ["CARECEN", "CDM", "NNIRR"]),
        (
            "Centro de los Derechos del Migrante, Inc. & NNIRR",
            ["Centro de los Derechos del Migrante, Inc.", "NNIRR"],
        ),
        (
            "Coalition for Immigrant and Refugee Rights",
            ["Coalition for Immigrant and Refugee Rights"],
        ),
    ],
)
def test_closing_line_names_the_issuers_in_order(closing, names):
    parsed = parse_release(release(after=f"###\n\n{closing}"))
    assert [issuer.name for issuer in parsed.issuers] == names


def test_closing_line_keeps_together_a_name_the_about_paragraph_prints():
    parsed = parse_release(
        release(
            "Chicago — June 29, 2018 — Body.\n\n"
            "Church and Society works for justice. www.umcjustice.org",
            after="###\n\nChurch and Society and NNIRR",
        )
    )
    church, nnirr = parsed.issuers
    assert church.name == "Church and Society"
    assert church.website == "https://www.umcjustice.org"
    assert parsed.body == "Body."


@pytest.mark.parametrize(
    "last_paragraph",
    [
        "NNIRR will keep pressing Congress to act.",
        f"The {NNIRR} (NNIRR) urges Congress to act now.",
        "Alianza Americas calls on the Senate to reject the nominee.",
    ],
)
def test_a_last_body_paragraph_naming_an_issuer_stays_in_the_body(last_paragraph):
    parsed = parse_release(
        release(
            f"Chicago — June 29, 2018 — Body.\n\n{last_paragraph}",
            after="###\n\nAlianza Americas & NNIRR",
        )
    )
    assert parsed.body == f"Body.\n\n{last_paragraph}"
    assert [(i.name, i.about) for i in parsed.issuers] == [
        ("Alianza Americas", ""),
        ("NNIRR", ""),
    ]


@pytest.mark.parametrize(
    "about",
    [
        "NNIRR, founded in 1986, is a national coalition. www.nnirr.org",
        f"The {NNIRR} (NNIRR) works with global partners. www.nnirr.org",
        "NNIRR (the National Network) serves as a hub for advocacy. www.nnirr.org",
    ],
)
def test_about_paragraphs_open_by_describing_the_organization(about):
    parsed = parse_release(
        release(f"Chicago — June 29, 2018 — Body.\n\n{about}", after="###\n\nNNIRR")
    )
    assert parsed.body == "Body."
    [nnirr] = parsed.issuers
    assert (nnirr.about, nnirr.website) == (about, "https://www.nnirr.org")


def test_closing_line_splits_before_a_full_name_whose_acronym_fits():
    parsed = parse_release(
        release(after=f"###\n\nAlianza Americas and {NNIRR} (NNIRR)"),
    )
    assert [(i.name, i.full_name, i.acronym) for i in parsed.issuers] == [
        ("Alianza Americas", "Alianza Americas", ""),
        (f"{NNIRR} (NNIRR)", NNIRR, "NNIRR"),
    ]


def test_closing_line_splits_between_names_the_directory_knows():
    closing = f"Alianza Americas and {NNIRR}"
    text = release(after=f"###\n\n{closing}")
    assert [i.name for i in parse_release(text).issuers] == [closing]
    known = parse_release(text, is_organization=lambda name: name in {NNIRR, "Alianza Americas"})
    assert [i.name for i in known.issuers] == ["Alianza Americas", NNIRR]


def test_about_headings_name_the_issuers_without_a_closing_line():
    parsed = parse_release(
        release(
            "Chicago — June 29, 2018 — Body.\n\n"
            "About NNIRR\nThe National Network for Immigrant and Refugee Rights (NNIRR) "
            "is a hub. https://www.nnirr.org/about/\n\n"
            "About Alianza Americas: A network. alianzaamericas.org"
        )
    )
    assert [(i.name, i.full_name, i.acronym, i.website) for i in parsed.issuers] == [
        ("NNIRR", NNIRR, "NNIRR", "https://www.nnirr.org/about/"),
        ("Alianza Americas", "Alianza Americas", "", "https://alianzaamericas.org"),
    ]
    assert parsed.issuers[1].about == "A network. alianzaamericas.org"
    assert parsed.body == "Body."


def test_contact_variants():
    parsed = parse_release(
        release(
            after="###\n\nMedia contacts:\n"
            "Jane Doe, Communications Director, Oakland Coalition, jane@oc.org, "
            "+1 (510) 465-1984 (cell)\n"
            "John Roe, Tel: 510.555.0199, Email: john@example.org\n\n"
            "Contact: Ana Ruiz, Red Mexicana, Oaxaca, Oax., México, ana@red.mx\n\n"
            "Press contact:\n\nMary Major\nNNIRR\n(510) 465-1984\nmary@nnirr.org"
        )
    )
    jane, john, ana, mary = parsed.contacts
    assert (jane.heading, jane.person, jane.title) == (
        "Media contacts",
        "Jane Doe",
        "Communications Director",
    )
    assert jane.organization == "Oakland Coalition"
    assert jane.phones == [PhoneNumber("cell", "+1 (510) 465-1984")]
    assert (john.person, john.organization, john.email) == ("John Roe", "", "john@example.org")
    assert john.phones == [("", "510.555.0199")]
    assert (ana.heading, ana.organization, ana.city, ana.country) == (
        "Contact",
        "Red Mexicana",
        "Oaxaca, Oax.",
        "México",
    )
    assert (mary.heading, mary.person, mary.organization, mary.email) == (
        "Press contact",
        "Mary Major",
        "NNIRR",
        "mary@nnirr.org",
    )
    assert parsed.issuers == []


def test_closing_line_after_the_contacts_is_not_a_contact():
    parsed = parse_release(
        release(
            after="###\n\nContacts:\n- Jane Doe, NNIRR, jane@nnirr.org\nAlianza Americas & NNIRR"
        )
    )
    assert [c.person for c in parsed.contacts] == ["Jane Doe"]
    assert [i.name for i in parsed.issuers] == ["Alianza Americas", "NNIRR"]


def test_about_paragraphs_after_the_end_mark():
    parsed = parse_release(
        release(
            after="###\n\nAbout NNIRR\n\nThe National Network for Immigrant and Refugee Rights "
            "(NNIRR) is a hub. www.nnirr.org\n\nAlianza Americas & NNIRR"
        )
    )
    alianza, nnirr = parsed.issuers
    assert alianza.about == ""
    assert nnirr.about == f"The {NNIRR} (NNIRR) is a hub. www.nnirr.org"
    assert parsed.contacts == []


def test_contacts_above_the_title():
    parsed = parse_release(
        "FOR IMMEDIATE RELEASE\nMedia Contact: Jane Doe, NNIRR, (510) 465-1984, jane@nnirr.org"
        "\n\nThe title\n\nOakland, CA — May 1, 2019 — Body.\n\n###"
    )
    assert parsed.title == "The title"
    [jane] = parsed.contacts
    assert (jane.heading, jane.person, jane.organization, jane.email) == (
        "Media Contact",
        "Jane Doe",
        "NNIRR",
        "jane@nnirr.org",
    )


def test_signed_list_after_the_end_mark():
    parsed = parse_release(release(after="###\n\nSigned:\n- NNIRR\n- Alianza Americas"))
    assert [signer.name for signer in parsed.signatories] == ["NNIRR", "Alianza Americas"]
    assert parsed.kind == Statement.Kind.JOINT_STATEMENT


# Refusals: only what is no release at all. The rest is read, with notes to check.


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the text is empty"),
        ("\n \r\n\u00a0\n", "the text is empty"),
        ("###\n\n-30-\n", "the text is empty"),
        ("\x00\x01\x02\x03" * 100, "this is not text"),
        ("word " * 250_000, "a release is at most 1,000,000"),
    ],
)
def test_what_is_no_release_is_refused_with_the_reason(text, message):
    with pytest.raises(ReleaseFormatError, match=re.escape(message)):
        parse_release(text)


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("Just a title\n", "No dateline found"),
        ("A title\n\nA body without a dateline.\n\n###", "No dateline found"),
        ("A title\n\nJune 29, 2018 — The body.\n\n###", "names no place"),
        ("A title\n\nChicago — June 31, 2018 — The body.\n\n###", "No dateline found"),
        ("A title\n\nChicago — June 29, 2018 —\n\n###", "No body found"),
        (release(title="T" * 301), "too long for a title"),
        (
            release(after="###\n\nContact:\n- +1 510-555-0199, press@example.org"),
            "A contact names no person or organization (+1 510-555-0199, press@example.org)",
        ),
        (
            release(after="###\n\nThis long sentence after the end mark is not a list of names."),
            "not understood",
        ),
        (
            release(after="###\n\nContact: Jane Doe, jane@example.org"),
            "The contact Jane Doe has no telephone number",
        ),
        (
            "FOR IMMEDIATE RELEASE: May 2, 2019\n\nA title\n\nChicago — May 1, 2019 — Body.",
            "Two possible dates: May 1, 2019 (the dateline) and May 2, 2019",
        ),
    ],
)
def test_what_is_not_understood_is_read_with_a_note(text, note):
    parsed = parse_release(text)
    assert parsed.title
    assert any(note in text for text in parsed.notes), parsed.notes


def test_text_not_understood_stays_in_the_body():
    parsed = parse_release(
        release(after="###\n\nThis long sentence after the end mark is not a list of names.")
    )
    assert parsed.body.endswith("This long sentence after the end mark is not a list of names.")
    assert parsed.issuers == []


# Saving


def counts():
    models = (Statement, StatementIssuer, MediaContact, Organization, Person, Phone)
    return {model.__name__: model.objects.count() for model in models} | {
        "signatories": sum(s.signatories.count() for s in Statement.objects.all())
    }


@pytest.mark.django_db
def test_import_compact_saves_a_draft_joint_statement():
    outcome = import_release(seed(COMPACT))
    statement = outcome.statement
    assert outcome.created
    assert statement.status == Statement.Status.DRAFT and statement.publish_at is None
    assert not Statement.objects.published().exists()
    assert statement.kind == Statement.Kind.JOINT_STATEMENT
    assert statement.dateline_place == "Puerto Vallarta, Mexico"
    assert statement.release_date == datetime.date(2017, 12, 4)
    assert statement.end_mark == "#"
    assert "<em>New York Declaration for Refugees and Migrants</em>" in statement.body_html
    assert [s.name for s in statement.signatories.all()] == COMPACT_SIGNATORIES
    assert all(s.organization_id for s in statement.signatories.all())


@pytest.mark.django_db
def test_import_compact_contacts_land_on_people_and_organizations():
    statement = import_release(seed(COMPACT)).statement
    contacts = list(statement.contacts.select_related("person", "organization"))
    assert [str(c) for c in contacts] == [
        "Alianza Americas",
        f"Catherine Tactaquin, {NNIRR} (NNIRR)",
        "Cecilie Kern, Congregation of Our Lady of Charity of the Good Shepherd",
        "Evy Peña, Centro de los Derechos del Migrante, Inc.",
        "Kevin Appleby, Scalabrini International Migration Network",
        "Lariza Dugan-Cuadra",
        "Liberato Bautista, United Methodist Church - General Board of Church and Society",
    ]
    assert {c.heading for c in contacts} == {"For further information in Puerto Vallarta"}
    evy = Person.objects.get(name="Evy Peña")
    assert [(p.label, p.number) for p in evy.phones.all()] == [
        ("Mexico", "(+52) 55.5211.9397"),
        ("U.S.", "1-855-234-9699"),
    ]
    assert evy.email == "evy@cdmigrante.org"
    lariza = Person.objects.get(name="Lariza Dugan-Cuadra")
    assert lariza.organization is None
    assert (lariza.email, [p.number for p in lariza.phones.all()]) == (
        "Lariza@carecensf.org",
        ["+1-415-642-4417"],
    )
    alianza = Organization.objects.get(name="Alianza Americas")
    assert (alianza.city, alianza.country, alianza.website, alianza.phone) == (
        "Chicago, IL",
        "USA",
        "https://www.alianzaamericas.org",
        "+1 877-683-2908",
    )
    assert Organization.objects.get(acronym="NNIRR").website == "https://www.nnirr.org"
    # The signatories' seven organizations, contacts included: none twice.
    assert Organization.objects.count() == 7


@pytest.mark.django_db
def test_import_iom_issuers_with_their_about_paragraphs():
    statement = import_release(seed(IOM)).statement
    issuers = list(statement.issuers.select_related("organization"))
    assert [i.organization.short_name for i in issuers] == ["Alianza Americas", "NNIRR"]
    alianza, nnirr = (i.organization for i in issuers)
    assert issuers[0].about.startswith("Alianza Americas is a network")
    assert issuers[1].about.startswith("The National Network for Immigrant")
    assert alianza.about == issuers[0].about
    assert alianza.website == "https://alianzaamericas.org"
    assert (nnirr.name, nnirr.acronym, nnirr.website) == (NNIRR, "NNIRR", "https://www.nnirr.org")
    assert nnirr.about == issuers[1].about
    assert statement.body.count("\n\n") == 2
    assert statement.kind == Statement.Kind.PRESS_RELEASE
    tactaquin = Person.objects.get(name="Catherine Tactaquin")
    assert (tactaquin.title, tactaquin.organization) == ("Executive Director", nnirr)


@pytest.mark.django_db
@pytest.mark.parametrize("order", [(COMPACT, IOM), (IOM, COMPACT)])
def test_both_seeds_share_one_nnirr_and_one_catherine_tactaquin(order):
    for path in order:
        import_release(seed(path))
    nnirr = Organization.objects.get(acronym="NNIRR")
    assert nnirr.name == NNIRR
    assert Organization.objects.count() == 7
    tactaquin = Person.objects.get(name="Catherine Tactaquin")
    assert tactaquin.organization == nnirr
    assert (tactaquin.title, tactaquin.email) == ("Executive Director", "ctactaquin@nnirr.org")
    assert nnirr.about.startswith("The National Network for Immigrant")
    assert nnirr.signatures.count() == 1 and nnirr.issuances.count() == 1


@pytest.mark.django_db
def test_existing_directory_entries_are_matched_and_only_their_blanks_filled():
    nnirr = factories.make_organization(name="NNIRR", acronym="NNIRR", about="Our own words.")
    alianza = factories.make_organization(
        name="Alianza Americas", website="https://www.alianzaamericas.org/"
    )
    import_release(seed(IOM))
    nnirr.refresh_from_db()
    alianza.refresh_from_db()
    assert Organization.objects.count() == 2
    assert (nnirr.name, nnirr.about, nnirr.website) == (
        NNIRR,
        "Our own words.",
        "https://www.nnirr.org",
    )
    assert alianza.website == "https://www.alianzaamericas.org/"
    assert alianza.about.startswith("Alianza Americas is a network")


@pytest.mark.django_db
def test_an_organization_known_by_its_acronym_learns_its_full_name():
    release_by_acronym = release(after="###\n\nNNIRR")
    import_release(release_by_acronym)
    assert Organization.objects.get().name == "NNIRR"
    import_release(seed(IOM))
    assert Organization.objects.get(acronym="NNIRR").name == NNIRR
    assert Organization.objects.count() == 2


@pytest.mark.django_db
def test_reimport_changes_nothing():
    first = [import_release(seed(path)).statement for path in (COMPACT, IOM)]
    before = counts()
    stamps = {
        model: dict(model.objects.values_list("pk", "updated_at"))
        for model in (Statement, Organization, Person)
    }
    again = [import_release(seed(path), publish=True) for path in (COMPACT, IOM)]
    assert [outcome.created for outcome in again] == [False, False]
    assert [outcome.statement.pk for outcome in again] == [s.pk for s in first]
    assert counts() == before
    for model, values in stamps.items():
        assert dict(model.objects.values_list("pk", "updated_at")) == values
    assert not Statement.objects.published().exists()


@pytest.mark.django_db
def test_a_statement_entered_by_hand_is_found_by_title_and_date():
    by_hand = factories.make_statement(
        title="Defeat of US candidate to lead IOM reflects international rejection of "
        "Trump’s immigration policies",
        release_date=datetime.date(2018, 6, 29),
        slug="iom-vote",
    )
    outcome = import_release(seed(IOM))
    assert (outcome.created, outcome.statement) == (False, by_hand)


@pytest.mark.django_db
def test_same_title_on_another_day_is_another_statement():
    earlier = import_release(seed(IOM)).statement
    later_text = seed(IOM).replace("June 29, 2018", "July 2, 2018")
    later = import_release(later_text)
    assert later.created
    assert later.statement.slug == f"{earlier.slug}-2"


@pytest.mark.django_db
def test_publish_makes_it_public_now_and_stamps_the_user():
    user = factories.make_user()
    outcome = import_release(seed(IOM), publish=True, user=user)
    statement = outcome.statement
    assert statement.status == Statement.Status.PUBLISHED
    assert timezone.now() - statement.publish_at < datetime.timedelta(minutes=1)
    assert list(Statement.objects.published()) == [statement]
    assert (statement.created_by, statement.updated_by) == (user, user)


@pytest.mark.django_db
def test_update_reapplies_the_text_and_only_then_counts_as_a_change():
    statement = import_release(seed(IOM)).statement
    stamp = statement.updated_at
    same = import_release(seed(IOM), update=True)
    assert (same.created, same.updated) == (False, False)
    statement.refresh_from_db()
    assert statement.updated_at == stamp

    corrected = seed(IOM).replace("soundly defeated", "defeated").replace("& NNIRR", "")
    nnirr_about = corrected.index("The National Network for Immigrant and Refugee Rights (NNIRR)")
    corrected = corrected[:nnirr_about] + corrected[corrected.index("Alianza Americas is a") :]
    outcome = import_release(corrected, update=True, publish=True)
    assert (outcome.created, outcome.updated) == (False, True)
    statement.refresh_from_db()
    assert "was defeated today" in statement.body
    assert statement.status == Statement.Status.PUBLISHED
    assert [i.organization.name for i in statement.issuers.all()] == ["Alianza Americas"]
    assert "serves as a hub" not in statement.body


@pytest.mark.django_db
def test_one_organization_signed_under_two_spellings_signs_once():
    text = release(after=f"###\n\nSigned:\n{NNIRR} (NNIRR)\nNNIRR\nAlianza Americas")
    statement = import_release(text).statement
    assert [s.name for s in statement.signatories.all()] == [
        f"{NNIRR} (NNIRR)",
        "Alianza Americas",
    ]
    assert Organization.objects.count() == 2


@pytest.mark.django_db
def test_the_signal_carries_the_parsed_release():
    received = []

    def receiver(sender, statement, release, **kwargs):
        received.append((sender, statement.title, [s.name for s in release.signatories]))

    statement_imported.connect(receiver)
    try:
        import_release(seed(COMPACT))
    finally:
        statement_imported.disconnect(receiver)
    [(sender, title, signatories)] = received
    assert sender is Statement
    assert title.startswith("Statement from US Civil Society")
    assert signatories == COMPACT_SIGNATORIES


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["", "\x00" * 50], ids=["empty", "binary"])
def test_nothing_is_saved_for_what_is_no_release(text):
    with pytest.raises(ReleaseFormatError):
        import_release(text)
    assert set(counts().values()) == {0}


@pytest.mark.django_db
def test_nothing_is_saved_when_a_later_step_fails():
    def fail(**kwargs):
        raise RuntimeError("signatories could not be added")

    statement_imported.connect(fail)
    try:
        with pytest.raises(RuntimeError):
            import_release(seed(COMPACT))
    finally:
        statement_imported.disconnect(fail)
    assert set(counts().values()) == {0}


@pytest.mark.django_db
def test_reimport_costs_a_bounded_number_of_queries(django_assert_max_num_queries):
    import_release(seed(COMPACT))
    with django_assert_max_num_queries(30):
        assert not import_release(seed(COMPACT)).created


# The command


def run(*args):
    """The report's lines, each split into its columns; the summary apart."""
    out = StringIO()
    call_command("import_release", *map(str, args), stdout=out)
    *lines, total = out.getvalue().splitlines()
    return [re.split(r"\s{2,}", line) for line in lines], total


@pytest.mark.django_db
def test_command_prints_a_line_per_release_and_a_summary():
    lines, total = run(COMPACT, IOM)
    compact, iom = Statement.objects.order_by("release_date")
    site = "http://127.0.0.1:8000/statements"
    assert lines == [
        ["created", "draft", "2017-12-04", "3 notes", f"{site}/{compact.slug}/", compact.title],
        ["created", "draft", "2018-06-29", "0 notes", f"{site}/{iom.slug}/", iom.title],
    ]
    assert total == "2 releases: 2 created; 3 notes to check."
    again, total = run(IOM, "--publish", "--base-url", "https://press.example.org/")
    assert again == [
        [
            "unchanged",
            "draft",
            "2018-06-29",
            "0 notes",
            f"https://press.example.org/statements/{iom.slug}/",
            iom.title,
        ]
    ]
    assert total == "1 release: 1 unchanged; 0 notes to check."


@pytest.mark.django_db
def test_command_dry_run_saves_nothing():
    lines, total = run(SEEDS, "--dry-run")
    assert [line[:4] for line in lines] == [
        ["new", "-", "2017-12-04", "3 notes"],
        ["new", "-", "2018-06-29", "0 notes"],
    ]
    assert total.endswith("Dry run: nothing was saved.")
    assert set(counts().values()) == {0}


@pytest.mark.django_db
def test_command_publishes():
    [[action, status, *_rest, url, title]], _total = run(IOM, "--publish")
    assert (action, status) == ("created", "published")
    assert Statement.objects.published().get().get_absolute_url() in url


@pytest.mark.django_db
def test_command_update(tmp_path):
    run(IOM)
    assert run(IOM, "--update")[0][0][0] == "unchanged"
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(seed(IOM).replace("soundly defeated", "defeated"), encoding="utf-8")
    assert run(corrected)[0][0][0] == "unchanged"
    assert run(corrected, "--update")[0][0][0] == "updated"
    assert "was defeated today" in Statement.objects.get().body


@pytest.mark.django_db
def test_command_reads_standard_input(monkeypatch):
    monkeypatch.setattr("sys.stdin", StringIO(seed(IOM)))
    [[action, status, *_]], _total = run("-")
    assert (action, status) == ("created", "draft")


@pytest.mark.django_db
def test_command_imports_what_it_can_and_fails_naming_what_is_no_release(tmp_path):
    no_dateline = tmp_path / "2018.txt"
    no_dateline.write_text(seed(IOM).replace("Chicago—June 29, 2018—", ""), encoding="utf-8")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Título\n\nMéxico - 4 de diciembre de 2017 - Sí.\n\n###".encode("latin-1"))
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    missing = tmp_path / "missing.txt"
    with pytest.raises(CommandError) as refused:
        run(COMPACT, no_dateline, latin1, binary, missing)
    message = str(refused.value)
    assert f"{binary}: this is not text" in message
    assert f"{missing}: cannot read it" in message
    assert message.endswith("2 refused (not releases); the others were imported.")
    assert Statement.objects.count() == 3
    imported = Statement.objects.get(title="Título")
    assert imported.body == "Sí."
    assert imported.language == Statement.Language.SPANISH
    notes = " ".join(imported.import_notes.values_list("text", flat=True))
    assert "read as Windows-1252" in notes


@pytest.mark.django_db
def test_command_reads_a_file_with_a_byte_order_mark_and_windows_line_ends(tmp_path):
    path = tmp_path / "release.txt"
    path.write_bytes(seed(COMPACT).replace("\n", "\r\n").encode("utf-8-sig"))
    [[action, status, *_]], _total = run(path)
    assert (action, status) == ("created", "draft")
    assert Statement.objects.get().signatories.count() == 7


# Embargo lines


EMBARGOED = (
    "EMBARGOED UNTIL 10:00 a.m. ET, Tuesday, March 8, {year}\n\nA report\n\n"
    "Washington — March 8, {year} — Findings.\n\n###"
)


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2022, 2031], ids=["past", "future"])
def test_an_embargo_line_sets_the_publish_time_of_a_draft(year):
    statement = import_release(EMBARGOED.format(year=year)).statement
    assert statement.status == Statement.Status.DRAFT
    assert statement.publish_at == datetime.datetime(
        year, 3, 8, 15, 0, tzinfo=datetime.UTC
    )  # 10:00 in New York, standard time
    assert not Statement.objects.published().exists()


@pytest.mark.django_db
def test_published_at_import_an_embargoed_release_waits_for_its_time():
    statement = import_release(EMBARGOED.format(year=2031), publish=True).statement
    assert statement.status == Statement.Status.PUBLISHED and statement.is_embargoed
    assert not Statement.objects.published().exists()


@pytest.mark.django_db
def test_an_editor_cannot_import_straight_to_published(client):
    from django.contrib.auth.models import Group

    from coalitions.roles import EDITOR

    editor = factories.make_user(superuser=False)
    editor.groups.add(Group.objects.get(name=EDITOR))
    client.force_login(editor)
    client.post(
        "/admin/releases/statement/import/",
        {"text": EMBARGOED.format(year=2022), "publish": "on"},
    )
    statement = Statement.objects.get()
    assert statement.status == Statement.Status.DRAFT


@pytest.mark.django_db
def test_an_undated_release_imported_again_another_day_changes_nothing(time_machine):
    text = "A title without a date\n\nThe body of it.\n\n###"
    time_machine.move_to(datetime.datetime(2024, 5, 1, 12, tzinfo=datetime.UTC))
    first = import_release(text).statement
    time_machine.move_to(datetime.datetime(2024, 6, 1, 12, tzinfo=datetime.UTC))
    again = import_release(text)
    assert (again.created, again.statement) == (False, first)
