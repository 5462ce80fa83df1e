"""Whole public pages cached for anonymous readers, never stale.

Every cached page is stored under the current *content version*. Any change to what a
public page can show (a statement, its issuers, contacts, tags, attachments, the
directory, listed signatories, campaigns, coalitions) moves the version on, so the next
request renders afresh. A statement under embargo becomes public without anyone acting:
the moment it does counts as a change too, and moves the version on by itself.

Pages with a form are cached as well. The values in them that belong to one reader (the
CSRF token, the sign-on form's fill-time stamp) are stored as placeholders and filled in
for each reader; see `per_reader_input`.

Each cached page carries an ETag and a Last-Modified date (the moment of the content
version), so that a reader who has it already gets a 304 Not Modified.

Two middlewares share the work: `AnonymousPageCacheMiddleware`, right after WhiteNoise,
answers pages that are the same for every reader before the rest of the stack runs;
`PerReaderPageCacheMiddleware`, inside CSRF, those with per-reader values.

Not cached: anything but GET/HEAD, requests carrying a session (as every signed-in user's
does) or messages, responses that set cookies, are not 200 or say `private`/`no-store`.
`PAGE_CACHE = False` in settings turns all of it off (the benchmark's uncached runs).
"""

import hashlib
import re
import time
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from advocacy.cache import on_reconnect
from advocacy.replicas import replicas

PAGE_SECONDS = 300
VERSION_KEY = "pages:version"
NEXT_RELEASE_KEY = "pages:next-release"

# Hidden inputs whose value is made for each reader, by name: name -> function(request).
_per_reader = {}


def per_reader_input(name, make_value):
    """Cache pages with a hidden input `name` whose value `make_value(request)` makes
    afresh for each reader (the input as Django renders it: type, name, then value)."""
    _per_reader[name] = (
        re.compile(rf'(<input type="hidden" name="{re.escape(name)}" value=")[^"]*(")'.encode()),
        make_value,
    )


per_reader_input("csrfmiddlewaretoken", get_token)

_HOLE = re.compile(rb"\x00per-reader:([\w-]+)\x00")


def enabled():
    return getattr(settings, "PAGE_CACHE", True)


def version():
    """The current content version: a nanosecond timestamp, moved on by every change
    and by the moment an embargoed statement goes public; None while the cache cannot
    be reached, and nothing is cached.

    Reads the cache only. The next embargo's moment is known whenever a page is stored
    or dated (`next_release()`), and kept until the next change: once it has passed,
    every page stored or dated before it is stale.
    """
    stored = cache.get_many([VERSION_KEY, NEXT_RELEASE_KEY])
    current = stored.get(VERSION_KEY)
    next_release = stored.get(NEXT_RELEASE_KEY)
    if current is not None and next_release is not None and next_release <= timezone.now():
        _bump()  # an embargo has lifted since
        current = None
    if current is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        current = cache.get(VERSION_KEY)  # None only while the cache cannot keep it
    return current


def next_release():
    """The next moment an embargoed statement goes public, looked up once per content
    version (a change to a statement may set one, so every change forgets it)."""
    moment = cache.get(NEXT_RELEASE_KEY)
    if moment is None:
        moment = _next_release()
        cache.set(NEXT_RELEASE_KEY, moment, None)
    return moment


def _next_release():
    """The next moment an embargoed statement goes public (or a year from now)."""
    from .models import Statement

    now = timezone.now()
    upcoming = (
        Statement.objects.filter(status=Statement.Status.PUBLISHED, publish_at__gt=now)
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
    return upcoming or now + timedelta(days=365)


def invalidate(**kwargs):
    """Move the content version on: every cached page is stale from now. Usable as a
    signal receiver.

    It moves at once and again when the transaction commits, so that a page rendered
    by another request in between, from data not yet committed, is not kept either.
    The next embargo's moment is looked up again (the change may have set one).
    """
    _bump()
    transaction.on_commit(_bump)


@on_reconnect
def _bump():
    """Also when Redis comes back after being out of reach: a change made meanwhile
    could not move the version, and Redis may come back with the pages it had."""
    cache.set(VERSION_KEY, time.time_ns(), None)
    cache.delete(NEXT_RELEASE_KEY)


def _seconds(current_version):
    """How long to keep a page: PAGE_SECONDS, or with read replicas, only for as long as
    one may lag when the page was rendered right after a change (it may have been read
    from a replica that had not caught up yet)."""
    lag = getattr(settings, "REPLICA_LAG_SECONDS", 0)
    if lag and replicas() and time.time() - current_version / 1e9 < lag:
        return lag
    return PAGE_SECONDS


def _last_modified(current_version):
    """The second of the content version, as a Last-Modified date, once that second has
    passed: within it, a later change could carry the same date (HTTP dates count
    whole seconds), so until then only the ETag tells versions apart."""
    second = current_version // 10**9
    return second if time.time() >= second + 1 else None


def _punch_holes(content):
    """The page with each per-reader value replaced by its placeholder, and how many
    there were."""
    holes = 0
    for name, (pattern, _make) in _per_reader.items():
        hole = b"\x00per-reader:" + name.encode() + b"\x00"
        content, found = pattern.subn(lambda match, hole=hole: match[1] + hole + match[2], content)
        holes += found
    return content, holes


def _fill_holes(content, request):
    values = {}

    def fill(match):
        name = match.group(1).decode()
        if name not in values:
            values[name] = _per_reader[name][1](request).encode()
        return values[name]

    return _HOLE.sub(fill, content)


def seconds_to_next_release():
    """Whole seconds until the next embargoed statement goes public (0 if it is due)."""
    version()  # moves the version on if an embargo has just lifted
    return max(0, int((next_release() - timezone.now()).total_seconds()))


def public_briefly(seconds):
    """Like `cache_control(public=True, max_age=seconds)`, but never past the next
    embargo's moment: a browser or proxy keeping the response longer would go on
    showing a list without the statement that went public meanwhile."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            max_age = min(seconds, seconds_to_next_release())
            patch_cache_control(response, public=True, max_age=max_age)
            return response

        return wrapper

    return decorator


def _page_key(request, current_version):
    address = f"{request.get_host()}{request.get_full_path()}".encode()
    return f"page:{current_version}:{hashlib.sha256(address).hexdigest()}"


def _cacheable_request(request):
    """A GET or HEAD for a public address by a reader with no session: signing in
    starts a session, so a reader without one is anonymous."""
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith((f"/{settings.ADMIN_URL}", "/i18n/"))
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _cacheable_response(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _store(key, response, current_version, content, *, holes):
    """Keep the response with `content` (with placeholders where the page has
    per-reader values) and give it its ETag."""
    next_release()  # known from now on, until the version it dates is stale
    # In one piece, also if the view wrote it in many: the server sends each piece apart.
    response.content = content
    response["ETag"] = f'W/"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    response.headers.pop("Last-Modified", None)  # the content version's, when answered
    cache.set(key, (response, holes), _seconds(current_version))


def _answer(request, response, current_version, *, holes):
    """The stored response as this reader gets it: dated, 304 Not Modified if they hold
    it already, and with their own per-reader values filled in."""
    last_modified = _last_modified(current_version)
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    not_modified = get_conditional_response(
        request, etag=response["ETag"], last_modified=last_modified, response=response
    )
    if not_modified is not response:
        return not_modified
    if holes:
        response.content = _fill_holes(response.content, request)
    return response


class AnonymousPageCacheMiddleware:
    """Serve cached public pages to anonymous readers.

    Placed right after WhiteNoise: a page that is the same for every reader is answered
    before sessions, language, CSRF and authentication run, stored with every header
    they add. A page with per-reader values (a form's CSRF token) needs CSRF middleware
    to set the reader's cookie, so `PerReaderPageCacheMiddleware`, further in, stores
    and serves those.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not _cacheable_request(request):
            return self.get_response(request)
        current_version = version()
        if current_version is None:  # the cache keeps nothing (Redis out of reach)
            return self.get_response(request)
        key = _page_key(request, current_version)
        stored = cache.get(key)
        if stored is not None:
            response, holes = stored
            if not holes:
                response["X-Page-Cache"] = "hit"
                return _answer(request, response, current_version, holes=False)
        request._page_cache = (key, current_version, stored)
        response = self.get_response(request)
        if request._page_cache is None or not _cacheable_response(response):
            return response  # stored further in, or not to be stored
        _store(key, response, current_version, response.content, holes=False)
        return _answer(request, response, current_version, holes=False)


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
        key, current_version, stored = entry
        if stored is not None:
            response, _holes = stored
            response["X-Page-Cache"] = "hit"
        else:
            response = self.get_response(request)
            if response.streaming:
                return response
            content, holes = _punch_holes(response.content)
            if not holes:
                return response  # the same for every reader: the outer middleware's
            request._page_cache = None  # never stored with one reader's values in it
            if not _cacheable_response(response):
                return response
            _store(key, response, current_version, content, holes=True)
        request._page_cache = None
        return _answer(request, response, current_version, holes=True)
