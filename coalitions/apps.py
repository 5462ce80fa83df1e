from django.apps import AppConfig


class CoalitionsConfig(AppConfig):
    name = "coalitions"
    verbose_name = "Coalitions and sign-ons"

    def ready(self):
        import reversion
        from django.db.models.signals import post_migrate

        from advocacy.two_factor import policy

        from . import (
            receivers,  # noqa: F401
            related,
        )
        from .models import Signatory
        from .roles import needs_second_factor, sync_roles_after_migrate

        # Which signatories a statement lists is ours to say, for its search and feeds.
        related.register()
        # The roles are defined here: publishers and administrators use two-factor login.
        policy.require_for(needs_second_factor)
        # Coalitions comes last in INSTALLED_APPS: every app has migrated by its signal.
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="sync-roles")
        # Each step of a sign-on is a revision (coalitions.services); not the keys, derived.
        reversion.register(Signatory, exclude=("name_key", "sort_key"))
