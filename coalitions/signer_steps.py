"""The steps a signer takes on their own page: correct their details, withdraw and erase
them, ask for a new link to the page. Like `coalitions.services` (whose helpers they use),
each is a keyword-only function in one transaction, recorded as a revision.

Withdrawing alone is `services.withdraw_signature`, shared with the old withdraw links.
"""

from django.db import transaction
from django.utils import timezone

from advocacy.text import name_key
from releases.history import scrub_versions

from . import tasks
from .models import Campaign, Signatory
from .services import PERSONAL_FIELDS, _enqueue_with_change, _link_organization, _revision


class NameTaken(Exception):
    """Another signatory of the statement is listed under that name."""


#: What a signer may correct on their own page, besides the name as listed.
CORRECTABLE_FIELDS = (
    "signer_name",
    "signer_title",
    "phone",
    "city",
    "region",
    "country",
    "organization_type",
    "website",
)


@transaction.atomic
@_revision("Corrected their details.")
def correct_signature(*, signatory, data):
    """The signer corrects their details from their own page (`data`: a form's cleaned
    fields, `organization_name` the name as listed for an organization).

    What only the organizers see changes at once, and so does the name as listed while
    no moderator has approved it, or where the campaign has no moderation. A new name for
    a listing a moderator approved goes back to the moderator: it leaves the list until it
    is approved again (the campaign's staff are told, as of a new sign-on), so that the
    list never shows a name nobody checked. A fix of capitals, accents or punctuation (the
    same name by `name_key`) stands at once.

    Returns (signatory, "moderation") when the listing went back to the moderator, else
    (signatory, "saved"). Raises NameTaken when another signatory of the statement has
    the new name; nothing is saved then.
    """
    signatory = Signatory.objects.select_for_update().get(pk=signatory.pk)
    if signatory.status in (Signatory.Status.WITHDRAWN, Signatory.Status.REJECTED):
        raise ValueError("A withdrawn or rejected sign-on is not corrected.")
    for field in CORRECTABLE_FIELDS:
        if field in data:
            setattr(signatory, field, data[field])
    named = "organization_name" if signatory.kind == Signatory.Kind.ORGANIZATION else "signer_name"
    new_name = data.get(named) or signatory.name
    outcome = "saved"
    if name_key(new_name) != signatory.name_key:
        others = Signatory.objects.filter(statement_id=signatory.statement_id).exclude(
            pk=signatory.pk
        )
        if others.filter(name_key=name_key(new_name)).exists():
            raise NameTaken(new_name)
        signatory.organization = None  # found again for the new name
        if signatory.status == Signatory.Status.APPROVED:
            campaign = Campaign.objects.get(statement_id=signatory.statement_id)
            if campaign.requires_moderation:
                signatory.status = Signatory.Status.CONFIRMED
                signatory.approved_at = None
                outcome = "moderation"
                if campaign.notify == Campaign.Notify.EACH:
                    _enqueue_with_change(
                        tasks.send_staff_email, "staff_new_signon", campaign.pk, [signatory.pk]
                    )
            else:
                signatory.name = new_name
                _link_organization(signatory)
    signatory.name = new_name
    signatory.save()
    return signatory, outcome


#: What a signer's own erasure forgets of an individual besides PERSONAL_FIELDS: the
#: name they signed under and where they live.
INDIVIDUAL_FIELDS = {"city": "", "region": "", "country": "", "website": ""}


@transaction.atomic
@_revision("Withdrew and erased their details.")
def erase_signature(*, signatory):
    """The signer withdraws their signature and has their details erased, from the row
    and from its history. An organization's name stays on record as withdrawn (it is not
    personal); an individual's name is replaced, as is where they live."""
    signatory = Signatory.objects.select_for_update().get(pk=signatory.pk)
    now = timezone.now()
    values = dict(PERSONAL_FIELDS)
    if signatory.kind == Signatory.Kind.INDIVIDUAL:
        values.update(INDIVIDUAL_FIELDS, name=f"Erased signer {signatory.pk}")
    for field, value in values.items():
        setattr(signatory, field, value)
    signatory.status = Signatory.Status.WITHDRAWN
    signatory.withdrawn_at = signatory.withdrawn_at or now
    signatory.erased_at = now
    signatory.save()
    scrub_versions(Signatory, [signatory.pk], values)
    return signatory


def send_signer_page_link(*, statement, email):
    """Email a new link to their own page to whoever signed the statement with this
    address. Like `resend_confirmation`, the caller answers the same way whatever the
    address: nothing here reveals whether it signed."""
    signatory = (
        Signatory.objects.filter(statement=statement, email__iexact=email, erased_at__isnull=True)
        .order_by("-submitted_at")
        .first()
    )
    if signatory is not None:
        tasks.send_signer_email.enqueue("your_page", signatory.pk, to=signatory.email)
