"""Forms of signatories in the admin: on a statement's page and on their own."""

from django import forms

from advocacy.admin import PositionedInlineFormSet
from advocacy.text import name_key

from ..models import Signatory


class SignatoryForm(forms.ModelForm):
    """A signatory is an organization of the directory, a name as printed, or both."""

    class Meta:
        model = Signatory
        fields = ["statement", "organization", "name", "place", "group", "position"]
        help_texts = {
            "name": "As printed under the statement. Leave blank to use the organization's name.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "name" in self.fields:  # not on a read-only page, which has no fields
            self.fields["name"].required = False

    def clean(self):
        cleaned = super().clean()
        organization = cleaned.get("organization")
        if not (cleaned.get("name") or "").strip():
            if organization is None:
                if "organization" not in self.errors:
                    raise forms.ValidationError(
                        "Choose an organization or type the name as printed."
                    )
                return cleaned
            cleaned["name"] = str(organization)
        return cleaned


class SignatoryFormSet(PositionedInlineFormSet):
    distinct_fields = ["organization", "name"]

    def distinct_key(self, field, value):
        return name_key(value) if field == "name" else value


class StandaloneSignatoryForm(SignatoryForm):
    """On its own page a signatory is checked against the others of its statement."""

    def clean(self):
        cleaned = super().clean()
        statement, name = cleaned.get("statement"), cleaned.get("name")
        if statement is None or not name:
            return cleaned
        others = Signatory.objects.filter(statement=statement).exclude(pk=self.instance.pk)
        if others.filter(name_key=name_key(name)).exists():
            self.add_error("name", "This name is already among the statement's signatories.")
        organization = cleaned.get("organization")
        if organization is not None and others.filter(organization=organization).exists():
            self.add_error("organization", "This organization has already signed the statement.")
        return cleaned
