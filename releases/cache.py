"""Whole public pages cached for anonymous readers, never stale.

Every cached page is stored under the current *content version*. Any change to what a
public page can show (a statement, its issuers, contacts, tags, attachments, the
directory, signatories, campaigns, coalitions) moves the version on, so the next request
renders afresh. A statement under embargo becomes public without anyone acting, so no
page is kept past the next embargo's moment.

Not cached: anything but GET/HEAD, signed-in users, requests carrying a session or
messages, pages that rendered a form token (CSRF), responses that set cookies or are
not 200.
"""

import hashlib
import time
from datetime import timedelta
from functools import wraps

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

PAGE_SECONDS = 300
VERSION_KEY = "pages:version"
_SKIP_PREFIXES = ("/admin/", "/i18n/")


def version():
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        current = cache.get(VERSION_KEY)
    return current


def invalidate(**kwargs):
    """Move the content version on: every cached page is stale from now. Usable as a
    signal receiver.

    It moves at once and again when the transaction commits, so that a page rendered
    by another request in between, from data not yet committed, is not kept either.
    """
    _bump()
    transaction.on_commit(_bump)


def _bump():
    cache.set(VERSION_KEY, time.time_ns(), None)


def seconds_to_keep(current_version):
    """PAGE_SECONDS, or less when an embargoed statement goes public before then.

    The next embargo's moment is looked up once per content version."""
    from .models import Statement

    now = timezone.now()
    key = f"pages:{current_version}:next-release"
    next_release = cache.get(key)
    if next_release is None or next_release <= now:
        upcoming = (
            Statement.objects.filter(status=Statement.Status.PUBLISHED, publish_at__gt=now)
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )
        next_release = upcoming or now + timedelta(days=365)
        cache.set(key, next_release, PAGE_SECONDS)
    return max(0, min(PAGE_SECONDS, int((next_release - now).total_seconds())))


def public_briefly(seconds):
    """Like `cache_control(public=True, max_age=seconds)`, but never past the next
    embargo's moment: a browser or proxy keeping the response longer would go on
    showing a list without the statement that went public meanwhile."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            max_age = min(seconds, seconds_to_keep(version()))
            patch_cache_control(response, public=True, max_age=max_age)
            return response

        return wrapper

    return decorator


class AnonymousPageCacheMiddleware:
    """Serve cached public pages to anonymous readers (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._cacheable_request(request):
            return self.get_response(request)
        current_version = version()
        address = f"{request.get_host()}{request.get_full_path()}".encode()
        key = f"page:{current_version}:{hashlib.sha256(address).hexdigest()}"
        stored = cache.get(key)
        if stored is not None:
            content, status, headers = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._cacheable_response(request, response):
            seconds = seconds_to_keep(current_version)
            if seconds:
                headers = [
                    (name, value)
                    for name, value in response.items()
                    if name.lower() not in ("set-cookie", "x-page-cache")
                ]
                cache.set(key, (response.content, response.status_code, headers), seconds)
        return response

    @staticmethod
    def _cacheable_request(request):
        return (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(_SKIP_PREFIXES)
            and not request.user.is_authenticated
            and "sessionid" not in request.COOKIES
            and "messages" not in request.COOKIES
        )

    @staticmethod
    def _cacheable_response(request, response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )
