import datetime
import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from advocacy.text import unique_slug
from advocacy.uploads import SafeImageField

from . import markup


def _public_now():
    return models.Q(status=Statement.Status.PUBLISHED, publish_at__lte=timezone.now())


def _preview_key_after(status):
    """The preview key, as SQL, of rows whose status is set to `status` (a value or an
    expression): blank for those that leave PUBLISHED (see `Statement.save`), else as it is.
    Every expression of an UPDATE reads the row as it was, so `status` here is the old one."""
    new = status if hasattr(status, "resolve_expression") else models.Value(status)
    unchanged = models.F("preview_key")
    return models.Case(
        models.When(~models.Q(status=Statement.Status.PUBLISHED), then=unchanged),
        models.When(Exact(new, models.Value(Statement.Status.PUBLISHED)), then=unchanged),
        default=models.Value(""),
        output_field=models.CharField(),
    )


class StatementQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """An update of the status withdraws the preview links of the statements it takes
        out of PUBLISHED, as `Statement.save` does (`bulk_update` comes here too)."""
        if "status" in kwargs and "preview_key" not in kwargs:
            kwargs["preview_key"] = _preview_key_after(kwargs["status"])
        return super().update(**kwargs)

    def published(self):
        """The one door to public content: published and past its embargo."""
        return self.filter(_public_now())

    def unpublished(self):
        """Everything `published()` leaves out: drafts, and statements under embargo."""
        return self.exclude(_public_now())

    def refresh_search_vectors(self):
        """Store each statement's weighted text for full-text search (PostgreSQL only)."""
        if connection.vendor == "postgresql":
            from .search import body_vector, heading_vector

            # The heading (title, deck, printed names) first, then the whole text from it:
            # the names, a subquery over the statement's list, are gathered once.
            self.update(search_rank_vector=heading_vector())
            self.update(search_vector=body_vector())

    # Prefetched into plain lists (`to_attr`), read through `Statement.issuer_list` and
    # `Statement.tag_list`: a prefetch into the related manager builds a queryset for
    # every statement just to hold its rows, 4 of the 10 ms a feed's 30 statements cost.

    def for_listing(self):
        """What a list of statements prints: issuers in one extra query, and not the
        search vectors, which only the database reads (a third of a row's bytes)."""
        return self.defer("search_vector", "search_rank_vector").prefetch_related(
            models.Prefetch(
                "issuers",
                queryset=StatementIssuer.objects.select_related("organization"),
                to_attr="_issuer_list",
            )
        )

    def with_tags(self):
        """Each statement's tags in one extra query."""
        return self.prefetch_related(models.Prefetch("tags", to_attr="_tag_list"))


class TaggedStatement(TaggedItemBase):
    content_object = models.ForeignKey("Statement", on_delete=models.CASCADE)

    class Meta:
        verbose_name = "tag"
        verbose_name_plural = "tags"


def _in_random_directory(folder, filename):
    """<folder>/<year>/<month>/<random directory>/<the file's own name>: see
    `attachment_upload_to`, whose reasons hold for a statement's pictures too."""
    now = timezone.now()
    return f"{folder}/{now:%Y/%m}/{secrets.token_urlsafe(16)}/{filename}"


def lead_image_upload_to(instance, filename):
    return _in_random_directory("images", filename)


def social_card_upload_to(instance, filename):
    return _in_random_directory("cards", filename)


class LeadImageField(SafeImageField):
    """A photograph at the top of a statement: checked and redrawn like every image
    (`advocacy.uploads`), up to the attachments' size."""

    max_size_setting = "UPLOAD_MAX_ATTACHMENT_SIZE"


class Statement(models.Model):
    class Kind(models.TextChoices):
        PRESS_RELEASE = "press-release", _("Press release")
        JOINT_STATEMENT = "joint-statement", _("Joint statement")
        SIGN_ON_LETTER = "sign-on-letter", _("Sign-on letter")

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Language(models.TextChoices):
        ENGLISH = "en", "English"
        SPANISH = "es", "Spanish"

    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PRESS_RELEASE)
    title = models.CharField(max_length=300)
    deck = models.CharField(
        max_length=500, blank=True, help_text="The subtitle printed under the title."
    )
    slug = models.SlugField(max_length=100, unique=True, blank=True)
    dateline_place = models.CharField(
        "dateline", max_length=120, help_text="Where it was issued, e.g. Chicago"
    )
    release_date = models.DateField(default=timezone.localdate)
    body = models.TextField(
        help_text="Markdown: a blank line between paragraphs, *italic*, **bold**, "
        "[link](https://…), > quote. Begin with the first sentence after the dateline."
    )
    body_html = models.TextField(editable=False, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    # Title, deck and names only: small enough to stay in the row, so that ranking
    # thousands of matches does not read every body's vector (releases.search).
    search_rank_vector = SearchVectorField(null=True, editable=False)
    end_mark = models.CharField(
        max_length=10,
        default="###",
        blank=True,
        help_text="As written at the end: ###, #, -30-; blank if the release had none.",
    )
    language = models.CharField(max_length=5, choices=Language, default=Language.ENGLISH)
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        help_text="The original of which this statement is a translation; the two link "
        "to each other.",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Embargo: a published statement appears on the site at this time.",
    )
    tags = TaggableManager(through=TaggedStatement, blank=True)
    lead_image = LeadImageField(
        upload_to=lead_image_upload_to,
        blank=True,
        width_field="lead_image_width",
        height_field="lead_image_height",
        help_text="Shown at the top of the statement, and the picture of its link previews "
        "(Facebook, Bluesky, X, messaging apps). A JPEG, PNG or WebP image, ideally "
        "landscape, 1200 pixels wide or more.",
    )
    # Stored on upload, so that the page sizes the picture without opening its file.
    lead_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_alt = models.CharField(
        "image description",
        max_length=300,
        blank=True,
        help_text="What the picture shows, for readers who cannot see it (alt text). "
        "Required with an image.",
    )
    social_card = models.ImageField(
        upload_to=social_card_upload_to,
        blank=True,
        editable=False,
        help_text="1200×630 picture for link previews, drawn from the title, issuers and "
        "date when the statement has no lead image (releases.cards).",
    )
    preview_key = models.CharField(
        max_length=32,
        blank=True,
        editable=False,
        help_text="Every share link of the statement's preview carries it: a new key "
        "withdraws them all. Blank: no link works.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    corrected_at = models.DateTimeField(
        "corrected",
        null=True,
        blank=True,
        editable=False,
        help_text="The last change to its content once it was public; printed as "
        "'Updated' on the statement.",
    )

    objects = StatementQuerySet.as_manager()

    # A search result's passage with the words found, set by `releases.search`.
    excerpt = ""

    #: The release as printed, in the order of its page: the admin form, the history's
    #: comparison, corrections and the importer all read the content from this list.
    CONTENT_FIELDS = ("kind", "title", "deck", "dateline_place", "release_date", "body", "end_mark")
    #: Fields whose change on a public statement is a correction (see mark_corrected).
    CORRECTED_FIELDS = (*CONTENT_FIELDS, "language")

    class Meta:
        ordering = ["-release_date", "-publish_at", "-id"]
        permissions = [
            ("publish_statement", "Can publish, unpublish and set the embargo of statements"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(publish_at__isnull=False),
                name="statement_published_has_publish_at",
            ),
            models.CheckConstraint(
                condition=models.Q(lead_image="") | ~models.Q(lead_image_alt=""),
                name="statement_lead_image_has_alt",
            ),
        ]
        indexes = [
            # The public list in its order, covering what counts and facets read, so that
            # counts, years and deep pages are read from the index alone (PostgreSQL;
            # other databases ignore `include`).
            models.Index(
                fields=["status", "-release_date", "-publish_at", "-id"],
                include=["kind"],
                name="statement_public_list",
            ),
            models.Index(fields=["kind", "-release_date"], name="statement_kind_list"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self._leaves_published(update_fields):
            # Back to draft, however it happens (the change form, the Unpublish action,
            # restoring, an import, a script): the preview links shared so far stop
            # working. A draft keeps its links; staff can share a new one.
            self.preview_key = ""
            if update_fields is not None:
                kwargs["update_fields"] = update_fields = {*update_fields, "preview_key"}
        self.body_html = markup.render(self.body)
        if not self.slug:
            # A slug of digits alone would be read as a year: /statements/2018/.
            title = self.title if not slugify(self.title).isdigit() else f"statement {self.title}"
            self.slug = unique_slug(Statement, title, max_length=100, exclude_pk=self.pk)
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)
        Statement.objects.filter(pk=self.pk).refresh_search_vectors()

    def get_absolute_url(self):
        return reverse("releases:statement-detail", kwargs={"slug": self.slug})

    def _leaves_published(self, update_fields):
        """Whether this save takes a published (or embargoed) statement out of PUBLISHED.

        The database says what the status was, not this instance, which may have been
        read before someone else published the statement."""
        if self.pk is None or self.status == self.Status.PUBLISHED:
            return False
        if update_fields is not None and "status" not in update_fields:
            return False
        return Statement.objects.filter(pk=self.pk, status=self.Status.PUBLISHED).exists()

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def is_embargoed(self):
        return self.status == self.Status.PUBLISHED and not self.is_public

    @property
    def visibility(self):
        """Draft, Embargoed (scheduled) or Published, as staff see it."""
        if self.status == self.Status.DRAFT:
            return "Draft"
        return "Embargoed" if self.is_embargoed else "Published"

    @property
    def dated(self):
        """When the statement was issued, as a moment: its publication time, or the
        start of its release date for a statement published after that day (an archive
        import)."""
        if self.publish_at and timezone.localdate(self.publish_at) <= self.release_date:
            return self.publish_at
        return timezone.make_aware(
            datetime.datetime.combine(self.release_date, datetime.time(9, 0))
        )

    @property
    def updated(self):
        """When it was last corrected after its publication, printed as "Updated"; None
        if it never was (a correction before a later re-publication does not count)."""
        if self.corrected_at and self.corrected_at > self.dated:
            return self.corrected_at
        return None

    @property
    def last_modified(self):
        """When its public text last changed: its last correction, else its issue."""
        return self.updated or self.dated

    @property
    def issuer_list(self):
        """Its issuers in order, each with its organization: as `for_listing()` read
        them, or from the database for a statement loaded without them."""
        try:
            return self._issuer_list
        except AttributeError:
            return list(self.issuers.select_related("organization"))

    @property
    def tag_list(self):
        """Its tags: as `with_tags()` read them, or from the database."""
        try:
            return self._tag_list
        except AttributeError:
            return list(self.tags.all())

    @property
    def dateline(self):
        """The place as a dateline prints it: the city in capitals, e.g. CHICAGO."""
        city, sep, rest = self.dateline_place.partition(",")
        return f"{city.upper()}{sep}{rest}"

    @cached_property
    def public_translations(self):
        """The published versions of this statement in other languages, original included."""
        root_id = self.translation_of_id or self.pk
        return list(
            Statement.objects.published()
            .filter(models.Q(pk=root_id) | models.Q(translation_of_id=root_id))
            .exclude(pk=self.pk)
            .only("slug", "language", "title")
        )

    def mark_corrected(self, *, when=None):
        """Record a correction of a public statement: its pages say "Updated" and when.

        The callers (the admin's change form, `import_release --update`, restoring a
        revision) decide what a correction is: a change to `CORRECTED_FIELDS`, the
        issuers, media contacts or attachments of a statement that was public before
        the change. Publishing, unpublishing, tags and signatories are not corrections.
        """
        self.corrected_at = when or timezone.now()
        self.save(update_fields=["corrected_at"])

    def publish(self, *, when=None, user=None):
        self.status = self.Status.PUBLISHED
        if when is not None:
            self.publish_at = when
        elif self.publish_at is None:
            self.publish_at = timezone.now()
        self.updated_by = user or self.updated_by
        self.save(update_fields=["status", "publish_at", "updated_by", "updated_at"])

    def unpublish(self, *, user=None):
        """Back to draft, hidden from everyone: the preview links shared so far stop
        working too (`save` withdraws them; staff can share a new one)."""
        self.status = self.Status.DRAFT
        self.updated_by = user or self.updated_by
        self.save(update_fields=["status", "updated_by", "updated_at"])


# Models of their own modules, loaded with the app's models. First the parts of a
# statement (issuers, media contacts, attachments), which the modules below import.
from .parts import Attachment, MediaContact, StatementIssuer, attachment_upload_to  # noqa: E402, F401

# isort: split
# Sending releases to the press (a package of its own; its models belong to this app).
from .distribution.models import *  # noqa: E402,F403
from .importing.models import ImportNote, OldAddress  # noqa: E402, F401
from .links import PreviewLink  # noqa: E402, F401
from .reviews import ReviewRequest  # noqa: E402, F401
