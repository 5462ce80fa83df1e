"""What sending listens to, connected by `releases.apps`."""

from django.db.models.signals import post_save


def connect():
    from anymail.signals import tracking

    from releases.models import Statement

    from . import webhooks

    tracking.connect(webhooks.tracking_event, dispatch_uid="press-tracking")
    post_save.connect(_statement_saved, sender=Statement, dispatch_uid="press-unpublished")


def _statement_saved(sender, instance, **kwargs):
    """A statement back to draft (unpublished, in the admin or by the action): its sends
    stop at once, and the recipients' preview links stop working with the others."""
    if instance.status == instance.Status.DRAFT:
        from .services import stop_sends_of

        stop_sends_of(instance, reason="The statement was unpublished: nothing more is sent.")
