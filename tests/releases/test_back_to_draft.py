"""Every way a published or embargoed statement goes back to draft withdraws its preview
links: the change form's Status, the Unpublish action, the model, a queryset update."""

import datetime
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from releases.models import Statement
from tests.factories import make_statement
from tests.releases.test_roles import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def journalist():
    return Client()


def embargoed():
    return make_statement(
        title="Embargoed statement on asylum",
        publish_at=timezone.now() + datetime.timedelta(days=2),
    )


def make_link(client, statement):
    response = client.post(
        reverse("admin:releases_statement_share", args=[statement.pk]), {"days": 3, "_make": "1"}
    )
    match = re.search(r'id="share-link" class="vTextField" value="([^"]+)"', response.text)
    assert match, "no link on the page"
    return match.group(1).removeprefix("http://testserver")


def assert_withdrawn(journalist, link):
    response = journalist.get(link)
    assert response.status_code == 410
    assert "This preview link has been withdrawn" in response.text
    assert "Embargoed statement on asylum" not in response.text


def test_setting_the_status_to_draft_in_the_change_form_withdraws_the_links(
    staff_client, journalist
):
    statement = embargoed()
    link = make_link(staff_client, statement)
    assert journalist.get(link).status_code == 200

    response = staff_client.post(
        reverse("admin:releases_statement_change", args=[statement.pk]),
        form_data(statement, status="draft"),
    )

    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.status == Statement.Status.DRAFT
    assert_withdrawn(journalist, link)


def test_the_unpublish_action_withdraws_the_links(staff_client, journalist):
    statement = embargoed()
    link = make_link(staff_client, statement)
    staff_client.post(
        reverse("admin:releases_statement_changelist"),
        {"action": "unpublish", ACTION_CHECKBOX_NAME: [statement.pk], "index": 0},
    )
    assert_withdrawn(journalist, link)


def test_saving_the_model_as_a_draft_withdraws_the_links(staff_client, journalist):
    statement = embargoed()
    link = make_link(staff_client, statement)
    again = Statement.objects.get(pk=statement.pk)
    again.status = Statement.Status.DRAFT
    again.save(update_fields=["status"])
    assert_withdrawn(journalist, link)


def test_a_statement_saved_without_being_read_first_withdraws_them_too(staff_client, journalist):
    statement = embargoed()
    link = make_link(staff_client, statement)
    statement.refresh_from_db()
    blind = Statement(**{f.attname: getattr(statement, f.attname) for f in Statement._meta.fields})
    blind.status = Statement.Status.DRAFT
    blind.save()
    assert_withdrawn(journalist, link)


def test_a_queryset_update_to_draft_withdraws_the_links(staff_client, journalist):
    statement = embargoed()
    link = make_link(staff_client, statement)
    Statement.objects.filter(pk=statement.pk).update(status=Statement.Status.DRAFT)
    assert_withdrawn(journalist, link)


def test_a_bulk_update_to_draft_withdraws_the_links(staff_client, journalist):
    statement = embargoed()
    link = make_link(staff_client, statement)
    statement.refresh_from_db()
    statement.status = Statement.Status.DRAFT
    Statement.objects.bulk_update([statement], ["status"])
    assert_withdrawn(journalist, link)


def test_a_draft_saved_again_keeps_its_links(staff_client, journalist):
    draft = make_statement(published=False, title="Draft statement")
    link = make_link(staff_client, draft)
    draft.refresh_from_db()
    draft.title = "Draft statement, second version"
    draft.save()
    Statement.objects.filter(pk=draft.pk).update(status=Statement.Status.DRAFT)
    assert journalist.get(link).status_code == 200


def test_a_new_embargo_time_keeps_the_links(staff_client, journalist):
    statement = embargoed()
    link = make_link(staff_client, statement)
    statement.refresh_from_db()
    statement.publish_at += datetime.timedelta(days=1)
    statement.save()
    Statement.objects.filter(pk=statement.pk).update(status=Statement.Status.PUBLISHED)
    assert journalist.get(link).status_code == 200


def test_a_copy_read_before_publication_withdraws_them_when_saved_as_draft(
    staff_client, journalist
):
    draft = make_statement(published=False)
    stale = Statement.objects.get(pk=draft.pk)
    draft.publish(when=timezone.now() + datetime.timedelta(days=1))
    link = make_link(staff_client, draft)
    stale.save()  # still says "draft"
    response = journalist.get(link)
    assert response.status_code == 410
