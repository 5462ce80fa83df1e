"""Sending through the task worker: each recipient once, throttled, stoppable, and finished
whatever happens to a worker (the kill -9 test is test_kill_worker.py)."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from releases.distribution import services, tasks, worker
from releases.distribution.models import Delivery, Journalist, Send, Suppression
from tests import factories
from tests.releases.distribution.helpers import (
    DATABASE_QUEUE,
    make_journalist,
    make_list,
    make_send,
    run_worker,
)
from tests.releases.distribution.mailbackends import HookedBackend

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def queue(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.MAILERS = {
        "default": {"BACKEND": "tests.releases.distribution.mailbackends.HookedBackend"}
    }
    settings.PRESS_SEND_RATE_PER_MINUTE = 0  # no pause between messages in tests
    settings.SITE_URL = "https://press.example.org"
    HookedBackend.hook = None
    yield DBTaskResult.objects
    HookedBackend.hook = None


def a_send(count=5, statement=None, **fields):
    journalists = [make_journalist() for _ in range(count)]
    lists = [make_list(members=journalists), make_list(members=journalists[:2])]
    return make_send(statement, lists=lists, **fields), journalists


def statuses(send):
    return dict(
        Delivery.objects.filter(send=send).values_list("journalist__email", "status").order_by()
    )


def sent_to():
    return sorted(address for message in mail.outbox for address in message.to)


def test_queueing_makes_one_row_per_recipient_and_the_worker_sends_each_once(queue):
    send, journalists = a_send(5)

    assert services.queue_send(send) == 5
    assert mail.outbox == []  # the request only queues
    assert queue.filter(task_path="releases.distribution.tasks.send_batch").count() == 1

    run_worker()

    assert sent_to() == sorted(j.email for j in journalists)
    send.refresh_from_db()
    assert send.status == Send.Status.DONE and send.finished_at is not None
    assert set(statuses(send).values()) == {Delivery.Status.SENT}
    assert all(d.message_id for d in send.deliveries.all())


def test_a_send_is_queued_once_however_often_the_button_is_pressed():
    send, _journalists = a_send(3)
    services.queue_send(send)

    with pytest.raises(services.SendRefused, match="queued already"):
        services.queue_send(send)

    run_worker()
    assert len(mail.outbox) == 3


def test_the_throttle_spaces_messages_at_the_rate_without_bursts(monkeypatch):
    clock = {"now": 100.0}
    slept = []
    monkeypatch.setattr(worker.time, "monotonic", lambda: clock["now"])

    def sleep(seconds):
        slept.append(round(seconds, 6))
        clock["now"] += seconds

    monkeypatch.setattr(worker.time, "sleep", sleep)
    throttle = worker.Throttle(per_minute=120)  # one every half second

    for _ in range(5):
        throttle.wait()
    assert slept == [0.5, 0.5, 0.5, 0.5]

    clock["now"] += 10  # idle for a while: no burst of ten to catch up
    throttle.wait()
    throttle.wait()
    assert slept[-1] == 0.5 and len(slept) == 5


def test_stopping_a_send_in_progress_sends_nothing_more():
    send, _journalists = a_send(5)
    services.queue_send(send)

    def stop_after_two(message):
        if len(mail.outbox) == 1:  # the second is being handed over: it finishes
            services.stop_send(send)

    HookedBackend.hook = stop_after_two
    run_worker()

    assert len(mail.outbox) == 2
    send.refresh_from_db()
    assert send.status == Send.Status.STOPPED
    counts = send.counts()
    assert counts[Delivery.Status.SENT] == 2 and counts[Delivery.Status.CANCELLED] == 3


def test_an_address_suppressed_during_a_send_gets_nothing():
    send, journalists = a_send(3)
    services.queue_send(send)
    last = journalists[-1]

    def suppress_the_last(message):
        Suppression.objects.suppress(last.email, Suppression.Reason.UNSUBSCRIBED)

    HookedBackend.hook = suppress_the_last
    run_worker()

    assert last.email not in sent_to() and len(mail.outbox) == 2
    assert statuses(send)[last.email] == Delivery.Status.SUPPRESSED


def test_unpublishing_the_statement_stops_its_send():
    send, _journalists = a_send(4)
    services.queue_send(send)

    def unpublish(message):
        send.statement.unpublish()

    HookedBackend.hook = unpublish
    run_worker()

    assert len(mail.outbox) == 1
    send.refresh_from_db()
    assert send.status == Send.Status.STOPPED and "unpublished" in send.stop_reason


def test_an_address_the_server_refuses_is_failed_with_its_reason_and_the_rest_go():
    send, journalists = a_send(3)
    services.queue_send(send)
    refused = journalists[1].email

    def refuse(message):
        if message.to == [refused]:
            raise smtplib.SMTPRecipientsRefused({refused: (550, b"5.1.1 No such user")})

    HookedBackend.hook = refuse
    run_worker()

    assert len(mail.outbox) == 2
    row = Delivery.objects.get(send=send, email=refused)
    assert row.status == Delivery.Status.FAILED and "No such user" in row.reason


def test_a_mail_server_down_is_tried_again_later_and_then_given_up(time_machine):
    send, journalists = a_send(2)
    services.queue_send(send)

    def down(message):
        raise ConnectionRefusedError("Connection refused")

    HookedBackend.hook = down
    run_worker()
    first = Delivery.objects.get(send=send, email=journalists[0].email)
    assert first.status == Delivery.Status.QUEUED and "Connection refused" in first.reason

    HookedBackend.hook = None
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=2))
    run_worker()
    assert sent_to() == sorted(j.email for j in journalists)

    # Down for good: given up after the last attempt, with the reason.
    send2, others = a_send(1)
    services.queue_send(send2)
    HookedBackend.hook = down
    for _attempt in range(worker.MAX_ATTEMPTS):
        time_machine.move_to(timezone.now() + datetime.timedelta(minutes=2))
        run_worker()
    (row,) = send2.deliveries.all()
    assert row.status == Delivery.Status.FAILED and row.attempts == worker.MAX_ATTEMPTS


def test_a_send_whose_worker_died_mid_message_is_taken_over_once_its_lease_runs_out(
    time_machine, settings
):
    """What a SIGKILL leaves: the batch's task 'Running' for ever, its lease held, one row
    'sending'. The sweeper starts a new batch once the lease has run out."""
    send, journalists = a_send(4)
    services.queue_send(send)
    DBTaskResult.objects.filter(task_path__endswith="send_batch").update(status="RUNNING")
    in_flight = send.deliveries.order_by("pk").first()
    Delivery.objects.filter(pk=in_flight.pk).update(status=Delivery.Status.SENDING)
    Send.objects.filter(pk=send.pk).update(
        lease_owner="dead", lease_until=timezone.now() + datetime.timedelta(seconds=100)
    )

    run_worker()  # the lease holds: nothing is sent twice while its holder may live
    assert mail.outbox == []

    time_machine.move_to(timezone.now() + 2 * worker.lease_seconds())
    run_worker()

    assert sent_to() == sorted(j.email for j in journalists)
    in_flight.refresh_from_db()
    assert in_flight.status == Delivery.Status.SENT and in_flight.reason == worker.IN_DOUBT
    send.refresh_from_db()
    assert send.status == Send.Status.DONE


def test_a_dead_sweeper_is_started_again_by_the_next_batch(time_machine):
    send, _journalists = a_send(2)
    services.queue_send(send)
    DBTaskResult.objects.filter(task_path__endswith="watch_send").delete()  # died
    Send.objects.filter(pk=send.pk).update(sweep_due=timezone.now() - 2 * worker.lease_seconds())

    run_worker()

    assert len(mail.outbox) == 2
    send.refresh_from_db()
    assert send.status == Send.Status.DONE


def test_when_the_embargo_lifts_the_send_goes_and_not_a_moment_before(time_machine, queue):
    lift = timezone.now() + datetime.timedelta(hours=3)
    statement = factories.make_statement(publish_at=lift)
    send, journalists = a_send(2, statement=statement, mode=Send.Mode.AT_LIFT)

    services.queue_send(send)
    send.refresh_from_db()
    assert send.status == Send.Status.SCHEDULED and send.send_after == lift
    run_worker()
    assert mail.outbox == []

    time_machine.move_to(lift - datetime.timedelta(seconds=1))
    run_worker()
    assert mail.outbox == []

    time_machine.move_to(lift + datetime.timedelta(seconds=1))
    run_worker()
    assert len(mail.outbox) == 2
    body = mail.outbox[0].body
    assert "Embargoed" not in body and f"/statements/{statement.slug}/" in body


def test_an_embargo_moved_later_holds_the_scheduled_send_back(time_machine):
    lift = timezone.now() + datetime.timedelta(hours=1)
    statement = factories.make_statement(publish_at=lift)
    send, _journalists = a_send(1, statement=statement, mode=Send.Mode.AT_LIFT)
    services.queue_send(send)

    statement.publish_at = lift + datetime.timedelta(hours=5)
    statement.save()
    time_machine.move_to(lift + datetime.timedelta(minutes=1))
    run_worker()
    assert mail.outbox == []

    time_machine.move_to(statement.publish_at + datetime.timedelta(minutes=1))
    run_worker()
    assert len(mail.outbox) == 1


def test_sending_under_embargo_goes_now_and_a_draft_cannot_be_sent():
    statement = factories.make_statement(publish_at=timezone.now() + datetime.timedelta(days=1))
    send, _journalists = a_send(2, statement=statement, mode=Send.Mode.EMBARGO)
    services.queue_send(send)
    run_worker()
    assert len(mail.outbox) == 2 and "/preview/" in mail.outbox[0].body

    draft = factories.make_statement(published=False)
    with pytest.raises(services.SendRefused, match="Publish the statement"):
        services.queue_send(make_send(draft, lists=[make_list()]))
    now_for_embargoed = make_send(statement, lists=[make_list()], mode=Send.Mode.NOW)
    with pytest.raises(services.SendRefused, match="under embargo"):
        services.queue_send(now_for_embargoed)


def test_someone_erased_after_the_send_was_queued_gets_nothing():
    send, journalists = a_send(2)
    services.queue_send(send)

    services.erase_journalist(journalists[0])
    run_worker()

    assert sent_to() == [journalists[1].email]
    assert Journalist.objects.filter(email=journalists[0].email).exists() is False
    assert send.deliveries.filter(status=Delivery.Status.CANCELLED, email="").count() == 1


def test_a_test_goes_to_the_member_of_staff_through_the_worker():
    send, _journalists = a_send(2, note="Heads up.")
    user = factories.make_user(email="lead@example.org", first_name="Lee")

    services.send_test(send, user=user)
    assert mail.outbox == []
    run_worker()

    (message,) = mail.outbox
    assert message.to == ["lead@example.org"]
    assert message.subject.startswith("[Test] ")
    assert "Hello Lee," in message.body
    assert send.deliveries.count() == 0  # a test is no send


def test_batches_hand_over_to_each_other(settings):
    settings.PRESS_SEND_BATCH_SECONDS = 0  # each batch sends one message, then hands over
    send, journalists = a_send(3)
    services.queue_send(send)

    run_worker()

    assert sent_to() == sorted(j.email for j in journalists)
    assert DBTaskResult.objects.filter(task_path__endswith="send_batch").count() >= 3
    assert tasks.BATCH_PRIORITY < 0  # sign-on mail goes first
