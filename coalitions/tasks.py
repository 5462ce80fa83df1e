"""The sign-on's emails, sent by a task rather than by the request that caused them.

`services` enqueues these tasks once its transaction has committed. With the database
queue (production) a worker process runs them (`manage.py db_worker`); with the immediate
backend (development, tests) they run at once in the same process.

A task's arguments are stored as JSON in the queue, so they are ids and plain strings:
the worker reads the signatory again and renders the email there, in the language the
signer signed in. A signer erased or deleted in the meantime gets nothing. Links and
staff addresses are worked out in the worker too, so the queue keeps no tokens. It keeps
the address a confirmation or an "already signed" notice goes to: the one the signer
typed, which a later submission for the same organization may have replaced on the row.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from advocacy import mail

from . import tokens
from .models import Campaign, Signatory

logger = logging.getLogger(__name__)

# A send that fails for a passing reason is tried again later (advocacy.mail).
RETRY_DELAYS = mail.RETRY_DELAYS


def site_link(name, **kwargs):
    """The absolute address of a URL of the site, in the active language."""
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def moderation_link(statement_id):
    return (
        site_link("admin:coalitions_signatory_changelist")
        + f"?status__exact=confirmed&statement__id__exact={statement_id}"
    )


def _deliver(template, recipients, context, language):
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"coalitions/email/{template}_subject.txt", context)
        body = render_to_string(f"coalitions/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, recipients)


SIGNER_TEMPLATES = {"confirm", "already_signed", "listed", "your_page"}


@task()
def send_signer_email(template, signatory_id, *, to="", attempt=1):
    """Email a signer: "confirm" or "already_signed" (to the address that asked), "listed",
    or "your_page" (a new link to their own page).

    A confirmation whose address is no longer the row's still goes out, with a link
    signed for that address: it says it was replaced when opened, rather than the newer
    signer getting two emails and the earlier one none.

    Returns what happened, for the task's result: "sent" or why nothing was sent.
    """
    if template not in SIGNER_TEMPLATES:
        raise ValueError(f"Not an email to a signer: {template!r}")
    signatory = (
        Signatory.objects.select_related("statement__campaign").filter(pk=signatory_id).first()
    )
    if signatory is None or signatory.erased_at is not None:
        logger.info("No %s email: signatory %s is gone or erased.", template, signatory_id)
        return "skipped: signatory gone or erased"
    recipient = to or signatory.email  # "listed" is sent without `to`, to the row's address
    if not recipient:
        return "skipped: no address"
    language = signatory.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "signatory": signatory,
            "statement": signatory.statement,
            "statement_url": settings.SITE_URL + signatory.statement.get_absolute_url(),
            # Their own page: what is published, correct, withdraw, erase.
            "signer_page_url": site_link(
                "coalitions:signer-page", token=tokens.signer_page_token(signatory, recipient)
            ),
            "signer_page_days": tokens.SIGNER_PAGE_MAX_AGE // 86400,
            "submitted_email": to,
        }
        if template == "confirm":
            context["confirm_url"] = site_link(
                "coalitions:confirm", token=tokens.confirm_token(signatory, recipient)
            )
            context["max_age_days"] = tokens.CONFIRM_MAX_AGE // 86400
    try:
        _deliver(template, [recipient], context, language)
    except OSError:
        mail.retry_later(send_signer_email, attempt, template, signatory_id, to=to)
        raise
    return "sent"


@task()
def send_staff_email(template, campaign_id, signatory_ids, *, attempt=1):
    """Email a campaign's staff: one new sign-on ("staff_new_signon") or a "staff_digest".

    Lists the given signatories that still wait for a moderator; erased ones are left
    out, and nothing is sent when none is left or the campaign has no staff address.
    """
    campaign = Campaign.objects.select_related("statement").filter(pk=campaign_id).first()
    if campaign is None:
        return "skipped: campaign gone"
    waiting = list(
        Signatory.objects.filter(
            pk__in=signatory_ids,
            statement_id=campaign.statement_id,
            status=Signatory.Status.CONFIRMED,
            erased_at__isnull=True,
        ).order_by("confirmed_at", "pk")
    )
    recipients = campaign.staff_recipients()
    if not waiting or not recipients:
        return "skipped: nothing to review or nobody to tell"
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "campaign": campaign,
            "statement": campaign.statement,
            "signatory": waiting[0],
            "signatories": waiting,
            "moderation_url": moderation_link(campaign.statement_id),
        }
    try:
        _deliver(template, recipients, context, language)
    except OSError:
        mail.retry_later(send_staff_email, attempt, template, campaign_id, signatory_ids)
        raise
    return "sent"


@task()
def send_listed_emails(signatory_ids):
    """Queue the "listed" email of each signatory of a bulk approval, one task per
    signer, all in one transaction: the approval itself stores this one task, not
    thousands (see coalitions.approval)."""
    from django.db import transaction

    with transaction.atomic():
        for signatory_id in signatory_ids:
            send_signer_email.enqueue("listed", signatory_id)
    return f"queued {len(signatory_ids)}"
