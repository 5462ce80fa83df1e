"""Revisions of statements: recorded on every admin change, compared, restored; and the
public "Updated" date of a statement corrected after its publication."""

import datetime
import json
import re
from pathlib import Path

import feedparser
import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision, Version

from advocacy.models import Organization
from releases.models import Statement
from tests import factories
from tests.releases.test_admin import (
    ADD,
    CHANGELIST,
    IMPORT,
    IOM_SEED,
    change_url,
    inline_management,
    messages_of,
    statement_form_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    """A visitor who is not logged in (`client` is the one `staff_client` logs in)."""
    return Client()


def history_url(statement):
    return reverse("admin:releases_statement_history", args=[statement.pk])


def revision_url(statement, revision):
    return reverse("admin:releases_statement_revision", args=[statement.pk, revision.pk])


def restore_url(statement, revision):
    return reverse("admin:releases_statement_restore", args=[statement.pk, revision.pk])


def revisions_of(statement):
    """The statement's revisions, oldest first."""
    return [v.revision for v in Version.objects.get_for_object(statement).order_by("revision_id")]


def issuer_rows(statement, *organizations, abouts=()):
    data = inline_management("issuers", total=len(organizations))
    for index, organization in enumerate(organizations):
        data |= {
            f"issuers-{index}-organization": str(organization.pk),
            f"issuers-{index}-about": abouts[index] if index < len(abouts) else "",
            f"issuers-{index}-position": str(index),
        }
    return data


def existing_rows(statement, prefix, rows, *, delete=()):
    """Post the statement's existing inline rows back, unchanged or marked deleted."""
    data = inline_management(prefix, total=len(rows), initial=len(rows))
    for index, row in enumerate(rows):
        data[f"{prefix}-{index}-id"] = str(row.pk)
        data[f"{prefix}-{index}-statement"] = str(statement.pk)
        data[f"{prefix}-{index}-position"] = str(row.position)
        if prefix == "issuers":
            data[f"{prefix}-{index}-organization"] = str(row.organization_id)
            data[f"{prefix}-{index}-about"] = row.about
        else:
            data[f"{prefix}-{index}-heading"] = row.heading
            data[f"{prefix}-{index}-person"] = str(row.person_id or "")
            data[f"{prefix}-{index}-organization"] = str(row.organization_id or "")
        if row in delete:
            data[f"{prefix}-{index}-DELETE"] = "on"
    return data


def published_form_fields(statement):
    local = timezone.localtime(statement.publish_at)
    return {
        "status": statement.status,
        "publish_at_0": local.strftime("%Y-%m-%d"),
        "publish_at_1": local.strftime("%H:%M:%S"),
        "slug": statement.slug,
        "title": statement.title,
        "body": statement.body,
        "tags": ", ".join(sorted(statement.tags.names())),
    }


@pytest.fixture
def written(staff_client):
    """A draft written in the admin with one issuer and one media contact."""
    alianza = factories.make_organization(name="Alianza Americas")
    person = factories.make_person(name="Oscar Chacón")
    data = statement_form_data(
        title="Coalition condemns family detention",
        body="The coalition condemns the policy of detaining families.",
        **issuer_rows(None, alianza, abouts=["Alianza Americas is a network."]),
        **inline_management("contacts", total=1),
        **{
            "contacts-0-heading": "Media contact",
            "contacts-0-person": str(person.pk),
            "contacts-0-organization": "",
            "contacts-0-position": "0",
        },
    )
    response = staff_client.post(ADD, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    return Statement.objects.get()


def edit(client, statement, *, issuers=None, contacts=None, **fields):
    """Post the change form with the statement's current values and `fields` changed."""
    statement.refresh_from_db()
    data = statement_form_data(slug=statement.slug, tags=", ".join(statement.tags.names()))
    # What a browser posts back for a field with a callable default (show_hidden_initial).
    data["initial-release_date"] = statement.release_date.isoformat()
    if statement.status == Statement.Status.PUBLISHED:
        data |= published_form_fields(statement)
    else:
        data |= {"title": statement.title, "body": statement.body}
    data |= (
        issuers
        if issuers is not None
        else existing_rows(statement, "issuers", list(statement.issuers.all()))
    )
    data |= (
        contacts
        if contacts is not None
        else existing_rows(statement, "contacts", list(statement.contacts.all()))
    )
    data |= fields
    response = client.post(change_url(statement), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    statement.refresh_from_db()
    return response


# Recording


def test_each_admin_save_is_a_revision_with_its_user_and_what_changed(
    staff_client, staff_user, written
):
    edit(staff_client, written, title="Coalition denounces family detention")

    first, second = revisions_of(written)
    assert first.user == staff_user and second.user == staff_user
    assert "Added" in first.get_comment()
    assert "Title" in second.get_comment()
    assert second.date_created >= first.date_created
    # The first revision holds the statement with its issuer and contact.
    models = {version.content_type.model for version in first.version_set.all()}
    assert {"statement", "statementissuer", "mediacontact"} <= models


def test_opening_the_change_form_records_nothing(staff_client, written):
    staff_client.get(change_url(written))
    assert len(revisions_of(written)) == 1


def test_publish_and_unpublish_actions_are_revisions(staff_client, staff_user, written):
    staff_client.post(CHANGELIST, {"action": "publish", "_selected_action": [written.pk]})
    staff_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [written.pk]})

    revisions = revisions_of(written)
    assert [r.get_comment() for r in revisions[1:]] == ["Published.", "Unpublished: back to draft."]
    assert all(r.user == staff_user for r in revisions)


def test_admin_import_and_the_command_are_revisions(staff_client, staff_user, tmp_path):
    response = staff_client.post(IMPORT, {"text": IOM_SEED.read_text(encoding="utf-8")})
    assert response.status_code == 302
    imported = Statement.objects.get()
    (revision,) = revisions_of(imported)
    assert revision.user == staff_user and revision.comment == "Imported."
    assert imported.issuers.count() == 2
    issuer_versions = [
        v for v in revision.version_set.all() if v.content_type.model == "statementissuer"
    ]
    assert len(issuer_versions) == 2

    seed = (
        Path(__file__).resolve().parents[2] / "seeds" / "2017-12-04-global-compact-withdrawal.txt"
    )
    call_command("import_release", str(seed), verbosity=0)
    by_command = Statement.objects.exclude(pk=imported.pk).get()
    (revision,) = revisions_of(by_command)
    assert revision.user is None
    page = staff_client.get(history_url(by_command))
    assert "the system" in page.text


def test_bulk_benchmark_data_records_no_revisions():
    call_command("bench_data", "--scale", "0.02", verbosity=0)
    assert Statement.objects.exists()
    assert not Revision.objects.exists()


# Seeing the history


def test_history_lists_who_when_and_what_changed(staff_client, staff_user, written):
    edit(staff_client, written, body="The coalition denounces the policy of detaining families.")

    page = staff_client.get(history_url(written))

    assert page.status_code == 200
    assert page.text.count(staff_user.get_username()) >= 2
    history = page.text[page.text.index('id="change-history"') :]
    rows = re.findall(r"<tr>.*?</tr>", history, re.S)
    assert "Body" in rows[1] and "Title" not in rows[1]
    assert "First recorded version" in rows[2]


def test_the_diff_page_shows_changed_words_escaped(staff_client, written):
    edit(
        staff_client,
        written,
        body="The coalition denounces the policy of detaining <families>.",
    )
    revision = revisions_of(written)[-1]

    page = staff_client.get(revision_url(written, revision))

    assert page.status_code == 200
    assert "<del>condemns</del>" in page.text
    assert "<ins>denounces</ins>" in page.text
    assert "&lt;families&gt;" in page.text and "<families>" not in page.text
    assert "Restore this version" in page.text


def test_the_diff_page_shows_issuers_and_contacts_removed_and_added(staff_client, written):
    nnirr = factories.make_organization(name="NNIRR")
    issuer = written.issuers.get()
    edit(
        staff_client,
        written,
        issuers=existing_rows(written, "issuers", [issuer], delete=[issuer])
        | {
            "issuers-TOTAL_FORMS": "2",
            "issuers-1-organization": str(nnirr.pk),
            "issuers-1-about": "",
            "issuers-1-position": "1",
        },
    )
    page = staff_client.get(revision_url(written, revisions_of(written)[-1]))
    assert "<del>Alianza Americas — About: Alianza Americas is a network.</del>" in page.text
    assert "<ins>NNIRR</ins>" in page.text


# Restoring


def test_restore_brings_back_title_body_issuers_and_contacts(staff_client, staff_user, written):
    first = revisions_of(written)[0]
    nnirr = factories.make_organization(name="NNIRR")
    issuer, contact = written.issuers.get(), written.contacts.get()
    edit(
        staff_client,
        written,
        title="A different title",
        body="Another body altogether.",
        tags="another tag",
        issuers=existing_rows(written, "issuers", [issuer], delete=[issuer])
        | {
            "issuers-TOTAL_FORMS": "2",
            "issuers-1-organization": str(nnirr.pk),
            "issuers-1-about": "",
            "issuers-1-position": "1",
        },
        contacts=existing_rows(written, "contacts", [contact], delete=[contact]),
    )
    assert written.contacts.count() == 0

    confirm = staff_client.get(restore_url(written, first))
    assert confirm.status_code == 200
    assert 'method="post"' in confirm.text and "Yes, restore this version" in confirm.text
    written.refresh_from_db()
    assert written.title == "A different title"  # a GET changes nothing

    response = staff_client.post(restore_url(written, first))

    assert response.status_code == 302 and response.url == change_url(written)
    written.refresh_from_db()
    assert written.title == "Coalition condemns family detention"
    assert written.body == "The coalition condemns the policy of detaining families."
    assert "condemns" in written.body_html
    assert [(i.organization.name, i.about) for i in written.issuers.all()] == [
        ("Alianza Americas", "Alianza Americas is a network.")
    ]
    assert [c.person.name for c in written.contacts.all()] == ["Oscar Chacón"]
    assert sorted(written.tags.names()) == ["detention", "families"]
    assert written.status == Statement.Status.DRAFT
    latest = revisions_of(written)[-1]
    assert latest.user == staff_user and latest.comment.startswith("Restored the version of")
    assert any("Restored the version" in m for m in messages_of(response))


def test_restoring_keeps_the_publishing_state(staff_client, written, anonymous):
    first = revisions_of(written)[0]
    staff_client.post(CHANGELIST, {"action": "publish", "_selected_action": [written.pk]})
    edit(staff_client, written, title="Corrected after publication")

    staff_client.post(restore_url(written, first))

    written.refresh_from_db()
    assert written.status == Statement.Status.PUBLISHED and written.is_public
    assert written.title == "Coalition condemns family detention"
    assert anonymous.get(written.get_absolute_url()).status_code == 200


def test_restore_refuses_a_version_naming_a_deleted_organization(staff_client, written):
    first = revisions_of(written)[0]
    other = factories.make_organization(name="Replacement")
    issuer = written.issuers.get()
    edit(
        staff_client,
        written,
        title="New title",
        issuers=existing_rows(written, "issuers", [issuer], delete=[issuer])
        | {
            "issuers-TOTAL_FORMS": "2",
            "issuers-1-organization": str(other.pk),
            "issuers-1-about": "",
            "issuers-1-position": "1",
        },
        contacts=existing_rows(written, "contacts", []),
    )
    Organization.objects.filter(name="Alianza Americas").delete()

    response = staff_client.post(restore_url(written, first), follow=True)

    assert any("no longer exist" in m for m in messages_of(response))
    written.refresh_from_db()
    assert written.title == "New title"
    assert [i.organization for i in written.issuers.all()] == [other]


def test_history_needs_view_permission_and_restore_change_permission(client, written):
    revision = revisions_of(written)[0]
    viewer = factories.make_user(superuser=False)
    client.force_login(viewer)
    assert client.get(history_url(written)).status_code == 403
    assert client.get(revision_url(written, revision)).status_code == 403

    viewer.user_permissions.add(Permission.objects.get(codename="view_statement"))
    viewer = type(viewer).objects.get(pk=viewer.pk)
    client.force_login(viewer)
    assert client.get(history_url(written)).status_code == 200
    page = client.get(revision_url(written, revision))
    assert page.status_code == 200 and "Restore this version" not in page.text
    assert client.post(restore_url(written, revision)).status_code == 403
    assert client.get(restore_url(written, revision)).status_code == 403


def test_a_revision_of_another_statement_is_not_found(staff_client, written):
    other = factories.make_statement(published=False)
    revision = revisions_of(written)[0]
    assert staff_client.get(revision_url(other, revision)).status_code == 404
    assert staff_client.post(restore_url(other, revision)).status_code == 404


# The public "Updated" date


def updated_line(response):
    match = re.search(r'<p class="release__updated">.*?</p>', response.text, re.S)
    return match and match.group(0)


def json_ld(response):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    return json.loads(match.group(1))


def test_updated_date_only_after_a_correction_of_a_public_statement(
    staff_client, anonymous, written
):
    # Edits of a draft, and publishing it, are not corrections.
    edit(staff_client, written, title="Family detention: the coalition objects")
    staff_client.post(CHANGELIST, {"action": "publish", "_selected_action": [written.pk]})
    page = anonymous.get(written.get_absolute_url())
    assert updated_line(page) is None
    assert anonymous.get(written.get_absolute_url())["X-Page-Cache"] == "hit"
    assert json_ld(page)["dateModified"] == json_ld(page)["datePublished"]
    # Nor is a change of tags only.
    edit(staff_client, written, tags="detention, a new tag")
    written.refresh_from_db()
    assert written.corrected_at is None

    edit(staff_client, written, body="The coalition condemns, again, detaining families.")

    written.refresh_from_db()
    assert written.corrected_at is not None
    page = anonymous.get(written.get_absolute_url())  # the page cache is not stale
    assert "Updated" in updated_line(page)
    assert json_ld(page)["dateModified"] == written.corrected_at.isoformat()
    spanish = anonymous.get("/es" + written.get_absolute_url())
    assert "Actualizado el" in updated_line(spanish)
    api = anonymous.get(reverse("releases:api-statement-detail", args=[written.slug])).json()
    assert api["corrected_at"] == written.corrected_at.isoformat()
    feed = feedparser.parse(anonymous.get("/feeds/statements.atom").content)
    (entry,) = feed.entries
    assert entry.updated_parsed[:6] == written.corrected_at.utctimetuple()[:6]


def test_changing_the_issuers_of_a_public_statement_is_a_correction(staff_client, written):
    staff_client.post(CHANGELIST, {"action": "publish", "_selected_action": [written.pk]})
    nnirr = factories.make_organization(name="NNIRR")
    rows = existing_rows(written, "issuers", list(written.issuers.all()))
    rows |= {
        "issuers-TOTAL_FORMS": "2",
        "issuers-1-organization": str(nnirr.pk),
        "issuers-1-about": "",
        "issuers-1-position": "1",
    }
    edit(staff_client, written, issuers=rows)
    assert written.corrected_at is not None


def test_editing_an_embargoed_statement_is_not_a_correction(staff_client, anonymous):
    statement = factories.make_statement(
        publish_at=timezone.now() + datetime.timedelta(days=2), title="Embargoed one"
    )
    edit(staff_client, statement, title="Embargoed one, retitled")
    assert statement.corrected_at is None


def test_updating_a_public_import_from_its_text_is_a_correction(tmp_path):
    call_command("import_release", str(IOM_SEED), publish=True, verbosity=0)
    statement = Statement.objects.get()
    statement.publish_at = timezone.now() - datetime.timedelta(days=1)
    statement.save()
    changed = tmp_path / "release.txt"
    changed.write_text(
        IOM_SEED.read_text(encoding="utf-8").replace("soundly defeated", "clearly defeated", 1),
        encoding="utf-8",
    )
    call_command("import_release", str(IOM_SEED), update=True, verbosity=0)
    statement.refresh_from_db()
    assert statement.corrected_at is None  # the same text: nothing changed

    call_command("import_release", str(changed), update=True, verbosity=0)

    statement.refresh_from_db()
    assert statement.corrected_at is not None
    assert revisions_of(statement)[-1].comment == "Updated from the text of the release."


def test_the_first_edit_of_a_statement_without_history_can_be_undone(staff_client):
    statement = factories.make_statement(published=False, title="Made before history")
    edit(staff_client, statement, title="Edited in the admin")

    baseline, edited = revisions_of(statement)
    assert baseline.user is None and "before its history was kept" in baseline.comment
    staff_client.post(restore_url(statement, baseline))
    statement.refresh_from_db()
    assert statement.title == "Made before history"
