from django.db import models

from advocacy.models import Organization
from advocacy.text import name_key
from releases.models import Statement


class Signatory(models.Model):
    """An organization (or person) whose name stands under a statement, in order."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="signatories")
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatures",
    )
    name = models.CharField(max_length=200, help_text="As printed under the statement.")
    name_key = models.CharField(max_length=200, editable=False)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "signatories"
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "name_key"], name="signatory_once_per_statement"
            ),
            models.UniqueConstraint(
                fields=["statement", "organization"],
                condition=models.Q(organization__isnull=False),
                name="signatory_organization_once_per_statement",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.name and self.organization_id:
            self.name = str(self.organization)
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)
