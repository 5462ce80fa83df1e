"""Sign-on campaigns on their own page, where their own questions are asked.

A statement's page opens it for sign-on (`statements.CampaignInline`, which links here);
the questions of a campaign need a page of the campaign's, as inlines do not nest.
"""

from django import forms
from django.contrib import admin

from ..models import Campaign, Question
from .statements import CampaignInline


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["text", "kind", "choices", "required", "position"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 3, "cols": 30})}

    def clean(self):
        cleaned = super().clean()
        choices = (cleaned.get("choices") or "").strip()
        if cleaned.get("kind") == Question.Kind.CHOICE and not choices:
            self.add_error("choices", "Give the choices, one per line.")
        return cleaned


class QuestionInline(admin.TabularInline):
    model = Question
    form = QuestionForm
    extra = 1
    verbose_name = "question of the sign-on form"
    verbose_name_plural = (
        "questions of the sign-on form (answers are in the signatories' CSV export)"
    )


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["statement", "opens_at", "closes_at", "goal", "requires_moderation"]
    list_select_related = ["statement"]
    search_fields = ["statement__title"]
    autocomplete_fields = ["statement"]
    fieldsets = [("Statement", {"fields": ["statement"]}), *CampaignInline.fieldsets]
    inlines = [QuestionInline]
