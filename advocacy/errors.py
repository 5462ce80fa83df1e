"""Error pages in the reader's language, and a 503 rather than a 500 when the database is down.

Django calls these handlers (set in `advocacy/urls.py`) when `DEBUG` is off. The language
comes from the address (`/es/...` is Spanish), as the page that failed would have had it.
The 500 and 503 pages render from their templates alone, with no request context and no
database; if even that fails, a fixed page in both languages is sent. The public never sees
a stack trace: the error goes to the log, with the request's reference, which the page shows.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation

from .request_id import current_request_id

logger = logging.getLogger(__name__)

# psycopg's "connection refused", a dropped connection, a statement timeout, SQLite's
# "database is locked": all pass; the reader should come back, not report a bug.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60

_FALLBACK = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<title>{status}</title></head><body>
<h1>{status}</h1>
<p lang="en">Sorry, this page cannot be shown right now. Please try again later.</p>
<p lang="es">Lo sentimos, esta página no se puede mostrar ahora. Vuelva a intentarlo más tarde.</p>
<p>Reference / Referencia: {request_id}</p>
</body></html>
"""


def language_of(request):
    """The site language of the address: Spanish under /es/, else the default."""
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def render_error(request, template_name, status, *, use_request=True):
    request_id = getattr(request, "request_id", None) or current_request_id.get()
    language = language_of(request)
    context = {"status": status, "request_id": request_id, "SITE_NAME": settings.SITE_NAME}
    try:
        with translation.override(language):
            content = loader.render_to_string(
                template_name, context, request=request if use_request else None
            )
    except Exception:
        logger.exception("The error page %s could not be rendered", template_name)
        content = _FALLBACK.format(lang=language, status=status, request_id=request_id)
    response = HttpResponse(content, status=status)
    response["Content-Language"] = language
    return response


def bad_request(request, exception):
    return render_error(request, "400.html", 400)


def permission_denied(request, exception):
    return render_error(request, "403.html", 403)


def page_not_found(request, exception):
    return render_error(request, "404.html", 404)


def server_error(request):
    """500, or 503 with Retry-After when the cause is the database being out of reach.

    Django calls this while handling the exception, so `sys.exc_info()` holds it.
    """
    if _database_unavailable(sys.exc_info()[1]):
        response = render_error(request, "503.html", 503, use_request=False)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        response = render_error(request, "500.html", 500, use_request=False)
    response["Cache-Control"] = "private, no-store"
    return response


def _database_unavailable(exception):
    seen = 0
    while exception is not None and seen < 5:
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return True
        exception = exception.__cause__ or exception.__context__
        seen += 1
    return False
