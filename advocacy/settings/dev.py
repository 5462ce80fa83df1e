"""Development: DEBUG on by default, mail printed to the console, tasks run at once.

Two-factor login is offered but not required (TWO_FACTOR_REQUIRED=1 to require it), so
that the demo logins of `make run` work without a phone.

Tasks run in the process that enqueues them, so `make run` alone sends the sign-on mail;
TASKS_BACKEND=database queues them for `make worker` instead, as in production.
"""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
os.environ.setdefault("TASKS_BACKEND", "immediate")
os.environ.setdefault("TWO_FACTOR_REQUIRED", "0")
# Printed at the foot of releases sent to the press (in production, your real address).
os.environ.setdefault("PRESS_POSTAL_ADDRESS", "Press Room (development), 1 Example St, Chicago")

from .base import *  # noqa: E402,F403

# The benchmark and load generators (tests/bench): never installed by production settings.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.bench"]  # noqa: F405
