"""Editors draft, import and keep the directory; publishers also publish and correct.

Each forbidden step is tried as a real admin request, not only looked for as a button.
The groups themselves and the sign-on moderator are tested in tests/coalitions/test_roles.py.
"""

import datetime
from pathlib import Path

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from advocacy.models import Organization
from coalitions.models import Signatory
from releases.models import Statement
from tests import factories

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "seeds" / "2017-12-04-global-compact-withdrawal.txt"
CHANGELIST = reverse("admin:releases_statement_changelist")
IMPORT = reverse("admin:releases_statement_import")
TAGS = reverse("admin:taggit_tag_changelist")


def change_url(statement):
    return reverse("admin:releases_statement_change", args=[statement.pk])


def delete_url(statement):
    return reverse("admin:releases_statement_delete", args=[statement.pk])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def login(client, group_name):
    user = factories.make_user(superuser=False)
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    return client


@pytest.fixture
def editor(client):
    return login(client, "Editor")


@pytest.fixture
def publisher(client):
    return login(client, "Publisher")


@pytest.fixture
def anonymous():
    return Client()


def form_data(statement, **overrides):
    """What the change form posts for `statement`, its inlines left as they are."""
    data = {
        "kind": statement.kind,
        "title": statement.title,
        "deck": statement.deck,
        "dateline_place": statement.dateline_place,
        "release_date": statement.release_date.isoformat(),
        "body": statement.body,
        "end_mark": statement.end_mark,
        "status": statement.status,
        "publish_at_0": "",
        "publish_at_1": "",
        "language": statement.language,
        "slug": statement.slug,
        "tags": "",
    }
    for prefix in ("issuers", "signatories", "contacts", "attachments", "campaign"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data | overrides


def publish(client, statement, action="publish"):
    return client.post(
        CHANGELIST, {"action": action, ACTION_CHECKBOX_NAME: [statement.pk], "index": 0}
    )


def state(statement):
    statement.refresh_from_db()
    return statement.title, statement.status, statement.publish_at


# The editor: drafts, yes; publishing, no


def test_editor_is_not_offered_publish_or_unpublish(editor):
    draft = factories.make_statement(published=False)
    actions = dict(editor.get(CHANGELIST).context["action_form"].fields["action"].choices)
    assert "publish" not in actions and "unpublish" not in actions
    page = editor.get(change_url(draft))
    assert 'value="publish"' not in page.text
    assert 'name="status"' not in page.text and 'name="publish_at_0"' not in page.text


def test_editor_cannot_publish_or_unpublish_by_posting_the_actions(editor, anonymous):
    draft = factories.make_statement(published=False)
    published = factories.make_statement()
    before = state(draft), state(published)

    refused = [
        publish(editor, draft),
        publish(editor, published, "unpublish"),
        editor.post(
            change_url(draft), {"CHANGE_FORM-action": "publish", ACTION_CHECKBOX_NAME: draft.pk}
        ),
    ]

    assert "No action selected." in messages_of(refused[0])
    assert "No action selected." in messages_of(refused[1])
    # Without the action, the change form takes the post for an incomplete save.
    assert refused[2].status_code == 200 and refused[2].context["errors"]
    assert (state(draft), state(published)) == before
    assert anonymous.get(draft.get_absolute_url()).status_code == 404
    assert anonymous.get(published.get_absolute_url()).status_code == 200


def test_editor_edits_a_draft_but_a_crafted_status_or_embargo_is_ignored(editor, anonymous):
    draft = factories.make_statement(published=False, title="First title")
    response = editor.post(
        change_url(draft),
        form_data(
            draft,
            title="Second title",
            status="published",
            publish_at_0="2018-06-29",
            publish_at_1="09:00:00",
        ),
    )
    assert response.status_code == 302
    assert state(draft) == ("Second title", Statement.Status.DRAFT, None)
    assert anonymous.get(draft.get_absolute_url()).status_code == 404


def test_editor_adds_a_statement_that_stays_a_draft(editor):
    blank = Statement(dateline_place="Chicago", release_date=datetime.date(2018, 6, 29))
    data = form_data(blank, title="New one", body="Text.", slug="new-one", status="published")
    response = editor.post(reverse("admin:releases_statement_add"), data)
    assert response.status_code == 302
    assert Statement.objects.get().status == Statement.Status.DRAFT


@pytest.mark.parametrize("embargoed", [False, True], ids=["published", "embargoed"])
def test_editor_sees_a_published_statement_read_only_and_cannot_change_it(editor, embargoed):
    when = timezone.now() + datetime.timedelta(days=1) if embargoed else None
    statement = factories.make_statement(title="As published", publish_at=when)
    before = state(statement)

    page = editor.get(change_url(statement))
    assert page.status_code == 200
    assert 'name="_save"' not in page.text and 'name="title"' not in page.text

    response = editor.post(change_url(statement), form_data(statement, title="Corrected"))
    assert response.status_code == 403
    assert state(statement) == before


def test_editor_deletes_a_draft_but_not_a_published_statement(editor):
    published = factories.make_statement()
    assert editor.post(delete_url(published), {"post": "yes"}).status_code == 403
    response = editor.post(
        CHANGELIST,
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [published.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert Statement.objects.filter(pk=published.pk).exists()

    draft = factories.make_statement(published=False)
    assert editor.post(delete_url(draft), {"post": "yes"}).status_code == 302
    assert not Statement.objects.filter(pk=draft.pk).exists()


def test_editor_imports_a_signed_release_as_a_draft_edits_and_deletes_it(editor):
    page = editor.get(IMPORT)
    assert page.status_code == 200 and 'name="publish"' not in page.text

    response = editor.post(IMPORT, {"text": SEED.read_text(), "publish": "on"})

    statement = Statement.objects.get()
    assert response.status_code == 302
    assert statement.status == Statement.Status.DRAFT
    assert 'Created <span class="quiet">(draft)</span>' in editor.get(response["Location"]).text
    # The names printed with the release are part of the draft: the editor edits them...
    page = editor.get(change_url(statement))
    assert 'name="signatories-0-name"' in page.text
    # ...and deleting the draft takes them with it.
    assert statement.signatories.count() == 7
    confirm = editor.post(delete_url(statement))
    assert "your account doesn't have permission" not in confirm.text
    assert editor.post(delete_url(statement), {"post": "yes"}).status_code == 302
    assert not Statement.objects.exists() and not Signatory.objects.exists()


def test_editor_cannot_delete_a_draft_with_sign_ons(editor):
    draft = factories.make_statement(published=False)
    Signatory.objects.create(
        statement=draft, name="Signed Org", email="a@example.org", source=Signatory.Source.FORM
    )
    assert editor.post(delete_url(draft), {"post": "yes"}).status_code == 403
    assert Signatory.objects.filter(statement=draft).exists()


def test_editor_keeps_the_directory_and_merges_tags(editor):
    response = editor.post(
        reverse("admin:advocacy_organization_add"), {"name": "Alianza Americas", "about": ""}
    )
    assert response.status_code == 302 and Organization.objects.filter(slug="alianza-americas")
    assert editor.get(reverse("admin:advocacy_person_add")).status_code == 200
    assert editor.get(reverse("admin:coalitions_coalition_add")).status_code == 200

    factories.make_statement(tags=["IOM", "I.O.M."])
    tags = {tag.name: tag.pk for tag in Tag.objects.all()}
    editor.post(
        TAGS,
        {
            "action": "merge_tags",
            ACTION_CHECKBOX_NAME: list(tags.values()),
            "merge_into": tags["IOM"],
        },
    )
    assert list(Tag.objects.values_list("name", flat=True)) == ["IOM"]


def test_editor_previews_drafts_at_their_public_address(editor):
    draft = factories.make_statement(published=False)
    response = editor.get(draft.get_absolute_url())
    assert response.status_code == 200 and "not visible to the public" in response.text


def test_staff_without_a_role_see_no_drafts_and_no_statements_admin(client):
    client.force_login(factories.make_user(superuser=False))
    draft = factories.make_statement(published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(IMPORT).status_code == 403


def test_tag_merge_needs_the_right_to_delete_tags(client):
    user = factories.make_user(superuser=False)
    user.user_permissions.add(
        *Group.objects.get(name="Editor").permissions.exclude(codename="delete_tag")
    )
    client.force_login(user)
    factories.make_statement(tags=["IOM", "I.O.M."])
    tags = list(Tag.objects.values_list("pk", flat=True))
    response = client.post(
        TAGS, {"action": "merge_tags", ACTION_CHECKBOX_NAME: tags, "merge_into": tags[0]}
    )
    assert response.status_code == 200 and "merge_tags" not in response.text
    assert Tag.objects.count() == 2


# The publisher: publish, unpublish, embargo, correct


def test_publisher_publishes_and_unpublishes(publisher, anonymous):
    draft = factories.make_statement(published=False)
    publish(publisher, draft)
    assert anonymous.get(draft.get_absolute_url()).status_code == 200
    publish(publisher, draft, "unpublish")
    assert anonymous.get(draft.get_absolute_url()).status_code == 404
    publisher.post(
        change_url(draft), {"CHANGE_FORM-action": "publish", ACTION_CHECKBOX_NAME: draft.pk}
    )
    assert anonymous.get(draft.get_absolute_url()).status_code == 200


def test_publisher_sets_an_embargo_on_the_change_form(publisher, anonymous):
    draft = factories.make_statement(published=False)
    response = publisher.post(
        change_url(draft),
        form_data(draft, status="published", publish_at_0="2099-01-01", publish_at_1="09:00:00"),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_embargoed and draft.publish_at.year == 2099
    assert anonymous.get(draft.get_absolute_url()).status_code == 404


def test_publisher_corrects_a_published_statement(publisher, anonymous):
    statement = factories.make_statement(title="With a typo")
    data = form_data(statement, title="Without a typo")
    data["publish_at_0"], data["publish_at_1"] = (
        timezone.localtime(statement.publish_at).strftime("%Y-%m-%d %H:%M:%S").split()
    )
    assert publisher.post(change_url(statement), data).status_code == 302
    assert "Without a typo" in anonymous.get(statement.get_absolute_url()).text


def test_publisher_imports_straight_to_the_public_site(publisher):
    assert 'name="publish"' in publisher.get(IMPORT).text
    publisher.post(IMPORT, {"text": SEED.read_text(), "publish": "on"})
    assert Statement.objects.get().is_public
