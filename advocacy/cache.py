"""Django's Redis cache, made to carry on without Redis.

Redis holds what every app server shares: the page cache and its content version, the
sign-on and login rate limits. None of it is the only copy of anything, so when Redis
cannot be reached (stopped, restarting, a network fault) the site goes on without it:

- a read finds nothing (`get` gives the default, `get_many` nothing): every page is
  rendered afresh from the database, slower but correct;
- a write is dropped; `incr` raises ValueError, as for a key that is not there;
- so the rate limits count nothing and **fail open**: partners can still sign on and
  staff can still log in (README, "Deploying": why).

The failure is caught here, in one place, and logged once (a warning naming the error);
for `RETRY_SECONDS` afterwards Redis is not asked at all, so a request does not pay a
connection timeout on each of its cache calls. The first call that reaches Redis again
logs that it is back and runs the functions registered with `on_reconnect`: changes
made meanwhile could not move the page cache's content version, so the page cache
registers one that moves it (`releases.cache`), lest Redis come back with old pages.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Redis out of reach: refused, reset, timed out, still loading its data after a restart.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
RETRY_SECONDS = 5

_reconnect_hooks = []


def on_reconnect(function):
    """Call `function()` when a cache that could not reach Redis reaches it again."""
    if function not in _reconnect_hooks:
        _reconnect_hooks.append(function)
    return function


def _missing(*args, **kwargs):
    raise ValueError("Redis cannot be reached: the key is taken as missing.")


def _degrading(name, fallback):
    """RedisCache's method `name`, answering `fallback(*args, **kwargs)` instead while
    Redis is out of reach."""
    operation = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        if self._down and self._retry_at > time.monotonic():
            return fallback(*args, **kwargs)
        try:
            result = operation(self, *args, **kwargs)
        except UNREACHABLE as error:
            self._went_down(error)
            return fallback(*args, **kwargs)
        if self._down:
            self._came_back()
        return result

    method.__name__ = name
    method.__doc__ = operation.__doc__
    return method


class ResilientRedisCache(RedisCache):
    """`django.core.cache.backends.redis.RedisCache` that degrades as the module says.

    `RETRY_SECONDS` in the cache's settings changes how long it leaves Redis alone after
    a failure (default 5).
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self.retry_seconds = float(params.get("RETRY_SECONDS", RETRY_SECONDS))
        self._down = False
        self._retry_at = 0.0  # while down, Redis is not asked before this time.monotonic()

    def _went_down(self, error):
        again = " still" if self._down else ""
        logger.warning(
            "The cache at %s is%s out of reach (%s): serving without it, "
            "rate limits open; trying again in %g s.",
            self._servers[0],
            again,
            error,
            self.retry_seconds,
        )
        self._down = True
        self._retry_at = time.monotonic() + self.retry_seconds

    def _came_back(self):
        self._down = False
        logger.warning("The cache at %s is reachable again.", self._servers[0])
        for hook in _reconnect_hooks:
            try:
                hook()
            except Exception:
                logger.exception("After the cache came back, %r failed", hook)

    get = _degrading("get", lambda key, default=None, version=None: default)
    get_many = _degrading("get_many", lambda keys, version=None: {})
    has_key = _degrading("has_key", lambda *args, **kwargs: False)
    add = _degrading("add", lambda *args, **kwargs: False)
    set = _degrading("set", lambda *args, **kwargs: None)
    set_many = _degrading("set_many", lambda data, *args, **kwargs: list(data))
    touch = _degrading("touch", lambda *args, **kwargs: False)
    delete = _degrading("delete", lambda *args, **kwargs: False)
    delete_many = _degrading("delete_many", lambda *args, **kwargs: None)
    incr = _degrading("incr", _missing)
    clear = _degrading("clear", lambda: False)
