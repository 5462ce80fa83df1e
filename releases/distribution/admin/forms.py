"""The admin's forms of sending: compose a send, import a CSV, act on journalists."""

from django import forms

from ..models import MediaList, Send
from ..recipients import list_sizes


class ListsField(forms.ModelMultipleChoiceField):
    """Media lists as checkboxes, each with how many it holds."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args, **kwargs):
        super().__init__(MediaList.objects.all(), *args, **kwargs)
        self._sizes = None

    def label_from_instance(self, obj):
        if self._sizes is None:
            self._sizes = list_sizes(self.queryset)
        count = self._sizes.get(obj.pk, 0)
        return f"{obj.name} ({count:,} recipient{'s' if count != 1 else ''})"


class SendForm(forms.ModelForm):
    lists = ListsField(help_text="A journalist on several lists gets one copy.")

    class Meta:
        model = Send
        fields = ["lists", "note", "mode", "skip_earlier_recipients"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 5, "cols": 80}),
            "mode": forms.RadioSelect,
        }

    def __init__(self, *args, statement, **kwargs):
        super().__init__(*args, **kwargs)
        self.statement = statement
        modes = self.modes(statement)
        self.fields["mode"].choices = [(mode, Send.Mode(mode).label) for mode in modes]
        if self.initial.get("mode") not in modes and modes:
            self.initial["mode"] = modes[0]
        self.fields["mode"].label = "When"
        self.fields["note"].label = "Note above the release (optional)"

    @staticmethod
    def modes(statement):
        """How this statement may be sent, as things stand."""
        if statement.status != statement.Status.PUBLISHED:
            return []
        if statement.is_public:
            return [Send.Mode.NOW]
        return [Send.Mode.EMBARGO, Send.Mode.AT_LIFT]

    def clean(self):
        cleaned = super().clean()
        if not self.modes(self.statement):
            raise forms.ValidationError(
                "The statement is a draft: publish it (now or under embargo) before sending "
                "it. You can prepare the send after that."
            )
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8 (or Excel's CSV). The first row names the columns; “email” is "
        "required. Up to 20,000 rows.",
    )
    consent_note = forms.CharField(
        label="Where these contacts come from",
        max_length=300,
        help_text="Recorded as their consent, e.g. “Reporters who asked at the 2025 press "
        "conference”.",
    )
    add_to = forms.ModelChoiceField(
        MediaList.objects.all(),
        required=False,
        label="Also add everyone to",
        empty_label="(no list)",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The file is over 5 MB: split it.")
        return upload


class AddToListForm(forms.Form):
    media_list = forms.ModelChoiceField(MediaList.objects.all(), label="Media list")


class EraseForm(forms.Form):
    keep_suppressed = forms.BooleanField(
        label="Keep their address on the suppression list, so that nothing is ever sent to "
        "it again (recommended)",
        required=False,
        initial=True,
    )
    confirm = forms.BooleanField(
        label="Yes, erase them: their details, list memberships and the address on past "
        "deliveries. This cannot be undone.",
    )
