"""What an import leaves besides the statement: notes to check, and old addresses.

In: a saved statement. Out: rows: `ImportNote` ("please check": no dateline found, a
contact without a phone, two possible dates…), shown on the draft's admin page and in the
list until an editor marks them checked; `OldAddress`, a path of the old site (a
WordPress post's address) that redirects to the statement's page once it is public.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse


class ImportNoteQuerySet(models.QuerySet):
    def unchecked(self):
        return self.filter(checked_at__isnull=True)


class ImportNote(models.Model):
    statement = models.ForeignKey(
        "releases.Statement", on_delete=models.CASCADE, related_name="import_notes"
    )
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ImportNoteQuerySet.as_manager()

    class Meta:
        app_label = "releases"
        ordering = ["position", "id"]
        verbose_name = "import note"
        indexes = [
            models.Index(
                fields=["statement"],
                condition=models.Q(checked_at__isnull=True),
                name="import_note_unchecked",
            ),
        ]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return reverse("admin:releases_statement_change", args=[self.statement_id])


def normalize_old_path(address):
    """The part of an old address that is looked up: its path, and a query such as
    "?p=123" (WordPress's address of a post without pretty links), lower case, with a
    trailing slash."""
    from urllib.parse import parse_qsl, urlsplit

    parts = urlsplit(address.strip())
    path = "/" + parts.path.strip("/")
    if path != "/":
        path += "/"
    query = [(k, v) for k, v in parse_qsl(parts.query) if k in ("p", "page_id", "post")]
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in sorted(query))
    return path.lower()


class OldAddress(models.Model):
    path = models.CharField(
        max_length=500,
        unique=True,
        help_text="The path on the old site, e.g. /2019/03/08/our-statement/ or /?p=123.",
    )
    statement = models.ForeignKey(
        "releases.Statement", on_delete=models.CASCADE, related_name="old_addresses"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "releases"
        ordering = ["path"]
        verbose_name = "old address"
        verbose_name_plural = "old addresses"

    def __str__(self):
        return self.path

    def save(self, *args, **kwargs):
        self.path = normalize_old_path(self.path)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.path
