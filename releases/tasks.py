"""Mail about statements to staff, sent by the task worker (see `coalitions.tasks` for
how tasks are queued and retried): a draft handed to the publishers for review, sent
back to its editor, or published.

A task's arguments are ids: the worker reads the request again and writes the mail from
it as it is then, in the site's language (staff read the admin in English).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from advocacy import mail

logger = logging.getLogger(__name__)

REVIEW_EVENTS = {"submitted", "returned", "published"}


def publishers(*, exclude=None):
    """The addresses of the active staff who may publish (administrators included)."""
    users = (
        get_user_model()
        .objects.with_perm("releases.publish_statement")
        .filter(is_staff=True, is_active=True)
        .exclude(email="")
    )
    if exclude is not None:
        users = users.exclude(pk=exclude)
    return list(users.order_by("pk").values_list("email", flat=True))


@task()
def send_review_email(event, review_id, *, attempt=1):
    """Tell the publishers of a draft waiting for them ("submitted"), or its editor that
    it was sent back ("returned") or published ("published"). Returns what happened."""
    from .reviews import ReviewRequest

    if event not in REVIEW_EVENTS:
        raise ValueError(f"Not a review event: {event!r}")
    review = (
        ReviewRequest.objects.select_related("statement", "requested_by", "decided_by")
        .filter(pk=review_id)
        .first()
    )
    if review is None:
        return "skipped: review gone"
    if event == "submitted":
        if review.state != ReviewRequest.State.WAITING:
            return "skipped: no longer waiting"
        recipients = publishers(exclude=review.requested_by_id)
    else:
        editor = review.requested_by
        recipients = [editor.email] if editor and editor.is_active and editor.email else []
    if not recipients:
        return "skipped: nobody to tell"
    context = {
        "review": review,
        "statement": review.statement,
        "review_url": settings.SITE_URL
        + reverse("admin:releases_statement_publishing", args=[review.statement_id]),
        "site_name": settings.SITE_NAME,
    }
    subject = render_to_string(f"releases/email/review_{event}_subject.txt", context)
    body = render_to_string(f"releases/email/review_{event}.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, recipients)
    except OSError:
        mail.retry_later(send_review_email, attempt, event, review_id)
        raise
    return "sent"
