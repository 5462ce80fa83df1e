"""Review before publication, and the "Review and publish" page's choices.

An editor hands a draft to the publishers, who are told by mail; they see what changed
since the version they saw last, and publish, schedule or send it back with a comment.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from releases.models import ReviewRequest, Statement
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:releases_statement_changelist")


def member(group, **fields):
    user = factories.make_user(superuser=False, **fields)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def editor():
    return member("Editor", username="eddie", email="eddie@example.org")


@pytest.fixture
def publisher():
    return member("Publisher", username="pat", email="pat@example.org")


def page(statement):
    return reverse("admin:releases_statement_publishing", args=[statement.pk])


def change_form(statement, **overrides):
    data = {
        "kind": statement.kind,
        "title": statement.title,
        "deck": statement.deck,
        "dateline_place": statement.dateline_place,
        "release_date": statement.release_date.isoformat(),
        "body": statement.body,
        "end_mark": statement.end_mark,
        "language": statement.language,
        "slug": statement.slug,
        "tags": "",
        "lead_image_alt": "",
    }
    for prefix in ("issuers", "signatories", "contacts", "attachments", "campaign"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | overrides


def test_an_editor_submits_a_draft_and_the_publishers_are_told(
    editor, publisher, django_capture_on_commit_callbacks
):
    editor_user, editor_client = editor
    draft = factories.make_statement(published=False, title="Families belong together")
    url = reverse("admin:releases_statement_change", args=[draft.pk])
    assert "Save and submit for review" in editor_client.get(url).text

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, change_form(draft, _submit_review="1"))

    assert response.status_code == 302 and response["Location"] == page(draft)
    review = ReviewRequest.objects.get()
    assert review.state == "waiting" and review.requested_by == editor_user
    (sent,) = mail.outbox
    assert sent.to == ["pat@example.org"]
    assert sent.subject == "For review: Families belong together"
    assert page(draft) in sent.body

    # The list shows what waits for whom, and the publisher's filter finds it.
    publisher_user, publisher_client = publisher
    listing = publisher_client.get(CHANGELIST, {"review": "waiting"})
    assert [s.title for s in listing.context["cl"].result_list] == ["Families belong together"]
    assert "Waiting for a publisher" in listing.text


def test_the_publisher_sees_what_changed_since_the_last_review_and_sends_it_back(
    editor, publisher, django_capture_on_commit_callbacks
):
    editor_user, editor_client = editor
    publisher_user, publisher_client = publisher
    from releases import reviews

    draft = factories.make_statement(published=False, body="The first wording.")
    with django_capture_on_commit_callbacks(execute=True):
        first = reviews.submit(statement=draft, user=editor_user)
        reviews.send_back(review=first, user=publisher_user, comment="Shorter, please.")
    draft.body = "The second wording."
    draft.save()
    with django_capture_on_commit_callbacks(execute=True):
        reviews.submit(statement=draft, user=editor_user, note="Shortened.")
    mail.outbox.clear()

    shown = publisher_client.get(page(draft)).text
    assert "What changed since the version submitted on" in shown
    assert "<del>first</del>" in shown and "<ins>second</ins>" in shown
    assert "Shortened." in shown

    # Sending back needs a comment: nothing changes without one.
    refused = publisher_client.post(page(draft), {"_step": "send_back", "comment": " "})
    assert refused.status_code == 200 and "This field is required." in refused.text
    assert ReviewRequest.objects.filter(state="waiting").count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        publisher_client.post(page(draft), {"_step": "send_back", "comment": "Add the quote."})

    latest = ReviewRequest.objects.first()
    assert latest.state == "returned" and latest.comment == "Add the quote."
    (sent,) = mail.outbox
    assert sent.to == ["eddie@example.org"] and "Add the quote." in sent.body
    mine = editor_client.get(CHANGELIST, {"review": "returned-to-me"})
    assert [s.pk for s in mine.context["cl"].result_list] == [draft.pk]
    assert "Add the quote." in editor_client.get(page(draft)).text


def test_publishing_closes_the_review_and_tells_the_editor(
    editor, publisher, django_capture_on_commit_callbacks
):
    editor_user, _ = editor
    _, publisher_client = publisher
    from releases import reviews

    draft = factories.make_statement(published=False, title="Vote on the IOM")
    reviews.submit(statement=draft, user=editor_user)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        publisher_client.post(page(draft), {"_step": "publish_now"})

    draft.refresh_from_db()
    assert draft.is_public
    assert ReviewRequest.objects.get().state == "published"
    (sent,) = mail.outbox
    assert sent.to == ["eddie@example.org"] and sent.subject == "Published: Vote on the IOM"


def test_an_editor_may_submit_but_takes_no_publisher_step(editor):
    _, editor_client = editor
    draft = factories.make_statement(published=False)
    shown = editor_client.get(page(draft)).text
    assert "Submit for review" in shown and "Publish now" not in shown
    for step in ("publish_now", "schedule", "send_back", "lift", "unpublish"):
        assert editor_client.post(page(draft), {"_step": step}).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Statement.Status.DRAFT


def test_one_waiting_review_per_statement_and_a_returned_one_has_a_comment(staff_user):
    draft = factories.make_statement(published=False)
    ReviewRequest.objects.create(statement=draft, requested_by=staff_user)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewRequest.objects.create(statement=draft, requested_by=staff_user)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewRequest.objects.create(
            statement=draft, state="returned", decided_at=timezone.now(), comment=""
        )


def test_each_choice_says_what_it_will_do(staff_client):
    draft = factories.make_statement(published=False)
    shown = staff_client.get(page(draft)).text
    assert "Publish now" in shown and "It appears on the public site at once" in shown
    assert "Schedule" in shown and "It stays hidden until that moment" in shown
    assert "Lift embargo now" not in shown

    embargoed = factories.make_statement(publish_at=timezone.now() + datetime.timedelta(hours=3))
    shown = staff_client.get(page(embargoed)).text
    assert "Lift embargo now" in shown
    assert "It appears on the public site now, 3 hours before the embargo of" in shown


def test_lifting_an_embargo_from_the_page(staff_client):
    embargoed = factories.make_statement(publish_at=timezone.now() + datetime.timedelta(days=1))
    staff_client.post(page(embargoed), {"_step": "lift"})
    embargoed.refresh_from_db()
    assert embargoed.is_public
    assert Client().get(embargoed.get_absolute_url()).status_code == 200


def test_scheduling_after_the_release_date_offers_the_new_date(staff_client):
    draft = factories.make_statement(published=False, release_date=datetime.date(2030, 6, 3))
    later = {"_step": "schedule", "publish_at_0": "2030-06-05", "publish_at_1": "09:00"}

    warned = staff_client.post(page(draft), later)

    assert warned.status_code == 200
    assert "The embargo would lift on June 5, 2030, but the release date is June 3, 2030" in (
        warned.text
    )
    assert "Schedule and set the release date to June 5, 2030" in warned.text
    draft.refresh_from_db()
    assert draft.status == Statement.Status.DRAFT  # nothing done before the answer

    staff_client.post(page(draft), {**later, "release_date": "follow"})

    draft.refresh_from_db()
    assert draft.is_embargoed and draft.release_date == datetime.date(2030, 6, 5)
    assert timezone.localtime(draft.publish_at).hour == 9


def test_an_embargo_set_later_than_the_release_date_is_pointed_out(staff_client):
    statement = factories.make_statement(
        publish_at=timezone.now() + datetime.timedelta(days=3),
        release_date=timezone.localdate(),
    )
    change = staff_client.get(reverse("admin:releases_statement_change", args=[statement.pk]))
    assert "after the release date" in change.text
    saved = staff_client.post(
        reverse("admin:releases_statement_change", args=[statement.pk]),
        change_form(
            statement,
            status="published",
            publish_at_0=timezone.localtime(statement.publish_at).date().isoformat(),
            publish_at_1=timezone.localtime(statement.publish_at).strftime("%H:%M:%S"),
        ),
        follow=True,
    )
    said = [str(m) for m in saved.context["messages"]]
    assert any("after the release date" in m and page(statement) in m for m in said)

    staff_client.post(page(statement), {"_step": "follow_embargo"})

    statement.refresh_from_db()
    assert statement.release_date == timezone.localdate(statement.publish_at)


def test_a_past_moment_cannot_be_scheduled(staff_client):
    draft = factories.make_statement(published=False)
    refused = staff_client.post(
        page(draft), {"_step": "schedule", "publish_at_0": "2001-01-01", "publish_at_1": "09:00"}
    )
    assert "This moment has passed" in refused.text
    draft.refresh_from_db()
    assert draft.status == Statement.Status.DRAFT


def test_save_and_publish_leads_the_publisher_to_the_choices(publisher):
    _, publisher_client = publisher
    draft = factories.make_statement(published=False)
    url = reverse("admin:releases_statement_change", args=[draft.pk])
    shown = publisher_client.get(url).text
    assert 'name="_publishing"' in shown and 'name="_submit_review"' not in shown

    response = publisher_client.post(
        url, change_form(draft, title="New title", status="draft", _publishing="1")
    )

    assert response.status_code == 302 and response["Location"] == page(draft)
    draft.refresh_from_db()
    assert draft.title == "New title" and draft.status == Statement.Status.DRAFT
