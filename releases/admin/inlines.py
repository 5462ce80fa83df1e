"""The parts of a statement edited on its page: issuers, media contacts, attachments.

`inlines_with()` lets an app above this one (coalitions) put its own inline among them
by naming the inline it follows, not by counting positions.
"""

from django import forms
from django.contrib import admin
from django.db import models

from advocacy.admin import PositionedInlineFormSet

from ..models import Attachment, MediaContact, StatementIssuer


class IssuerInline(admin.TabularInline):
    model = StatementIssuer
    formset = PositionedInlineFormSet
    fields = ["organization", "about", "position"]
    autocomplete_fields = ["organization"]
    extra = 0
    verbose_name_plural = "issued by"
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})},
    }


class MediaContactForm(forms.ModelForm):
    class Meta:
        model = MediaContact
        fields = ["heading", "person", "organization", "position"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("person") and not cleaned.get("organization"):
            raise forms.ValidationError("Choose a person, an organization, or both.")
        return cleaned


class MediaContactFormSet(PositionedInlineFormSet):
    distinct_fields = ["person"]


class MediaContactInline(admin.TabularInline):
    model = MediaContact
    form = MediaContactForm
    formset = MediaContactFormSet
    fields = ["heading", "person", "organization", "position"]
    autocomplete_fields = ["person", "organization"]
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    formset = PositionedInlineFormSet
    fields = ["file", "title", "position"]
    extra = 0


#: In the order of a printed release: who issues it, who to call, what is attached.
STATEMENT_INLINES = [IssuerInline, MediaContactInline, AttachmentInline]


def inlines_with(inlines, inline, *, after):
    """`inlines` with `inline` placed right after the inline class `after`."""
    if after not in inlines:
        raise ValueError(f"{after.__name__} is not among the inlines {inlines!r}.")
    at = inlines.index(after) + 1
    return [*inlines[:at], inline, *inlines[at:]]
