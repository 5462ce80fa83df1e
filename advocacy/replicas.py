"""Read replicas of PostgreSQL for anonymous readers' pages (DATABASE_REPLICA_URLS).

A write goes to the primary, and so does every read that could follow one: staff in the
admin, a form being posted, commands and the task worker. Only an anonymous reader's GET
or HEAD reads from a replica, which may lag the primary by a moment; the page cache keeps
a page rendered in that moment only briefly (releases.cache, REPLICA_LAG_SECONDS).
"""

import random
from contextvars import ContextVar

from django.conf import settings

_reads_may_lag = ContextVar("reads_may_lag", default=False)


def replicas():
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reads_may_lag.get():
            names = replicas()
            if names:
                return random.choice(names)
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the same data as the primary

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """Lets an anonymous reader's GET read from a replica (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lag_is_fine = (
            request.method in ("GET", "HEAD")
            and not request.user.is_authenticated
            and not request.path.startswith(f"/{settings.ADMIN_URL}")
        )
        token = _reads_may_lag.set(lag_is_fine)
        try:
            return self.get_response(request)
        finally:
            _reads_may_lag.reset(token)
