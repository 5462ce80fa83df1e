"""Test suite: SQLite unless DATABASE_URL says otherwise, fast hashing, mail in memory.

Tasks run at once, whatever TASKS_BACKEND says; tests of the database queue override TASKS.
"""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from .base import *  # noqa: E402,F403
from .base import VAR_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = tasks_setting("immediate")  # noqa: F405
# Publishers and administrators log in with a second factor, as in production.
TWO_FACTOR_REQUIRED = True
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The benchmark and load generators (tests/bench): never installed by production settings.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.bench"]  # noqa: F405
