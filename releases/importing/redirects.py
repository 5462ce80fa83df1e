"""Old addresses keep working: a link to a post of the old site leads to the statement
imported from it.

In: a request the site has no page for (a 404), or WordPress's "/?p=123". Out: a
permanent redirect to the statement's page, when an `OldAddress` names that path and the
statement is public; otherwise the response as it was. A draft or an embargoed statement
is never revealed, not even its address.

Placed before the page cache (`releases.cache`): "/?p=123" would otherwise be answered
with the cached front page, and a redirect is never stored there (only 200s are), so a
statement published later redirects from that moment on.
"""

from django.http import HttpResponsePermanentRedirect
from django.utils.cache import patch_cache_control

from ..models import Statement
from .models import normalize_old_path

_WORDPRESS_QUERIES = ("p", "page_id")


class OldAddressRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and any(q in request.GET for q in _WORDPRESS_QUERIES):
            redirect = _redirect(request)
            if redirect is not None:
                return redirect
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            return _redirect(request) or response
        return response


def _redirect(request):
    path = normalize_old_path(request.get_full_path())
    statement = Statement.objects.published().filter(old_addresses__path=path).only("slug").first()
    if statement is None:
        return None
    response = HttpResponsePermanentRedirect(statement.get_absolute_url())
    # Kept a day, not for ever: the statement may be unpublished or renamed later.
    patch_cache_control(response, public=True, max_age=86400)
    return response
