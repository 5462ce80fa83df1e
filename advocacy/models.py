from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from PIL import Image

from .images import social_card
from .text import (
    NAME_KEY_LENGTH,
    acronym_key,
    kept_key,
    looks_like_acronym,
    name_key,
    split_acronym,
    unique_slug,
)
from .uploads import SafeImageField


class User(AbstractUser):
    """The site's user model; staff accounts for the comms team."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"


class OrganizationQuerySet(models.QuerySet):
    def match(self, text):
        """The organization a printed name refers to, or None.

        Matches the full name in any spelling that gives the same `name_key`, then the
        acronym of "Full Name (ACR)" (the full name may be misspelled) or a bare acronym
        such as "NNIRR", in any case or look-alike capitals; "Full Name (ACR)" also finds
        an organization known so far only by its acronym, i.e. named "ACR".
        """
        name, acronym = split_acronym(text)
        if not name:
            return None
        found = self.filter(name_key=name_key(name)).first()
        # A bare acronym, in Latin capitals or in look-alike ones ("ΝΝΙRR" in Greek).
        bare = looks_like_acronym(name) or (name.isupper() and len(name.split()) == 1)
        if found is None and (acronym or bare):
            key = acronym_key(acronym or name)
            found = self.filter(acronym_key=key).exclude(acronym="").first()
        if found is None and acronym:
            found = self.filter(name_key=name_key(acronym), acronym="").first()
        return found

    def match_or_create(self, text, **defaults):
        """`match(text)`, creating the organization from the printed name when unknown.

        A bare acronym ("NNIRR") is recorded as the acronym too, so that the full name,
        once printed as "Full Name (NNIRR)", finds the same organization.
        """
        found = self.match(text)
        if found is not None:
            return found, False
        name, acronym = split_acronym(text)
        if not acronym and looks_like_acronym(name):
            acronym = name
        return self.create(name=name, acronym=acronym, **defaults), True


class Organization(models.Model):
    name = models.CharField(max_length=200)
    acronym = models.CharField(max_length=30, blank=True)
    acronym_key = models.CharField(
        max_length=NAME_KEY_LENGTH,
        blank=True,
        editable=False,
        help_text="The acronym with case and look-alike letters folded "
        "(advocacy.text.acronym_key); blank: none.",
    )
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    name_key = models.CharField(
        max_length=NAME_KEY_LENGTH,
        editable=False,
        help_text="The name with case, accents, punctuation, invisible characters and a "
        "leading 'The' removed and look-alike letters folded (advocacy.text.name_key).",
    )
    website = models.URLField(blank=True)
    about = models.TextField(
        blank=True,
        help_text="Boilerplate printed under the statements this organization issues.",
    )
    logo = SafeImageField(
        upload_to="logos/",
        blank=True,
        help_text="A JPEG, PNG, GIF or WebP image.",
    )
    social_card = models.ImageField(
        upload_to="logos/cards/",
        blank=True,
        editable=False,
        help_text="1200×630 picture for link previews, made from the logo on upload.",
    )
    city = models.CharField(max_length=120, blank=True, help_text="e.g. Chicago, IL")
    country = models.CharField(max_length=80, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name_key"], name="organization_unique_name_key"),
            models.UniqueConstraint(
                Lower("acronym"),
                condition=~models.Q(acronym=""),
                name="organization_unique_acronym",
            ),
            models.UniqueConstraint(
                fields=["acronym_key"],
                condition=~models.Q(acronym_key=""),
                name="organization_unique_acronym_key",
            ),
        ]

    def __str__(self):
        if self.acronym and self.acronym not in self.name:
            return f"{self.name} ({self.acronym})"
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = kept_key(self.name_key, self.name)
        self.acronym_key = kept_key(self.acronym_key, self.acronym, acronym_key)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            derived = {"name": "name_key", "acronym": "acronym_key"}
            kwargs["update_fields"] = {
                *update_fields,
                *(key for field, key in derived.items() if field in update_fields),
            }
        if not self.slug:
            self.slug = unique_slug(Organization, self.name, exclude_pk=self.pk)
        if self.logo.name != getattr(self, "_saved_logo", None):
            self._render_social_card()
        # For post_save receivers: whether the name under which it is found changed.
        self.names_changed = (self.name, self.acronym) != getattr(self, "_saved_names", None)
        super().save(*args, **kwargs)
        self._saved_logo = self.logo.name
        self._saved_names = (self.name, self.acronym)

    def get_absolute_url(self):
        return reverse("advocacy:organization-detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._saved_logo = instance.__dict__.get("logo")
        instance._saved_names = (instance.__dict__.get("name"), instance.__dict__.get("acronym"))
        return instance

    def _render_social_card(self):
        if not self.logo:
            self.social_card = ""
            return
        try:
            card = social_card(self.logo)
        except (OSError, Image.DecompressionBombError):
            self.social_card = ""  # not an image Pillow can read: no preview picture
            return
        self.social_card.save(f"{self.slug or 'logo'}.png", card, save=False)

    @property
    def short_name(self):
        return self.acronym or self.name

    @property
    def tel(self):
        """The phone number for a tel: link."""
        return tel_uri(self.phone)

    @property
    def website_display(self):
        return self.website.removeprefix("https://").removeprefix("http://").rstrip("/")


class Person(models.Model):
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True, help_text="Role, e.g. Executive Director")
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "organization",
                condition=models.Q(organization__isnull=False),
                name="person_unique_name_per_organization",
            ),
            models.UniqueConstraint(
                Lower("name"),
                condition=models.Q(organization__isnull=True),
                name="person_unique_name_without_organization",
            ),
        ]

    def __str__(self):
        if self.organization_id:
            return f"{self.name}, {self.organization.short_name}"
        return self.name


class Phone(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="phones")
    label = models.CharField(max_length=40, blank=True, help_text='Optional, e.g. "Mexico"')
    number = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "number"], name="phone_unique_per_person"),
        ]

    def __str__(self):
        return f"{self.label}: {self.number}" if self.label else self.number

    @property
    def tel(self):
        """The number for a tel: link: digits and a leading plus only."""
        return tel_uri(self.number)


def tel_uri(number):
    digits = "".join(ch for ch in number if ch.isdigit())
    return ("+" if number.strip().startswith(("+", "(+")) else "") + digits


class WorkerLease(models.Model):
    """A task worker that is running: it renews its lease while it lives. A task that a
    worker whose lease has run out left *Running* is queued again (advocacy.worker)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True)
    started_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["started_at"]

    def __str__(self):
        return f"worker {self.worker_id} on {self.host or '?'} (pid {self.pid})"
