from django.apps import AppConfig


class CoalitionsConfig(AppConfig):
    name = "coalitions"
    verbose_name = "Coalitions and sign-ons"

    def ready(self):
        import reversion

        from . import receivers  # noqa: F401
        from .models import Signatory

        # Each step of a sign-on is a revision (coalitions.services); not name_key, derived.
        reversion.register(Signatory, exclude=("name_key",))
