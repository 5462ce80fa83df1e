"""The steps of sending and of a subscription, each in one transaction.

The admin, the public views, the webhooks and the tests call these; their mail goes out
as tasks (tasks.py), queued with the change that causes it.
"""

from django.db import transaction
from django.utils import timezone

from advocacy.tasks import enqueue_with_change

from . import recipients, tasks
from .models import Delivery, Journalist, Send, Suppression, normalize_email


class SendRefused(Exception):
    """The send cannot go as asked; the message says why, for the publisher."""


def _check(send):
    statement = send.statement
    if statement.status != statement.Status.PUBLISHED:
        raise SendRefused("Publish the statement (now or under embargo) before sending it.")
    if send.mode == Send.Mode.NOW and statement.is_embargoed:
        raise SendRefused(
            "The statement is under embargo: send it under embargo, or when the embargo lifts."
        )
    if send.mode in (Send.Mode.EMBARGO, Send.Mode.AT_LIFT) and statement.is_public:
        raise SendRefused("The statement is public already: send it now.")
    if send.mode == Send.Mode.AT_LIFT and not tasks.can_defer():
        raise SendRefused(
            "Sending when the embargo lifts needs the task worker (TASKS_BACKEND=database)."
        )


def queue_send(send, *, user=None):
    """Fix the send's recipients, one delivery row each, and start the worker on it.

    Returns the number of rows. A send is queued once: a second call (a double click)
    finds it queued already and changes nothing.
    """
    with transaction.atomic():
        send = Send.objects.select_for_update().select_related("statement").get(pk=send.pk)
        if send.status != Send.Status.DRAFT:
            raise SendRefused("This send is queued already.")
        _check(send)
        lists = list(send.lists.all())
        if not lists:
            raise SendRefused("Choose at least one list.")
        rows = recipients.recipients(
            send.statement, lists, skip_earlier=send.skip_earlier_recipients, exclude_send=send
        ).values_list("pk", "email")
        Delivery.objects.bulk_create(
            (Delivery(send=send, journalist_id=pk, email=email) for pk, email in rows.iterator()),
            batch_size=2000,
        )
        count = send.deliveries.count()
        now = timezone.now()
        at_lift = send.mode == Send.Mode.AT_LIFT
        send.status = Send.Status.SCHEDULED if at_lift else Send.Status.SENDING
        send.send_after = send.statement.publish_at if at_lift else None
        send.queued_at = now
        send.save(update_fields=["status", "send_after", "queued_at"])
        tasks.start(send)
    return count


def stop_send(send, *, user=None, reason=""):
    """Stop a send: what is queued is not sent (a message being handed over finishes)."""
    with transaction.atomic():
        stopped = Send.objects.filter(
            pk=send.pk, status__in=(Send.Status.SCHEDULED, Send.Status.SENDING)
        ).update(
            status=Send.Status.STOPPED,
            stopped_by=user,
            stop_reason=reason or "Stopped by a publisher.",
            finished_at=timezone.now(),
        )
        if stopped:
            send.deliveries.filter(status=Delivery.Status.QUEUED).update(
                status=Delivery.Status.CANCELLED
            )
    return bool(stopped)


def stop_sends_of(statement, *, reason):
    for send in statement.sends.filter(status__in=(Send.Status.SCHEDULED, Send.Status.SENDING)):
        stop_send(send, reason=reason)


def send_test(send, *, user):
    """A copy to the member of staff, through the worker like the real thing."""
    if not user.email:
        raise SendRefused("Your account has no email address: add one to get a test.")
    enqueue_with_change(tasks.send_test, send.pk, user.email, user.first_name)


# The subscription


def request_subscription(*, email, name="", outlet="", language, language_only, topic_ids):
    """Mail a confirmation link; nothing is stored before the person confirms."""
    request = {
        "e": normalize_email(email),
        "n": name,
        "o": outlet,
        "l": language,
        "lo": bool(language_only),
        "t": sorted(int(pk) for pk in topic_ids),
    }
    enqueue_with_change(tasks.send_subscription_mail, "confirm", request=request, language=language)


def confirm_subscription(request):
    """The person confirmed: they are a subscriber with the choices they made.

    Returns (journalist, newly): `newly` is False for a link opened again, which changes
    nothing and sends no second welcome. An address on the suppression list for having
    unsubscribed leaves it: asking again, and confirming, is consent.
    """
    from taggit.models import Tag

    email = normalize_email(request["e"])
    with transaction.atomic():
        journalist = Journalist.objects.select_for_update().filter(email=email).first()
        if journalist is not None and journalist.is_subscriber:
            return journalist, False
        now = timezone.now()
        if journalist is None:
            journalist = Journalist(
                email=email, consent_source=Journalist.Consent.WEBSITE, consent_at=now
            )
            journalist.consent_note = "Asked on the website and confirmed by email."
        journalist.name = journalist.name or request.get("n", "")
        journalist.outlet = journalist.outlet or request.get("o", "")
        journalist.language = request.get("l") or journalist.language
        journalist.language_only = bool(request.get("lo"))
        journalist.subscription = Journalist.Subscription.CONFIRMED
        journalist.subscribed_at = now
        journalist.save()
        journalist.topics.set(Tag.objects.filter(pk__in=request.get("t", [])))
        Suppression.objects.filter(email=email, reason=Suppression.Reason.UNSUBSCRIBED).delete()
        enqueue_with_change(tasks.send_subscription_mail, "welcome", journalist_id=journalist.pk)
    return journalist, True


def update_choices(journalist, *, language, language_only, topics):
    with transaction.atomic():
        journalist.language = language
        journalist.language_only = language_only
        journalist.save(update_fields=["language", "language_only", "updated_at"])
        journalist.topics.set(topics)


def unsubscribe(journalist, *, how="One click from a release."):
    """Never mail this address again, whichever list it is on. Idempotent."""
    with transaction.atomic():
        Suppression.objects.suppress(journalist.email, Suppression.Reason.UNSUBSCRIBED, detail=how)
        if journalist.is_subscriber:
            journalist.subscription = Journalist.Subscription.ENDED
            journalist.save(update_fields=["subscription", "updated_at"])


# Bounces and complaints (webhooks.py)


def record_event(*, email, status, reason, message_id="", delivery_id=None, when=None):
    """A delivery bounced or was marked as spam: the row says so, the address is
    suppressed for good."""
    email = normalize_email(email)
    with transaction.atomic():
        rows = Delivery.objects.none()
        if delivery_id:
            rows = Delivery.objects.filter(pk=delivery_id, email=email)
        if not rows.exists() and message_id:
            rows = Delivery.objects.filter(message_id=message_id, email=email)
        rows.update(status=status, reason=reason[:300], event_at=when or timezone.now())
        suppression_reason = (
            Suppression.Reason.COMPLAINED
            if status == Delivery.Status.COMPLAINED
            else Suppression.Reason.BOUNCED
        )
        Suppression.objects.suppress(email, suppression_reason, detail=reason)


# A journalist's own data


def export_journalist(journalist):
    """Everything we hold about a journalist, for them to read (a dict, as JSON)."""
    return {
        "email": journalist.email,
        "name": journalist.name,
        "first_name": journalist.first_name,
        "outlet": journalist.outlet,
        "beat": journalist.beat,
        "language": journalist.language,
        "only_in_their_language": journalist.language_only,
        "topics": sorted(tag.name for tag in journalist.topics.all()),
        "notes": journalist.notes,
        "media_lists": sorted(media_list.name for media_list in journalist.media_lists.all()),
        "subscription": journalist.get_subscription_display(),
        "subscribed_at": journalist.subscribed_at and journalist.subscribed_at.isoformat(),
        "how_they_came": journalist.get_consent_source_display(),
        "since": journalist.consent_at.isoformat(),
        "consent": journalist.consent_note,
        "added_by": journalist.added_by and journalist.added_by.get_username(),
        "suppressed": Suppression.objects.holds(journalist.email),
        "releases_sent": [
            {
                "statement": delivery.send.statement.title,
                "status": delivery.get_status_display(),
                "sent_at": delivery.sent_at and delivery.sent_at.isoformat(),
            }
            for delivery in journalist.deliveries.select_related("send__statement")
        ],
    }


def erase_journalist(journalist, *, keep_suppressed=True, user=None):
    """Delete a journalist and the address on their delivery rows (the counts of each
    send stay). With `keep_suppressed`, the address stays on the suppression list, the
    one trace kept, so that nothing is ever sent to it again."""
    with transaction.atomic():
        email = journalist.email
        journalist.deliveries.update(email="", journalist=None)
        journalist.delete()
        if keep_suppressed:
            Suppression.objects.suppress(
                email, Suppression.Reason.STAFF, detail="Erased on request.", user=user
            )
        else:
            Suppression.objects.filter(email=email).delete()
