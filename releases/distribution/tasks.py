"""The tasks of sending: batches of a send, its sweeper, a test, subscription mail.

A send's rows are sent by a chain of batch tasks, each enqueuing the next; beside it
runs the send's *sweeper*, a task that comes back every lease period for as long as the
send is active. A worker killed in the middle of a batch leaves that task "Running" in
the queue, where nothing runs it again: the sweeper sees the send's lease run out and
starts a new batch, which takes the send over (worker.py). A sweeper killed in turn is
started again by the next batch. So a send finishes whether or not the task queue
re-runs a dead worker's task; if it does, the lease keeps the two from sending at once.

Arguments are ids, as for the sign-on's mail (coalitions/tasks.py). A confirmation of a
subscription carries what the person typed (address, name, outlet, choices): nothing is
stored about them before they confirm.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import mailers
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from .conf import setting
from .models import Journalist, Send
from .worker import lease_seconds, run_batch

logger = logging.getLogger(__name__)

# Below the sign-on's mail (priority 0): a confirmation link waits for no release.
BATCH_PRIORITY = -10


def can_defer(task_object=None):
    """Whether the task backend runs a task at a later time (the database queue does;
    the immediate backend of development and the tests does not)."""
    return (task_object or send_batch).get_backend().supports_defer


def enqueue_at(task_object, when, *args):
    """Enqueue now, or for `when` where the backend can wait; False if it cannot."""
    if when is not None and when > timezone.now():
        if not can_defer(task_object):
            logger.warning("%s not scheduled: the task backend cannot wait.", task_object.name)
            return False
        task_object.using(run_after=when).enqueue(*args)
    else:
        task_object.enqueue(*args)
    return True


def start(send):
    """Queue a send's first batch and its sweeper (with the send's own transaction on
    the database queue: see advocacy.tasks)."""
    from advocacy.tasks import enqueue_with_change

    if send.send_after and send.send_after > timezone.now():
        send_batch.using(run_after=send.send_after).enqueue(send.pk)
    else:
        enqueue_with_change(send_batch, send.pk)
    if can_defer():
        _schedule_sweep(send)


def _schedule_sweep(send, *, after=None):
    """Enqueue the send's next sweep, unless another sweeper already comes later."""
    now = timezone.now()
    due = max(now, send.send_after or now, after or now) + lease_seconds()
    moved = (
        Send.objects.filter(pk=send.pk)
        .filter(Q(sweep_due__isnull=True) | Q(sweep_due__lte=now + lease_seconds() / 2))
        .update(sweep_due=due)
    )
    if moved:
        watch_send.using(run_after=due).enqueue(send.pk)
    return bool(moved)


@task(priority=BATCH_PRIORITY)
def send_batch(send_id):
    """Send the next rows of a send, then hand over to the next batch."""
    send = Send.objects.select_related("statement").filter(pk=send_id).first()
    if send is None or not send.is_active:
        return "nothing to do: the send is over or gone"
    now = timezone.now()
    statement = send.statement
    if statement.status != statement.Status.PUBLISHED:
        from .services import stop_send

        stop_send(send, reason="The statement was unpublished: nothing more is sent.")
        return "stopped: statement unpublished"
    if send.mode == Send.Mode.AT_LIFT and statement.publish_at > now:
        # The embargo was moved later since the send was scheduled: wait for it.
        Send.objects.filter(pk=send.pk).update(send_after=statement.publish_at)
        enqueue_at(send_batch, statement.publish_at, send.pk)
        return "waiting for the embargo to lift"
    if send.send_after and send.send_after > now:
        enqueue_at(send_batch, send.send_after, send.pk)
        return "not due yet"
    if can_defer() and (send.sweep_due is None or send.sweep_due < now - lease_seconds()):
        _schedule_sweep(send)  # the sweeper died: start another
    outcome, left = run_batch(send)
    if left and outcome == "mail server unavailable":
        enqueue_at(send_batch, now + datetime.timedelta(minutes=1), send.pk)
    elif left and outcome not in ("stopped", "another batch holds the send"):
        send_batch.enqueue(send.pk)
    return outcome


@task()
def watch_send(send_id):
    """The sweeper: starts a batch when no live batch holds the send, and comes back."""
    send = Send.objects.filter(pk=send_id).first()
    if send is None or not send.is_active:
        return "send over"
    now = timezone.now()
    due = send.send_after is None or send.send_after <= now
    if due and (send.lease_until is None or send.lease_until < now):
        send_batch.enqueue(send.pk)
        started = "batch started"
    else:
        started = "batch alive or not due"
    if not _schedule_sweep(send):
        return f"{started}; another sweeper comes later"
    return started


@task()
def send_test(send_id, to, name=""):
    """A copy of a send's mail to a member of staff, as a recipient would get it."""
    from .mail import ReleaseMail

    send = Send.objects.select_related("statement").filter(pk=send_id).first()
    if send is None:
        return "skipped: send gone"
    stand_in = Journalist(email=to, name=name, language=send.statement.language)
    stand_in.pk = 0
    message, _language = ReleaseMail(send).message(stand_in, test_to=to)
    mailers[setting("PRESS_MAILER")].send_messages([message])
    return "sent"


@task()
def send_subscription_mail(kind, *, journalist_id=None, request=None, language=None):
    """ "confirm" (to the address in `request`, with its link) or "welcome" (once confirmed)."""
    from .notices import confirmation, welcome

    if kind == "confirm":
        message = confirmation(request, language or settings.LANGUAGE_CODE)
    elif kind == "welcome":
        journalist = Journalist.objects.filter(pk=journalist_id).first()
        if journalist is None:
            return "skipped: erased"
        message = welcome(journalist)
    else:
        raise ValueError(f"Not a subscription mail: {kind!r}")
    if message is None:
        return "skipped: suppressed address"
    mailers[setting("PRESS_MAILER")].send_messages([message])
    return "sent"
