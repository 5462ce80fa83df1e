"""The share links made of a statement's preview, listed on its Share page.

A link itself is signed and stored nowhere (`releases.previews`): this is the record of
each one made, by whom, for whom and until when, so that staff see which links are out.
A link works while it has not expired and the statement's preview key is the one it was
made with: withdrawing gives the statement a new key, which every link made so far stops
matching, whatever this record says.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class PreviewLink(models.Model):
    class State(models.TextChoices):
        WORKING = "working", "Working"
        EXPIRED = "expired", "Expired"
        WITHDRAWN = "withdrawn", "Withdrawn"

    statement = models.ForeignKey(
        "releases.Statement", on_delete=models.CASCADE, related_name="preview_links"
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    recipient = models.CharField(
        "for",
        max_length=200,
        blank=True,
        help_text="Who the link is for, e.g. a newsroom or a journalist: only staff see it.",
    )
    key_tag = models.CharField(
        max_length=20, editable=False, help_text="The tag of the preview key it was made with."
    )

    class Meta:
        ordering = ["-made_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("made_at")), name="preview_link_expires_after_made"
            ),
        ]

    def __str__(self):
        return f"Preview link of “{self.statement}” until {self.expires_at:%Y-%m-%d %H:%M}"

    def state(self, current_tag):
        """Working, expired or withdrawn, given the tag of the statement's key now."""
        if self.key_tag != current_tag:
            return self.State.WITHDRAWN
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.WORKING
