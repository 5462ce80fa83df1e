"""Whole public pages cached for anonymous readers, never stale after a change.

Every cached page is stored under the current *content version*. Any change to what a
public page can show (a statement, its issuers, contacts, tags, attachments, the
directory, listed signatories, campaigns, coalitions) moves the version on, so the next
request renders afresh. A statement under embargo becomes public without anyone acting:
the moment it does counts as a change too, and moves the version on by itself.

Pages with a form are cached as well. The values in them that belong to one reader (the
CSRF token, the sign-on form's fill-time stamp) are stored as placeholders and filled in
for each reader; see `per_reader_input`.

A change that only adds to a page (a signatory newly listed, an embargo lifting) lets
the readers who arrive while one request renders the page afresh be answered the page
before it, for that moment: a statement that goes viral is rendered about once per new
signatory, not once per reader. Every other change forbids it (`versions`).

Each process keeps a copy of the pages it served, checked against the content version
in the shared cache on every request (`pages`); pages are stored compressed too, and
answered in the encoding the reader accepts.

Each cached page carries an ETag and a Last-Modified date (the moment of the content
version), so that a reader who has it already gets a 304 Not Modified.

Two middlewares share the work: `AnonymousPageCacheMiddleware`, right after WhiteNoise,
answers stored pages before the rest of the stack runs (a page with a form has its
reader's CSRF token made by Django's CSRF middleware, called from there);
`PerReaderPageCacheMiddleware`, inside CSRF, stores the pages with per-reader values.

Not cached: anything but GET/HEAD, requests carrying a session (as every signed-in user's
does) or messages, responses that set cookies, are not 200 or say `private`/`no-store`.
`PAGE_CACHE = False` in settings turns all of it off (the benchmark's uncached runs).
Each answer says how it was made in `X-Page-Cache`: `hit`, `stale` or `miss`.
"""

from . import versions
from .middleware import AnonymousPageCacheMiddleware, PerReaderPageCacheMiddleware
from .pages import cacheable_request, forget_local_copies, per_reader_input
from .versions import (
    PAGE_SECONDS,
    current,
    enabled,
    invalidate,
    invalidate_gracefully,
    next_release,
    public_briefly,
    seconds_to_next_release,
    version,
)

# The names under which the tests and other apps knew them before this was a package.
_cacheable_request = cacheable_request
_seconds = versions.seconds

__all__ = [
    "PAGE_SECONDS",
    "AnonymousPageCacheMiddleware",
    "PerReaderPageCacheMiddleware",
    "cacheable_request",
    "current",
    "enabled",
    "forget_local_copies",
    "invalidate",
    "invalidate_gracefully",
    "next_release",
    "per_reader_input",
    "public_briefly",
    "seconds_to_next_release",
    "version",
]
