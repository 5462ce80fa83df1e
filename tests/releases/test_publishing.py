"""Publishing from the list: an embargoed statement can be published early, knowingly."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from releases.models import Statement
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:releases_statement_changelist")


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_publishing_an_embargoed_statement_asks_then_lifts_the_embargo(staff_client):
    embargo = timezone.now() + datetime.timedelta(hours=5)
    statement = factories.make_statement(publish_at=embargo, title="Vote on the IOM")
    selected = {"action": "publish", ACTION_CHECKBOX_NAME: [statement.pk], "index": 0}

    asked = staff_client.post(CHANGELIST, selected)

    assert asked.status_code == 200
    assert "Lift the embargo now?" in asked.text
    assert "“Vote on the IOM” is embargoed until" in asked.text
    assert "It appears on the public site now, 5 hours early" in asked.text
    statement.refresh_from_db()
    assert statement.publish_at == embargo and not statement.is_public

    done = staff_client.post(CHANGELIST, {**selected, "confirmed": "lift-embargo"})

    statement.refresh_from_db()
    assert statement.is_public and statement.publish_at <= timezone.now()
    assert messages_of(done) == [
        "Lifted the embargo on “Vote on the IOM”: it is now on the public site."
    ]
    assert Client().get(statement.get_absolute_url()).status_code == 200


def test_drafts_published_with_an_embargoed_one_wait_for_the_same_answer(staff_client):
    draft = factories.make_statement(published=False)
    embargoed = factories.make_statement(publish_at=timezone.now() + datetime.timedelta(days=1))
    selected = {"action": "publish", ACTION_CHECKBOX_NAME: [draft.pk, embargoed.pk], "index": 0}

    staff_client.post(CHANGELIST, selected)
    draft.refresh_from_db()
    assert draft.status == Statement.Status.DRAFT  # nothing done before the answer

    staff_client.post(CHANGELIST, {**selected, "confirmed": "lift-embargo"})
    draft.refresh_from_db()
    embargoed.refresh_from_db()
    assert draft.is_public and embargoed.is_public
