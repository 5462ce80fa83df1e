"""Word documents (.docx), read with python-docx.

In: the bytes of a .docx file. Out: its text, in the order of the document: paragraphs
and tables (a row per line, cells joined by " | "); lines broken with Shift+Enter stay
lines. Italic words inside a paragraph are kept as *Markdown*.

Word users separate paragraphs either with empty paragraphs or with paragraph spacing.
With empty paragraphs in the document, a Word paragraph is a line and the empty ones
separate paragraphs (a contact block typed line by line stays one block); without any,
each Word paragraph is a paragraph of its own.
"""

from io import BytesIO
from zipfile import BadZipFile

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..fields.dates import EMBARGO
from ..layout.patterns import CONTACT_HEADING, CONTACT_HEADING_ALONE, HEADER
from ..release import ReleaseFormatError


def read_docx(data):
    try:
        document = docx.Document(BytesIO(data))
    except (BadZipFile, KeyError, ValueError) as error:
        raise ReleaseFormatError(f"this Word file cannot be opened ({error})") from None
    blocks, has_empty = [], False
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            blocks.append(_paragraph_text(item))
            has_empty = has_empty or not blocks[-1].strip()
        elif isinstance(item, Table):
            rows = []
            for row in item.rows:
                cells = []
                for cell in row.cells:
                    text = "\n".join(
                        " ".join(line.split()) for line in cell.text.splitlines() if line.strip()
                    )
                    if text and (not cells or cells[-1] != text):  # merged cells repeat
                        cells.append(text)
                rows.append(_row_text(cells))
            blocks.append("\n".join(row for row in rows if row))
    separator = "\n" if has_empty else "\n\n"
    return separator.join(blocks)


def _marks(cell):
    return any(p.match(cell) for p in (HEADER, EMBARGO, CONTACT_HEADING, CONTACT_HEADING_ALONE))


def _row_text(cells):
    """A row of data ("Maria Lopez | 602-555-0143") on one line; a row laying out a page
    (a header beside a contact block, long cells) a line per cell."""
    if any("\n" in cell or len(cell) > 60 or _marks(cell) for cell in cells):
        return "\n".join(cells)
    return " | ".join(cells)


def _paragraph_text(paragraph):
    """The paragraph's runs and links, with italic words inside it as *Markdown*."""
    items = list(paragraph.iter_inner_content())
    italic = [getattr(item, "italic", False) and item.text.strip() for item in items]
    all_italic = all(
        flag or not item.text.strip() for flag, item in zip(italic, items, strict=True)
    )
    parts = []
    for flag, item in zip(italic, items, strict=True):
        text = item.text
        if flag and not all_italic:
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            text = f"{lead}*{text.strip()}*{trail}"
        parts.append(text)
    return "".join(parts)
