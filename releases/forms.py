from django import forms
from django.utils import timezone
from taggit.forms import TagWidget

from .models import Statement


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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files chosen at once (Django's documented way of doing it)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ImportReleaseForm(forms.Form):
    """Releases to turn into statements: pasted text, and/or files of any kind the
    importer reads."""

    #: At most this many files at once, each at most this large (a .zip of an archive).
    MAX_FILES = 100
    MAX_FILE_SIZE = 50 * 1024 * 1024

    text = forms.CharField(
        label="Release text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 90, "spellcheck": "false"}),
        help_text="Paste one release as it was sent out: header lines, title, subtitle, "
        "dateline, body, end mark, contacts and the rest, in whatever layout it has.",
    )
    files = MultipleFileField(
        label="Or files",
        required=False,
        help_text="Choose one or several: Word (.docx), web pages saved from the old site "
        "(.html), emails (.eml), plain text (.txt), a WordPress export (.xml), or a .zip "
        "of them (with the export's wp-content/uploads for its images).",
        widget=MultipleFileInput(
            attrs={"accept": ".txt,.text,.md,.docx,.html,.htm,.eml,.xml,.zip,text/plain"}
        ),
    )
    publish = forms.BooleanField(
        label="Publish immediately",
        required=False,
        initial=False,
        help_text="Leave unticked to get drafts you can review before they go public. A "
        "release with an embargo line is published at that time.",
    )
    dry_run = forms.BooleanField(
        label="Check only",
        required=False,
        initial=False,
        help_text="Read everything and show the report, saving nothing.",
    )

    #: The field the release text came from, where a message about its format belongs.
    source_field = "text"

    def __init__(self, *args, can_publish=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_publish:
            # Only a publisher may import straight to the public site.
            del self.fields["publish"]

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if len(files) > self.MAX_FILES:
            raise forms.ValidationError(
                f"{len(files)} files: choose at most {self.MAX_FILES} at once, or a .zip."
            )
        for upload in files:
            if upload.size > self.MAX_FILE_SIZE:
                raise forms.ValidationError(
                    f"{upload.name} is larger than {self.MAX_FILE_SIZE // 2**20} MB."
                )
        return files

    def clean(self):
        cleaned = super().clean()
        if "files" in self.errors:
            return cleaned
        if not (cleaned.get("text") or "").strip() and not cleaned.get("files"):
            self.add_error("text", "Paste the text of a release, or choose files.")
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
