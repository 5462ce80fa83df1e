"""Uploads are judged by their bytes: images re-drawn without metadata, PDFs, nothing else.

Every test posts real bytes through the admin, as staff do, and checks the message next to
the field and that nothing was saved.
"""

import html
import re
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from advocacy.models import Organization
from coalitions.models import Coalition
from releases.models import Attachment, Statement
from tests import factories
from tests.advocacy.test_admin import inline_management, organization_data
from tests.releases.test_admin import statement_form_data

pytestmark = pytest.mark.django_db

ORGANIZATION_ADD = reverse("admin:advocacy_organization_add")
STATEMENT_ADD = reverse("admin:releases_statement_add")
COALITION_ADD = reverse("admin:coalitions_coalition_add")

GPS_LATITUDE = (41.0, 52.0, 55.0)  # where the photo was taken: Chicago


def field_errors(response, field_id):
    """The messages the admin prints next to one field (its errorlist)."""
    found = re.search(rf'<ul class="errorlist" id="id_{field_id}_error">(.*?)</ul>', response.text)
    if found is None:
        return []
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", found.group(1))]


def jpeg_with_gps(size=(60, 30)):
    """A camera's JPEG: maker, GPS position, and 'rotate 90°' in its EXIF."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = GPS_LATITUDE
    out = BytesIO()
    Image.new("RGB", size, "navy").save(out, "JPEG", exif=exif)
    return out.getvalue()


def png(size=(40, 40), mode="RGB"):
    out = BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


def png_bomb():
    """12,000 × 12,000 pixels (144 million) in a few kilobytes."""
    out = BytesIO()
    Image.new("1", (12_000, 12_000)).save(out, "PNG")
    return out.getvalue()


def real_pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.add_metadata({"/Title": "Signed letter"})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert("logo")</script></svg>'
)
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


def add_organization(client, logo):
    return client.post(ORGANIZATION_ADD, organization_data(logo=logo))


def add_statement_with_attachment(client, upload, title="Signed letter"):
    data = statement_form_data() | inline_management("attachments", total=1)
    data |= {
        "attachments-0-file": upload,
        "attachments-0-title": title,
        "attachments-0-position": "0",
    }
    return client.post(STATEMENT_ADD, data)


# Images: re-drawn, metadata gone


def test_a_jpeg_logo_is_stored_without_its_exif_and_upright(staff_client):
    original = jpeg_with_gps()
    assert b"PhoneMaker" in original

    response = add_organization(staff_client, SimpleUploadedFile("logo.jpg", original))

    assert response.status_code == 302
    logo = Organization.objects.get().logo
    with logo.open("rb") as stored:
        data = stored.read()
    assert b"PhoneMaker" not in data and b"Exif" not in data
    with Image.open(BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert image.size == (30, 60)  # the rotation is applied, not left to the viewer


def test_an_attached_photo_loses_its_gps_position(staff_client):
    response = add_statement_with_attachment(
        staff_client, SimpleUploadedFile("march.jpeg", jpeg_with_gps()), title="The march"
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.file.name.endswith(".jpg")
    assert attachment.is_image
    with attachment.file.open("rb") as stored, Image.open(stored) as image:
        assert image.getexif().get_ifd(0x8825) == {}


def test_a_png_logo_keeps_its_transparency_and_loses_its_text_chunks(staff_client):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Someone's laptop")
    out = BytesIO()
    Image.new("RGBA", (20, 20), (255, 0, 0, 0)).save(out, "PNG", pnginfo=info)

    response = add_organization(staff_client, SimpleUploadedFile("logo.png", out.getvalue()))

    assert response.status_code == 302
    with Organization.objects.get().logo.open("rb") as stored, Image.open(stored) as image:
        assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0
        assert "Author" not in image.info


def test_an_image_is_stored_under_the_extension_of_what_it_is(staff_client):
    response = add_organization(staff_client, SimpleUploadedFile("logo.gif", png()))

    assert response.status_code == 302
    assert re.fullmatch(r"logos/logo(_\w+)?\.png", Organization.objects.get().logo.name)


# Refused, with the reason next to the field, nothing saved


def test_a_png_decompression_bomb_is_refused(staff_client):
    response = add_organization(staff_client, SimpleUploadedFile("logo.png", png_bomb()))

    assert response.status_code == 200
    assert field_errors(response, "logo") == [
        "This image is 12000×12000 pixels, more than the 40 million accepted. Scale it "
        "down and upload it again."
    ]
    assert not Organization.objects.exists()


def test_pillows_own_bomb_limit_is_a_refusal_too(staff_client, settings, monkeypatch):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 10**9
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)

    response = add_organization(staff_client, SimpleUploadedFile("logo.png", png((40, 40))))

    assert field_errors(response, "logo") == [
        "This image has more pixels than Pillow will safely decode. Scale it down and "
        "upload it again."
    ]
    assert not Organization.objects.exists()


@pytest.mark.parametrize("name", ["logo.svg", "logo.png"])
def test_an_svg_is_refused_whatever_its_name(staff_client, name):
    response = add_organization(staff_client, SimpleUploadedFile(name, SVG, "image/png"))

    assert field_errors(response, "logo") == [
        "SVG images are not accepted: they can carry scripts. Save the picture as PNG or "
        "JPEG and upload that."
    ]
    assert not Organization.objects.exists()


def test_an_html_page_named_png_is_refused_as_a_coalition_logo(staff_client):
    data = {"name": "Fair Immigration Coalition", "slug": "", "description": "", "website": ""}
    data |= inline_management("membership_set")
    data["logo"] = SimpleUploadedFile("logo.png", HTML, "image/png")

    response = staff_client.post(COALITION_ADD, data)

    assert field_errors(response, "logo") == [
        "This file is not a JPEG, PNG, GIF or WebP image, whatever its name says. Upload "
        "one of those, exported from the program that made it."
    ]
    assert not Coalition.objects.exists()


def test_a_pdf_is_not_a_logo(staff_client):
    response = add_organization(staff_client, SimpleUploadedFile("logo.jpg", real_pdf()))

    assert field_errors(response, "logo") == [
        "This is a PDF document, not an image. Upload a JPEG, PNG or WebP."
    ]
    assert not Organization.objects.exists()


def test_an_animated_gif_is_refused(staff_client):
    frames = [Image.new("RGB", (10, 10), colour) for colour in ("red", "green", "blue")]
    out = BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100)

    response = add_organization(staff_client, SimpleUploadedFile("logo.gif", out.getvalue()))

    assert field_errors(response, "logo") == [
        "Animated images are not accepted. Upload a still picture (PNG or JPEG)."
    ]


def test_a_logo_over_the_size_limit_is_refused(staff_client):
    big = png() + b"\0" * (2 * 1024 * 1024)  # over 2 MB, whatever the pixels

    response = add_organization(staff_client, SimpleUploadedFile("logo.png", big))

    assert field_errors(response, "logo") == [
        "This file is 2.0\xa0MB; the limit is 2.0\xa0MB. Make it smaller and upload it again."
    ]
    assert not Organization.objects.exists()


# Attachments: PDFs and images


def test_a_real_pdf_is_attached_as_it_is(staff_client):
    pdf = real_pdf()

    response = add_statement_with_attachment(staff_client, SimpleUploadedFile("letter.pdf", pdf))

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.file.name.endswith("/letter.pdf")
    with attachment.file.open("rb") as stored:
        assert stored.read() == pdf


def test_a_pdf_named_jpg_is_stored_as_a_pdf(staff_client):
    response = add_statement_with_attachment(
        staff_client, SimpleUploadedFile("scan.jpg", real_pdf())
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.file.name.endswith("/scan.pdf")
    assert not attachment.is_image


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("letter.pdf", b"Dear colleagues,\nThis is plain text.\n"),
        ("letter.pdf", HTML),
        ("letter.docx", b"PK\x03\x04 a Word document"),
    ],
    ids=["text-named-pdf", "html-named-pdf", "word"],
)
def test_anything_but_an_image_or_a_pdf_is_refused_and_the_statement_not_saved(
    staff_client, name, data
):
    response = add_statement_with_attachment(staff_client, SimpleUploadedFile(name, data))

    assert response.status_code == 200
    assert field_errors(response, "attachments-0-file") == [
        "This file is not a JPEG, PNG, GIF or WebP image or a PDF, whatever its name says. "
        "Upload one of those, exported from the program that made it."
    ]
    assert not Statement.objects.exists()
    assert not Attachment.objects.exists()


def test_a_pdf_cut_short_is_refused(staff_client):
    response = add_statement_with_attachment(
        staff_client, SimpleUploadedFile("letter.pdf", real_pdf()[:200])
    )

    assert field_errors(response, "attachments-0-file") == [
        "This PDF is incomplete or damaged (it has no end-of-file trailer). Save it again "
        "from the program that made it and upload the new copy."
    ]
    assert not Statement.objects.exists()


def test_a_pdf_that_runs_javascript_is_refused(staff_client):
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.add_open_action(JavaScript("app.alert('hello');"))
    out = BytesIO()
    writer.write(out)

    response = add_statement_with_attachment(
        staff_client, SimpleUploadedFile("letter.pdf", out.getvalue())
    )

    assert field_errors(response, "attachments-0-file") == [
        "This PDF contains JavaScript, which readers' PDF viewers would run or open. "
        "Print it to a new PDF and upload that."
    ]
    assert not Attachment.objects.exists()


def test_an_attachment_over_the_size_limit_is_refused(staff_client, settings):
    settings.UPLOAD_MAX_ATTACHMENT_SIZE = 1000
    pdf = real_pdf() + b"\n" * 1000

    response = add_statement_with_attachment(staff_client, SimpleUploadedFile("letter.pdf", pdf))

    assert field_errors(response, "attachments-0-file") == [
        "This file is 1.4\xa0KB; the limit is 1000\xa0bytes. Make it smaller and upload it again."
    ]
    assert not Statement.objects.exists()


def test_an_attachment_stored_before_these_rules_keeps_working(staff_client):
    statement = factories.make_statement(title="Old statement", slug="old-statement")
    old = Attachment(statement=statement, title="Minutes", position=0)
    old.file.save("minutes.docx", ContentFile(b"PK\x03\x04 Word"), save=True)
    data = statement_form_data(title="Old statement, corrected", slug="old-statement")
    data |= inline_management("attachments", total=1, initial=1)
    data |= {
        "attachments-0-id": str(old.pk),
        "attachments-0-statement": str(statement.pk),
        "attachments-0-title": "Minutes",
        "attachments-0-position": "0",
    }

    response = staff_client.post(
        reverse("admin:releases_statement_change", args=[statement.pk]), data
    )

    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.title == "Old statement, corrected"
    assert Attachment.objects.get().file.name == old.file.name


def test_the_file_input_offers_only_what_is_accepted(staff_client):
    response = staff_client.get(ORGANIZATION_ADD)

    assert 'accept="image/jpeg,image/png,image/gif,image/webp"' in response.text
    assert "A JPEG, PNG, GIF or WebP image. Up to 2.0\xa0MB." in response.text


def test_code_that_skips_the_form_is_checked_by_full_clean():
    from django.core.exceptions import ValidationError

    statement = factories.make_statement()
    attachment = Attachment(
        statement=statement, title="x", file=SimpleUploadedFile("x.pdf", b"not a pdf")
    )

    with pytest.raises(ValidationError) as refused:
        attachment.full_clean()
    assert "file" in refused.value.message_dict
