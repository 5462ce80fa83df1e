from django.apps import AppConfig


class CoalitionsConfig(AppConfig):
    name = "coalitions"
    verbose_name = "Coalitions and sign-ons"

    def ready(self):
        from releases.cache import per_reader_input

        from . import receivers  # noqa: F401
        from .forms import stamp

        # The sign-on form's fill-time stamp is made for each reader of a cached page.
        per_reader_input("started", lambda request: stamp())
