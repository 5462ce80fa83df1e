"""The body of a release as plain text that reads well in any mail program.

From the sanitised HTML (releases.markup), not the Markdown: no asterisks or brackets.
Paragraphs are wrapped at 72 characters, quotes indented with "> ", list items with a
dash, and a link's address written after its words in angle brackets (once, when the
words are the address already).
"""

import textwrap
from html.parser import HTMLParser

WIDTH = 72
_BLOCKS = {"p", "li", "h2", "h3", "h4", "blockquote", "ul", "ol", "hr"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []  # (prefix, text)
        self.words = []
        self.quote = 0
        self.href = None
        self.link_start = 0
        self.heading = False

    def _flush(self):
        text = " ".join("".join(self.words).split())
        if text:
            prefix = "> " * self.quote
            self.blocks.append((prefix, text.upper() if self.heading else text))
        self.words = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self._flush()
        if tag == "blockquote":
            self.quote += 1
        elif tag == "li":
            self.words.append("- ")
        elif tag in ("h2", "h3", "h4"):
            self.heading = True
        elif tag == "br":
            self.words.append("\n")
        elif tag == "hr":
            self.blocks.append(("", "* * *"))
        elif tag == "a":
            self.href = dict(attrs).get("href") or None
            self.link_start = len(self.words)

    def handle_endtag(self, tag):
        if tag == "a" and self.href:
            words = "".join(self.words[self.link_start :]).strip()
            address = self.href.removeprefix("mailto:").removeprefix("tel:")
            if address not in words:
                self.words.append(f" <{self.href.removeprefix('mailto:')}>")
            self.href = None
        if tag in _BLOCKS:
            self._flush()
        if tag == "blockquote":
            self.quote = max(0, self.quote - 1)
        elif tag in ("h2", "h3", "h4"):
            self.heading = False

    def handle_data(self, data):
        self.words.append(data)


def wrap(text, prefix=""):
    """A paragraph wrapped at WIDTH, addresses never broken."""
    return textwrap.fill(
        text,
        width=WIDTH,
        initial_indent=prefix,
        subsequent_indent=prefix + ("  " if text.startswith("- ") else ""),
        break_long_words=False,
        break_on_hyphens=False,
    )


def html_to_text(html):
    parser = _Text()
    parser.feed(html)
    parser.close()
    parser._flush()
    return "\n\n".join(wrap(text, prefix) for prefix, text in parser.blocks)


def paragraphs(text):
    """Plain text typed into a form (a note): its paragraphs, each wrapped."""
    parts = [" ".join(part.split()) for part in (text or "").replace("\r", "").split("\n\n")]
    return "\n\n".join(wrap(part) for part in parts if part)
