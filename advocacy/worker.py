"""The task worker (`manage.py db_worker`): django-tasks-db's, with a lease, so that a
worker that dies never leaves a task *Running* for good.

django-tasks-db marks a task Running when a worker claims it and Successful or Failed
when it is done. A worker killed in between (SIGKILL, the out-of-memory killer, a lost
machine) would leave it Running, and nothing would run it again: its email never sent.
So each worker holds a lease in the database (`WorkerLease`), renewed every third of
`TASK_WORKER_LEASE_SECONDS` by a thread of its own whatever the worker is doing, and
given up when it stops cleanly. When a worker starts, and at each renewal, it queues
again every task left Running by a worker whose lease has run out. Times are the
database's, so that workers on several machines agree on them.

The price is a possible duplicate, never a loss: a task killed in the middle of sending
its email may have handed it to the mail server already, and it is sent once more. A
worker alive but unable to renew its lease for longer than the lease (frozen, or cut off
from the database) may find its task run by another worker as well.

The worker also rides out a database outage instead of exiting: it waits for the database
to answer again, then queues again the task it could not record the end of.
"""

import datetime
import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import connection
from django.db.models.functions import Now
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from .errors import DATABASE_UNAVAILABLE
from .models import WorkerLease

logger = logging.getLogger(__name__)

# A lease that ran out this long ago is deleted: its worker is long gone.
FORGET_AFTER = datetime.timedelta(days=1)


def lease_seconds():
    return max(3, int(getattr(settings, "TASK_WORKER_LEASE_SECONDS", 60)))


def renew(worker_id):
    """Take or extend the lease of `worker_id` for `lease_seconds()` from now."""
    expires_at = Now() + datetime.timedelta(seconds=lease_seconds())
    if not WorkerLease.objects.filter(worker_id=worker_id).update(expires_at=expires_at):
        WorkerLease.objects.create(
            worker_id=worker_id, host=socket.gethostname(), pid=os.getpid(), expires_at=expires_at
        )


def release(worker_id):
    WorkerLease.objects.filter(worker_id=worker_id).delete()


def requeue_abandoned():
    """Queue again the tasks left Running by workers whose lease has run out; how many."""
    running = list(DBTaskResult.objects.running().values_list("id", "worker_ids", "started_at"))
    owners = {worker_ids[-1] for _id, worker_ids, _started in running if worker_ids}
    alive = set(
        WorkerLease.objects.filter(worker_id__in=owners, expires_at__gt=Now()).values_list(
            "worker_id", flat=True
        )
    )
    requeued = 0
    for task_id, worker_ids, started_at in running:
        owner = worker_ids[-1] if worker_ids else None
        if owner not in alive and _requeue(task_id, started_at):
            logger.warning(
                "Task %s was left running by worker %s, which stopped without finishing "
                "it: queued again.",
                task_id,
                owner,
            )
            requeued += 1
    WorkerLease.objects.filter(expires_at__lt=Now() - FORGET_AFTER).delete()
    return requeued


def _requeue(task_id, started_at):
    """Ready again, if it is still the same run of the task (nobody finished or took it)."""
    return DBTaskResult.objects.filter(
        id=task_id, status=TaskResultStatus.RUNNING, started_at=started_at
    ).update(status=TaskResultStatus.READY, started_at=None)


class Heartbeat(threading.Thread):
    """Renews the worker's lease, and requeues the tasks of dead workers, until stopped."""

    def __init__(self, worker_id):
        super().__init__(name=f"lease-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self._stopped = threading.Event()

    def run(self):
        try:
            while not self._stopped.wait(lease_seconds() / 3):
                try:
                    renew(self.worker_id)
                    requeue_abandoned()
                except DATABASE_UNAVAILABLE as error:
                    logger.warning("Worker %s could not renew its lease: %s", self.worker_id, error)
                    _close_connection()
        finally:
            _close_connection()

    def stop(self):
        self._stopped.set()
        self.join(timeout=10)


def _close_connection():
    try:
        connection.close()
    except DATABASE_UNAVAILABLE:
        pass


class LeasedWorker(Worker):
    """django-tasks-db's worker, holding a lease while it runs (see the module)."""

    _unfinished = None  # (id, started_at) of a task whose end could not be recorded

    def run(self):
        self._until_database_answers(self._start)
        heartbeat = Heartbeat(self.worker_id)
        heartbeat.start()
        try:
            while True:
                try:
                    return super().run()
                except DATABASE_UNAVAILABLE as error:
                    self._until_database_answers(self._recover, error)
        finally:
            heartbeat.stop()
            try:
                release(self.worker_id)
            except DATABASE_UNAVAILABLE:
                pass  # it runs out by itself

    def run_task(self, db_task_result):
        try:
            super().run_task(db_task_result)
        except DATABASE_UNAVAILABLE:
            self._unfinished = (db_task_result.id, db_task_result.started_at)
            raise

    def _start(self):
        renew(self.worker_id)
        requeue_abandoned()

    def _recover(self):
        renew(self.worker_id)
        if self._unfinished is not None:
            task_id, started_at = self._unfinished
            if _requeue(task_id, started_at):
                logger.warning("Task %s, cut short by the outage, queued again.", task_id)
            self._unfinished = None

    def _until_database_answers(self, action, error=None):
        """Run `action()`, waiting (half a second, doubling to five) while the database
        cannot be reached."""
        delay = 0.5
        while True:
            if error is not None:
                logger.warning("The database is out of reach (%s): waiting for it.", error)
                _close_connection()
                time.sleep(delay)  # a SIGTERM meanwhile stops the worker: nothing is running
                delay = min(delay * 2, 5)
            try:
                action()
            except DATABASE_UNAVAILABLE as failure:
                error = failure
                continue
            if delay > 0.5:
                logger.warning("The database answers again: worker %s goes on.", self.worker_id)
            return
