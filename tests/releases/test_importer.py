"""The plain-text importer's reading: the two seed releases field by field, odd layouts,
what it refuses and what it reads with a note. Saving: test_import_saving.py."""

import dataclasses
import datetime
import re

import pytest

from releases.importing import (
    PhoneNumber,
    ReleaseFormatError,
    parse_release,
)
from releases.models import Statement
from tests.releases.import_helpers import (
    COMPACT,
    COMPACT_SIGNATORIES,
    IOM,
    NNIRR,
    release,
    seed,
)

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
