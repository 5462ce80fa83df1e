import re
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from .models import Signatory

RATE_WINDOW = 3600


def setting(name):
    """Spam limits, overridable in settings: seconds to fill the form, sign-ons per hour."""
    defaults = {"SIGNON_MIN_SECONDS": 3, "SIGNON_RATE_PER_IP": 20, "SIGNON_RATE_PER_EMAIL": 5}
    return getattr(settings, name, defaults[name])


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_LINK = re.compile(
    r"(https?:|www\.|://|\b[\w-]+\.(com|org|net|info|biz|ru|xyz|io|ly|co)\b|<|>)", re.I
)
_TIMESTAMP_SALT = "coalitions.signon.started"


def stamp():
    """A signed timestamp for the form's hidden 'started' field."""
    return signing.dumps(time.time(), salt=_TIMESTAMP_SALT)


def over_rate_limit(kind, value, limit):
    """Count one more attempt for `value`; True once it is over `limit` this hour."""
    key = f"signon-rate:{kind}:{value}"
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW)
        count = 1
    return count > limit


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


class SignOnForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("I am signing for"),
        choices=[
            (Signatory.Kind.ORGANIZATION, _("An organization")),
            (Signatory.Kind.INDIVIDUAL, _("Myself, as an individual")),
        ],
        initial=Signatory.Kind.ORGANIZATION,
        widget=forms.RadioSelect,
    )
    organization_name = forms.CharField(
        label=_("Organization name"),
        max_length=200,
        required=False,
        help_text=_("As it should appear on the statement."),
    )
    signer_name = forms.CharField(label=_("Your name"), max_length=120)
    signer_title = forms.CharField(
        label=_("Your title"),
        max_length=120,
        required=False,
        help_text=_("e.g. Executive Director"),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("We send a link to confirm. It is never published."),
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    region = forms.CharField(label=_("State or region"), max_length=100, required=False)
    country = forms.CharField(label=_("Country"), max_length=100)
    organization_type = forms.ChoiceField(
        label=_("Type of organization"),
        choices=[("", "—"), *Signatory.OrganizationType.choices],
        required=False,
    )
    website = forms.URLField(
        label=_("Website"), max_length=200, required=False, assume_scheme="https"
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

    def __init__(self, *args, campaign, ip=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.ip = ip
        if not self.is_bound:
            self.initial["started"] = stamp()
        if not campaign.allow_individuals:
            del self.fields["kind"]

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

    def clean_city(self):
        return _clean_text(self.cleaned_data["city"], field_label=_("The city"), names=True)

    def clean_region(self):
        return _clean_text(self.cleaned_data["region"], field_label=_("The region"), names=True)

    def clean_country(self):
        value = _clean_text(self.cleaned_data["country"], field_label=_("The country"), names=True)
        if not value:
            raise forms.ValidationError(_("Enter your country."))
        return value

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
            self.add_error("organization_name", _("Enter the name of the organization signing."))
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
