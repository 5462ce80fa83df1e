"""Image renditions made once, when a logo is uploaded, never per request."""

from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont, ImageOps

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


# Headline cards: a statement's link preview when it has no picture of its own.
#
# The type is DejaVu (Serif Bold for the headline, Sans for the rest), from Debian's
# fonts-dejavu-core, which every machine of ours has (fontconfig and Pango depend on
# it): its coverage of Latin, accents and punctuation includes Spanish, and its
# licence lets a picture drawn with it be shared freely. Where it is missing the card
# is drawn with Pillow's own built-in face, smaller in range but never absent.
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
_INK, _PAPER, _ACCENT, _MUTED = "#16181d", "#faf8f3", "#a11d33", "#4f5761"
_MARGIN = 80


def _font(name, size):
    try:
        return ImageFont.truetype(f"{FONT_DIR}/{name}", size)
    except OSError:
        return ImageFont.load_default(size)


def _wrap(draw, text, font, width):
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def headline_card(*, headline, byline, footer):
    """A 1200×630 PNG: a headline as large as fits in four lines, who issued it, and a
    footer (the date and the site's name), for link previews."""
    card = Image.new("RGB", SOCIAL_CARD_SIZE, _PAPER)
    draw = ImageDraw.Draw(card)
    draw.rectangle([0, 0, 24, SOCIAL_CARD_SIZE[1]], fill=_ACCENT)
    width = SOCIAL_CARD_SIZE[0] - 2 * _MARGIN
    small = _font("DejaVuSans.ttf", 32)
    byline_lines = _wrap(draw, byline, small, width)[:2]
    rule_y = SOCIAL_CARD_SIZE[1] - _MARGIN - 34
    byline_top = rule_y - 16 - 42 * len(byline_lines)
    room = byline_top - _MARGIN - 24  # the headline's height, at most
    for size in (72, 64, 56, 48, 42, 36):
        font = _font("DejaVuSerif-Bold.ttf", size)
        lines = _wrap(draw, headline, font, width)
        if len(lines) <= 4 and len(lines) * round(size * 1.22) <= room:
            break
    else:
        fitting = max(1, min(4, room // round(size * 1.22)))
        lines = [*lines[: fitting - 1], lines[fitting - 1] + " …"]
    y = _MARGIN
    for line in lines:
        draw.text((_MARGIN, y), line, font=font, fill=_INK)
        y += round(size * 1.22)
    y = byline_top
    for line in byline_lines:
        draw.text((_MARGIN, y), line, font=small, fill=_INK)
        y += 42
    draw.line([_MARGIN, rule_y, SOCIAL_CARD_SIZE[0] - _MARGIN, rule_y], fill=_MUTED, width=2)
    draw.text((_MARGIN, rule_y + 12), footer, font=_font("DejaVuSans.ttf", 26), fill=_MUTED)
    out = BytesIO()
    card.save(out, format="PNG", optimize=True)
    return ContentFile(out.getvalue())
