"""Review before publication: an editor hands a draft to the publishers, who publish it or
send it back with a comment.

A `ReviewRequest` is one such hand-over, with how it ended. A statement has at most one
waiting at a time (a named constraint); one sent back carries the publisher's comment
(another). The request keeps the revision of the statement as it was handed over, so
the next review shows what changed since the version the publishers saw last
(`releases.history`).

Who is told, by mail through the task worker (`releases.tasks`) and on the admin's home
page: the publishers when a draft is handed to them; the editor who asked when it is
sent back or published. Publishing the statement by any way (the review page, the
list's action, the change form) closes its waiting request as published.

The functions here are the steps; the admin calls them (`releases.admin.review`).
"""

import reversion
from django.conf import settings
from django.db import models, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from reversion.models import Version

from .history import snapshot_of_revision


class ReviewRequest(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", "Waiting for a publisher"
        RETURNED = "returned", "Sent back to the editor"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn by the editor"

    statement = models.ForeignKey(
        "releases.Statement", on_delete=models.CASCADE, related_name="reviews"
    )
    state = models.CharField(max_length=10, choices=State, default=State.WAITING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    note = models.TextField("note to the publishers", blank=True)
    revision = models.ForeignKey(
        "reversion.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The statement as it was handed over.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField("publisher's comment", blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement"],
                condition=Q(state="waiting"),
                name="review_one_waiting_per_statement",
            ),
            models.CheckConstraint(
                condition=Q(state="waiting", decided_at__isnull=True)
                | (~Q(state="waiting") & Q(decided_at__isnull=False)),
                name="review_decided_unless_waiting",
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(comment=""),
                name="review_returned_with_a_comment",
            ),
        ]
        indexes = [models.Index(fields=["statement", "-requested_at"], name="review_latest")]

    def __str__(self):
        return f"Review of “{self.statement}”: {self.get_state_display()}"


class ReviewError(Exception):
    """The step cannot be taken now; the message says why, for staff."""


def latest(statement):
    return (
        ReviewRequest.objects.filter(statement=statement)
        .select_related("requested_by", "decided_by")
        .first()
    )


def waiting(statement):
    return ReviewRequest.objects.filter(
        statement=statement, state=ReviewRequest.State.WAITING
    ).first()


def annotate_states(statements):
    """Each statement with `review_state` and `review_editor` (the username of who asked)
    of its latest review request: a subquery each, whatever the list's length."""
    newest = ReviewRequest.objects.filter(statement=OuterRef("pk")).order_by("-requested_at", "-pk")
    return statements.annotate(
        review_state=Subquery(newest.values("state")[:1]),
        review_editor=Subquery(newest.values("requested_by__username")[:1]),
    )


def _latest_revision(statement):
    version = Version.objects.get_for_object(statement).order_by("-revision_id").first()
    return version.revision if version else None


def _record(review, user, comment):
    """Link the review to a revision of its statement as it is now.

    Inside a revision being recorded (the change form's "Save and submit for review"),
    that revision is the one: it is saved when its block ends, and linked once the
    change is committed."""
    statement = review.statement
    if reversion.is_active():
        reversion.add_to_revision(statement)

        def link():
            ReviewRequest.objects.filter(pk=review.pk, revision__isnull=True).update(
                revision=_latest_revision(statement)
            )

        transaction.on_commit(link)
        return
    with reversion.create_revision():
        reversion.add_to_revision(statement)
        reversion.set_user(user)
        reversion.set_comment(comment)
    review.revision = _latest_revision(statement)
    review.save(update_fields=["revision"])


def _tell(event, review):
    from . import tasks

    transaction.on_commit(lambda: tasks.send_review_email.enqueue(event, review.pk))


@transaction.atomic
def submit(*, statement, user, note=""):
    """Hand a draft to the publishers. Returns the request."""
    if statement.status != statement.Status.DRAFT:
        raise ReviewError("Only a draft is submitted for review: this statement is published.")
    if waiting(statement) is not None:
        raise ReviewError("This draft is already waiting for a publisher.")
    review = ReviewRequest.objects.create(statement=statement, requested_by=user, note=note.strip())
    _record(review, user, "Submitted for review.")
    _tell("submitted", review)
    return review


def _decide(review, state, user, comment=""):
    review.state = state
    review.decided_by = user
    review.decided_at = timezone.now()
    review.comment = comment
    review.save(update_fields=["state", "decided_by", "decided_at", "comment"])


@transaction.atomic
def send_back(*, review, user, comment):
    """A publisher returns the draft to its editor with what to change."""
    if not comment.strip():
        raise ReviewError("Say what the editor should change: the comment is sent to them.")
    if review.state != ReviewRequest.State.WAITING:
        raise ReviewError("This review is no longer waiting for a publisher.")
    _decide(review, ReviewRequest.State.RETURNED, user, comment.strip())
    _tell("returned", review)


@transaction.atomic
def withdraw(*, review, user):
    """The editor takes the draft back before a publisher has decided."""
    if review.state != ReviewRequest.State.WAITING:
        raise ReviewError("This review is no longer waiting for a publisher.")
    _decide(review, ReviewRequest.State.WITHDRAWN, user)


def close_on_publish(sender, instance, raw=False, **kwargs):
    """post_save of a statement: once published, its waiting request is decided."""
    if raw or instance.status != instance.Status.PUBLISHED:
        return
    for review in ReviewRequest.objects.filter(
        statement_id=instance.pk, state=ReviewRequest.State.WAITING
    ):
        _decide(review, ReviewRequest.State.PUBLISHED, instance.updated_by)
        _tell("published", review)


def base_snapshot(statement, review=None):
    """The statement as the publishers saw it last: as handed over for the review before
    `review` (or before the latest). None for a first review."""
    earlier = ReviewRequest.objects.filter(statement=statement, revision__isnull=False)
    if review is not None and review.pk:
        earlier = earlier.filter(requested_at__lt=review.requested_at).exclude(pk=review.pk)
    previous = earlier.select_related("revision").first()
    if previous is None:
        return None, None
    return previous, snapshot_of_revision(previous.revision, statement.pk)
