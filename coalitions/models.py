from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advocacy.models import Organization, User
from advocacy.text import name_key, unique_slug
from advocacy.uploads import SafeImageField
from releases.models import Statement


class Coalition(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    description = models.TextField(blank=True)
    logo = SafeImageField(
        upload_to="logos/coalitions/",
        blank=True,
        help_text="A JPEG, PNG, GIF or WebP image.",
    )
    website = models.URLField(blank=True)
    members = models.ManyToManyField(
        Organization, through="Membership", related_name="coalitions", blank=True
    )
    statements = models.ManyToManyField(
        Statement,
        related_name="coalitions",
        blank=True,
        help_text="Statements this coalition led.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Coalition, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("coalitions:coalition-detail", kwargs={"slug": self.slug})


class Membership(models.Model):
    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "organization"], name="membership_once_per_coalition"
            ),
        ]

    def __str__(self):
        return f"{self.organization} in {self.coalition}"


class Campaign(models.Model):
    """A statement open for sign-on through the public form."""

    class Order(models.TextChoices):
        ALPHABETICAL = "alphabetical", "Alphabetical"
        TIME = "time", "By time of approval"

    class Grouping(models.TextChoices):
        NONE = "", "No grouping"
        COUNTRY = "country", "By country"
        ORGANIZATION_TYPE = "organization_type", "By type of organization"

    class Notify(models.TextChoices):
        EACH = "each", "An email for each confirmed sign-on"
        DIGEST = "digest", "A daily digest (manage.py send_signon_digest)"
        NONE = "none", "No email"

    statement = models.OneToOneField(Statement, on_delete=models.CASCADE, related_name="campaign")
    opens_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField(null=True, blank=True, help_text="Leave blank: open-ended.")
    goal = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)], help_text="Signatories sought."
    )
    allow_individuals = models.BooleanField(
        default=False, help_text="Individuals may sign, not only organizations."
    )
    list_individuals = models.BooleanField(
        default=False, help_text="Individuals are listed publicly (organizations always are)."
    )
    requires_moderation = models.BooleanField(
        default=True, help_text="A moderator approves each confirmed sign-on before it is listed."
    )
    introduction = models.TextField(blank=True, help_text="Shown above the form.")
    thank_you = models.TextField(
        blank=True, help_text="Shown to a signer who has confirmed, and in their email."
    )
    order = models.CharField(
        "order of new signatories",
        max_length=20,
        choices=Order,
        default=Order.ALPHABETICAL,
        help_text="Signatories of the published list come first, in their order.",
    )
    grouping = models.CharField(max_length=20, choices=Grouping, default="", blank=True)
    notify = models.CharField(max_length=10, choices=Notify, default=Notify.EACH)
    notify_emails = models.TextField(
        blank=True,
        help_text="Staff addresses told of confirmed sign-ons, one per line. "
        "Blank: the site's sign-on moderators.",
    )
    retention_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Erase signers' personal data this many days after they signed "
        "(manage.py erase_expired_signers). Blank: keep.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = "sign-on campaign"
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="campaign_closes_after_it_opens",
            ),
        ]

    def __str__(self):
        return f"Sign-on: {self.statement}"

    def get_absolute_url(self):
        return reverse("coalitions:sign", kwargs={"slug": self.statement.slug})

    @property
    def is_open(self):
        now = timezone.now()
        return (
            self.statement.is_public
            and self.opens_at <= now
            and (self.closes_at is None or now < self.closes_at)
        )

    @property
    def has_closed(self):
        return self.closes_at is not None and self.closes_at <= timezone.now()

    def staff_recipients(self):
        listed = [line.strip() for line in self.notify_emails.splitlines() if line.strip()]
        if listed:
            return listed
        # The people who can act on the notice: moderators (administrators included).
        return list(
            User.objects.with_perm("coalitions.moderate_signatory")
            .filter(is_staff=True)
            .exclude(email="")
            .order_by("pk")
            .values_list("email", flat=True)
        )


class SignatoryQuerySet(models.QuerySet):
    def listed(self):
        """Shown on public pages: approved, and individuals only if the campaign lists them."""
        return self.filter(status=Signatory.Status.APPROVED).filter(
            Q(kind=Signatory.Kind.ORGANIZATION) | Q(statement__campaign__list_individuals=True)
        )

    def listed_on(self, statement, campaign):
        """`filter(statement=statement).listed()` for a caller holding the statement's
        campaign (or None): the same rows, with no join to the statement and campaign."""
        listed = self.filter(statement_id=statement.pk, status=Signatory.Status.APPROVED)
        if campaign is None or not campaign.list_individuals:
            listed = listed.filter(kind=Signatory.Kind.ORGANIZATION)
        return listed

    def in_public_order(self, campaign=None):
        """The published list's order first, then newly approved ones as the campaign says."""
        imported_first = Case(
            When(source=Signatory.Source.IMPORTED, then=Value(0)), default=Value(1)
        )
        then = ["approved_at", "id"]
        if campaign is None or campaign.order == Campaign.Order.ALPHABETICAL:
            then = ["name_key", "id"]
        if campaign is not None and campaign.grouping:
            then = [campaign.grouping, *then]
        return self.order_by(imported_first, "position", *then)


class Signatory(models.Model):
    """A name under a statement: printed with the release, added by staff, or signed on."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for email confirmation"
        CONFIRMED = "confirmed", "Confirmed, waiting for a moderator"
        APPROVED = "approved", "Approved (listed)"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn by the signer"

    class Source(models.TextChoices):
        IMPORTED = "imported", "Printed with the release"
        STAFF = "staff", "Added by staff"
        FORM = "form", "Public sign-on form"

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("Organization")
        INDIVIDUAL = "individual", _("Individual")

    class OrganizationType(models.TextChoices):
        COMMUNITY = "community", _("Community or grassroots group")
        ADVOCACY = "advocacy", _("Advocacy or policy organization")
        SERVICE = "service", _("Service provider")
        LEGAL = "legal", _("Legal services")
        FAITH = "faith", _("Faith-based organization")
        LABOR = "labor", _("Labor union or worker center")
        ACADEMIC = "academic", _("Academic or research")
        NETWORK = "network", _("Network or coalition")
        OTHER = "other", _("Other")

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
    status = models.CharField(max_length=10, choices=Status, default=Status.APPROVED)
    source = models.CharField(max_length=10, choices=Source, default=Source.STAFF)
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.ORGANIZATION)
    # Printed with an imported release: the heading the name stands under and the place
    # after it ("Desert Dreamers Network (AZ)"). Public, as the release printed them.
    group = models.CharField(
        max_length=200, blank=True, help_text='e.g. "State and Local Organizations"'
    )
    place = models.CharField(max_length=100, blank=True, help_text='As printed, e.g. "AZ"')

    # What the signer told us. Private: never printed on a public page.
    signer_name = models.CharField("name of the person signing", max_length=120, blank=True)
    signer_title = models.CharField("their title", max_length=120, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField("state or region", max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True)
    organization_type = models.CharField(max_length=20, choices=OrganizationType, blank=True)
    website = models.URLField(max_length=200, blank=True)
    consent_to_list = models.BooleanField(default=True)
    opt_in = models.BooleanField(
        "wants news from the coalition",
        default=False,
        help_text="Takes effect once the sign-on is confirmed.",
    )
    ip = models.GenericIPAddressField("IP address", null=True, blank=True)
    language = models.CharField(
        max_length=5, blank=True, help_text="The language the signer used; their emails use it."
    )

    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    rejected_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField("personal data erased", null=True, blank=True)

    objects = SignatoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "signatories"
        permissions = [
            (
                "moderate_signatory",
                "Can approve and reject sign-ons and erase signers' personal data",
            ),
            ("export_signatory", "Can export and print lists of signatories"),
        ]
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
        indexes = [
            models.Index(fields=["statement", "status"], name="signatory_statement_status"),
            models.Index(fields=["status", "confirmed_at"], name="signatory_queue"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.name and self.organization_id:
            self.name = str(self.organization)
        self.name_key = name_key(self.name)
        self.was_approved = self._stored_status == self.Status.APPROVED  # for post_save
        super().save(*args, **kwargs)
        self._stored_status = self.status

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._stored_status = instance.__dict__.get("status")
        return instance

    # The status as last read or saved, and after a save whether the row was listed
    # before it: only changes to listed rows show on public pages.
    _stored_status = None
    was_approved = False

    @property
    def wants_news(self):
        """The opt-in counts only once the signer has confirmed their address."""
        return self.opt_in and self.confirmed_at is not None and self.erased_at is None
