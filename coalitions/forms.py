import re
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from advocacy.guards import STAMP_SALT as _TIMESTAMP_SALT
from advocacy.guards import over_rate_limit, stamp

from .models import Signatory
from .signer_steps import CORRECTABLE_FIELDS

__all__ = ["ResendForm", "SignOnForm", "over_rate_limit", "setting", "stamp"]


def setting(name):
    """Spam limits, overridable in settings: seconds to fill the form, sign-ons per hour."""
    defaults = {"SIGNON_MIN_SECONDS": 3, "SIGNON_RATE_PER_IP": 20, "SIGNON_RATE_PER_EMAIL": 5}
    return getattr(settings, name, defaults[name])


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_LINK = re.compile(
    r"(https?:|www\.|://|\b[\w-]+\.(com|org|net|info|biz|ru|xyz|io|ly|co)\b|<|>)", re.I
)


def _clean_text(value, *, field_label, names=False):
    value = " ".join((value or "").split())
    if _CONTROL.search(value):
        raise forms.ValidationError(
            _("%(field)s contains characters that cannot be printed.") % {"field": field_label}
        )
    if names and _LINK.search(value):
        raise forms.ValidationError(
            _("%(field)s cannot contain a link or web address.") % {"field": field_label}
        )
    return value


_PHONE = re.compile(r"^\+?[\d\s().\-/]{5,30}(?:\s*(?:ext\.?|x)\s*\d{1,6})?$", re.I)


def country_choices():
    """Every country of ISO 3166-1 by its code, named and sorted in the active language."""
    return [("", _("Choose a country")), *((c.code, c.name) for c in countries)]


def country_code(value):
    """The ISO code of a country given by its code or its name (English or Spanish)."""
    value = (value or "").strip()
    if not value:
        return ""
    return (
        (value.upper() if len(value) == 2 and value.upper() in countries else "")
        or countries.by_name(value, insensitive=True)
        or countries.by_name(value, insensitive=True, language="es")
        or countries.alpha2(value)
    )


class SignerDetailsForm(forms.Form):
    """What a signer tells about their organization and themselves: the sign-on form's
    fields, and the ones they correct later on their own page."""

    organization_name = forms.CharField(
        label=_("Organization name"),
        max_length=200,
        required=False,
        help_text=_("As it should appear on the statement."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={"required": _("Enter the name of the organization signing.")},
    )
    signer_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )
    signer_title = forms.CharField(
        label=_("Your title"),
        max_length=120,
        required=False,
        help_text=_("e.g. Executive Director"),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_("Only for the organizers, if they need to reach you. Never published."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    city = forms.CharField(
        label=_("City"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    region = forms.CharField(
        label=_("State or region"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level1"}),
    )
    # A list of ISO 3166-1 codes; a name (English or Spanish) or a code typed by a script
    # that posts the form is read too.
    country = forms.CharField(
        label=_("Country"),
        widget=forms.Select(attrs={"autocomplete": "country"}),
        error_messages={"required": _("Choose your country.")},
    )
    organization_type = forms.ChoiceField(
        label=_("Type of organization"),
        choices=[("", "—"), *Signatory.OrganizationType.choices],
        required=False,
    )
    website = forms.URLField(
        label=_("Website"),
        max_length=200,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )

    def __init__(self, *args, kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].widget.choices = country_choices()
        self.fixed_kind = kind
        if kind == Signatory.Kind.ORGANIZATION:
            self.fields["organization_name"].required = True
        elif kind == Signatory.Kind.INDIVIDUAL:
            del self.fields["organization_name"]

    def clean_organization_name(self):
        return _clean_text(
            self.cleaned_data["organization_name"],
            field_label=_("The organization name"),
            names=True,
        )

    def clean_signer_name(self):
        value = _clean_text(
            self.cleaned_data["signer_name"], field_label=_("Your name"), names=True
        )
        if not value:
            raise forms.ValidationError(_("Enter your name."))
        return value

    def clean_signer_title(self):
        return _clean_text(
            self.cleaned_data["signer_title"], field_label=_("Your title"), names=True
        )

    def clean_phone(self):
        value = _clean_text(self.cleaned_data["phone"], field_label=_("The phone number"))
        if value and not _PHONE.match(value):
            raise forms.ValidationError(
                _("Enter a phone number with digits, e.g. +1 312 555 0100.")
            )
        return value

    def clean_city(self):
        return _clean_text(self.cleaned_data["city"], field_label=_("The city"), names=True)

    def clean_region(self):
        return _clean_text(self.cleaned_data["region"], field_label=_("The region"), names=True)

    def clean_country(self):
        value = _clean_text(self.cleaned_data["country"][:100], field_label=_("The country"))
        if not value:
            raise forms.ValidationError(_("Choose your country."))
        code = country_code(value)
        if not code:
            raise forms.ValidationError(_("Choose your country from the list."))
        return code


class SignOnForm(SignerDetailsForm):
    kind = forms.ChoiceField(
        label=_("I am signing for"),
        choices=[
            (Signatory.Kind.ORGANIZATION, _("An organization")),
            (Signatory.Kind.INDIVIDUAL, _("Myself, as an individual")),
        ],
        initial=Signatory.Kind.ORGANIZATION,
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("We send a link to confirm. It is never published."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.org."),
        },
    )
    consent_to_list = forms.BooleanField(
        label=_("List my organization's name publicly under this statement"),
        required=True,
        error_messages={"required": _("Your name can only be added with your consent to list it.")},
    )
    opt_in = forms.BooleanField(
        label=_("Send me news from the coalition (after I confirm my email)"), required=False
    )
    # Spam traps: a field people never see, and the time the form was served.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = [
        "kind",
        "organization_name",
        "signer_name",
        "signer_title",
        "email",
        "phone",
        "city",
        "region",
        "country",
        "organization_type",
        "website",
    ]

    def __init__(self, *args, campaign, ip=None, **kwargs):
        # One who may sign only for an organization must name it.
        kind = None if campaign.allow_individuals else Signatory.Kind.ORGANIZATION
        super().__init__(*args, kind=kind, **kwargs)
        self.campaign = campaign
        self.ip = ip
        if not self.is_bound:
            self.initial["started"] = stamp()
        if not campaign.allow_individuals:
            del self.fields["kind"]
        else:
            self.fields["organization_name"].help_text = _(
                "As it should appear on the statement. Leave it empty if you sign as an individual."
            )
        self.fields["consent_to_list"].help_text = consent_explained(campaign)
        if campaign.allow_individuals and campaign.list_individuals:
            self.fields["consent_to_list"].label = _(
                "List my organization's name, or mine if I sign as an individual, publicly "
                "under this statement"
            )
        self.questions = list(campaign.questions.all())
        for question in self.questions:
            self.fields[question_field(question)] = answer_field(question)

    @property
    def question_fields(self):
        return [self[question_field(question)] for question in self.questions]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("homepage"):
            raise forms.ValidationError(
                _("Your sign-on looks automated and was not saved. Please try again."),
                code="spam",
            )
        try:
            started = signing.loads(self.data.get("started", ""), salt=_TIMESTAMP_SALT)
        except signing.BadSignature:
            raise forms.ValidationError(
                _("The form was out of date. Please fill it in again."), code="spam"
            ) from None
        if time.time() - float(started) < setting("SIGNON_MIN_SECONDS"):
            raise forms.ValidationError(
                _(
                    "That was quicker than a person can type: please check your details and "
                    "send the form again."
                ),
                code="spam",
            )
        kind = cleaned.get("kind") or Signatory.Kind.ORGANIZATION
        cleaned["kind"] = kind
        if kind == Signatory.Kind.ORGANIZATION and not cleaned.get("organization_name"):
            if "organization_name" not in self.errors:
                self.add_error(
                    "organization_name", _("Enter the name of the organization signing.")
                )
        cleaned["answers"] = {
            str(question.pk): cleaned[question_field(question)]
            for question in self.questions
            if cleaned.get(question_field(question))
        }
        if self.errors:
            return cleaned
        if self.ip and over_rate_limit("ip", self.ip, setting("SIGNON_RATE_PER_IP")):
            raise forms.ValidationError(
                _("Too many sign-ons from your network in the last hour. Please try again later."),
                code="rate",
            )
        email = (cleaned.get("email") or "").lower()
        if email and over_rate_limit("email", email, setting("SIGNON_RATE_PER_EMAIL")):
            raise forms.ValidationError(
                _(
                    "Too many sign-ons for this email address in the last hour. "
                    "Please try again later."
                ),
                code="rate",
            )
        return cleaned


class CorrectionForm(SignerDetailsForm):
    """A signer's corrections on their own page, filled in with what they gave."""

    name_taken_message = _("Another signatory of this statement is listed under that name.")

    def __init__(self, *, signatory, data=None):
        initial = {name: getattr(signatory, name) for name in CORRECTABLE_FIELDS}
        initial["country"] = country_code(signatory.country)
        organization = signatory.kind == Signatory.Kind.ORGANIZATION
        if organization:
            initial["organization_name"] = signatory.name
        super().__init__(data, kind=signatory.kind, initial=initial)
        self.name_field = "organization_name" if organization else "signer_name"
        if not organization:
            self.fields["signer_name"].help_text = _("As it appears on the statement.")
            del self.fields["organization_type"]


def consent_explained(campaign):
    """What listing publicly means for this campaign, in plain words."""
    sentences = [
        _(
            "We print the name you sign under beneath the statement, on its PDF and "
            "plain-text versions, and in the list that partner sites can show."
        )
    ]
    if campaign.grouping == "country":
        sentences.append(_("It stands under the name of your country."))
    elif campaign.grouping == "organization_type":
        sentences.append(_("It stands under your type of organization."))
    if campaign.allow_individuals and not campaign.list_individuals:
        sentences.append(
            _("If you sign as an individual, your name is not printed: only organizations are.")
        )
    sentences.append(
        _(
            "Nothing else you tell us is published. You can withdraw at any time, from the "
            "link in our emails."
        )
    )
    return " ".join(str(sentence) for sentence in sentences)


def question_field(question):
    return f"question_{question.pk}"


def answer_field(question):
    """The form field of one of the campaign's own questions."""
    required = question.required
    if question.kind == question.Kind.TEXT:
        return forms.CharField(
            label=question.text, max_length=500, required=required, validators=[_printable]
        )
    if question.kind == question.Kind.YES_NO:
        choices = [("yes", _("Yes")), ("no", _("No"))]
    else:
        choices = [(choice, choice) for choice in question.choice_list]
    return forms.ChoiceField(
        label=question.text,
        choices=choices,
        required=required,
        widget=forms.RadioSelect,
        error_messages={"required": _("Answer this question.")},
    )


def _printable(value):
    _clean_text(value, field_label=_("The answer"))


class ResendForm(forms.Form):
    email = forms.EmailField(label=_("The email address you signed with"), max_length=254)

    def __init__(self, *args, ip=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ip = ip

    def clean(self):
        cleaned = super().clean()
        email = (cleaned.get("email") or "").lower()
        if email and (
            over_rate_limit("resend-email", email, 3)
            or (self.ip and over_rate_limit("resend-ip", self.ip, 10))
        ):
            raise forms.ValidationError(
                _("Too many requests for a new link. Please wait an hour and try again."),
                code="rate",
            )
        return cleaned
