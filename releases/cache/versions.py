"""The content version: the moment of the last change to anything a public page shows.

A page is stored with the version it was rendered under; once the version has moved on,
the page is stale. A change that may only add to pages (a new signatory listed, an
embargo lifting) moves it *gracefully*: while one request renders the page afresh, the
others may still be answered the page of the version before. Any other change (an edit,
an unpublished statement, a withdrawn signature) also moves the *floor*, below which no
page is ever served again.
"""

import secrets
import time
from datetime import timedelta
from functools import wraps
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.cache import patch_cache_control

from advocacy.cache import on_reconnect
from advocacy.replicas import replicas

PAGE_SECONDS = 300
VERSION_KEY = "pages:version"
FLOOR_KEY = "pages:floor"
NEXT_RELEASE_KEY = "pages:next-release"
# A new one each time the shared cache starts empty: what a process kept from before
# (its own copy of pages) cannot be dated against versions made since.
EPOCH_KEY = "pages:epoch"


class State(NamedTuple):
    version: int  # the current content version; None: the cache is out of reach
    floor: int  # the oldest version a page may be answered from while one renders it
    epoch: int  # the shared cache's life that these count in


def enabled():
    return getattr(settings, "PAGE_CACHE", True)


def version():
    """The current content version: a nanosecond timestamp; None while the cache cannot
    be reached, and nothing is cached."""
    return current().version


def current():
    """The current `State`: content version, floor and epoch.

    Reads the cache only (one round trip). The next embargo's moment is known whenever
    a page is stored or dated (`next_release()`), and kept until the next change: once
    it has passed, every page stored or dated before it is stale.
    """
    stored = cache.get_many([VERSION_KEY, FLOOR_KEY, EPOCH_KEY, NEXT_RELEASE_KEY])
    now_version = stored.get(VERSION_KEY)
    floor, epoch = stored.get(FLOOR_KEY), stored.get(EPOCH_KEY)
    next_release = stored.get(NEXT_RELEASE_KEY)
    if now_version is not None and next_release is not None and next_release <= timezone.now():
        now_version = _bump(strict=False)  # an embargo has lifted since: an addition
    if now_version is None or floor is None or epoch is None:
        # Nothing known (a new or emptied cache): nothing stored before may be served.
        cache.add(EPOCH_KEY, secrets.randbits(62), None)
        cache.add(VERSION_KEY, time.time_ns(), None)
        now_version = cache.get(VERSION_KEY)
        if now_version is None:  # the cache keeps nothing (Redis out of reach)
            return State(None, None, None)
        cache.add(FLOOR_KEY, now_version, None)
        floor, epoch = cache.get(FLOOR_KEY, now_version), cache.get(EPOCH_KEY, 0)
    return State(now_version, floor, epoch)


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
    from ..models import Statement

    now = timezone.now()
    upcoming = (
        Statement.objects.filter(status=Statement.Status.PUBLISHED, publish_at__gt=now)
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
    return upcoming or now + timedelta(days=365)


def invalidate(**kwargs):
    """Move the content version and its floor on: every cached page is stale from now,
    and none is served again. Usable as a signal receiver.

    It moves at once and again when the transaction commits, so that a page rendered
    by another request in between, from data not yet committed, is not kept either.
    The next embargo's moment is looked up again (the change may have set one).
    """
    _bump(strict=True)
    transaction.on_commit(lambda: _bump(strict=True))


def invalidate_gracefully(**kwargs):
    """Move the content version on for a change that only adds to pages (a signatory
    newly listed): pages are rendered afresh, and while one request renders a page the
    others may be answered the one before, for that moment.

    It moves once the transaction has committed (at once outside one): a page rendered
    before the commit would not hold the change, and a second move would render every
    page twice per change.
    """
    transaction.on_commit(lambda: _bump(strict=False))


@on_reconnect
def _forget_pages():
    """When Redis comes back after being out of reach: a change made meanwhile could not
    move the version, and Redis may come back with the pages it had."""
    _bump(strict=True)


def _bump(*, strict):
    # Never backwards, whatever the clocks of several app servers say: a page is fresh
    # while its version is the current one or newer.
    moved = max(time.time_ns(), (cache.get(VERSION_KEY) or 0) + 1)
    cache.set_many({VERSION_KEY: moved, FLOOR_KEY: moved} if strict else {VERSION_KEY: moved}, None)
    cache.delete(NEXT_RELEASE_KEY)
    return moved


def seconds(current_version):
    """How long to keep a page: PAGE_SECONDS, or with read replicas, only for as long as
    one may lag when the page was rendered right after a change (it may have been read
    from a replica that had not caught up yet)."""
    lag = getattr(settings, "REPLICA_LAG_SECONDS", 0)
    if lag and replicas() and time.time() - current_version / 1e9 < lag:
        return lag
    return PAGE_SECONDS


def last_modified(current_version):
    """The second of the content version, as a Last-Modified date, once that second has
    passed: within it, a later change could carry the same date (HTTP dates count
    whole seconds), so until then only the ETag tells versions apart."""
    second = current_version // 10**9
    return second if time.time() >= second + 1 else None


def seconds_to_next_release():
    """Whole seconds until the next embargoed statement goes public (0 if it is due)."""
    version()  # moves the version on if an embargo has just lifted
    return max(0, int((next_release() - timezone.now()).total_seconds()))


def public_briefly(max_seconds):
    """Like `cache_control(public=True, max_age=seconds)`, but never past the next
    embargo's moment: a browser or proxy keeping the response longer would go on
    showing a list without the statement that went public meanwhile."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            max_age = min(max_seconds, seconds_to_next_release())
            patch_cache_control(response, public=True, max_age=max_age)
            return response

        return wrapper

    return decorator
