"""The publisher's side in the admin: prepare a send, preview, test, send, follow, stop; and
who may (publishers and administrators only)."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from releases.distribution import reach
from releases.distribution.models import Delivery, Send
from tests import factories
from tests.releases.distribution.helpers import make_journalist, make_list, make_send

pytestmark = pytest.mark.django_db


def member_of(group_name, **fields):
    user = factories.make_user(superuser=False, **fields)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def publisher(client):
    client.force_login(member_of("Publisher", email="lead@example.org", first_name="Lee"))
    return client


@pytest.fixture
def editor(client):
    client.force_login(member_of("Editor", email="ed@example.org"))
    return client


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return run


def statement_page(statement):
    return reverse("admin:releases_statement_change", args=[statement.pk])


def compose_url(statement):
    return reverse("admin:releases_statement_send", args=[statement.pk])


def send_url(send, view="change"):
    return reverse(f"admin:releases_send_{view}", args=[send.pk])


def test_a_publisher_prepares_previews_tests_and_sends(publisher, on_commit, settings):
    settings.SITE_URL = "http://testserver"
    statement = factories.make_statement(title="Court ruling condemned")
    reporters = [make_journalist() for _ in range(3)]
    national = make_list("National reporters", members=reporters)
    spanish = make_list("Spanish-language media", members=reporters[:1])

    page = publisher.get(statement_page(statement))
    assert compose_url(statement) in page.text and "Send to the press" in page.text

    form = publisher.get(compose_url(statement))
    assert "National reporters (3 recipients)" in form.text
    response = publisher.post(
        compose_url(statement),
        {
            "lists": [national.pk, spanish.pk],
            "note": "Embargo ends at 9.",
            "mode": "now",
            "skip_earlier_recipients": "on",
        },
    )
    send = Send.objects.get()
    assert response.status_code == 302 and response["Location"] == send_url(send)
    assert send.status == Send.Status.DRAFT and send.created_by.first_name == "Lee"

    draft_page = publisher.get(send_url(send))
    assert 'id="recipient-count">3<' in draft_page.text
    assert "Send now to 3 recipients" in draft_page.text

    html = publisher.get(send_url(send, "preview") + "?language=en")
    assert html["Content-Type"].startswith("text/html")
    assert "Court ruling condemned" in html.text and "Hello Lee," in html.text
    policy = html["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy and "script-src" not in policy
    assert "default-src 'none'" in policy
    text = publisher.get(send_url(send, "preview") + "?format=text")
    assert text["Content-Type"].startswith("text/plain")
    assert text.text.startswith("Subject: Court ruling condemned") and "<p" not in text.text

    on_commit(lambda: publisher.post(send_url(send, "test")))
    (test,) = mail.outbox
    assert test.to == ["lead@example.org"] and test.subject.startswith("[Test] ")
    assert Delivery.objects.count() == 0

    on_commit(lambda: publisher.post(send_url(send, "queue")))
    assert sorted(m.to[0] for m in mail.outbox[1:]) == sorted(r.email for r in reporters)
    send.refresh_from_db()
    assert send.status == Send.Status.DONE
    done = publisher.get(send_url(send))
    assert '<span data-count="sent">3</span>' in done.text

    status = json.loads(publisher.get(send_url(send, "status")).content)
    assert status["counts"]["sent"] == 3 and status["active"] is False

    # Pressing the button again sends nothing more.
    on_commit(lambda: publisher.post(send_url(send, "queue")))
    assert len(mail.outbox) == 4


def test_the_statement_page_shows_its_sends_and_reads(publisher, client):
    statement = factories.make_statement()
    send = make_send(statement, lists=[make_list("Wire services")], status=Send.Status.DONE)
    send.deliveries.create(email="a@example.org", status=Delivery.Status.SENT)
    reach.count(statement.slug, "nytimes.com")
    reach.count(statement.slug, "")

    page = publisher.get(statement_page(statement)).text

    assert "Sent to the press, and read" in page
    assert "Wire services" in page and send_url(send) in page
    assert "Reads of its page, last 30 days: 2" in page
    assert "nytimes.com (1)" in page


def test_a_draft_cannot_be_sent(publisher):
    draft = factories.make_statement(published=False)
    media_list = make_list(members=[make_journalist()])

    page = publisher.get(compose_url(draft))
    response = publisher.post(compose_url(draft), {"lists": [media_list.pk], "mode": "now"})

    assert "publish it" in page.text
    assert response.status_code == 200 and "publish it" in response.text
    assert Send.objects.count() == 0


def test_an_embargoed_statement_offers_the_embargo_and_the_lift(publisher):
    statement = factories.make_statement(publish_at=timezone.now() + datetime.timedelta(days=1))

    page = publisher.get(compose_url(statement)).text

    assert "Now, under embargo" in page and "When the embargo lifts" in page
    assert 'value="now"' not in page


def test_a_send_in_progress_can_be_stopped(publisher):
    send = make_send(lists=[make_list()], status=Send.Status.SENDING)
    for n in range(3):
        send.deliveries.create(email=f"r{n}@example.org")

    page = publisher.get(send_url(send))
    assert "Stop this send" in page.text and 'data-active="1"' in page.text
    publisher.post(send_url(send, "stop"))

    send.refresh_from_db()
    assert send.status == Send.Status.STOPPED
    assert send.counts()[Delivery.Status.CANCELLED] == 3


def test_the_page_follows_the_send_with_a_script_of_the_site(publisher):
    send = make_send(lists=[make_list()], status=Send.Status.SENDING)

    page = publisher.get(send_url(send)).text

    assert '<script src="/static/js/send-status.js" defer></script>' in page
    assert send_url(send, "status") in page


@pytest.mark.parametrize("view", ["change", "status", "preview", "test", "queue", "stop", "edit"])
def test_an_editor_cannot_see_or_act_on_a_send(editor, view):
    send = make_send(lists=[make_list()])

    method = editor.post if view in ("test", "queue", "stop") else editor.get
    assert method(send_url(send, view)).status_code == 403
    assert Send.objects.get().status == Send.Status.DRAFT


def test_an_editor_has_no_send_button_and_no_press_list(editor):
    statement = factories.make_statement(published=False)

    page = editor.get(statement_page(statement)).text

    assert "Send to the press" not in page
    assert editor.get(compose_url(statement)).status_code == 403
    for model in ("journalist", "medialist", "suppression", "send"):
        assert editor.get(reverse(f"admin:releases_{model}_changelist")).status_code == 403


def test_a_publisher_without_an_address_is_told_to_add_one(client):
    client.force_login(member_of("Publisher", email=""))
    send = make_send(lists=[make_list()])

    response = client.post(send_url(send, "test"), follow=True)

    assert "no email address" in response.text


def test_the_publisher_is_told_when_no_postal_address_is_set(publisher, settings):
    statement = factories.make_statement()

    settings.PRESS_POSTAL_ADDRESS = ""
    assert "No postal address is set" in publisher.get(compose_url(statement)).text
    settings.PRESS_POSTAL_ADDRESS = "1 Main St"
    assert "No postal address is set" not in publisher.get(compose_url(statement)).text


def test_an_embargo_further_than_a_preview_link_lasts_is_pointed_out(publisher):
    soon = factories.make_statement(publish_at=timezone.now() + datetime.timedelta(days=2))
    late = factories.make_statement(publish_at=timezone.now() + datetime.timedelta(days=9))

    assert "stop working before the lift" not in publisher.get(compose_url(soon)).text
    assert "stop working before the lift" in publisher.get(compose_url(late)).text
