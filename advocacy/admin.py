"""Admin for the directory: organizations, people and staff accounts.

Statements are shown on these pages through reverse relations by name (`issuances`,
`signatures`, `media_contacts`) and admin URL names, so this app imports nothing from
`releases` or `coalitions`.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Organization, Person, Phone, User
from .text import acronym_key, name_key
from .two_factor import devices, policy

#: How many statements an organization or person page lists before linking to the rest.
STATEMENTS_SHOWN = 20


class PositionedInlineFormSet(BaseInlineFormSet):
    """Inline rows ordered by a `position` field that staff may leave blank.

    A blank position puts the row after the last one, so adding a row at the bottom of the
    table keeps it at the bottom of the printed list. `distinct_fields` names the fields whose
    value may appear only once among the rows, for the rules the database enforces with
    conditional constraints (which a formset does not check across its rows by itself).
    """

    distinct_fields = ()

    def add_fields(self, form, index):
        super().add_fields(form, index)
        field = form.fields.get("position")
        if field is None:
            return
        field.required = False
        field.initial = None
        field.label = "Order"
        field.help_text = "Blank: after the last one."
        field.widget.attrs.setdefault("class", "vSmallField")
        if form.instance.pk is None:
            form.initial.pop("position", None)

    def distinct_key(self, field, value):
        """The value two rows may not share; override to normalise, e.g. names."""
        return value

    def kept_forms(self):
        """The rows that will exist after saving: existing or filled in, not deleted."""
        return [
            form
            for form in self.forms
            if (form.instance.pk is not None or form.has_changed())
            and not (self.can_delete and self._should_delete_form(form))
        ]

    def clean(self):
        super().clean()
        for field in self.distinct_fields:
            seen = set()
            for form in self.kept_forms():
                if field not in getattr(form, "cleaned_data", {}):
                    continue
                key = self.distinct_key(field, form.cleaned_data[field])
                if key in (None, ""):
                    continue
                if key in seen:
                    form.add_error(field, "This is already listed above.")
                seen.add(key)

    def save(self, commit=True):
        kept = self.kept_forms()
        taken = [f.instance.position for f in kept if f.instance.position is not None]
        following = max(taken, default=-1) + 1
        for form in kept:
            if form.instance.position is None:
                form.instance.position = following
                following += 1
        return super().save(commit)


def statement_list(rows, *, total, more_url):
    """An HTML list of statements, newest first, each linking to its admin change page.

    `rows` are (statement, note) pairs; `total` counts them all, of which only the first
    `STATEMENTS_SHOWN` are in `rows`; `more_url` opens the statement list filtered to the rest.
    """
    if not total:
        return "None yet."
    items = format_html_join(
        "",
        '<li><a href="{}">{}</a> <span class="quiet">({}, {}){}</span></li>',
        (
            (
                reverse("admin:releases_statement_change", args=[statement.pk]),
                statement.title,
                date_format(statement.release_date),
                statement.visibility,
                f" — {note}" if note else "",
            )
            for statement, note in rows
        ),
    )
    more = ""
    if total > len(rows):
        more = format_html('<p><a href="{}">All {} statements</a></p>', more_url, total)
    return format_html('<ul class="statement-list">{}</ul>{}', items, more)


def statements_via(related, *, filter_param, pk, note=None):
    """The statements reached through a reverse relation (`obj.issuances`, ...)."""
    rows = related.select_related("statement").order_by("-statement__release_date", "-statement_id")
    seen, listed = set(), []
    for row in rows[: STATEMENTS_SHOWN * 2]:
        if row.statement_id not in seen and len(listed) < STATEMENTS_SHOWN:
            seen.add(row.statement_id)
            listed.append((row.statement, note(row) if note else ""))
    total = related.values("statement").distinct().count() if len(listed) else 0
    more_url = reverse("admin:releases_statement_changelist") + "?" + urlencode({filter_param: pk})
    return statement_list(listed, total=total, more_url=more_url)


class OrganizationForm(forms.ModelForm):
    """Reports the database's uniqueness rules on names and acronyms next to the fields."""

    class Meta:
        model = Organization
        fields = [
            "name",
            "acronym",
            "slug",
            "website",
            "logo",
            "email",
            "phone",
            "city",
            "country",
            "about",
        ]
        widgets = {"name": forms.TextInput(attrs={"class": "vLargeTextField"})}
        help_texts = {
            "slug": "The address of the organization's public page. Leave blank to make one "
            "from the name.",
            "acronym": "As printed, e.g. NNIRR. Statements that name the acronym alone are "
            "matched to this organization.",
        }

    def clean_name(self):
        name = self.cleaned_data["name"]
        clash = Organization.objects.exclude(pk=self.instance.pk).filter(name_key=name_key(name))
        if clash.exists():
            raise forms.ValidationError(
                "%(other)s is already in the directory under a name that differs only in "
                "case, accents, punctuation, invisible characters or look-alike letters "
                "(such as a Cyrillic “а” for a Latin “a”).",
                params={"other": clash.first()},
                code="duplicate",
            )
        return name

    def clean_acronym(self):
        acronym = self.cleaned_data["acronym"].strip()
        if acronym:
            # Case and look-alike letters ("ΝΝΙRR" in Greek) as in names.
            clash = Organization.objects.exclude(pk=self.instance.pk).filter(
                acronym_key=acronym_key(acronym)
            )
            if clash.exists():
                raise forms.ValidationError(
                    "%(other)s already uses this acronym.",
                    params={"other": clash.first()},
                    code="duplicate",
                )
        return acronym


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    form = OrganizationForm
    list_display = ["logo_thumbnail", "name", "acronym", "city", "country", "website_link"]
    list_display_links = ["name"]
    list_filter = ["country"]
    search_fields = ["name", "acronym", "city"]
    list_per_page = 50
    readonly_fields = [
        "logo_preview",
        "issued_statements",
        "signed_statements",
        "contact_statements",
        "people_list",
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["name", "acronym", "slug", "website", "logo", "logo_preview"]}),
            ("Contact", {"fields": ["email", "phone", "city", "country"]}),
            ("About", {"fields": ["about"]}),
        ]
        if obj is not None:
            fieldsets.append(
                (
                    "Statements and people",
                    {
                        "fields": [
                            "issued_statements",
                            "signed_statements",
                            "contact_statements",
                            "people_list",
                        ],
                        "description": "Read only. Edit these on the statement or person.",
                    },
                )
            )
        return fieldsets

    @admin.display(description="Logo")
    def logo_thumbnail(self, obj):
        if not obj.logo:
            return ""
        # Wide logos are scaled into a 96×32 box rather than stretching the column.
        return format_html(
            '<img src="{}" alt="{} logo" height="32" loading="lazy" '
            'style="max-width: 96px; object-fit: contain">',
            obj.logo.url,
            obj.name,
        )

    @admin.display(description="Current logo")
    def logo_preview(self, obj):
        if not obj.logo:
            return "No logo uploaded."
        return format_html('<img src="{}" alt="{} logo" height="96">', obj.logo.url, obj.name)

    @admin.display(description="Website", ordering="website")
    def website_link(self, obj):
        if not obj.website:
            return ""
        return format_html(
            '<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>',
            obj.website,
            obj.website_display,
        )

    @admin.display(description="Issued")
    def issued_statements(self, obj):
        return statements_via(obj.issuances, filter_param="issuer", pk=obj.pk)

    @admin.display(description="Signed")
    def signed_statements(self, obj):
        return statements_via(obj.signatures, filter_param="signed_by", pk=obj.pk)

    @admin.display(description="Media contact on")
    def contact_statements(self, obj):
        return statements_via(
            obj.media_contacts,
            filter_param="contact_organization",
            pk=obj.pk,
            note=lambda contact: contact.heading,
        )

    @admin.display(description="People")
    def people_list(self, obj):
        people = list(obj.people.all()[:50])
        if not people:
            return "None yet."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a>{}</li>',
                (
                    (
                        reverse("admin:advocacy_person_change", args=[person.pk]),
                        person.name,
                        f", {person.title}" if person.title else "",
                    )
                    for person in people
                ),
            ),
        )


class PhoneInline(admin.TabularInline):
    model = Phone
    formset = PositionedInlineFormSet
    fields = ["label", "number", "position"]
    extra = 1


class PersonForm(forms.ModelForm):
    """Reports the one-person-per-name-and-organization rule next to the name."""

    class Meta:
        model = Person
        fields = ["name", "title", "organization", "email"]

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if name:
            others = Person.objects.exclude(pk=self.instance.pk).annotate(name_lower=Lower("name"))
            clash = others.filter(name_lower=name.lower(), organization=cleaned.get("organization"))
            if clash.exists():
                self.add_error(
                    "name",
                    forms.ValidationError(
                        "%(other)s is already in the directory.",
                        params={"other": clash.first()},
                        code="duplicate",
                    ),
                )
        return cleaned


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    form = PersonForm
    list_display = ["name", "organization", "title", "email_link", "phone_numbers"]
    list_select_related = ["organization"]
    search_fields = ["name", "email", "organization__name", "organization__acronym"]
    autocomplete_fields = ["organization"]
    inlines = [PhoneInline]
    readonly_fields = ["contact_statements"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("phones")

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(None, {"fields": ["name", "title", "organization", "email"]})]
        if obj is not None:
            fieldsets.append(("Statements", {"fields": ["contact_statements"]}))
        return fieldsets

    @admin.display(description="Email", ordering="email")
    def email_link(self, obj):
        if not obj.email:
            return ""
        return format_html('<a href="mailto:{}">{}</a>', obj.email, obj.email)

    @admin.display(description="Phones")
    def phone_numbers(self, obj):
        return "; ".join(str(phone) for phone in obj.phones.all())

    @admin.display(description="Media contact on")
    def contact_statements(self, obj):
        return statements_via(
            obj.media_contacts,
            filter_param="contact_person",
            pk=obj.pk,
            note=lambda contact: contact.heading,
        )


# The authenticators' own admin pages would show an administrator anyone's secret (and its
# QR code): staff manage their own second factor (advocacy.two_factor), administrators
# only reset it, with the action below.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "email",
        "first_name",
        "last_name",
        "is_staff",
        "two_factor",
        "last_login",
    ]
    actions = ["reset_second_factor"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                has_authenticator=Exists(
                    TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
                )
            )
        )

    @admin.display(description="Two-factor login", boolean=True, ordering="has_authenticator")
    def two_factor(self, obj):
        return obj.has_authenticator

    @admin.action(
        description="Reset two-factor login (they set it up again at their next login)",
        permissions=["change"],
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def reset_second_factor(self, request, queryset):
        """For a staff member whose phone is lost along with their recovery codes: their
        authenticator and recovery codes are removed; one whose role needs two-factor
        login sets up a new one right after their password."""
        reset = 0
        for user in queryset:
            if policy.authenticator(user) is None and not devices.recovery_codes_left(user):
                continue
            devices.remove_all(user)
            self.log_change(
                request, user, "Reset two-factor login (authenticator app and recovery codes)."
            )
            reset += 1
        self.message_user(
            request,
            f"Reset the two-factor login of {reset} account{'s' if reset != 1 else ''}."
            if reset
            else "None of them had two-factor login set up.",
            messages.SUCCESS if reset else messages.INFO,
        )
