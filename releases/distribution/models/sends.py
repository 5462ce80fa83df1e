"""A send of a statement to media lists, and one delivery row per recipient."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from releases.models import Statement

from .directory import Journalist, MediaList


class Send(models.Model):
    class Mode(models.TextChoices):
        NOW = "now", "Now"
        EMBARGO = "embargo", "Now, under embargo"
        AT_LIFT = "at_lift", "When the embargo lifts"

    class Status(models.TextChoices):
        DRAFT = "draft", "Being prepared"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        DONE = "done", "Sent"
        STOPPED = "stopped", "Stopped"

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="sends")
    lists = models.ManyToManyField(MediaList, related_name="sends")
    note = models.TextField(
        blank=True,
        help_text="Written above the release, after a greeting with the recipient's first "
        "name where it is known. Plain text; a blank line between paragraphs.",
    )
    mode = models.CharField(max_length=10, choices=Mode, default=Mode.NOW)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    skip_earlier_recipients = models.BooleanField(
        "skip those who already have it",
        default=True,
        help_text="Leave out whoever an earlier send of this statement reached.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    send_after = models.DateTimeField(
        null=True, blank=True, help_text="The worker sends nothing before this moment."
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    stopped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    stop_reason = models.CharField(max_length=200, blank=True)
    # The worker's lease: one batch of a send runs at a time (releases.distribution.worker).
    lease_owner = models.CharField(max_length=32, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    sweep_due = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("send_release", "Can send releases to the press")]

    def __str__(self):
        return f"{self.statement} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return reverse("admin:releases_send_change", args=[self.pk])

    @property
    def is_active(self):
        return self.status in (self.Status.SCHEDULED, self.Status.SENDING)

    def counts(self):
        """How many deliveries are in each state, every state present."""
        found = dict(
            self.deliveries.order_by().values_list("status").annotate(n=models.Count("pk"))
        )
        return {status: found.get(status, 0) for status in Delivery.Status.values}


class Delivery(models.Model):
    """The release to one recipient of one send: sent once, whatever happens to the worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        BOUNCED = "bounced", "Bounced"
        COMPLAINED = "complained", "Marked as spam"
        FAILED = "failed", "Failed"
        SUPPRESSED = "suppressed", "Not sent: suppressed address"
        CANCELLED = "cancelled", "Not sent: stopped"

    send = models.ForeignKey(Send, on_delete=models.CASCADE, related_name="deliveries")
    journalist = models.ForeignKey(
        Journalist, on_delete=models.SET_NULL, null=True, related_name="deliveries"
    )
    email = models.EmailField(max_length=254, blank=True, help_text="Blank once erased.")
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    reason = models.CharField(max_length=300, blank=True)
    language = models.CharField(max_length=5, blank=True, help_text="Of the version sent.")
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    event_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["send", "journalist"], name="delivery_once_per_recipient"
            ),
            models.UniqueConstraint(
                fields=["send", "email"],
                condition=~models.Q(email=""),
                name="delivery_once_per_address",
            ),
        ]
        indexes = [
            models.Index(fields=["send", "status", "id"], name="delivery_send_status"),
            models.Index(fields=["message_id"], name="delivery_message_id"),
        ]

    def __str__(self):
        return f"{self.email or 'erased'}: {self.get_status_display()}"
