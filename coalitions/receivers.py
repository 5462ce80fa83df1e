from django.dispatch import receiver

from releases.signals import statement_imported

from .services import add_imported_signatories


@receiver(statement_imported)
def on_statement_imported(sender, *, statement, release, **kwargs):
    add_imported_signatories(statement=statement, names=release.signatories)
