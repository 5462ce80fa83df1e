"""Who receives releases: journalists, media lists, and the addresses never mailed again."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from advocacy.models import Person
from releases.models import Statement


def normalize_email(address):
    """An address as we store and compare it: trimmed and in lower case."""
    return (address or "").strip().lower()


class Journalist(models.Model):
    """A person on the press list: added by staff, imported, or subscribed on the site."""

    class Consent(models.TextChoices):
        WEBSITE = "website", "Subscribed on the website (confirmed by email)"
        STAFF = "staff", "Added by staff"
        IMPORT = "import", "Imported from a file"

    class Subscription(models.TextChoices):
        NONE = "", "Not subscribed: on the press list by staff"
        CONFIRMED = "confirmed", "Subscribed on the website"
        ENDED = "ended", "Subscription ended"

    email = models.EmailField(max_length=254)
    name = models.CharField(max_length=200, blank=True)
    first_name = models.CharField(
        max_length=100,
        blank=True,
        help_text="How the note above a release greets them. Blank: the first word of the name.",
    )
    outlet = models.CharField(max_length=200, blank=True, help_text="e.g. Chicago Tribune")
    beat = models.CharField(
        max_length=200, blank=True, help_text="What they cover, e.g. immigration, courts"
    )
    language = models.CharField(
        max_length=5,
        choices=Statement.Language,
        default=Statement.Language.ENGLISH,
        help_text="They get a release in this language when it has a translation in it.",
    )
    language_only = models.BooleanField(
        "only in this language",
        default=False,
        help_text="Skip them for releases that exist in no version in their language.",
    )
    topics = models.ManyToManyField(
        "taggit.Tag",
        blank=True,
        related_name="+",
        help_text="Topics of interest. Media lists can select by them; a subscriber who "
        "chose topics gets only releases tagged with one of them.",
    )
    notes = models.TextField(blank=True)
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="press_list_entries",
        help_text="The person of the directory with the same email address, found by it.",
    )
    subscription = models.CharField(
        max_length=10, choices=Subscription, default=Subscription.NONE, blank=True
    )
    subscribed_at = models.DateTimeField(null=True, blank=True)
    consent_source = models.CharField(
        "how they came", max_length=10, choices=Consent, default=Consent.STAFF
    )
    consent_at = models.DateTimeField("since", default=timezone.now)
    consent_note = models.CharField(
        "consent",
        max_length=300,
        blank=True,
        help_text="How they agreed to receive releases, e.g. 'Asked at the 2025 press conference'.",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="journalist_unique_email"),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>" if self.name else self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        if self.person_id is None and self.email:
            self.person = Person.objects.filter(email__iexact=self.email).first()
        super().save(*args, **kwargs)

    @property
    def greeting_name(self):
        """Their first name where known: as given, else the first word of the name."""
        if self.first_name:
            return self.first_name.strip()
        return self.name.split()[0] if self.name.split() else ""

    @property
    def is_subscriber(self):
        return self.subscription == self.Subscription.CONFIRMED


class MediaList(models.Model):
    """Recipients chosen by hand, by a rule, or both; a send joins lists, one copy each."""

    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    members = models.ManyToManyField(
        Journalist, blank=True, related_name="media_lists", help_text="Chosen by hand."
    )
    rule_beat = models.CharField(
        "beat contains", max_length=100, blank=True, help_text="e.g. immigration"
    )
    rule_outlet = models.CharField("outlet contains", max_length=100, blank=True)
    rule_language = models.CharField(
        "language", max_length=5, choices=Statement.Language, blank=True
    )
    rule_topic = models.ForeignKey(
        "taggit.Tag",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="topic of interest",
    )
    rule_subscribers = models.BooleanField(
        "website subscribers",
        default=False,
        help_text="Everyone subscribed on the website (with the other rules, those of them "
        "who match).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    RULE_FIELDS = ("rule_beat", "rule_outlet", "rule_language", "rule_topic", "rule_subscribers")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="medialist_unique_name"),
        ]

    def __str__(self):
        return self.name

    @property
    def has_rule(self):
        return any(getattr(self, name) for name in self.RULE_FIELDS if name != "rule_topic") or (
            self.rule_topic_id is not None
        )

    def rule(self):
        """The journalists the rule selects, as a Q (every rule set must hold), or None."""
        if not self.has_rule:
            return None
        q = models.Q()
        if self.rule_beat:
            q &= models.Q(beat__icontains=self.rule_beat)
        if self.rule_outlet:
            q &= models.Q(outlet__icontains=self.rule_outlet)
        if self.rule_language:
            q &= models.Q(language=self.rule_language)
        if self.rule_topic_id is not None:
            chosen = Journalist.topics.through.objects.filter(
                journalist=models.OuterRef("pk"), tag_id=self.rule_topic_id
            )
            q &= models.Q(models.Exists(chosen))
        if self.rule_subscribers:
            q &= models.Q(subscription=Journalist.Subscription.CONFIRMED)
        return q

    def selection(self):
        """Who is on the list: its members chosen by hand and those its rule selects."""
        q = models.Q(
            pk__in=self.members.through.objects.filter(medialist=self).values("journalist_id")
        )
        rule = self.rule()
        return q | rule if rule is not None else q

    def journalists(self):
        return Journalist.objects.filter(self.selection())


class SuppressionQuerySet(models.QuerySet):
    def suppress(self, email, reason, *, detail="", user=None):
        """Put an address on the list (once: a second reason leaves the first)."""
        entry, _created = self.get_or_create(
            email=normalize_email(email),
            defaults={"reason": reason, "detail": detail[:300], "created_by": user},
        )
        return entry

    def of(self, email):
        """The entry of an address (a value or an expression such as OuterRef), looked up
        by the index of the unique constraint."""
        email = Lower(email) if hasattr(email, "resolve_expression") else normalize_email(email)
        return self.alias(key=Lower("email")).filter(key=email)

    def holds(self, email):
        return self.of(email).exists()


class Suppression(models.Model):
    """An address nothing is ever sent to again, whichever list it is on."""

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Bounced (the address does not exist)"
        COMPLAINED = "complained", "Marked a release as spam"
        STAFF = "staff", "Added by staff"

    email = models.EmailField(max_length=254)
    reason = models.CharField(max_length=15, choices=Reason)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField("since", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = SuppressionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "suppressed address"
        verbose_name_plural = "suppression list"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="suppression_unique_email"),
        ]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)
