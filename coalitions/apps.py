from django.apps import AppConfig


class CoalitionsConfig(AppConfig):
    name = "coalitions"
    verbose_name = "Coalitions and sign-ons"

    def ready(self):
        from . import receivers  # noqa: F401
