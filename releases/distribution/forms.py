"""The public forms: subscribe to the releases, and change one's choices."""

from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from advocacy.guards import over_rate_limit, seconds_since_stamp, stamp
from releases.archive import tags_in_use
from releases.models import Statement

from .conf import setting

LANGUAGES = [
    (Statement.Language.ENGLISH, "English"),
    (Statement.Language.SPANISH, "Español"),
]


class ChoicesForm(forms.Form):
    """Languages and topics: what a subscriber chooses, on subscribing and later."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "With both, you get each release in the language of this page when it exists in it."
        ),
        error_messages={"required": _("Choose at least one language.")},
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Tag.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None chosen: every release."),
    )

    def __init__(self, *args, language="en", **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        # Only the topics of public statements: a tag that only drafts carry is not public.
        self.fields["topics"].queryset = tags_in_use().order_by("name")

    def choices(self):
        """(language, only in it) from the languages ticked: one means only it; both
        mean the page's language first."""
        chosen = self.cleaned_data["languages"]
        if len(chosen) == 1:
            return chosen[0], True
        return (self.language if self.language in chosen else chosen[0]), False


class SubscribeForm(ChoicesForm):
    email = forms.EmailField(label=_("Email"), max_length=254)
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    outlet = forms.CharField(
        label=_("Outlet"),
        max_length=200,
        required=False,
        help_text=_("The newspaper, station or site you write for, if any."),
    )
    # Spam traps, as on the sign-on form: a field people never see, and when the form
    # was served (a per-reader value of the cached page).
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = ["email", "name", "outlet", "languages", "topics"]

    def __init__(self, *args, ip=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ip = ip
        if not self.is_bound:
            self.initial["started"] = stamp()
            self.initial["languages"] = [self.language]

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_outlet(self):
        return " ".join(self.cleaned_data["outlet"].split())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("homepage"):
            raise forms.ValidationError(
                _("Your request looks automated and was not sent. Please try again."),
                code="spam",
            )
        elapsed = seconds_since_stamp(self.data.get("started"))
        if elapsed is None:
            raise forms.ValidationError(
                _("The form was out of date. Please fill it in again."), code="spam"
            )
        if elapsed < setting("SUBSCRIBE_MIN_SECONDS"):
            raise forms.ValidationError(
                _("That was quicker than a person can type: please check and send again."),
                code="spam",
            )
        if self.errors:
            return cleaned
        if self.ip and over_rate_limit("subscribe-ip", self.ip, setting("SUBSCRIBE_RATE_PER_IP")):
            raise forms.ValidationError(
                _("Too many requests from your network in the last hour. Please try later."),
                code="rate",
            )
        email = (cleaned.get("email") or "").lower()
        if email and over_rate_limit("subscribe-email", email, setting("SUBSCRIBE_RATE_PER_EMAIL")):
            raise forms.ValidationError(
                _("Too many requests for this address in the last hour. Please try later."),
                code="rate",
            )
        return cleaned
