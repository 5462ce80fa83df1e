"""Reads of statement pages per day and the sites that sent readers, without tracking them.

Counted by our own server, in `ReachMiddleware`, which sits before the page cache: a
statement page is most often answered from the cache before any view runs, and is
counted all the same. No cookie is set or read for it, no script runs, no address is
kept: a read adds one to a counter of (day, statement, referring domain), and that is
all that is known of it. Not counted: robots and link previewers (by User-Agent),
prefetches, HEAD requests, staff signed in, and answers other than 200 or 304.

Counting costs no database write. With Redis (REDIS_URL) each read is one HINCRBY on a
hash per day, shared by every app server; otherwise (development) a counter in the
process. `flush()` moves the counts into `StatementReads`: `manage.py flush_reach`, to
run every few minutes, and the statement's admin page before it shows them.
"""

import logging
import re
import threading
import time
from collections import Counter
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from redis.exceptions import ResponseError

logger = logging.getLogger(__name__)

KEEP_DAYS = 8  # counts not flushed for this long are dropped
# After a failure to count (Redis out of reach), reads go uncounted this long, so that no
# reader waits on a connection timeout and the log gets one line, not one per read.
PAUSE_SECONDS = 30
_paused_until = [0.0]
_STATEMENT_PAGE = re.compile(r"^/(?:[a-z]{2}/)?statements/(?P<slug>[-\w]+)/$")
_ROBOT = re.compile(
    r"bot|crawl|spider|slurp|preview|fetch|monitor|scan|check|curl|wget|python|java|go-http|"
    r"okhttp|httpclient|headless|lighthouse|facebookexternalhit|whatsapp|embedly|feed|archive",
    re.IGNORECASE,
)
_FIELD = "\t"


def is_robot(user_agent):
    return not user_agent or bool(_ROBOT.search(user_agent))


def referrer_domain(referer, own_host):
    """The site a reader came from: its host name without www., blank for none or ours."""
    try:
        host = (urlsplit(referer or "").hostname or "").lower()
    except ValueError:
        return ""
    host = host.removeprefix("www.")
    if not host or host == own_host.removeprefix("www."):
        return ""
    return host[:100]


# Where the counts wait: a Redis hash per day, or this process's memory.

_local = Counter()
_local_lock = threading.Lock()


def _redis():
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return backend._cache.get_client(write=True)
    return None


def _key(day):
    return caches["default"].make_and_validate_key(f"reach:{day.isoformat()}")


def count(slug, referrer, *, day=None):
    day = day or timezone.localdate()
    field = f"{slug}{_FIELD}{referrer}"
    client = _redis()
    if client is None:
        with _local_lock:
            _local[(day, field)] += 1
        return
    key = _key(day)
    pipe = client.pipeline(transaction=False)
    pipe.hincrby(key, field, 1)
    pipe.expire(key, int(timedelta(days=KEEP_DAYS).total_seconds()))
    pipe.execute()


def _take_counts():
    """Take the counts waiting, so that no other flush counts them again."""
    taken = Counter()
    client = _redis()
    if client is None:
        with _local_lock:
            taken.update(_local)
            _local.clear()
        return taken
    today = timezone.localdate()
    for back in range(KEEP_DAYS):
        day = today - timedelta(days=back)
        key = _key(day)
        moving = f"{key}:flushing"
        try:
            client.rename(key, moving)  # atomic: new reads start a new hash
        except ResponseError:  # no reads that day
            continue
        for field, value in client.hgetall(moving).items():
            taken[(day, field.decode())] += int(value)
        client.delete(moving)
    return taken


def flush():
    """Add the counts waiting to `StatementReads`. Returns how many reads were added."""
    from releases.models import Statement

    from .models import StatementReads

    taken = _take_counts()
    if not taken:
        return 0
    slugs = {field.split(_FIELD, 1)[0] for _day, field in taken}
    ids = dict(Statement.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    added = 0
    with transaction.atomic():
        for (day, field), reads in taken.items():
            slug, referrer = field.split(_FIELD, 1)
            if slug not in ids:
                continue
            row, created = StatementReads.objects.get_or_create(
                statement_id=ids[slug], day=day, referrer=referrer, defaults={"count": reads}
            )
            if not created:
                StatementReads.objects.filter(pk=row.pk).update(count=F("count") + reads)
            added += reads
    return added


def summary(statement, *, days=30):
    """Reads per day (oldest first, every day of the period) and the top referrers."""
    since = timezone.localdate() - timedelta(days=days - 1)
    rows = statement.reads.filter(day__gte=since)
    per_day = dict(rows.values_list("day").annotate(n=Sum("count")).order_by())
    series = [
        (since + timedelta(days=n), per_day.get(since + timedelta(days=n), 0)) for n in range(days)
    ]
    referrers = list(
        rows.exclude(referrer="")
        .values_list("referrer")
        .annotate(n=Sum("count"))
        .order_by("-n", "referrer")[:10]
    )
    return {
        "days": series,
        "total": sum(per_day.values()),
        "peak": max(per_day.values(), default=0),
        "referrers": referrers,
        "direct": rows.filter(referrer="").aggregate(n=Sum("count"))["n"] or 0,
    }


class ReachMiddleware:
    """Count the reads of statement pages, cached or not (placed before the page cache)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "GET" or response.status_code not in (200, 304):
            return response
        match = _STATEMENT_PAGE.match(request.path_info)
        if match is None or match["slug"].isdigit():  # /statements/2018/ is a year
            return response
        meta = request.META
        if (
            is_robot(meta.get("HTTP_USER_AGENT", ""))
            or meta.get("HTTP_SEC_PURPOSE", "").startswith("prefetch")
            or meta.get("HTTP_PURPOSE") == "prefetch"
            or settings.SESSION_COOKIE_NAME in request.COOKIES  # staff, signed in
            or "no-store" in response.get("Cache-Control", "")  # a draft shown to staff
        ):
            return response
        if time.monotonic() < _paused_until[0]:
            return response  # Redis failed a moment ago: not asked again for a while
        try:
            count(match["slug"], referrer_domain(meta.get("HTTP_REFERER"), request.get_host()))
        except Exception as error:  # a count is never worth a reader's page
            _paused_until[0] = time.monotonic() + PAUSE_SECONDS
            logger.warning("Reads not counted for %s s: %s", PAUSE_SECONDS, error)
        return response
