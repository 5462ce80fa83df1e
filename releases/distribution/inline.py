"""Styles for the release as an email: inline, on each element, in what mail clients keep.

Gmail, Outlook and Apple Mail each drop some of CSS: `<style>` blocks (some Gmail apps,
older Outlook), classes, flexbox and grid, positioning, web fonts, `max-width` on tables
in Outlook's Word engine. The mail is laid out with tables and styled only with the
properties in `STYLES` below, written on each element (`style="..."`). That is fine in a
mail: it is not a page of the site, whose Content-Security-Policy forbids inline styles.

`styled()` puts them on the statement's body, whose HTML is Markdown sanitised to a
short list of tags (releases.markup): its opening tags are written by that sanitiser
alone, so a pattern over them is reliable.
"""

import re
from urllib.parse import urljoin

from django.conf import settings
from django.utils.safestring import mark_safe

INK = "#16181d"
MUTED = "#4f5761"
ACCENT = "#a11d33"
LINK = "#1d4f91"
RULE = "#dcd6ca"
BANNER = "#fff1c2"
BANNER_RULE = "#c99a06"
PAPER = "#faf8f3"
SERIF = "Georgia, Times New Roman, serif"
SANS = "Arial, Helvetica, sans-serif"

#: The CSS properties the mail uses, and none other (tests/releases/distribution checks).
PROPERTIES = {
    "background-color",
    "border",
    "border-bottom",
    "border-left",
    "border-top",
    "color",
    "font-family",
    "font-size",
    "font-style",
    "font-weight",
    "letter-spacing",
    "line-height",
    "margin",
    "max-width",
    "padding",
    "text-align",
    "text-decoration",
    "text-transform",
    "width",
}

STYLES = {
    "body": f"margin:0;padding:0;background-color:{PAPER};",
    "outer": f"background-color:{PAPER};",
    "outer_cell": "padding:24px 12px;",
    "card": "background-color:#ffffff;border:1px solid #e6e0d4;",
    "cell": f"padding:28px 32px;font-family:{SERIF};font-size:17px;line-height:26px;color:{INK};",
    "banner": f"padding:14px 32px;background-color:{BANNER};border-bottom:2px solid "
    f"{BANNER_RULE};font-family:{SANS};font-size:15px;line-height:22px;color:{INK};",
    "note": f"padding:24px 32px 8px;font-family:{SANS};font-size:16px;line-height:24px;"
    f"color:{INK};border-bottom:1px solid {RULE};",
    "kind": f"margin:0 0 8px;font-family:{SANS};font-size:13px;line-height:18px;"
    f"font-weight:bold;letter-spacing:1px;text-transform:uppercase;color:{ACCENT};",
    "h1": f"margin:0 0 12px;font-family:{SERIF};font-size:28px;line-height:34px;"
    f"font-weight:bold;color:{INK};",
    "deck": f"margin:0 0 20px;font-family:{SERIF};font-size:19px;line-height:27px;"
    f"font-style:italic;color:{MUTED};",
    "dateline": "font-weight:bold;",
    "p": "margin:0 0 16px;",
    "blockquote": f"margin:0 0 16px;padding:0 0 0 16px;border-left:3px solid {RULE};"
    f"color:{INK};font-style:italic;",
    "ul": "margin:0 0 16px;padding:0 0 0 24px;",
    "ol": "margin:0 0 16px;padding:0 0 0 24px;",
    "li": "margin:0 0 6px;",
    "h2": f"margin:24px 0 10px;font-family:{SANS};font-size:18px;line-height:24px;"
    f"font-weight:bold;color:{INK};",
    "h3": f"margin:20px 0 8px;font-family:{SANS};font-size:16px;line-height:22px;"
    f"font-weight:bold;color:{INK};",
    "h4": f"margin:16px 0 8px;font-family:{SANS};font-size:15px;line-height:21px;"
    f"font-weight:bold;color:{INK};",
    "a": f"color:{LINK};text-decoration:underline;",
    "hr": f"border:0;border-top:1px solid {RULE};margin:20px 0;",
    "section_title": f"margin:24px 0 8px;font-family:{SANS};font-size:13px;line-height:18px;"
    f"font-weight:bold;letter-spacing:1px;text-transform:uppercase;color:{MUTED};",
    "small": f"margin:0 0 12px;font-family:{SANS};font-size:15px;line-height:22px;color:{INK};",
    "about": f"margin:0 0 12px;font-family:{SANS};font-size:14px;line-height:21px;color:{MUTED};",
    "end_mark": f"margin:20px 0;text-align:center;font-family:{SERIF};color:{MUTED};",
    "button_cell": f"padding:10px 18px;background-color:{ACCENT};",
    "button": f"font-family:{SANS};font-size:15px;line-height:20px;font-weight:bold;"
    "color:#ffffff;text-decoration:none;",
    "footer": f"padding:20px 32px;font-family:{SANS};font-size:13px;line-height:19px;"
    f"color:{MUTED};",
    "footer_link": f"color:{MUTED};text-decoration:underline;",
}

_OPENING = re.compile(r"<(p|blockquote|ul|ol|li|h2|h3|h4|a|hr)(?=[\s>/])")
_HREF = re.compile(r'(<a\b[^>]*?\bhref=")([^"]*)(")')


def styled(body_html):
    """The sanitised body with the mail's styles on its elements and its links absolute
    (a relative link means nothing in an inbox). Links are not otherwise changed: no
    redirect through us, no tracking."""
    html = _HREF.sub(lambda m: m[1] + urljoin(settings.SITE_URL + "/", m[2]) + m[3], body_html)
    html = _OPENING.sub(lambda m: f'<{m[1]} style="{STYLES[m[1]]}"', html)
    return mark_safe(html)
