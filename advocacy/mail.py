"""What the apps' mail tasks share: retrying a send that failed for a passing reason.

A send that fails for a reason of the network or the mail server (OSError, which
smtplib's errors are) is tried again after these delays, when the backend can run a task
later (the database queue can; the immediate backend cannot). Each failed attempt stays
in the queue as a failed task with its traceback.
"""

import datetime

from django.utils import timezone

RETRY_DELAYS = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=10),
    datetime.timedelta(hours=1),
]


def retry_later(task_object, attempt, *args, **kwargs):
    """Enqueue the same task to run again later, if the backend and the attempts allow."""
    if attempt <= len(RETRY_DELAYS) and task_object.get_backend().supports_defer:
        run_after = timezone.now() + RETRY_DELAYS[attempt - 1]
        task_object.using(run_after=run_after).enqueue(*args, **kwargs, attempt=attempt + 1)
