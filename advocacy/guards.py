"""What the public forms share against spam and floods: a signed stamp of when the form
was served (a minimum fill time) and rate limits per hour, counted per client address
(`advocacy.clientip`) and per email address.

The sign-on form (coalitions) and the press-list subscription (releases) both use them.
The hidden field of the stamp is filled in for each reader of a cached page: the page
cache knows it by the name `started` (see `releases.apps`).
"""

import time

from django.core import signing
from django.core.cache import cache

RATE_WINDOW = 3600
# The salt the sign-on form first signed its stamps with: stamps in pages served before
# this module existed still read.
STAMP_SALT = "coalitions.signon.started"


def stamp():
    """A signed timestamp for a form's hidden `started` field."""
    return signing.dumps(time.time(), salt=STAMP_SALT)


def seconds_since_stamp(value):
    """How long ago the form carrying this stamp was served; None for a stamp that is
    missing, altered or not ours."""
    try:
        started = float(signing.loads(value or "", salt=STAMP_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return time.time() - started


def over_rate_limit(kind, value, limit):
    """Count one more attempt for `value`; True once it is over `limit` this hour."""
    key = f"rate:{kind}:{value}"
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW)
        count = 1
    return count > limit
