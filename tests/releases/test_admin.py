"""The statement admin as comms staff use it: list, write, preview, publish, import."""

import datetime
import re
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from advocacy.models import Organization
from releases.models import Attachment, MediaContact, Statement, StatementIssuer
from tests import factories

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
IOM_SEED = SEEDS / "2018-06-29-iom-director-general-vote.txt"
COMPACT_SEED = SEEDS / "2017-12-04-global-compact-withdrawal.txt"

CHANGELIST = reverse("admin:releases_statement_changelist")
ADD = reverse("admin:releases_statement_add")
IMPORT = reverse("admin:releases_statement_import")


@pytest.fixture
def anonymous():
    """A visitor who is not logged in (`client` is the one `staff_client` logs in)."""
    return Client()


def change_url(statement):
    return reverse("admin:releases_statement_change", args=[statement.pk])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def inline_management(prefix, *, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def statement_form_data(**overrides):
    """What the add form posts for a complete statement, every inline empty."""
    data = {
        "kind": Statement.Kind.PRESS_RELEASE,
        "title": "Coalition condemns family detention",
        "deck": "",
        "dateline_place": "Chicago",
        "release_date": "2018-06-29",
        "body": "The coalition *condemns* the policy.\n\nA second paragraph.",
        "end_mark": "###",
        "status": Statement.Status.DRAFT,
        "publish_at_0": "",
        "publish_at_1": "",
        "language": "en",
        "slug": "coalition-condemns-family-detention",
        "tags": "detention, families",
    }
    for prefix in ("issuers", "signatories", "contacts", "attachments", "campaign"):
        data |= inline_management(prefix)
    return data | overrides


# Pages load


def test_changelist_add_and_import_pages_load(staff_client):
    factories.make_statement(title="Published one")
    factories.make_statement(title="Draft one", published=False)
    response = staff_client.get(CHANGELIST)
    assert response.status_code == 200
    assert "Published one" in response.text and "Draft one" in response.text
    assert IMPORT in response.text and "Import releases" in response.text
    assert staff_client.get(ADD).status_code == 200
    assert staff_client.get(IMPORT).status_code == 200


def test_tag_changelist_and_add_page_load(staff_client):
    statement = factories.make_statement(tags=["IOM"])
    tag = Tag.objects.get(name="IOM")
    response = staff_client.get(reverse("admin:taggit_tag_changelist"))
    assert response.status_code == 200
    assert f"{CHANGELIST}?tags__id__exact={tag.pk}" in response.text
    assert staff_client.get(reverse("admin:taggit_tag_add")).status_code == 200
    assert staff_client.get(reverse("admin:taggit_tag_change", args=[tag.pk])).status_code == 200
    filtered = staff_client.get(CHANGELIST, {"tags__id__exact": tag.pk})
    assert statement.title in filtered.text


def test_change_page_shows_every_inline(staff_client):
    alianza = factories.make_organization(name="Alianza Americas")
    nnirr = factories.make_organization(
        name="National Network for Immigrant and Refugee Rights", acronym="NNIRR"
    )
    statement = factories.make_statement(issuers=[alianza, nnirr], published=False)
    person = factories.make_person(name="Catherine Tactaquin", organization=nnirr)
    factories.add_contact(statement, person=person, heading="For further information")
    factories.add_signatory(statement, organization=alianza)
    Attachment.objects.create(
        statement=statement,
        file=SimpleUploadedFile("letter.pdf", b"%PDF-1.4"),
        title="Signed letter (PDF)",
    )

    response = staff_client.get(change_url(statement))

    assert response.status_code == 200
    for prefix in ("issuers", "signatories", "contacts", "attachments"):
        assert f'name="{prefix}-TOTAL_FORMS"' in response.text
    assert response.context["inline_admin_formsets"][0].formset.initial_form_count() == 2
    for text in ("Alianza Americas", "Catherine Tactaquin", "Signed letter (PDF)"):
        assert text in response.text
    # Organizations and people are picked with autocomplete, not a select of every row.
    assert "admin-autocomplete" in response.text


# Writing a statement


def test_add_statement_with_issuers_and_contacts_in_order(staff_client, staff_user):
    alianza = factories.make_organization(name="Alianza Americas")
    nnirr = factories.make_organization(name="NNIRR network", acronym="NNIRR")
    person = factories.make_person(name="Oscar Chacón", organization=alianza)
    data = statement_form_data(
        **inline_management("issuers", total=2),
        **{
            # The second row's order is left blank: it goes after the first.
            "issuers-0-organization": str(nnirr.pk),
            "issuers-0-about": "",
            "issuers-0-position": "",
            "issuers-1-organization": str(alianza.pk),
            "issuers-1-about": "Alianza Americas is a network of immigrant-led groups.",
            "issuers-1-position": "",
        },
        **inline_management("contacts", total=1),
        **{
            "contacts-0-heading": "For further information in Chicago",
            "contacts-0-person": str(person.pk),
            "contacts-0-organization": "",
            "contacts-0-position": "",
        },
    )

    response = staff_client.post(ADD, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    statement = Statement.objects.get()
    assert statement.status == Statement.Status.DRAFT
    assert statement.created_by == staff_user and statement.updated_by == staff_user
    issuers = list(statement.issuers.all())
    assert [issuer.organization for issuer in issuers] == [nnirr, alianza]
    assert issuers[1].about_text.startswith("Alianza Americas is a network")
    assert statement.contacts.get().person == person
    assert sorted(statement.tags.names()) == ["detention", "families"]
    assert "<em>condemns</em>" in statement.body_html


def test_status_published_without_a_time_publishes_now(anonymous, staff_client):
    data = statement_form_data(status=Statement.Status.PUBLISHED)
    response = staff_client.post(ADD, data)
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert statement.is_public
    assert anonymous.get(statement.get_absolute_url()).status_code == 200


def test_same_person_twice_among_contacts_is_refused(staff_client):
    person = factories.make_person(name="Evy Peña")
    data = statement_form_data(
        **inline_management("contacts", total=2),
        **{
            f"contacts-{i}-{field}": value
            for i in (0, 1)
            for field, value in (
                ("heading", "Media contact"),
                ("person", str(person.pk)),
                ("organization", ""),
                ("position", ""),
            )
        },
    )
    response = staff_client.post(ADD, data)
    assert response.status_code == 200
    assert "This is already listed above." in response.text
    assert not Statement.objects.exists()


def test_contact_needs_a_person_or_an_organization(staff_client):
    data = statement_form_data(
        **inline_management("contacts", total=1),
        **{
            "contacts-0-heading": "For further information",
            "contacts-0-person": "",
            "contacts-0-organization": "",
            "contacts-0-position": "1",
        },
    )
    response = staff_client.post(ADD, data)
    assert response.status_code == 200
    assert "Choose a person, an organization, or both." in response.text
    assert not Statement.objects.exists() and not MediaContact.objects.exists()


def test_editing_stamps_the_editor_and_keeps_the_creator(staff_client, staff_user):
    creator = factories.make_user()
    statement = factories.make_statement(published=False, created_by=creator)
    data = statement_form_data(title="A corrected title", slug=statement.slug)
    response = staff_client.post(change_url(statement), data)
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.title == "A corrected title"
    assert statement.created_by == creator and statement.updated_by == staff_user


def test_change_form_has_fieldsets_and_prepopulated_slug(staff_client):
    response = staff_client.get(ADD)
    fieldsets = [fs.name for fs in response.context["adminform"]]
    assert fieldsets[:2] == ["Content", "Publishing"]
    content, publishing = list(response.context["adminform"])[:2]
    assert list(content.fields[:2]) == ["kind", "title"]
    assert "status" in publishing.fields and "slug" in publishing.fields
    assert response.context["prepopulated_fields"][0]["dependencies"][0].name == "title"


# Preview, view on site, publish, unpublish


def test_draft_change_page_offers_a_preview_and_staff_see_the_draft(anonymous, staff_client):
    statement = factories.make_statement(published=False)
    response = staff_client.get(change_url(statement))
    assert f'href="{statement.get_absolute_url()}"' in response.text
    assert ">Preview</a>" in response.text
    assert "Draft: only staff can see it." in response.text
    assert anonymous.get(statement.get_absolute_url()).status_code == 404
    assert staff_client.get(statement.get_absolute_url()).status_code == 200


def test_published_change_page_offers_view_on_site(staff_client):
    statement = factories.make_statement()
    response = staff_client.get(change_url(statement))
    assert "View on site" in response.text and ">Preview</a>" not in response.text
    assert f'href="{statement.get_absolute_url()}"' in response.text


def test_publish_and_unpublish_actions_change_what_the_public_sees(anonymous, staff_client):
    statement = factories.make_statement(published=False)
    other = factories.make_statement(published=False)
    url = statement.get_absolute_url()
    assert anonymous.get(url).status_code == 404

    response = staff_client.post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [statement.pk, other.pk], "index": 0},
        follow=True,
    )
    assert "Published 2 statements: they are now on the public site." in messages_of(response)
    assert anonymous.get(url).status_code == 200

    response = staff_client.post(
        CHANGELIST, {"action": "unpublish", "_selected_action": [statement.pk], "index": 0}
    )
    assert "Unpublished 1 statement: it is a draft again, hidden from the public." in (
        messages_of(response)
    )
    assert anonymous.get(url).status_code == 404
    statement.refresh_from_db()
    assert statement.status == Statement.Status.DRAFT


def test_publish_keeps_a_future_publish_time_as_embargo(anonymous, staff_client, staff_user):
    embargo = timezone.now() + datetime.timedelta(days=2)
    statement = factories.make_statement(published=False, publish_at=embargo)
    response = staff_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [statement.pk], "index": 0}
    )
    statement.refresh_from_db()
    assert statement.status == Statement.Status.PUBLISHED
    assert statement.publish_at == embargo
    assert statement.updated_by == staff_user
    assert any("under embargo" in message for message in messages_of(response))
    assert anonymous.get(statement.get_absolute_url()).status_code == 404


def test_publish_action_reports_statements_already_published(staff_client):
    published = factories.make_statement()
    publish_at = published.publish_at
    response = staff_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [published.pk], "index": 0}
    )
    assert messages_of(response) == ["1 statement was already public and is unchanged."]
    published.refresh_from_db()
    assert published.publish_at == publish_at


def test_publish_from_the_change_form(anonymous, staff_client):
    statement = factories.make_statement(published=False)
    response = staff_client.post(
        change_url(statement),
        {"CHANGE_FORM-action": "publish", "_selected_action": statement.pk},
    )
    assert response.status_code == 302
    assert anonymous.get(statement.get_absolute_url()).status_code == 200


# The list


def test_changelist_shows_visibility_issuers_signatories_and_tags(staff_client):
    nnirr = factories.make_organization(name="National Network", acronym="NNIRR")
    alianza = factories.make_organization(name="Alianza Americas")
    statement = factories.make_statement(issuers=[alianza, nnirr], tags=["IOM", "Trump"])
    for name in ("First signer", "Second signer", "Third signer"):
        factories.add_signatory(statement, name)
    factories.make_statement(
        title="Under embargo", publish_at=timezone.now() + datetime.timedelta(days=1)
    )

    response = staff_client.get(CHANGELIST)

    rows = {row.title: row for row in response.context["cl"].result_list}
    assert rows[statement.title].signatory_count == 3
    assert "Alianza Americas, NNIRR" in response.text
    assert '<span class="tag-chip">IOM</span><span class="tag-chip">Trump</span>' in response.text
    assert "Embargoed" in response.text and "Published" in response.text


@pytest.mark.parametrize(
    ("visibility", "expected"),
    [("draft", {"Draft"}), ("embargoed", {"Embargoed"}), ("published", {"Published"})],
)
def test_visibility_filter(staff_client, visibility, expected):
    factories.make_statement(title="Draft", published=False)
    factories.make_statement(
        title="Embargoed", publish_at=timezone.now() + datetime.timedelta(hours=3)
    )
    factories.make_statement(title="Published")
    response = staff_client.get(CHANGELIST, {"visibility": visibility})
    assert {s.title for s in response.context["cl"].result_list} == expected


def test_filters_by_kind_language_tag_and_date(staff_client):
    factories.make_statement(
        title="Joint",
        kind=Statement.Kind.JOINT_STATEMENT,
        release_date=datetime.date(2017, 12, 4),
        tags=["Global Compact"],
    )
    factories.make_statement(title="Spanish", language=Statement.Language.SPANISH)

    def titles(**params):
        response = staff_client.get(CHANGELIST, params)
        assert response.status_code == 200
        return {s.title for s in response.context["cl"].result_list}

    assert titles(kind="joint-statement") == {"Joint"}
    assert titles(language__exact="es") == {"Spanish"}
    assert titles(tags__id__exact=Tag.objects.get().pk) == {"Joint"}
    assert titles(release_date__year=2017) == {"Joint"}
    assert titles(release_date__gte="2018-01-01", release_date__lt="2019-01-01") == {"Spanish"}


def test_tag_filter_names_untagged_statements_plainly(staff_client):
    factories.make_statement(title="Tagged", tags=["IOM"])
    factories.make_statement(title="Untagged")
    response = staff_client.get(CHANGELIST)
    assert "By tag" in response.text and "No tags</a>" in response.text
    untagged = staff_client.get(CHANGELIST, {"tags__isnull": "True"})
    assert [s.title for s in untagged.context["cl"].result_list] == ["Untagged"]


def test_search_finds_issuer_names_without_duplicates(staff_client):
    nnirr = factories.make_organization(
        name="National Network for Immigrant and Refugee Rights", acronym="NNIRR"
    )
    network = factories.make_organization(name="Another Network")
    statement = factories.make_statement(title="IOM vote", issuers=[nnirr, network])
    factories.add_signatory(statement, "One")
    factories.add_signatory(statement, "Two")
    factories.make_statement(title="Unrelated")

    for query in ("network", "NNIRR", "IOM"):
        results = list(staff_client.get(CHANGELIST, {"q": query}).context["cl"].result_list)
        assert [s.title for s in results] == ["IOM vote"]
        assert results[0].signatory_count == 2


def test_changelist_costs_the_same_queries_for_3_or_30_statements(staff_client):
    organizations = [factories.make_organization() for _ in range(3)]

    def add_statements(count):
        for _ in range(count):
            statement = factories.make_statement(issuers=organizations[:2], tags=["a", "b"])
            factories.add_signatory(statement, organization=organizations[2])
            factories.add_contact(statement, organization=organizations[0])

    def queries_for_changelist():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(CHANGELIST).status_code == 200
        return len(captured)

    add_statements(3)
    few = queries_for_changelist()
    add_statements(27)
    assert queries_for_changelist() == few


def test_changelist_query_budget(staff_client, django_assert_max_num_queries):
    organizations = [factories.make_organization() for _ in range(3)]
    for n in range(30):
        statement = factories.make_statement(
            issuers=organizations[: 1 + n % 3], tags=[f"tag {n % 4}"], published=n % 2 == 0
        )
        factories.add_signatory(statement, organization=organizations[0])
    with django_assert_max_num_queries(12):
        response = staff_client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 30


def test_issuer_filter_set_from_an_organization_page(staff_client):
    nnirr = factories.make_organization(name="NNIRR")
    factories.make_statement(title="Issued", issuers=[nnirr])
    factories.make_statement(title="Other")
    response = staff_client.get(CHANGELIST, {"issuer": nnirr.pk})
    assert [s.title for s in response.context["cl"].result_list] == ["Issued"]
    assert "issued by" in response.text


# Import (the admin's side; the importer itself is tests/releases/test_importer.py)

REPORT = reverse("admin:releases_statement_import_report")


def report_rows(client):
    """The report's rows as [status, title, date, notes, address, from] lists."""
    page = client.get(REPORT)
    assert page.status_code == 200
    return [
        [" ".join(cell.split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r'<tr class="import-[a-z]+">(.*?)</tr>', page.text, re.S)
    ]


def test_import_a_seed_creates_a_draft_and_reports_it(anonymous, staff_client, staff_user):
    response = staff_client.post(IMPORT, {"text": IOM_SEED.read_text()})

    statement = Statement.objects.get()
    assert response.status_code == 302 and response["Location"] == REPORT
    [[status, title, date, notes, address, source]] = report_rows(staff_client)
    assert status.startswith("Created") and "(draft)" in status
    assert f'href="{change_url(statement)}"' in title
    assert (date, notes, source) == ("2018-06-29", "0", "Pasted text")
    assert statement.get_absolute_url() in address
    assert statement.status == Statement.Status.DRAFT
    assert statement.title.startswith("Defeat of US Candidate to lead IOM")
    issuers = [issuer.organization.short_name for issuer in statement.issuers.all()]
    assert issuers == ["Alianza Americas", "NNIRR"]
    assert anonymous.get(statement.get_absolute_url()).status_code == 404
    assert staff_client.get(change_url(statement)).status_code == 200


def test_import_several_files_at_once(staff_client):
    files = [
        SimpleUploadedFile("compact.txt", COMPACT_SEED.read_bytes(), "text/plain"),
        SimpleUploadedFile("iom.txt", IOM_SEED.read_bytes(), "text/plain"),
        SimpleUploadedFile("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00" * 20, "text/plain"),
    ]
    response = staff_client.post(IMPORT, {"files": files})

    assert response.status_code == 302
    rows = report_rows(staff_client)
    assert [row[0].split()[0] for row in rows] == ["Created", "Created", "Refused"]
    assert "not text" in rows[2][1]
    compact = Statement.objects.get(kind=Statement.Kind.JOINT_STATEMENT)
    names = list(compact.signatories.values_list("name", flat=True))
    assert len(names) == 7 and names[0] == "Alianza Americas"
    assert compact.contacts.count() == 7
    assert "3 releases: 2 created, 1 refused; 3 notes to check." in staff_client.get(REPORT).text


def test_import_with_publish_ticked_publishes(anonymous, staff_client):
    response = staff_client.post(IMPORT, {"text": IOM_SEED.read_text(), "publish": "on"})
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert statement.is_public
    assert anonymous.get(statement.get_absolute_url()).status_code == 200


def test_importing_twice_changes_nothing(staff_client):
    staff_client.post(IMPORT, {"text": IOM_SEED.read_text()})
    statement = Statement.objects.get()
    counts = (Organization.objects.count(), StatementIssuer.objects.count())

    staff_client.post(IMPORT, {"text": IOM_SEED.read_text(), "publish": "on"})

    [[status, *_]] = report_rows(staff_client)
    assert status.startswith("Unchanged") and "(draft)" in status
    assert Statement.objects.get() == statement
    assert (Organization.objects.count(), StatementIssuer.objects.count()) == counts


def test_check_only_saves_nothing(staff_client):
    staff_client.post(IMPORT, {"text": IOM_SEED.read_text(), "dry_run": "on"})
    [[status, title, *_]] = report_rows(staff_client)
    assert status == "New" and title.startswith("Defeat of US Candidate")
    assert "nothing was saved" in staff_client.get(REPORT).text
    assert not Statement.objects.exists() and not Organization.objects.exists()


def test_a_text_that_is_no_release_is_refused_next_to_the_box(staff_client):
    response = staff_client.post(IMPORT, {"text": "### \n\n 2018 \n\n -30-"})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["text"]
    assert errors["text"][0][0].isupper()  # a sentence, shown next to the text box
    assert errors["text"][0] in response.text
    assert not Statement.objects.exists()


def test_a_note_to_self_becomes_a_draft_with_notes(staff_client):
    staff_client.post(IMPORT, {"text": "Just a note to self.\n\nNothing else."})
    statement = Statement.objects.get()
    notes = list(statement.import_notes.values_list("text", flat=True))
    assert any("No dateline found" in note for note in notes)
    page = staff_client.get(change_url(statement))
    assert "No dateline found" in page.text and "Mark these notes as checked" in page.text
    listing = staff_client.get(CHANGELIST, {"to_check": "yes"})
    assert [s.title for s in listing.context["cl"].result_list] == [statement.title]

    staff_client.post(reverse("admin:releases_statement_check_notes", args=[statement.pk]))

    assert not statement.import_notes.unchecked().exists()
    assert "No dateline found" not in staff_client.get(change_url(statement)).text
    assert not staff_client.get(CHANGELIST, {"to_check": "yes"}).context["cl"].result_list


def test_import_form_needs_some_text(staff_client):
    response = staff_client.post(IMPORT, {"text": "   "})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "text": ["Paste the text of a release, or choose files."]
    }


def test_import_needs_permission_to_add_statements(client):
    client.force_login(factories.make_user(superuser=False))
    assert client.get(IMPORT).status_code == 403


# Tags


def test_merge_tags_moves_statements_to_the_tag_kept(staff_client):
    one = factories.make_statement(tags=["IOM"])
    two = factories.make_statement(tags=["I.O.M.", "IOM"])
    three = factories.make_statement(tags=["iom vote"])
    tags = {tag.name: tag for tag in Tag.objects.all()}
    url = reverse("admin:taggit_tag_changelist")
    selected = [tag.pk for tag in tags.values()]

    confirm = staff_client.post(
        url, {"action": "merge_tags", "_selected_action": selected, "index": 0}
    )
    assert confirm.status_code == 200
    assert "Keep which tag?" in confirm.text

    staff_client.post(
        url,
        {"action": "merge_tags", "_selected_action": selected, "merge_into": tags["IOM"].pk},
    )

    assert list(Tag.objects.values_list("name", flat=True)) == ["IOM"]
    for statement in (one, two, three):
        assert list(statement.tags.names()) == ["IOM"]


def test_a_slug_of_digits_alone_is_refused_since_it_would_open_a_year(staff_client):
    response = staff_client.post(ADD, statement_form_data(title="2018", slug="2018"))

    assert response.status_code == 200
    assert "An address of digits alone opens the archive of that year instead" in response.text
    assert not Statement.objects.exists()


def test_a_title_of_digits_alone_gets_an_address_of_its_own(anonymous):
    statement = factories.make_statement(title="2018")

    assert statement.slug == "statement-2018"
    assert anonymous.get(statement.get_absolute_url()).status_code == 200
