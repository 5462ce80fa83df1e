"""Uploaded files, checked by what they contain rather than by their names.

Attachments may be images or PDFs, logos only images. Whatever a file is called, it is
read: an image must be one Pillow opens as JPEG, PNG, GIF or WebP, within a pixel budget
(decompression bombs are refused before any pixel is decoded); a PDF must start with the
`%PDF-` header, end with its cross-reference trailer, be read by pypdf and hold no active
content (scripts, programs to launch, embedded files: see `advocacy.pdf_check`).
Anything else, SVG included, is refused with a message that says why. An image is then
drawn again by Pillow into a new file, so that what is stored carries no EXIF (camera, GPS
position), XMP or comments; its EXIF orientation is applied first. The stored name takes
the extension of what the file really is: a PDF called "letter.jpg" is stored as
"letter.pdf".

Decisions:
- Animated GIF and WebP are refused: a press room has no use for them, and every frame is
  another image to decode.
- A colour profile (ICC) is kept: it is not about anyone, and dropping it shifts colours.
- Files already stored are not checked again: attachments of other types (Word, ODT)
  uploaded before these rules keep working, and re-saving their statement is not refused.

`SafeFileField` and `SafeImageField` are the model fields that apply this to every form
built from the model (the admin included); `clean_upload()` is the step itself.
"""

import re
import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from PIL import Image, ImageOps

from . import pdf_check

MB = 1024 * 1024

#: Pillow format -> (stored extension, content type). Only these are accepted as images.
IMAGE_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "GIF": ("gif", "image/gif"),
    "WEBP": ("webp", "image/webp"),
}
PDF = ("pdf", "application/pdf")

IMAGES = "images"
IMAGES_AND_PDF = "images-and-pdf"

#: Names in a PDF that make a reader run code or open other programs, as plain bytes: a
#: first look, which also sees objects no cross-reference table lists (`pdf_check` parses
#: the file for the rest: escaped names, compressed object streams).
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch)\b")
_SVG = re.compile(rb"<svg[\s>]", re.IGNORECASE)
_STEM_LENGTH = 60


def setting(name):
    """Upload limits, overridable in settings."""
    defaults = {
        "UPLOAD_MAX_ATTACHMENT_SIZE": 10 * MB,
        "UPLOAD_MAX_LOGO_SIZE": 2 * MB,
        # 40 million pixels: an 8000×5000 photograph. Decoded, about 160 MB of memory.
        "UPLOAD_MAX_IMAGE_PIXELS": 40_000_000,
    }
    return getattr(settings, name, defaults[name])


@dataclass
class CleanFile:
    content: bytes
    extension: str
    content_type: str


def _refuse(message, code, **params):
    raise ValidationError(message, code=code, params=params)


def inspect(data, *, accept, name=""):
    """What `data` (bytes) really is, cleaned for storage; ValidationError if refused."""
    head = data[:1024]
    if head.startswith(b"%PDF-"):
        if accept != IMAGES_AND_PDF:
            _refuse("This is a PDF document, not an image. Upload a JPEG, PNG or WebP.", "pdf")
        return _clean_pdf(data)
    if _SVG.search(head) or PurePath(name).suffix.lower() in {".svg", ".svgz"}:
        _refuse(
            "SVG images are not accepted: they can carry scripts. Save the picture as PNG "
            "or JPEG and upload that.",
            "svg",
        )
    return _clean_image(data, accept=accept)


def _kinds(accept):
    return "a JPEG, PNG, GIF or WebP image" + (" or a PDF" if accept == IMAGES_AND_PDF else "")


def _clean_pdf(data):
    tail = data[-2048:]
    if b"%%EOF" not in tail or b"startxref" not in tail:
        _refuse(
            "This PDF is incomplete or damaged (it has no end-of-file trailer). Save it "
            "again from the program that made it and upload the new copy.",
            "pdf_damaged",
        )
    try:
        found = pdf_check.active_content(data)
    except pdf_check.Encrypted:
        _refuse(
            "This PDF is protected by a password, so what it contains cannot be checked. "
            "Save a copy without the password and upload that.",
            "pdf_encrypted",
        )
    except pdf_check.Unreadable:
        _refuse(
            "This PDF could not be read: it is damaged, or not really a PDF. Save it again "
            "from the program that made it and upload the new copy.",
            "pdf_unreadable",
        )
    if found or _PDF_ACTIVE.search(data):
        _refuse(
            "This PDF contains %(found)s, which readers' PDF viewers would run or open. "
            "Print it to a new PDF and upload that.",
            "pdf_active",
            found=", ".join(found) or "scripts or actions that start programs",
        )
    return CleanFile(data, *PDF)


def _clean_image(data, *, accept):
    unreadable = (
        "This file is not %(kinds)s, whatever its name says. Upload one of those, "
        "exported from the program that made it."
    )
    limit = setting("UPLOAD_MAX_IMAGE_PIXELS")
    try:
        with warnings.catch_warnings(record=True) as caught:
            # Pillow warns of a possible bomb when the header is read (over
            # Image.MAX_IMAGE_PIXELS) and refuses one twice that size; both are refusals
            # here, after our own, lower, limit has had its say with the exact size.
            warnings.simplefilter("always", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data), formats=list(IMAGE_FORMATS))
        with image:
            width, height = image.size
            if width * height > limit:
                _too_many_pixels(width, height, limit)
            if any(issubclass(w.category, Image.DecompressionBombWarning) for w in caught):
                raise Image.DecompressionBombError(str(caught[0].message))
            if image.format != "MPO" and getattr(image, "n_frames", 1) > 1:
                _refuse(
                    "Animated images are not accepted. Upload a still picture (PNG or JPEG).",
                    "animated",
                )
            return _redraw(image)
    except Image.DecompressionBombError as error:
        raise ValidationError(
            "This image has more pixels than Pillow will safely decode. Scale it down and "
            "upload it again.",
            code="too_many_pixels",
        ) from error
    except ValidationError:
        raise
    except Exception as error:  # Pillow raises many kinds for a file it cannot read
        raise ValidationError(
            unreadable, code="invalid", params={"kinds": _kinds(accept)}
        ) from error


def _too_many_pixels(width, height, limit):
    _refuse(
        "This image is %(width)s×%(height)s pixels, more than the %(limit)s million "
        "accepted. Scale it down and upload it again.",
        "too_many_pixels",
        width=width,
        height=height,
        limit=f"{limit / 1_000_000:g}",
    )


def _redraw(image):
    """The image drawn into a new file: orientation applied, no metadata carried over."""
    kind = "JPEG" if image.format == "MPO" else image.format  # MPO: a camera's JPEG
    icc_profile = image.info.get("icc_profile")
    transparency = image.info.get("transparency")
    image.load()
    upright = ImageOps.exif_transpose(image)
    if kind == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    # The same pixels (and palette) without the original's info: EXIF, XMP, comments.
    clean = upright.copy()
    clean.info = {}
    options = {}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if kind == "JPEG":
        options |= {"quality": 90, "optimize": True}
    elif kind == "PNG":
        options |= {"optimize": True}
    elif kind == "WEBP":
        options |= {"quality": 90, "lossless": image.info.get("lossless", False)}
    if transparency is not None and kind in ("PNG", "GIF") and clean.mode in ("P", "L", "RGB"):
        options["transparency"] = transparency
    out = BytesIO()
    clean.save(out, format=kind, **options)
    return CleanFile(out.getvalue(), *IMAGE_FORMATS[kind])


def clean_upload(upload, *, accept, max_size):
    """The upload checked and cleaned, as a new file named for what it is."""
    if upload.size > max_size:
        _refuse(
            "This file is %(size)s; the limit is %(limit)s. Make it smaller and upload it again.",
            "too_large",
            size=filesizeformat(upload.size),
            limit=filesizeformat(max_size),
        )
    upload.seek(0)
    cleaned = inspect(upload.read(), accept=accept, name=upload.name or "")
    stem = get_valid_filename(PurePath(upload.name or "upload").stem or "upload")
    stem = stem[:_STEM_LENGTH] or "upload"
    safe = SimpleUploadedFile(f"{stem}.{cleaned.extension}", cleaned.content, cleaned.content_type)
    safe.inspected = True
    return safe


class SafeUploadField(forms.FileField):
    """A form's file field that accepts only what `clean_upload` lets through."""

    def __init__(self, *, accept, max_size_setting, **kwargs):
        self.accept = accept
        self.max_size_setting = max_size_setting
        super().__init__(**kwargs)
        limit = f"Up to {filesizeformat(setting(max_size_setting))}."
        self.help_text = f"{self.help_text} {limit}" if self.help_text else limit

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and value is not initial and hasattr(value, "read"):
            value = clean_upload(value, accept=self.accept, max_size=setting(self.max_size_setting))
        return value

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            types = [content_type for _, content_type in IMAGE_FORMATS.values()]
            if self.accept == IMAGES_AND_PDF:
                types.append(PDF[1])
            attrs["accept"] = ",".join(types)
        return attrs


class _SafeFieldMixin:
    accept = IMAGES
    max_size_setting = "UPLOAD_MAX_LOGO_SIZE"

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        file = getattr(value, "_file", None) if value else None
        # A file already in storage is not checked again (see the module's docstring),
        # nor one a form field has already cleaned.
        if value and not value._committed and not getattr(file, "inspected", False):
            clean_upload(file, accept=self.accept, max_size=setting(self.max_size_setting))

    def formfield(self, **kwargs):
        return super().formfield(
            **{
                "form_class": SafeUploadField,
                "accept": self.accept,
                "max_size_setting": self.max_size_setting,
                **kwargs,
            }
        )


class SafeFileField(_SafeFieldMixin, models.FileField):
    """An attachment: a JPEG, PNG, GIF or WebP image, or a PDF (see the module)."""

    accept = IMAGES_AND_PDF
    max_size_setting = "UPLOAD_MAX_ATTACHMENT_SIZE"


class SafeImageField(_SafeFieldMixin, models.ImageField):
    """A logo: a JPEG, PNG, GIF or WebP image, redrawn on upload (see the module)."""
