"""The sign-on, step by step: submit, confirm, moderate, withdraw, erase.

Views, admin actions and management commands call these functions; each runs in one
transaction, and its mail goes out as tasks (`coalitions.tasks`) for the task worker to
send: queued in that same transaction (the database queue), or once it has committed (a
backend that runs tasks at once).
"""

import datetime
from contextlib import contextmanager

import reversion
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from advocacy import dates
from advocacy.models import Organization
from advocacy.tasks import enqueue_with_change as _enqueue_with_change
from advocacy.text import name_key
from releases.cache import invalidate as invalidate_pages
from releases.cache import invalidate_gracefully as invalidate_pages_gracefully
from releases.history import SIGNER, SYSTEM, scrub_versions

from . import approval, tasks
from .models import Campaign, Signatory, directory_country


class SignOnClosed(Exception):
    """The campaign does not take sign-ons now; the message says why, for the signer."""


# History: every step is a revision of the signatories it changes (see releases.history),
# by the moderator who acted, else by the signer or the system as the comment says.


@contextmanager
def _revision(comment, *, user=None, by=SIGNER):
    """A revision of the signatories saved inside it, in one transaction."""
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment if user is not None else by + comment)
        yield


def _add_to_revision(signatories):
    """Record rows changed by a queryset update, which sends no signals (one query,
    read in chunks): ids, or a queryset of the rows."""
    if not isinstance(signatories, models.QuerySet):
        signatories = Signatory.objects.filter(pk__in=signatories)
    for signatory in signatories.iterator(chunk_size=2000):
        reversion.add_to_revision(signatory)


# Mail: each email is a task (coalitions.tasks), queued with the change that causes it
# (advocacy.tasks.enqueue_with_change): a rolled-back sign-on sends nothing.


def _send_confirmation(signatory):
    # The address goes with the task: another submission for the same organization
    # may take the row over before the worker runs, and each person who signed must
    # get their own link at their own address, not a second one at the newer address.
    _enqueue_with_change(tasks.send_signer_email, "confirm", signatory.pk, to=signatory.email)


# Steps


def submit_signature(*, campaign, data, ip=None):
    """Record a sign-on from the public form and email a confirmation link.

    `data` holds the form's cleaned fields. One organization signs a statement once: a
    second submission under the same (normalised) name, or under another spelling of
    the same organization of the directory, updates the row it already has and asks
    for confirmation again; an approved or rejected sign-on keeps its state.
    Returns the signatory.
    """
    if not campaign.is_open:
        raise SignOnClosed(closed_reason(campaign))
    kind = data.get("kind") or Signatory.Kind.ORGANIZATION
    printed = (
        data["organization_name"] if kind == Signatory.Kind.ORGANIZATION else data["signer_name"]
    )
    fields = {
        "kind": kind,
        "name": printed,
        "signer_name": data["signer_name"],
        "signer_title": data.get("signer_title", ""),
        "email": data["email"],
        "city": data.get("city", ""),
        "region": data.get("region", ""),
        "country": data.get("country", ""),
        "organization_type": data.get("organization_type", ""),
        "website": data.get("website", ""),
        "phone": data.get("phone", ""),
        "answers": data.get("answers") or {},
        "consent_to_list": bool(data.get("consent_to_list")),
        "opt_in": bool(data.get("opt_in")),
        "ip": ip,
        "language": translation.get_language() or settings.LANGUAGE_CODE,
    }
    key = name_key(printed)
    for attempt in range(2):
        try:
            # One transaction, the revision's own (no savepoint inside another).
            with _revision("Signed on through the public form."):
                return _submit(campaign, key, fields)
        except IntegrityError:
            # Another request created the same organization's row in between: the
            # second pass finds it and updates it.
            if attempt:
                raise
    raise AssertionError("unreachable")


def _submit(campaign, key, fields):
    statement = campaign.statement
    now = timezone.now()
    rows = Signatory.objects.select_for_update().filter(statement=statement)
    signatory = rows.filter(name_key=key).first()
    organization = None
    if signatory is None and fields["kind"] == Signatory.Kind.ORGANIZATION:
        # Another spelling of an organization of the directory ("NNIRR" and its full
        # name) is the same signatory. The organization is only looked up here: one is
        # created for a new name when a sign-on is approved, so spam never reaches the
        # directory.
        organization = Organization.objects.match(fields["name"])
        if organization is not None:
            signatory = rows.filter(organization=organization).first()
    if signatory is None:
        signatory = Signatory.objects.create(
            statement=statement,
            organization=organization,
            source=Signatory.Source.FORM,
            status=Signatory.Status.SUBMITTED,
            submitted_at=now,
            **fields,
        )
        _send_confirmation(signatory)
        return signatory
    if signatory.status in (Signatory.Status.APPROVED, Signatory.Status.CONFIRMED):
        # Already confirmed: the listing stands; tell the address that asked, without
        # changing who is on record.
        _enqueue_with_change(
            tasks.send_signer_email, "already_signed", signatory.pk, to=fields["email"]
        )
        return signatory
    if signatory.status == Signatory.Status.REJECTED:
        return signatory
    for field, value in fields.items():
        setattr(signatory, field, value)
    signatory.status = Signatory.Status.SUBMITTED
    signatory.source = Signatory.Source.FORM
    signatory.submitted_at = now
    signatory.withdrawn_at = signatory.erased_at = None
    signatory.save()
    _send_confirmation(signatory)
    return signatory


def closed_reason(campaign):
    """Why the campaign takes no sign-on now, for the signer; empty if it does."""
    now = timezone.now()
    if not campaign.statement.is_public:
        return _("This statement is not published.")
    if campaign.opens_at > now:
        return _("Sign-on opens on %(moment)s.") % {"moment": dates.moment(campaign.opens_at)}
    if campaign.closes_at is not None and campaign.closes_at <= now:
        day = dates.day(campaign.closes_at)
        return _("Sign-on closed on %(day)s. Nothing was saved.") % {"day": day}
    return ""


@transaction.atomic
@_revision("Confirmed by email.")
def confirm_signature(*, signatory):
    """The signer clicked Confirm: listed at once, or queued for a moderator."""
    # Only the row is locked (not the statement it is read with): every change to a
    # count locks the count, then the statement (its search text), in that order.
    signatory = (
        Signatory.objects.select_for_update(of=("self",))
        .select_related("statement")
        .get(pk=signatory.pk)
    )
    if signatory.status != Signatory.Status.SUBMITTED:
        return signatory
    signatory.status = Signatory.Status.CONFIRMED
    signatory.confirmed_at = timezone.now()
    signatory.save(update_fields=["status", "confirmed_at"])
    campaign = Campaign.objects.get(statement_id=signatory.statement_id)
    if not campaign.requires_moderation:
        _approve(signatory)
    elif campaign.notify == Campaign.Notify.EACH:
        _enqueue_with_change(
            tasks.send_staff_email, "staff_new_signon", campaign.pk, [signatory.pk]
        )
    return signatory


def _approve(signatory):
    signatory.status = Signatory.Status.APPROVED
    signatory.approved_at = timezone.now()
    _link_organization(signatory)
    signatory.save()
    if signatory.email:
        _enqueue_with_change(tasks.send_signer_email, "listed", signatory.pk)


def _link_organization(signatory):
    """Link an organization's listing to its entry in the directory (made for a new name),
    unless another signatory of the statement holds that entry already."""
    if signatory.kind != Signatory.Kind.ORGANIZATION or signatory.organization_id is not None:
        return
    organization, _ = Organization.objects.match_or_create(
        signatory.name,
        city=signatory.city,
        country=directory_country(signatory.country),
        website=signatory.website,
    )
    taken = Signatory.objects.filter(
        statement_id=signatory.statement_id, organization=organization
    ).exclude(pk=signatory.pk)
    if not taken.exists():
        signatory.organization = organization


@transaction.atomic
def approve_signatories(*, signatories, user=None):
    """Approve confirmed sign-ons (others are left alone). Returns how many.

    All at once, in a fixed number of queries however many (coalitions.approval).
    `user`: the moderator, recorded in the history."""
    with _revision("Approved.", user=user, by=SYSTEM):
        approved, count = approval.approve(signatories)
        if not count:
            return 0
        invalidate_pages_gracefully()  # a bulk update sends no signals; names added
        _add_to_revision(approved)
        with_address = list(approved.exclude(email="").values_list("pk", flat=True))
        if with_address:
            _enqueue_with_change(tasks.send_listed_emails, with_address)
    return count


@transaction.atomic
def reject_signatories(*, signatories, user=None):
    """Reject sign-ons waiting for confirmation or moderation. Returns how many."""
    waiting = [Signatory.Status.SUBMITTED, Signatory.Status.CONFIRMED]
    with _revision("Rejected.", user=user, by=SYSTEM):
        ids = list(signatories.filter(status__in=waiting).values_list("pk", flat=True))
        invalidate_pages()  # a bulk update sends no signals
        count = _update(ids, status=Signatory.Status.REJECTED, rejected_at=timezone.now())
        _add_to_revision(ids)
    return count


def _update(ids, **values):
    count = 0
    for start in range(0, len(ids), 500):
        count += Signatory.objects.filter(pk__in=ids[start : start + 500]).update(**values)
    return count


@transaction.atomic
@_revision("Withdrew their sign-on.")
def withdraw_signature(*, signatory):
    signatory = Signatory.objects.select_for_update().get(pk=signatory.pk)
    if signatory.status != Signatory.Status.WITHDRAWN:
        signatory.status = Signatory.Status.WITHDRAWN
        signatory.withdrawn_at = timezone.now()
        signatory.save(update_fields=["status", "withdrawn_at"])
    return signatory


PERSONAL_FIELDS = {
    "signer_name": "",
    "signer_title": "",
    "email": "",
    "phone": "",
    "ip": None,
    "opt_in": False,
    "answers": {},
}


@transaction.atomic
def erase_personal_data(*, signatories, user=None):
    """Forget who signed and how to reach them; the organization's listing stays.

    What is forgotten goes from the signatories' stored revisions too: their history
    keeps the steps, not the person."""
    with _revision("Erased the signer's personal data.", user=user, by=SYSTEM):
        ids = list(signatories.filter(erased_at__isnull=True).values_list("pk", flat=True))
        invalidate_pages()  # a bulk update sends no signals
        count = _update(ids, erased_at=timezone.now(), **PERSONAL_FIELDS)
        scrub_versions(Signatory, ids, PERSONAL_FIELDS)
        _add_to_revision(ids)
    return count


def erase_expired(*, now=None):
    """Erase the personal data of signers older than their campaign's retention period."""
    now = now or timezone.now()
    erased = 0
    for campaign in Campaign.objects.filter(retention_days__isnull=False):
        cutoff = now - datetime.timedelta(days=campaign.retention_days)
        erased += erase_personal_data(
            signatories=Signatory.objects.filter(
                statement_id=campaign.statement_id,
                source=Signatory.Source.FORM,
                created_at__lt=cutoff,
            )
        )
    return erased


def resend_confirmation(*, statement, email):
    """Send a new confirmation link to a signer still waiting to confirm.

    Whatever the address, the caller answers the same way: nothing here reveals
    whether it signed.
    """
    signatory = (
        Signatory.objects.filter(
            statement=statement, email__iexact=email, status=Signatory.Status.SUBMITTED
        )
        .order_by("-submitted_at")
        .first()
    )
    if signatory is not None:
        _send_confirmation(signatory)


def send_digest(*, since):
    """One email per campaign to its staff, listing sign-ons confirmed since `since`.

    Each digest is a task; returns how many were enqueued.
    """
    sent = 0
    for campaign in Campaign.objects.filter(notify=Campaign.Notify.DIGEST).select_related(
        "statement"
    ):
        waiting = list(
            Signatory.objects.filter(
                statement_id=campaign.statement_id,
                status=Signatory.Status.CONFIRMED,
                confirmed_at__gte=since,
                erased_at__isnull=True,
            )
            .order_by("confirmed_at", "pk")
            .values_list("pk", flat=True)
        )
        if waiting and campaign.staff_recipients():
            tasks.send_staff_email.enqueue("staff_digest", campaign.pk, waiting)
            sent += 1
    return sent


@transaction.atomic
def add_imported_signatories(*, statement, names):
    """Attach the names printed under a release, in order, matching organizations.

    `names` are strings, or signers with `name`, `place` ("AZ") and `group` (the heading
    they stand under, "State and Local Organizations"), printed as the release did.
    They are approved signatories of the statement's list. A name already on the
    statement keeps its row, and so does an organization that signed under another
    spelling ("NNIRR" and its full name): running it twice adds nothing.
    """
    rows = list(statement.signatories.values_list("name_key", "organization_id"))
    existing = {key for key, _ in rows}
    signed = {pk for _, pk in rows if pk is not None}
    start = len(rows)
    for offset, signer in enumerate(names):
        name = getattr(signer, "name", signer)
        if name_key(name) in existing:
            continue
        organization, _ = Organization.objects.match_or_create(name)
        if organization.pk in signed:
            continue
        existing.add(name_key(name))
        signed.add(organization.pk)
        Signatory.objects.create(
            statement=statement,
            organization=organization,
            name=name,
            place=getattr(signer, "place", "")[:100],
            group=getattr(signer, "group", "")[:200],
            position=start + offset,
            status=Signatory.Status.APPROVED,
            source=Signatory.Source.IMPORTED,
        )
