from django import forms
from django.utils import timezone
from taggit.forms import TagWidget

from .models import Statement

#: A press release is a few pages of text; anything larger is not one.
MAX_RELEASE_FILE_SIZE = 1024 * 1024


class StatementAdminForm(forms.ModelForm):
    """The statement form of the admin: "Published" with no time means "now"."""

    class Meta:
        model = Statement
        fields = [
            *Statement.CONTENT_FIELDS,
            "status",
            "publish_at",
            "language",
            "slug",
            "tags",
            "lead_image",
            "lead_image_alt",
        ]
        help_texts = {
            "title": "As printed at the top of the release.",
            "slug": "The end of the public address, made from the title. Changing it after "
            "publication breaks links already shared.",
            "status": "Draft: only staff can see it. Published: public from the publish time.",
            "publish_at": "Leave empty to publish at once. A time in the future keeps a "
            "published statement under embargo until then.",
            "tags": "Type a tag and press Enter or a comma; × removes one.",
        }
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "deck": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
            "body": forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField"}),
            "slug": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "tags": TagWidget(attrs={"class": "vLargeTextField", "data-tag-chips": ""}),
            "lead_image_alt": forms.TextInput(attrs={"class": "vLargeTextField"}),
        }

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug.isdigit():
            raise forms.ValidationError(
                "An address of digits alone opens the archive of that year instead: add a "
                "word, e.g. statement-%(slug)s.",
                params={"slug": slug},
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Statement.Status.PUBLISHED and not cleaned.get("publish_at"):
            cleaned["publish_at"] = timezone.now()
        if (
            "lead_image" in self.fields
            and cleaned.get("lead_image")
            and not (cleaned.get("lead_image_alt") or "").strip()
        ):
            self.add_error(
                "lead_image_alt",
                "Describe the picture for readers who cannot see it: screen readers read "
                "this out, and link previews show it.",
            )
        return cleaned


class ImportReleaseForm(forms.Form):
    """A release as plain text, pasted or uploaded, to turn into a statement."""

    text = forms.CharField(
        label="Release text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "cols": 90, "spellcheck": "false"}),
        help_text="Paste the whole release as plain text: the title on the first line, then "
        "the subtitle if there is one, the dateline (e.g. Chicago — June 29, 2018 —) and the "
        "body; then the end mark (###), and any “Signed:” list, contact block and closing "
        "line naming the issuing organizations.",
    )
    file = forms.FileField(
        label="Or a text file",
        required=False,
        help_text="A .txt file saved as UTF-8, instead of pasting.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
    )
    publish = forms.BooleanField(
        label="Publish immediately",
        required=False,
        initial=False,
        help_text="Leave unticked to get a draft you can review before it goes public.",
    )

    #: The field the release text came from, where a message about its format belongs.
    source_field = "text"

    def __init__(self, *args, can_publish=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_publish:
            # Only a publisher may import straight to the public site.
            del self.fields["publish"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size > MAX_RELEASE_FILE_SIZE:
            raise forms.ValidationError(
                "This file is larger than 1 MB, too large for a release in plain text."
            )
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "This file is not plain text in UTF-8. Open it, copy the text and paste it "
                "in the box above instead."
            ) from None

    def clean(self):
        cleaned = super().clean()
        pasted = (cleaned.get("text") or "").strip()
        uploaded = cleaned.get("file")
        if "file" in self.errors:
            return cleaned
        if pasted and uploaded:
            raise forms.ValidationError(
                "Paste the text or choose a file, not both: which one should be imported?"
            )
        if uploaded is not None:
            if not uploaded.strip():
                self.add_error("file", "This file is empty.")
                return cleaned
            self.source_field = "file"
            cleaned["text"] = uploaded
        elif not pasted:
            self.add_error("text", "Paste the text of a release, or choose a file.")
        return cleaned


class SharePreviewForm(forms.Form):
    """How long a share link of a statement's preview works."""

    days = forms.TypedChoiceField(
        label="Link works for",
        coerce=int,
        choices=[(1, "1 day"), (3, "3 days"), (7, "7 days")],
        initial=3,
        widget=forms.RadioSelect,
        help_text="After that it opens a page saying the link has expired.",
    )
    recipient = forms.CharField(
        label="For",
        required=False,
        max_length=200,
        help_text="Optional: who you are sending it to, e.g. a newsroom. Only staff see it, "
        "in the list of links below.",
        widget=forms.TextInput(attrs={"class": "vTextField"}),
    )
