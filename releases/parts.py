"""The parts of a statement printed around its body: the organizations that issue it (with
their "About" paragraph), its media contacts and its attachments. Models of the releases
app, loaded with `releases.models`, which is where the rest of the code imports them from."""

import secrets

from django.db import models
from django.utils import timezone

from advocacy.models import Organization, Person
from advocacy.uploads import SafeFileField

from .models import Statement


class StatementIssuer(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="issuers")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="issuances"
    )
    position = models.PositiveSmallIntegerField(default=0)
    about = models.TextField(
        blank=True,
        help_text="The 'About' paragraph as printed on this statement. "
        "Leave blank to print the organization's current boilerplate.",
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "issuing organization"
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "organization"], name="issuer_once_per_statement"
            ),
        ]

    def __str__(self):
        return str(self.organization)

    @property
    def about_text(self):
        return self.about or self.organization.about


class MediaContact(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="contacts")
    heading = models.CharField(
        max_length=200,
        default="Media contact",
        help_text='e.g. "For further information in Puerto Vallarta"',
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="media_contacts"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="media_contacts",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | models.Q(organization__isnull=False),
                name="contact_has_person_or_organization",
            ),
            models.UniqueConstraint(
                fields=["statement", "person"],
                condition=models.Q(person__isnull=False),
                name="contact_person_once_per_statement",
            ),
        ]

    def __str__(self):
        parts = [str(p) for p in (self.person and self.person.name, self.organization) if p]
        return ", ".join(parts)


def attachment_upload_to(instance, filename):
    """attachments/<year>/<month>/<random directory>/<the file's own name>.

    Media files are served as they are, to anyone who has their address: the random
    directory (128 bits) keeps the attachments of a statement under embargo from being
    found by guessing, and the file keeps its name for whoever downloads it.
    """
    now = timezone.now()
    return f"attachments/{now:%Y/%m}/{secrets.token_urlsafe(16)}/{filename}"


class Attachment(models.Model):
    IMAGE_EXTENSIONS = ("jpg", "jpeg", "png", "gif", "webp")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="attachments")
    # Images and PDFs only, by content; files uploaded before (Word, ODT) keep working.
    file = SafeFileField(
        upload_to=attachment_upload_to,
        help_text="A PDF, or a JPEG, PNG, GIF or WebP image. Images are re-saved without "
        "their camera data (EXIF, GPS position).",
    )
    title = models.CharField(max_length=200, help_text="e.g. Signed letter (PDF)")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title

    @property
    def is_image(self):
        return self.file.name.lower().rsplit(".", 1)[-1] in self.IMAGE_EXTENSIONS
