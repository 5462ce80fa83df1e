"""The task worker's side of a send: each recipient once, whatever happens to the worker.

A send is sent in batches, one task each (tasks.send_batch), one batch at a time: a
batch holds the send's *lease* (`Send.lease_owner`, `lease_until`) and renews it while
it works. For each delivery row, in this order:

1. claim: `queued` -> `sending`, one UPDATE, committed; it matches only a row still
   queued whose address is not suppressed, so a stopped send or an address suppressed a
   moment ago is never claimed;
2. write the mail, hand it to the mail server (SMTP or the mail service's API);
3. mark: `sending` -> `sent` with the server's message id, committed in one transaction
   with the next row's claim (one commit a message at full speed), or on its own before
   the worker pauses for the throttle or stops.

A worker killed (SIGKILL, a crash, the machine restarting) leaves at most one row in
`sending`: the one it was writing or handing over. Its lease then runs out, and the
next batch of the send (started by the send's sweeper task, tasks.watch_send, whether or
not the task queue re-runs the dead task) takes the send over, puts that row back in the
queue and goes on. Every other row is either sent (marked) or queued (not claimed).

The one duplicate still possible: the server accepted the row's message, and the worker
died after the server's acceptance and before its own mark was committed. The window
is the server's reply and one commit, a few milliseconds per message; the message sent
again carries the same Message-ID header (release.<send>.<delivery>@site), which mail
programs that look at it (Gmail among them) show as one message. Sending it again
rather than dropping it is a choice: a journalist with the same release twice is
better off than one without it under embargo.

Sends are throttled: one worker writes at most PRESS_SEND_RATE_PER_MINUTE messages a
minute, whatever the number of sends (a worker runs one task at a time).
"""

import logging
import smtplib
import time
import uuid
from datetime import timedelta

from django.core.mail import mailers
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from releases.models import Statement

from .conf import setting
from .mail import ReleaseMail
from .models import Delivery, Send, Suppression

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
CHUNK = 50
IN_DOUBT = (
    "Its worker stopped while handing it to the mail server: sent again (with the same "
    "Message-ID), in case it had not gone."
)


def lease_seconds():
    return timedelta(seconds=setting("PRESS_SEND_LEASE_SECONDS"))


def take_lease(send, owner):
    """Hold the send for this batch, if no live batch holds it. True if held."""
    now = timezone.now()
    taken = (
        Send.objects.filter(pk=send.pk, status__in=(Send.Status.SCHEDULED, Send.Status.SENDING))
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now) | Q(lease_owner=owner))
        .update(lease_owner=owner, lease_until=now + lease_seconds())
    )
    return bool(taken)


def renew_lease(send, owner):
    """Keep holding the send; False if it was stopped or another batch took it over."""
    return bool(
        Send.objects.filter(pk=send.pk, lease_owner=owner, status=Send.Status.SENDING).update(
            lease_until=timezone.now() + lease_seconds()
        )
    )


def release_lease(send, owner):
    Send.objects.filter(pk=send.pk, lease_owner=owner).update(lease_until=None)


class Throttle:
    """At most `per_minute` messages a minute, evenly spaced; no burst to catch up."""

    def __init__(self, per_minute):
        self.interval = 60.0 / per_minute if per_minute else 0.0
        self.next_at = time.monotonic()

    def must_wait(self):
        return self.next_at > time.monotonic()

    def wait(self):
        now = time.monotonic()
        if self.next_at > now:
            time.sleep(self.next_at - now)
        self.next_at = max(self.next_at, now) + self.interval


class Outcome:
    SENT = "sent"
    SKIPPED = "skipped"
    FAILED = "failed"
    RETRY = "retry"  # the server could not be reached: stop the batch, try again later


def _mark(pk, status, **fields):
    Delivery.objects.filter(pk=pk).update(status=status, **fields)


def _apply(mark):
    """Commit a mark (row, status, fields) returned by `deliver`."""
    pk, status, fields = mark
    _mark(pk, status, **fields)


def claim(delivery, *, sent=None):
    """queued -> sending, unless the row is no longer queued or its address is
    suppressed. Returns True when claimed.

    `sent` is the mark of the message handed over just before: both are committed
    together, one commit a message when the worker runs at full speed (the caller
    commits a mark on its own before any pause)."""
    with transaction.atomic():
        if sent is not None:
            _apply(sent)
        claimed = (
            Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.QUEUED)
            .exclude(Exists(Suppression.objects.of(OuterRef("email"))))
            .update(
                status=Delivery.Status.SENDING,
                claimed_at=timezone.now(),
                attempts=delivery.attempts + 1,
            )
        )
    if claimed:
        return True
    if Suppression.objects.holds(delivery.email):
        Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.QUEUED).update(
            status=Delivery.Status.SUPPRESSED
        )
    return False


def _refused(error):
    """A permanent refusal of this recipient or message (5xx), not of the connection."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return type(error).__name__ == "AnymailRecipientsRefused"


def deliver(delivery, mail, connection, *, sent=None):
    """Send one row: claim (with `sent`, the mark of the message before, if any), write,
    hand over. Returns (outcome, the mark to commit for this row once it went)."""
    if delivery.journalist is None:  # erased since the send was queued
        with transaction.atomic():
            if sent is not None:
                _apply(sent)
            _mark(delivery.pk, Delivery.Status.CANCELLED, reason="Erased before it was sent.")
        return Outcome.SKIPPED, None
    if not claim(delivery, sent=sent):
        return Outcome.SKIPPED, None
    attempts = delivery.attempts + 1
    try:
        message, language = mail.message(delivery.journalist, delivery=delivery)
    except Exception as error:  # a mail that cannot be written is this row's failure
        logger.exception("Could not write the mail of delivery %s", delivery.pk)
        reason = f"Could not write the mail: {error}"[:300]
        _mark(delivery.pk, Delivery.Status.FAILED, reason=reason)
        return Outcome.FAILED, None
    try:
        connection.send_messages([message])
    except Exception as error:
        reason = f"{type(error).__name__}: {error}"[:300]
        if _refused(error):
            _mark(delivery.pk, Delivery.Status.FAILED, reason=reason, language=language)
            return Outcome.FAILED, None
        # Not answered, or a temporary refusal: back in the queue, up to MAX_ATTEMPTS.
        logger.warning("Delivery %s not sent (attempt %s): %s", delivery.pk, attempts, reason)
        final = attempts >= MAX_ATTEMPTS
        _mark(
            delivery.pk,
            Delivery.Status.FAILED if final else Delivery.Status.QUEUED,
            reason=reason,
            language=language,
        )
        return (Outcome.FAILED if final else Outcome.RETRY), None
    status = getattr(message, "anymail_status", None)
    message_id = (status and status.message_id) or message.extra_headers["Message-ID"]
    mark = (
        delivery.pk,
        Delivery.Status.SENT,
        {"sent_at": timezone.now(), "message_id": str(message_id)[:255], "language": language},
    )
    return Outcome.SENT, mark


def requeue_in_doubt(send):
    """Rows left `sending` by a batch whose lease ran out: back in the queue."""
    return Delivery.objects.filter(send=send, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.QUEUED, reason=IN_DOUBT
    )


def statement_withdrawn(send):
    status = Statement.objects.filter(pk=send.statement_id).values_list("status", flat=True)
    return status.first() != Statement.Status.PUBLISHED


def run_batch(send, *, owner=None):
    """Send queued rows of `send` for up to PRESS_SEND_BATCH_SECONDS.

    Returns (what happened, whether rows are left to send). The caller (the task) holds
    nothing: the lease is taken and released here.
    """
    owner = owner or uuid.uuid4().hex
    if not take_lease(send, owner):
        return "another batch holds the send", False
    try:
        back = requeue_in_doubt(send)
        if back:
            logger.warning("Send %s: %s row(s) in doubt sent again", send.pk, back)
        Send.objects.filter(pk=send.pk, status=Send.Status.SCHEDULED).update(
            status=Send.Status.SENDING
        )
        outcome = _send_rows(send, owner)
    finally:
        release_lease(send, owner)
    left = Delivery.objects.filter(
        send=send, status__in=(Delivery.Status.QUEUED, Delivery.Status.SENDING)
    ).exists()
    if not left:
        Send.objects.filter(pk=send.pk, status=Send.Status.SENDING).update(
            status=Send.Status.DONE, finished_at=timezone.now()
        )
    return outcome, left


def _send_rows(send, owner):
    mail = ReleaseMail(send)
    throttle = Throttle(setting("PRESS_SEND_RATE_PER_MINUTE"))
    deadline = time.monotonic() + setting("PRESS_SEND_BATCH_SECONDS")
    renew_every = lease_seconds().total_seconds() / 4
    renewed = time.monotonic()
    connection = mailers[setting("PRESS_MAILER")]
    connection.open()
    sent = None  # the mark of the message just handed over, not committed yet

    def commit_mark():
        nonlocal sent
        if sent is not None:
            _apply(sent)
            sent = None

    try:
        while True:
            commit_mark()
            chunk = list(
                Delivery.objects.filter(send=send, status=Delivery.Status.QUEUED)
                .select_related("journalist")
                .order_by("pk")[:CHUNK]
            )
            if not chunk:
                return "done"
            for delivery in chunk:
                if time.monotonic() - renewed > renew_every:
                    commit_mark()
                    if not renew_lease(send, owner) or statement_withdrawn(send):
                        return "stopped"
                    renewed = time.monotonic()
                if throttle.must_wait():
                    commit_mark()  # never left waiting through a pause
                throttle.wait()
                outcome, mark = deliver(delivery, mail, connection, sent=sent)
                sent = mark
                if outcome == Outcome.RETRY:
                    return "mail server unavailable"
                if time.monotonic() >= deadline:  # at least one message a batch
                    return "handed over"
    finally:
        commit_mark()
        connection.close()
