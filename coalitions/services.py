"""Writes to signatory lists, shared by views, admin actions and commands."""

from django.db import transaction

from advocacy.models import Organization
from advocacy.text import name_key

from .models import Signatory


@transaction.atomic
def add_imported_signatories(*, statement, names):
    """Attach the names of a release's "Signed:" list, in order, matching organizations.

    A name already on the statement keeps its row; running it twice adds nothing.
    """
    existing = set(statement.signatories.values_list("name_key", flat=True))
    start = statement.signatories.count()
    for offset, name in enumerate(names):
        if name_key(name) in existing:
            continue
        organization, _ = Organization.objects.match_or_create(name)
        Signatory.objects.create(
            statement=statement,
            organization=organization,
            name=name,
            position=start + offset,
        )
