"""HTML: a page saved from the old site, an email's HTML part, a WordPress post.

In: HTML (bytes or text). Out: the text of its main content, paragraphs separated by
blank lines, emphasis and links in Markdown, and `Hints` (the page's title and date).

Parsed by lxml. The page's furniture is left out before reading: scripts, styles,
navigation, header and footer bars, sidebars, forms, comments, share buttons and
"related posts" boxes (by element and by the class or id such widgets carry). The main
content is the page's `<article>` or `<main>` (or a WordPress `entry-content`); without
one, the element holding the most paragraph text.
"""

import datetime
import re

import lxml.html
from lxml import etree

from ..release import Hints

_DROP_TAGS = (
    "script style noscript template nav footer aside form button select input textarea "
    "iframe svg canvas video audio object embed dialog menu"
).split()
_DROP_CLASS = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|sharedaddy|addtoany|related|comments?|respond"
    r"|sidebar|widget|menu|navigation|nav|breadcrumbs?|cookie|newsletter|subscribe|skip"
    r"|site-header|site-footer|masthead|post-navigation|author-bio|jp-relatedposts"
    r"|screen-reader-text)(?:$|[\s_-])",
    re.IGNORECASE,
)
_MAIN = (
    "//article",
    "//main",
    "//*[@role='main']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' post-content ')]",
    "//*[@id='content']",
)
_BLOCKS = set(
    "p div h1 h2 h3 h4 h5 h6 li ul ol blockquote pre table tr section article header main "
    "figure figcaption dl dt dd address center hr".split()
)


def parse_html(data):
    if isinstance(data, bytes):
        return lxml.html.document_fromstring(data)
    return lxml.html.document_fromstring(data.encode("utf-8"), parser=_UTF8)


_UTF8 = lxml.html.HTMLParser(encoding="utf-8")


def read_html(data):
    """(text, hints) of an HTML page."""
    try:
        root = parse_html(data)
    except (etree.ParserError, ValueError):
        return "", Hints()
    hints = Hints(title=_page_title(root), date=_page_date(root))
    _drop_furniture(root)
    main = _main_content(root)
    text = html_to_text(main)
    heading = root.xpath("//h1")
    if heading and main is not root and not any(h in main.iter() for h in heading):
        title = _inline_text(heading[0]).strip()
        if title and title not in text[:400]:
            text = f"{title}\n\n{text}"
    return text, hints


def fragment_to_text(html):
    """The text of a fragment of HTML (a WordPress post's content)."""
    if not re.search(r"<(?:p|div|h\d|ul|ol|table|blockquote|figure)\b", html, re.IGNORECASE):
        # The classic editor's content: paragraphs are blank lines, not <p>.
        html = "".join(f"<p>{part}</p>" for part in re.split(r"\n\s*\n", html))
        html = html.replace("\n", "<br>")
    try:
        root = lxml.html.document_fromstring(
            f"<html><body>{html}</body></html>".encode(), parser=_UTF8
        )
    except (etree.ParserError, ValueError):
        return ""
    _drop_furniture(root)
    return html_to_text(root.find("body") if root.find("body") is not None else root)


def _page_title(root):
    for path in ("//meta[@property='og:title']/@content", "//h1", "//title"):
        found = root.xpath(path)
        if found:
            value = found[0] if isinstance(found[0], str) else _inline_text(found[0])
            value = " ".join(value.split())
            if value:
                return re.split(r"\s+[|–—-]\s+[^|–—-]{1,60}$", value)[0]
    return ""


def _page_date(root):
    paths = (
        "//meta[@property='article:published_time']/@content",
        "//meta[@name='date']/@content",
        "//time/@datetime",
    )
    for path in paths:
        for value in root.xpath(path):
            match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
            if match:
                try:
                    return datetime.date(*map(int, match.groups()))
                except ValueError:
                    continue
    return None


def _drop_furniture(root):
    for element in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _remove(element)
    for element in list(root.iter(*_DROP_TAGS)):
        _remove(element)
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.tag in ("html", "body"):
            continue
        marks = f"{element.get('class', '')} {element.get('id', '')}"
        if _DROP_CLASS.search(marks) and element.getparent() is not None:
            _remove(element)
    header = root.xpath("//header[not(ancestor::article)]")
    for element in header:
        if not element.xpath(".//h1"):
            _remove(element)


def _remove(element):
    if element.getparent() is not None:
        element.drop_tree()  # keeps the text that follows it


def _main_content(root):
    for path in _MAIN:
        found = [el for el in root.xpath(path) if len(_text_of(el)) > 200]
        if found:
            return max(found, key=lambda el: len(_text_of(el)))
    body = root.find("body")
    body = body if body is not None else root
    # No container says where the content is (an old site laid out with tables): the
    # deepest block holding nearly all the page's text that is not in links.
    total = _plain_length(body)
    best = body
    for element in body.iter("td", "div", "section", "table"):
        if _plain_length(element) >= 0.92 * total and _depth(element) > _depth(best):
            best = element
    return best


def _plain_length(element):
    links = sum(len(_text_of(a)) for a in element.iter("a"))
    return len(_text_of(element)) - links


def _depth(element):
    return sum(1 for _ in element.iterancestors())


def _text_of(element):
    return " ".join(element.itertext())


def html_to_text(element):
    """Blocks as paragraphs (blank lines between), <br> as line breaks, lists as "- "
    lines, table rows as cells joined by " | ", emphasis and links in Markdown."""
    lines = []
    _walk(element, lines)
    text = "".join(lines)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _walk(element, out):
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in ("br",):
        out.append("\n")
    elif tag == "hr":
        out.append("\n\n")
    elif tag == "img":
        pass
    elif tag in ("ul", "ol"):
        out.append("\n\n")
        for number, item in enumerate(element.iterchildren("li"), 1):
            marker = f"{number}. " if tag == "ol" else "- "
            out.append(marker + " ".join(_inline_text(item).split()) + "\n")
        out.append("\n")
    elif tag == "tr" and _is_data_row(element):
        cells = [" ".join(_inline_text(cell).split()) for cell in element.iterchildren("td", "th")]
        out.append(" | ".join(cell for cell in cells if cell) + "\n")
    elif tag == "blockquote":
        out.append("\n\n")
        _walk_children(element, out)
        out.append("\n\n")
    elif tag in _BLOCKS and not _has_blocks(element):
        out.append("\n\n" + _inline_text(element).strip() + "\n\n")
    else:
        if tag in _BLOCKS:
            out.append("\n\n")
        _walk_children(element, out)
        if tag in _BLOCKS:
            out.append("\n\n")
    if element.tail and tag not in ("html", "body"):
        out.append(element.tail.replace("\n", " "))


def _walk_children(element, out):
    if element.text:
        out.append(element.text.replace("\n", " "))
    for child in element:
        _walk(child, out)


def _is_data_row(row):
    """A row of a table of data (a contact table), not of a page laid out with tables."""
    return all(
        len(_text_of(cell)) < 200 and not _has_blocks(cell) for cell in row.iterchildren("td", "th")
    )


def _has_blocks(element):
    return any(
        isinstance(child.tag, str) and child.tag in _BLOCKS for child in element.iterdescendants()
    )


def _inline_text(element):
    """The text of an element, <br> as a line break, <em>/<strong>/<a> as Markdown."""
    parts = [(element.text or "").replace("\n", " ")]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "br":
            parts.append("\n")
        elif tag in ("em", "i", "strong", "b", "a") and not len(child):
            inner = " ".join((child.text or "").split())
            if inner and tag in ("em", "i"):
                parts.append(f"*{inner}*")
            elif inner and tag in ("strong", "b"):
                parts.append(inner)
            elif inner and tag == "a" and child.get("href", "").startswith(("http", "mailto")):
                href = child.get("href")
                plain = href.removeprefix("mailto:")
                parts.append(
                    inner
                    if plain in (inner, f"https://{inner}", f"http://{inner}") or inner in href
                    else f"[{inner}]({href})"
                )
            else:
                parts.append(inner)
        elif tag not in ("img", "script", "style"):
            parts.append(_inline_text(child))
        parts.append((child.tail or "").replace("\n", " "))
    return "".join(parts)
