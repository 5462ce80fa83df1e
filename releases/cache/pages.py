"""Stored pages: the shared cache, a copy in each process, per-reader values, renders.

A page is stored once per address (not once per content version), with the version it
was rendered under, its headers, its body and the body compressed in each encoding we
serve. Each process keeps its own copy of the pages it served lately, checked against
the content version on every request: a hit then costs one small read of the shared
cache (the version), not the transfer and unpickling of the whole page.

When a page is stale, one request renders it afresh (it takes a short lock in the shared
cache); the others that arrive meanwhile are answered the page they have, if no change
since it forbids that (`versions.current()`'s floor), instead of all rendering it at once.
"""

import hashlib
import re
import threading
from collections import OrderedDict
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from advocacy import compression

from . import versions

# How long one request may hold the right to render a page before another takes it over
# (a request that dies while rendering holds it that long: readers get the page before
# the change meanwhile).
RENDER_SECONDS = 5
# The copy each process keeps, in bytes of stored pages.
LOCAL_BYTES = 48 * 1024 * 1024

# Hidden inputs whose value is made for each reader, by name: name -> function(request).
_per_reader = {}
_HOLE = re.compile(rb"\x00per-reader:([\w-]+)\x00")
_LEFT_OUT = {"content-length", "content-encoding", "last-modified", "x-page-cache"}


class Page(NamedTuple):
    epoch: int  # of the shared cache when it was rendered (see versions.State)
    version: int  # the content version it was rendered under
    status: int
    headers: tuple  # (name, value) pairs of the response as the view made it
    content: bytes  # with placeholders where a reader's own values go (`holes`)
    compressed: dict  # encoding -> the content compressed, for pages without holes
    etag: str
    holes: bool

    @property
    def size(self):
        return len(self.content) + sum(len(body) for body in self.compressed.values())


def per_reader_input(name, make_value):
    """Cache pages with a hidden input `name` whose value `make_value(request)` makes
    afresh for each reader (the input as Django renders it: type, name, then value)."""
    _per_reader[name] = (
        re.compile(rf'(<input type="hidden" name="{re.escape(name)}" value=")[^"]*(")'.encode()),
        make_value,
    )


per_reader_input("csrfmiddlewaretoken", get_token)


def punch_holes(content):
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


def key_for(request):
    address = f"{request.get_host()}{request.get_full_path()}".encode()
    return f"page:{hashlib.sha256(address).hexdigest()}"


# --- this process's copy ------------------------------------------------------------

_local = OrderedDict()
_local_bytes = 0
_local_lock = threading.Lock()


def _remember(key, page):
    global _local_bytes
    if not settings.PAGE_CACHE_LOCAL:
        return
    with _local_lock:
        old = _local.pop(key, None)
        if old is not None:
            _local_bytes -= old.size
        _local[key] = page
        _local_bytes += page.size
        while _local_bytes > LOCAL_BYTES and len(_local) > 1:
            _key, dropped = _local.popitem(last=False)
            _local_bytes -= dropped.size


def _recall(key):
    with _local_lock:
        page = _local.get(key)
        if page is not None:
            _local.move_to_end(key)
        return page


def forget_local_copies():
    """Empty this process's copy (the shared cache was emptied: tests, a restore)."""
    global _local_bytes
    with _local_lock:
        _local.clear()
        _local_bytes = 0


def find(key, state):
    """The stored page at `key` of this epoch: this process's copy if it is of the
    current version or newer, else the shared cache's if newer than the copy, else the
    copy (or None)."""
    page = _recall(key)
    if page is not None and page.epoch != state.epoch:
        page = None
    if page is not None and page.version >= state.version:
        return page
    shared = cache.get(key)
    if (
        shared is not None
        and shared.epoch == state.epoch
        and (page is None or shared.version > page.version)
    ):
        _remember(key, shared)
        return shared
    return page


def is_fresh(page, state):
    return page.version >= state.version


def may_serve_stale(request, key, page, state):
    """Whether this request may answer the older `page` while another renders the
    page afresh: no change since it forbids it, and another request is rendering this
    address (else this one takes the right to render, and renders).

    One request at a time renders an address, whatever version it renders: while it
    does, more changes may come (ten sign-ons a second), and the next render, once it
    is done, takes them all in."""
    if page is None or page.version < state.floor or not settings.PAGE_CACHE_STALE:
        return False
    if cache.add(render_key(key), 1, RENDER_SECONDS):
        request._page_render_key = render_key(key)
        return False
    return True


def render_key(key):
    return f"{key}:render"


def rendered(request):
    """Give up the right to render the request's address, if it had it."""
    key = getattr(request, "_page_render_key", None)
    if key is not None:
        cache.delete(key)
        request._page_render_key = None


def store(key, response, state, content, *, holes):
    """Keep the response with `content` (with placeholders where the page has
    per-reader values), compressed in each encoding when it has none; the page."""
    versions.next_release()  # known from now on, until the version it dates is stale
    patch_vary_headers(response, ("Accept-Encoding",))
    headers = tuple(
        (name, value) for name, value in response.items() if name.lower() not in _LEFT_OUT
    )
    compressed = {}
    if not holes and compression.compressible(response):
        compressed = {
            encoding: compression.compress(content, encoding) for encoding in compression.ENCODINGS
        }
    etag = f'W/"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'
    page = Page(
        state.epoch, state.version, response.status_code, headers, content, compressed, etag, holes
    )
    cache.set(key, page, versions.seconds(state.version))
    _remember(key, page)
    return page


def answer(request, page, how):
    """The stored page as this reader gets it: dated, 304 Not Modified if they hold it
    already, with their own per-reader values, compressed as they accept. `how` says
    whether it was a hit, a stale page while another request renders, or a miss (this
    request rendered it)."""
    response = HttpResponse(status=page.status)
    for name, value in page.headers:
        response[name] = value
    response["ETag"] = page.etag
    response["X-Page-Cache"] = how
    modified = versions.last_modified(page.version)
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    not_modified = get_conditional_response(
        request, etag=page.etag, last_modified=modified, response=response
    )
    if not_modified is not response:
        return not_modified
    if page.holes:
        response.content = _fill_holes(page.content, request)
        return response  # compressed, if at all, by CompressionMiddleware
    encoding = compression.accepted(request.META.get("HTTP_ACCEPT_ENCODING"))
    if encoding in page.compressed:
        response.content = page.compressed[encoding]
        response["Content-Encoding"] = encoding
    else:
        response.content = page.content
    return response


def cacheable_request(request):
    """A GET or HEAD for a public address by a reader with no session: signing in
    starts a session, so a reader without one is anonymous."""
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith((f"/{settings.ADMIN_URL}", "/i18n/"))
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def cacheable_response(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )
