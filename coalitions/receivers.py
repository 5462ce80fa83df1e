from django.dispatch import receiver

from releases.models import Statement
from releases.signals import statement_imported

from .services import add_imported_signatories


@receiver(statement_imported)
def on_statement_imported(sender, *, statement, release, **kwargs):
    add_imported_signatories(statement=statement, names=release.signatories)


def _invalidate_pages_on_changes():
    """Campaigns, coalitions and listed signatories show on public pages: a change to
    any of them makes every cached page stale (see releases.cache)."""
    from django.db.models.signals import post_delete, post_save

    from releases.cache import invalidate

    from .models import Campaign, Coalition, Membership, Signatory

    for model in (Campaign, Coalition, Membership):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"pages-{model}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"pages-d-{model}")
    post_save.connect(_signatory_saved, sender=Signatory, dispatch_uid="pages-signatory")
    post_delete.connect(invalidate, sender=Signatory, dispatch_uid="pages-d-signatory")
    post_delete.connect(_refresh_search, sender=Signatory, dispatch_uid="search-d-signatory")
    post_delete.connect(_uncount, sender=Signatory, dispatch_uid="count-d-signatory")
    # Whether individuals are listed changes which names are searchable.
    post_save.connect(_refresh_search, sender=Campaign, dispatch_uid="search-campaign")


def _signatory_saved(sender, instance, **kwargs):
    """A sign-on waiting for its confirmation or a moderator is on no public page:
    only a change to a listed row, or a row becoming listed, makes pages stale. So a
    flood of sign-ons keeps the pages cached. A newly listed name only adds to pages:
    readers may be answered the page before it while it is rendered afresh."""
    from releases.cache import invalidate, invalidate_gracefully

    if instance.was_approved:
        invalidate()
        _refresh_search(sender, instance)
    elif instance.status == instance.Status.APPROVED:
        invalidate_gracefully()
        _refresh_search(sender, instance)


def _uncount(sender, instance, origin=None, **kwargs):
    """A deleted listed row leaves its statement's count, in the deletion's transaction
    (unless the statement goes with it)."""
    from .models import SignatoryList

    if isinstance(origin, Statement) or getattr(origin, "model", None) is Statement:
        return
    if instance._stored_status == instance.Status.APPROVED:
        SignatoryList.objects.count_change(
            instance.statement_id, before=instance._stored_kind, after=None, missing="skip"
        )


def _refresh_search(sender, instance, **kwargs):
    """Listed signatories' names are part of the statement's stored search text."""
    Statement.objects.filter(pk=instance.statement_id).refresh_search_vectors()


_invalidate_pages_on_changes()
