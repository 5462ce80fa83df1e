"""The two middlewares of the page cache (see the package's docstring)."""

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware

from . import pages, versions


class AnonymousPageCacheMiddleware:
    """Serve cached public pages to anonymous readers.

    Placed right after WhiteNoise: a cached page is answered before sessions, language,
    CSRF and authentication run, stored with every header they add. A page with
    per-reader values (a form's CSRF token) is stored by `PerReaderPageCacheMiddleware`,
    further in, where CSRF middleware has run; once stored, it is answered here, each
    reader's token made by the same CSRF middleware's two halves.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # A page with a form is answered here too, its CSRF token made and its cookie
        # set by Django's own CSRF middleware (its request and response halves), when
        # the token lives in a cookie, as by default.
        self.csrf = None
        if not settings.CSRF_USE_SESSIONS:
            self.csrf = CsrfViewMiddleware(get_response)

    def answer(self, request, page, how):
        if not page.holes:
            return pages.answer(request, page, how)
        self.csrf.process_request(request)
        return self.csrf.process_response(request, pages.answer(request, page, how))

    def __call__(self, request):
        if not versions.enabled() or not pages.cacheable_request(request):
            return self.get_response(request)
        state = versions.current()
        if state.version is None:  # the cache keeps nothing (Redis out of reach)
            return self.get_response(request)
        key = pages.key_for(request)
        page = pages.find(key, state)
        if page is not None and (not page.holes or self.csrf is not None):
            if pages.is_fresh(page, state):
                return self.answer(request, page, "hit")
            if pages.may_serve_stale(request, key, page, state):
                return self.answer(request, page, "stale")
        request._page_cache = (key, state, page)
        try:
            response = self.get_response(request)
            if request._page_cache is None or not pages.cacheable_response(response):
                return response  # stored further in, or not to be stored
            page = pages.store(key, response, state, response.content, holes=False)
        finally:
            pages.rendered(request)
        return pages.answer(request, page, "miss")


class PerReaderPageCacheMiddleware:
    """Cached pages with per-reader values, filled in for each reader (after
    AuthenticationMiddleware and inside CsrfViewMiddleware, which sets the cookie of a
    filled-in token)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        entry = getattr(request, "_page_cache", None)
        if entry is None or request.user.is_authenticated:
            request._page_cache = None
            return self.get_response(request)
        key, state, page = entry
        if page is not None and page.holes:
            if pages.is_fresh(page, state):
                request._page_cache = None
                return pages.answer(request, page, "hit")
            if pages.may_serve_stale(request, key, page, state):
                request._page_cache = None
                return pages.answer(request, page, "stale")
        response = self.get_response(request)
        if response.streaming:
            return response
        content, holes = pages.punch_holes(response.content)
        if not holes:
            return response  # the same for every reader: the outer middleware's
        request._page_cache = None  # never stored with one reader's values in it
        if not pages.cacheable_response(response):
            return response
        page = pages.store(key, response, state, content, holes=True)
        return pages.answer(request, page, "miss")
