"""A worker that dies leaves no task Running for good: its lease runs out, the task runs again."""

import datetime
import logging

import pytest
from django.core import mail
from django.core.management import get_commands
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from advocacy import worker as leases
from advocacy.models import WorkerLease
from tests.coalitions.factories_signon import form_data, make_campaign
from tests.coalitions.test_tasks import DATABASE_QUEUE, run_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queued(client, settings):
    """One confirmation email waiting in the database queue."""
    settings.SITE_URL = "http://testserver"
    settings.TASKS = DATABASE_QUEUE
    campaign = make_campaign()
    client.post(f"/statements/{campaign.statement.slug}/sign/", form_data())
    return DBTaskResult.objects.get()


def claimed_by(task, worker_id, *, minutes_ago=0):
    """The task as a worker leaves it when it dies in the middle: Running, never ended."""
    task.status = "RUNNING"
    task.started_at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    task.worker_ids = [*task.worker_ids, worker_id]
    task.save()


def lease(worker_id, seconds):
    WorkerLease.objects.create(
        worker_id=worker_id, expires_at=timezone.now() + datetime.timedelta(seconds=seconds)
    )


def test_db_worker_is_the_leased_worker():
    assert get_commands()["db_worker"] == "advocacy"


def test_a_task_left_running_by_a_killed_worker_is_sent_by_the_next(queued, caplog):
    claimed_by(queued, "killed-worker")
    lease("killed-worker", seconds=-1)  # it stopped renewing: run out

    with caplog.at_level(logging.WARNING, logger="advocacy.worker"):
        run_worker()

    (sent,) = mail.outbox
    assert sent.to == ["rosa@ctu.example.org"]
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert queued.worker_ids[0] == "killed-worker" and len(queued.worker_ids) == 2
    assert "left running by worker killed-worker" in caplog.text


def test_a_task_of_a_worker_that_never_held_a_lease_is_sent(queued):
    claimed_by(queued, "a-worker-without-a-lease", minutes_ago=90)
    run_worker()
    assert len(mail.outbox) == 1


def test_a_task_of_a_living_worker_is_left_alone(queued):
    claimed_by(queued, "busy-worker")
    lease("busy-worker", seconds=60)

    run_worker()

    assert mail.outbox == []
    queued.refresh_from_db()
    assert queued.status == "RUNNING" and queued.worker_ids == ["busy-worker"]


def test_a_worker_gives_its_lease_up_when_it_stops(queued):
    run_worker()
    assert WorkerLease.objects.count() == 0
    assert len(mail.outbox) == 1


def test_a_lease_is_renewed_from_the_database_clock(settings):
    settings.TASK_WORKER_LEASE_SECONDS = 120
    leases.renew("w1")
    first = WorkerLease.objects.get().expires_at
    assert abs((first - timezone.now()).total_seconds() - 120) < 30
    leases.renew("w1")
    assert WorkerLease.objects.get().expires_at >= first
    assert WorkerLease.objects.count() == 1


def test_leases_long_run_out_are_forgotten():
    lease("gone", seconds=-2 * 86400)
    lease("recent", seconds=-60)
    leases.requeue_abandoned()
    assert list(WorkerLease.objects.values_list("worker_id", flat=True)) == ["recent"]


def test_a_task_cut_short_by_a_database_outage_runs_again(queued, monkeypatch):
    """The email went out but the database could not record it: it goes out once more."""
    outage = {"on": True}

    def cut_off(original):
        def method(self, *args):
            if outage["on"]:
                raise OperationalError("server closed the connection unexpectedly")
            return original(self, *args)

        return method

    monkeypatch.setattr(DBTaskResult, "set_successful", cut_off(DBTaskResult.set_successful))
    monkeypatch.setattr(DBTaskResult, "set_failed", cut_off(DBTaskResult.set_failed))
    # The worker waits for the database; it answers again once the worker has waited.
    monkeypatch.setattr(leases.time, "sleep", lambda seconds: outage.update(on=False))

    run_worker()

    assert [message.to for message in mail.outbox] == [["rosa@ctu.example.org"]] * 2
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
