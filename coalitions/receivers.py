from django.dispatch import receiver

from releases.signals import statement_imported

from .services import add_imported_signatories


@receiver(statement_imported)
def on_statement_imported(sender, *, statement, release, **kwargs):
    add_imported_signatories(statement=statement, names=release.signatories)


def _invalidate_pages_on_changes():
    """Signatories, campaigns and coalitions show on public pages: a change to any of
    them makes every cached page stale (see releases.cache)."""
    from django.db.models.signals import post_delete, post_save

    from releases.cache import invalidate

    from .models import Campaign, Coalition, Membership, Signatory

    for model in (Signatory, Campaign, Coalition, Membership):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"pages-{model}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"pages-d-{model}")


_invalidate_pages_on_changes()
