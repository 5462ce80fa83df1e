"""Settings of a real `manage.py db_worker` started by test_kill_worker.py: the test
settings with the database queue, and SMTP to the test's mail sink (SINK_PORT)."""

import os

from advocacy.settings.test import *  # noqa: F403
from advocacy.settings.test import tasks_setting

TASKS = tasks_setting("database")
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": int(os.environ["SINK_PORT"]), "timeout": 60},
    }
}
PRESS_SEND_LEASE_SECONDS = float(os.environ.get("PRESS_SEND_LEASE_SECONDS", "2"))
PRESS_SEND_RATE_PER_MINUTE = int(os.environ.get("PRESS_SEND_RATE_PER_MINUTE", "6000"))
SITE_URL = "https://press.example.org"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
