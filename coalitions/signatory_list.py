"""How many signatories each statement lists: a count kept by the changes to them."""

from django.db import models, transaction

from releases.models import Statement


class SignatoryListQuerySet(models.QuerySet):
    def count_change(self, statement_id, *, before, after, missing="recount"):
        """Move a statement's counts for one approved row of kind `before` (None: it was
        not approved) that is now of kind `after` (None: no longer approved)."""
        if before == after:
            return
        by_kind = {}
        if before is not None:
            by_kind[before] = -1
        if after is not None:
            by_kind[after] = by_kind.get(after, 0) + 1
        self.add(statement_id, by_kind, missing=missing)

    def add(self, statement_id, by_kind, *, missing="recount"):
        """Add to a statement's counts: {kind: how many more (or fewer)}. One UPDATE,
        which holds the row until the transaction ends, so that concurrent approvals
        are counted one after the other. Called before the rows change. A statement not
        counted yet is counted from its rows, then changed (`missing="recount"`), or
        left so (`missing="skip"`, for deletions)."""
        changes = {
            self.model.FIELDS[kind]: models.F(self.model.FIELDS[kind]) + number
            for kind, number in by_kind.items()
            if number
        }
        updated = changes and self.filter(statement_id=statement_id).update(**changes)
        if changes and not updated and missing == "recount":
            self.recount([statement_id])  # the rows as stored, before this change
            self.filter(statement_id=statement_id).update(**changes)

    def recount(self, statement_ids):
        """Count the approved rows of these statements afresh (after bulk inserts, which
        bypass `Signatory.save()`; and the first time a statement is counted)."""
        from .models import Signatory

        counts = {pk: dict.fromkeys(self.model.FIELDS.values(), 0) for pk in statement_ids}
        approved = (
            Signatory.objects.filter(
                statement_id__in=statement_ids, status=Signatory.Status.APPROVED
            )
            .order_by()
            .values_list("statement_id", "kind")
            .annotate(number=models.Count("pk"))
        )
        for statement_id, kind, number in approved:
            counts[statement_id][self.model.FIELDS[kind]] = number
        # Two first approvals of a statement at once both count it: the second's row
        # yields to the first's (ignore_conflicts), and each then adds its own change.
        with transaction.atomic():
            self.filter(statement_id__in=statement_ids).delete()
            self.bulk_create(
                (self.model(statement_id=pk, **fields) for pk, fields in counts.items()),
                batch_size=1000,
                ignore_conflicts=True,
            )


class SignatoryList(models.Model):
    """How many signatories a statement lists, kept by every change to its rows.

    The count on a page is read here, never counted from the rows: a statement with
    100,000 signatories costs no more to show than one with ten. `Signatory.save()` and
    deletes move it in the same transaction as the row, and bulk changes of the sign-on
    services move it once for all their rows; bulk inserts (the benchmark's, tests')
    call `SignatoryList.objects.recount()`.
    """

    FIELDS = {"organization": "organizations", "individual": "individuals"}

    statement = models.OneToOneField(
        Statement, on_delete=models.CASCADE, primary_key=True, related_name="signatory_list"
    )
    organizations = models.IntegerField(default=0, help_text="Approved organizations.")
    individuals = models.IntegerField(
        default=0, help_text="Approved individuals (listed if the campaign lists them)."
    )

    objects = SignatoryListQuerySet.as_manager()

    class Meta:
        ordering = ["statement"]
        verbose_name = "count of signatories"

    def __str__(self):
        return f"{self.organizations} organizations, {self.individuals} individuals"
