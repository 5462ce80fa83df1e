"""The benchmark: production settings served over plain HTTP on loopback.

Only `manage.py bench` uses these; they turn off what a load generator cannot do
(HTTPS, human typing speed) and keep everything else as in production.
"""

import os

os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-never-used-in-production-0123")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("CONN_MAX_AGE", "60")
os.environ.setdefault("DEBUG", "0")

from .base import VAR_DIR  # noqa: E402
from .prod import *  # noqa: E402,F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STATIC_ROOT = VAR_DIR / "bench" / "static"
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
# As in production, a sign-on request only enqueues its email in the database queue.
TASKS = tasks_setting("database")  # noqa: F405
SIGNON_MIN_SECONDS = 0
SIGNON_RATE_PER_IP = 10**9
SIGNON_RATE_PER_EMAIL = 10**9
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# The benchmark and load generators (tests/bench): never installed by production settings.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.bench"]  # noqa: F405
