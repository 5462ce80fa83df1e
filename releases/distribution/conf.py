"""The settings of sending, with their defaults (advocacy/settings/base.py reads the
ones a deployment sets from the environment)."""

from django.conf import settings

DEFAULTS = {
    # The sender's postal address, printed at the foot of every mail to the press list.
    "PRESS_POSTAL_ADDRESS": "",
    # From: of releases and subscription mail (default: DEFAULT_FROM_EMAIL).
    "PRESS_FROM_EMAIL": "",
    # The throttle: messages per minute one worker sends.
    "PRESS_SEND_RATE_PER_MINUTE": 600,
    # How long a worker's hold on a send lasts without news from it: a worker silent for
    # that long is taken for dead, and its send is taken over (see worker.py).
    "PRESS_SEND_LEASE_SECONDS": 120,
    # How long one batch task sends before it hands over to the next (other tasks, such
    # as sign-on mail, run in between).
    "PRESS_SEND_BATCH_SECONDS": 30,
    # The mailer (MAILERS alias) releases go through.
    "PRESS_MAILER": "default",
    # An optional mailto: for List-Unsubscribe, for an inbox someone reads.
    "PRESS_UNSUBSCRIBE_MAILTO": "",
    # The subscription form's spam limits (the sign-on's mechanisms, advocacy.guards).
    "SUBSCRIBE_MIN_SECONDS": 3,
    "SUBSCRIBE_RATE_PER_IP": 10,
    "SUBSCRIBE_RATE_PER_EMAIL": 3,
}


def setting(name):
    value = getattr(settings, name, DEFAULTS[name])
    if name == "PRESS_FROM_EMAIL":
        return value or settings.DEFAULT_FROM_EMAIL
    return value
