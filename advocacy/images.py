"""Image renditions made once, when a logo is uploaded, never per request."""

from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

SOCIAL_CARD_SIZE = (1200, 630)  # what OpenGraph and Twitter show best
_LOGO_BOX = (900, 420)


def social_card(image_file):
    """A 1200×630 PNG with the logo centred on white, for link previews."""
    image_file.open("rb")
    image_file.seek(0)
    with Image.open(image_file) as logo:
        logo = ImageOps.exif_transpose(logo).convert("RGBA")
        logo.thumbnail(_LOGO_BOX, Image.Resampling.LANCZOS)
        card = Image.new("RGB", SOCIAL_CARD_SIZE, "white")
        position = (
            (SOCIAL_CARD_SIZE[0] - logo.width) // 2,
            (SOCIAL_CARD_SIZE[1] - logo.height) // 2,
        )
        card.paste(logo, position, logo)
    out = BytesIO()
    card.save(out, format="PNG", optimize=True)
    return ContentFile(out.getvalue())
