"""Bounces and complaints from the mail service (Mailgun, through django-anymail's webhook).

The payloads are written in the shape Mailgun documents for its webhooks ("signature" and
"event-data"), signed as Mailgun signs them: HMAC-SHA256 of timestamp and token with the
webhook signing key.
"""

import base64
import hashlib
import hmac
import json
import time

import pytest

from releases.distribution.models import Delivery, Suppression
from tests.releases.distribution.helpers import make_journalist, make_send

pytestmark = pytest.mark.django_db

URL = "/anymail/mailgun/tracking/"
SIGNING_KEY = "key-webhook-signing-for-tests"
BASIC = "mailgun:s3cret-pair"


@pytest.fixture(autouse=True)
def _anymail(settings):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY, "WEBHOOK_SECRET": BASIC}


def sent_delivery(email="ana@tribune.example.org"):
    journalist = make_journalist(email=email)
    send = make_send()
    return send.deliveries.create(
        journalist=journalist,
        email=journalist.email,
        status=Delivery.Status.SENT,
        message_id="<20261204163000.1.ABCDEF@mg.example.org>",
    )


def mailgun_event(delivery, event, *, severity=None, description="", key=SIGNING_KEY):
    timestamp, token = str(int(time.time())), "b5751a49a024483da8d41c3684f98b8f"
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    event_data = {
        "event": event,
        "id": "X4U3mLq2QWmXZhQ4lP1h0w",
        "timestamp": time.time(),
        "log-level": "error" if event == "failed" else "warn",
        "recipient": delivery.email,
        "recipient-domain": delivery.email.split("@")[1],
        "envelope": {"sender": "press@mg.example.org", "targets": delivery.email},
        "message": {
            "headers": {
                "to": delivery.email,
                "message-id": delivery.message_id.strip("<>"),
                "from": "Press Room <press@mg.example.org>",
                "subject": "Court ruling condemned",
            },
            "attachments": [],
            "size": 23541,
        },
        "user-variables": {"delivery": str(delivery.pk)},
        "tags": [],
    }
    if severity:
        event_data["severity"] = severity
        event_data["reason"] = "bounce" if severity == "permanent" else "generic"
        event_data["delivery-status"] = {
            "attempt-no": 1,
            "code": 550,
            "message": "5.1.1 The email account that you tried to reach does not exist.",
            "description": description,
        }
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": event_data,
    }


def post(client, payload, *, auth=BASIC):
    headers = {}
    if auth:
        headers["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(auth.encode()).decode()
    return client.post(URL, json.dumps(payload), content_type="application/json", **headers)


def test_a_hard_bounce_marks_the_delivery_and_suppresses_the_address(client):
    delivery = sent_delivery()

    response = post(client, mailgun_event(delivery, "failed", severity="permanent"))

    assert response.status_code == 200
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.BOUNCED
    assert "does not exist" in delivery.reason and delivery.event_at is not None
    entry = Suppression.objects.get()
    assert (entry.email, entry.reason) == (delivery.email, Suppression.Reason.BOUNCED)


def test_a_complaint_marks_the_delivery_and_suppresses_the_address(client):
    delivery = sent_delivery()

    assert post(client, mailgun_event(delivery, "complained")).status_code == 200

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.COMPLAINED
    assert Suppression.objects.get().reason == Suppression.Reason.COMPLAINED


def test_a_temporary_failure_and_a_delivery_change_nothing(client):
    delivery = sent_delivery()

    post(client, mailgun_event(delivery, "failed", severity="temporary"))
    post(client, mailgun_event(delivery, "delivered"))
    post(client, mailgun_event(delivery, "opened"))

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert Suppression.objects.count() == 0


def test_the_event_finds_its_delivery_by_message_id_when_it_carries_no_variables(client):
    delivery = sent_delivery()
    payload = mailgun_event(delivery, "complained")
    del payload["event-data"]["user-variables"]

    post(client, payload)

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.COMPLAINED


def test_a_forged_signature_or_missing_password_is_refused_and_changes_nothing(client):
    delivery = sent_delivery()

    forged = post(client, mailgun_event(delivery, "complained", key="guessed-key"))
    no_password = post(client, mailgun_event(delivery, "complained"), auth=None)
    wrong_password = post(client, mailgun_event(delivery, "complained"), auth="mailgun:guess")

    assert forged.status_code == 400
    assert no_password.status_code == 400 and wrong_password.status_code == 400
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert Suppression.objects.count() == 0


def test_the_webhook_works_without_a_csrf_token_or_a_session(settings):
    from django.test import Client

    delivery = sent_delivery()
    response = post(Client(enforce_csrf_checks=True), mailgun_event(delivery, "complained"))

    assert response.status_code == 200


def test_without_a_signing_key_nobody_can_sign_a_webhook(client, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": BASIC}  # no signing key configured
    delivery = sent_delivery()

    with pytest.raises(Exception, match="(?i)signing_key|api_key"):
        post(client, mailgun_event(delivery, "complained", key=""))
    assert Suppression.objects.count() == 0
