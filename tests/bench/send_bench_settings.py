"""The worker of send_bench.py: the benchmark's production settings, with SMTP to the
benchmark's mail server (SINK_PORT) and the throttle it measures."""

import os

from advocacy.settings.bench import *  # noqa: F403

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": int(os.environ["SINK_PORT"]), "timeout": 30},
    }
}
PRESS_SEND_RATE_PER_MINUTE = int(os.environ.get("PRESS_SEND_RATE_PER_MINUTE", "3000"))
