"""The site's URLs plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from advocacy.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug in a view: secret detail")


urlpatterns = [
    path("forbidden/", forbidden),
    path("es/forbidden/", forbidden),
    path("broken/", broken),
    path("es/broken/", broken),
    *urlpatterns,
]
