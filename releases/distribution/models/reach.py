"""How often a statement's page was read, per day and per referring site, without
knowing who read it (releases.distribution.reach counts; this keeps the totals)."""

from django.db import models

from releases.models import Statement


class StatementReads(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="reads")
    day = models.DateField()
    referrer = models.CharField(
        max_length=100,
        blank=True,
        help_text="The site that sent the readers (its domain); blank: none said, as from "
        "a mail app, a bookmark or a typed address.",
    )
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "-count"]
        verbose_name_plural = "statement reads"
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "day", "referrer"], name="reads_once_per_day_and_referrer"
            ),
        ]

    def __str__(self):
        return f"{self.statement_id} {self.day} {self.referrer or '-'}: {self.count}"
