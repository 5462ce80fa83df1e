"""Bounces and complaints reported by the mail service, through django-anymail.

Anymail's tracking webhook (advocacy/urls.py: /anymail/<service>/tracking/) checks the
request (basic auth with ANYMAIL_WEBHOOK_SECRET, and the service's signature where it
signs, as Mailgun does), turns the service's payload into events of one shape, and sends
its `tracking` signal, received here. A hard bounce (`bounced`), a complaint
(`complained`), the service refusing to send (`rejected`) or an unsubscribe at the
service (`unsubscribed`) marks the delivery and puts the address on the suppression list.
Opens and clicks are not asked for (mail.no_tracking) and ignored if they come.
"""

import logging

from .models import Delivery, Suppression
from .services import record_event

logger = logging.getLogger(__name__)

EVENTS = {
    "bounced": Delivery.Status.BOUNCED,
    "rejected": Delivery.Status.BOUNCED,
    "complained": Delivery.Status.COMPLAINED,
}


def tracking_event(sender, event, esp_name, **kwargs):
    """Receiver of anymail.signals.tracking."""
    email = event.recipient or ""
    if not email:
        return
    if event.event_type == "unsubscribed":
        Suppression.objects.suppress(
            email, Suppression.Reason.UNSUBSCRIBED, detail=f"Unsubscribed at {esp_name}."
        )
        return
    status = EVENTS.get(event.event_type)
    if status is None:
        return
    reason = event.description or event.mta_response or event.reject_reason or event.event_type
    metadata = event.metadata or {}
    record_event(
        email=email,
        status=status,
        reason=f"{esp_name}: {reason}",
        message_id=str(event.message_id or ""),
        delivery_id=_int(metadata.get("delivery")),
        when=event.timestamp,
    )
    logger.info("%s reported %s for a delivery.", esp_name, event.event_type)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
