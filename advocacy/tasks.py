"""Enqueueing tasks (Django's tasks framework) together with the change that causes them."""

from functools import partial

from django.db import transaction
from django_tasks_db.backend import DatabaseBackend


def enqueue_with_change(task, *args, **kwargs):
    """Queue `task` for the change being saved, so that it runs if and only if the change
    is committed.

    The database queue writes its task row inside the change's own transaction: both are
    saved or neither, in one commit, and no crash between a commit and an enqueue can
    leave a change without its email. A backend that runs a task at once (development,
    the tests) waits for the commit instead.
    """
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(partial(task.enqueue, *args, **kwargs))
