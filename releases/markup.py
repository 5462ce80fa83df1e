"""Statement bodies: Markdown written by staff, rendered to sanitized HTML."""

from html.parser import HTMLParser

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "i",
    "b",
    "a",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "hr",
    "sup",
    "sub",
    "abbr",
    "cite",
    "q",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


def render(text):
    """Markdown to HTML that is safe to print on a public page."""
    html = markdown.markdown(text or "", output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )


def plain_text(text):
    """Markdown as the plain text of a release pasted into an email: the words without
    the markup (no asterisks), a link as "words (address)", list items as "- item",
    paragraphs apart by a blank line. What `releases.importing` reads back as a body."""
    reader = _PlainText()
    reader.feed(render(text))
    reader.close()
    return reader.text()


class _PlainText(HTMLParser):
    """Reads the sanitized HTML of `render` (its tags only) into plain paragraphs."""

    BLOCKS = {"p", "blockquote", "ul", "ol", "h2", "h3", "h4", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []  # finished paragraphs
        self.current = []  # pieces of the paragraph being read
        self.lists = []  # open lists: [kind, number of the next item]
        self.link = None  # (href, index in current where the link's words begin)

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS or tag == "li":
            self._end_paragraph(keep_open=tag == "li" or bool(self.lists))
        if tag in ("ul", "ol"):
            self.lists.append([tag, 1])
        elif tag == "li" and self.lists:
            kind = self.lists[-1]
            marker = "-" if kind[0] == "ul" else f"{kind[1]}."
            kind[1] += 1
            indent = "  " * (len(self.lists) - 1)
            self.current.append(f"\n{indent}{marker} " if self.current else f"{indent}{marker} ")
        elif tag == "br":
            self.current.append("\n")
        elif tag == "q":
            self.current.append("“")
        elif tag == "a":
            self.link = (dict(attrs).get("href") or "", len(self.current))

    def handle_endtag(self, tag):
        if tag == "q":
            self.current.append("”")
        elif tag == "a" and self.link is not None:
            href, start = self.link
            words = "".join(self.current[start:]).strip()
            address = href.removeprefix("mailto:").removeprefix("tel:")
            if href and address != words:
                self.current.append(f" ({address})")
            self.link = None
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            if not self.lists:
                self._end_paragraph()
        elif tag in self.BLOCKS and not self.lists:
            self._end_paragraph()

    def handle_data(self, data):
        if self.lists and not data.strip():
            return  # the line breaks between a list's items
        self.current.append(data)

    def _end_paragraph(self, keep_open=False):
        if keep_open:
            return
        paragraph = "".join(self.current).strip()
        if paragraph:
            self.blocks.append(paragraph)
        self.current = []

    def text(self):
        self._end_paragraph()
        return "\n\n".join(self.blocks)
