from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, validate_email
from django.db import models, transaction
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from advocacy.models import Organization, User
from advocacy.text import NAME_KEY_LENGTH, kept_key, sort_key, unique_slug
from advocacy.uploads import SafeImageField
from releases.models import Statement


def country_name(value):
    """A country code's name in the active language; any other text as it is."""
    if len(value or "") == 2 and value.upper() in countries:
        return str(countries.name(value.upper()))
    return value or ""


def directory_country(value):
    """A signer's country as the directory writes it: its name in English."""
    with translation.override(settings.LANGUAGE_CODE):
        return country_name(value)


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


def _listed_addresses(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def active_staff_emails():
    """The addresses of active staff accounts, case-folded: where staff notices may go."""
    return {
        email.casefold()
        for email in User.objects.filter(is_staff=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    }


def validate_staff_addresses(text):
    """Every line an email address of an active staff account (see `Campaign.notify_emails`)."""
    listed = _listed_addresses(text)
    malformed = []
    for address in listed:
        try:
            validate_email(address)
        except ValidationError:
            malformed.append(address)
    if malformed:
        raise ValidationError(
            "This is not an email address: %(addresses)s. Write one address per line.",
            code="invalid",
            params={"addresses": ", ".join(malformed)},
        )
    staff = active_staff_emails()
    outsiders = [address for address in listed if address.casefold() not in staff]
    if outsiders:
        raise ValidationError(
            "This is not the address of an active staff account: %(addresses)s. Staff "
            "notices carry signers' private details (names, emails, phone numbers), so they "
            "go only to staff: give the person a staff account with that address first, or "
            "leave this blank to tell the sign-on moderators.",
            code="not_staff",
            params={"addresses": ", ".join(outsiders)},
        )


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
        validators=[validate_staff_addresses],
        help_text="Addresses of active staff accounts told of confirmed sign-ons, one per "
        "line. Blank: the site's sign-on moderators. The notices carry signers' private "
        "details, so only moderators and administrators may change this.",
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
        """Who is told of new sign-ons: the listed addresses that are still those of
        active staff accounts (an account closed since, or an address stored before the
        rule, gets nothing), else the sign-on moderators."""
        staff = active_staff_emails()
        listed = [a for a in _listed_addresses(self.notify_emails) if a.casefold() in staff]
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


# The names printed with the release come first in a list (see in_public_order).
IMPORTED_FIRST = Case(When(source="imported", then=Value(0)), default=Value(1))


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
        imported_first = IMPORTED_FIRST
        then = ["approved_at", "id"]
        if campaign is None or campaign.order == Campaign.Order.ALPHABETICAL:
            then = ["sort_key", "id"]
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
    # Two spellings of one name share `name_key` (look-alike letters folded: one
    # signatory per name and statement); `sort_key` keeps the letters, to list by.
    name_key = models.CharField(max_length=NAME_KEY_LENGTH, editable=False)
    sort_key = models.CharField(max_length=NAME_KEY_LENGTH, editable=False, default="")
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
    country = models.CharField(
        max_length=100,
        blank=True,
        help_text="A country code (ISO 3166-1), or as typed before the form offered a list.",
    )
    organization_type = models.CharField(max_length=20, choices=OrganizationType, blank=True)
    website = models.URLField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    answers = models.JSONField(
        default=dict,
        blank=True,
        help_text="Answers to the campaign's own questions: {question id: answer}.",
    )
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
            # The printed list's order (in_public_order, alphabetical): the first names of
            # a list of 100,000 are read from it, not sorted out of every row.
            models.Index(
                models.F("statement"),
                models.F("status"),
                IMPORTED_FIRST,
                models.F("position"),
                models.F("sort_key"),
                models.F("id"),
                name="signatory_public_order",
            ),
            models.Index(fields=["status", "confirmed_at"], name="signatory_queue"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.name and self.organization_id:
            self.name = str(self.organization)
        self.name_key = kept_key(self.name_key, self.name)
        self.sort_key = sort_key(self.name)
        # The row and its statement's count change together or not at all, from the
        # row as it is stored (locked), not as this instance last saw it.
        with transaction.atomic(using=kwargs.get("using")):
            stored = None
            if self.pk is not None and not self._state.adding:
                stored = (
                    Signatory.objects.select_for_update()
                    .filter(pk=self.pk)
                    .values_list("status", "kind")
                    .first()
                )
            self.was_approved = stored is not None and stored[0] == self.Status.APPROVED
            # The count first: receivers of post_save update the statement (its search
            # text), and every change locks the count before the statement.
            SignatoryList.objects.count_change(
                self.statement_id,
                before=stored[1] if self.was_approved else None,
                after=self.kind if self.status == self.Status.APPROVED else None,
            )
            super().save(*args, **kwargs)
        self._stored_status, self._stored_kind = self.status, self.kind

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._stored_status = instance.__dict__.get("status")
        instance._stored_kind = instance.__dict__.get("kind")
        return instance

    # The status and kind as last read or saved, and after a save whether the row was
    # listed before it: only changes to listed rows show on public pages.
    _stored_status = None
    _stored_kind = None
    was_approved = False

    @property
    def country_name(self):
        """The country in the active language (older rows: as it was typed)."""
        return country_name(self.country)

    @property
    def is_listed(self):
        """Printed under the statement now (as `SignatoryQuerySet.listed` says)."""
        if self.status != self.Status.APPROVED:
            return False
        if self.kind == self.Kind.ORGANIZATION:
            return True
        campaign = getattr(self.statement, "campaign", None)
        return bool(campaign and campaign.list_individuals)

    @property
    def can_change(self):
        """Still standing: the signer may correct it, withdraw it, confirm it."""
        return self.status in (self.Status.SUBMITTED, self.Status.CONFIRMED, self.Status.APPROVED)

    @property
    def wants_news(self):
        """The opt-in counts only once the signer has confirmed their address."""
        return self.opt_in and self.confirmed_at is not None and self.erased_at is None


class Question(models.Model):
    """A question of a campaign's own, asked on its sign-on form: "Will you join the
    press call?". The answers are kept on each signatory (`Signatory.answers`, by the
    question's id), so that a new question needs no migration."""

    class Kind(models.TextChoices):
        YES_NO = "yes_no", "Yes or no"
        TEXT = "text", "Short text"
        CHOICE = "choice", "One of several choices"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(
        "question",
        max_length=200,
        help_text="As asked on the form, in the statement's language: "
        "Will you join the press call?",
    )
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.YES_NO)
    choices = models.TextField(blank=True, help_text="One of several choices: one per line.")
    required = models.BooleanField(default=False, help_text="Signers must answer it.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "text"], name="question_once_per_campaign"),
            models.CheckConstraint(
                condition=~Q(kind="choice") | ~Q(choices=""),
                name="question_choice_has_choices",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def answer_display(self, answers):
        """This question's answer among a signatory's `answers`, for people to read."""
        value = (answers or {}).get(str(self.pk), "")
        if self.kind == self.Kind.YES_NO and value:
            return _("Yes") if value == "yes" else _("No")
        return value


# The count of each statement's list lives in its own module; Django finds it here.
from .signatory_list import SignatoryList  # noqa: E402, F401
