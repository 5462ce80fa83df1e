"""The plain-text importer's saving: drafts with their issuers, contacts and signatories,
matched against the directory, re-imports, the `import_release` command, embargo lines."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from advocacy.models import Organization, Person, Phone
from releases.importing import (
    ReleaseFormatError,
    import_release,
)
from releases.models import MediaContact, Statement, StatementIssuer
from releases.signals import statement_imported
from tests import factories
from tests.releases.import_helpers import (
    COMPACT,
    COMPACT_SIGNATORIES,
    IOM,
    NNIRR,
    SEEDS,
    release,
    seed,
)

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
