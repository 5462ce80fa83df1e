"""Readers: the files an archive is kept in, into the text of each release in them.

In: a path (a file, a folder) or an uploaded file's name and bytes. Out: `Source`s, one
per release: its name (the file, the member of a .zip, the WordPress post), its text
and `Hints`, or the reason it cannot be read.

    .txt (and files without an extension)  readers.plain
    .docx                                   readers.word (python-docx)
    .html, .htm                             readers.html (lxml)
    .eml                                    readers.email (the standard email package)
    .xml (a WordPress export)               readers.wordpress (defusedxml)
    .zip, a folder                          readers.archive: each file in it
"""

from dataclasses import dataclass, field
from pathlib import Path

from ..release import MAX_TEXT, Hints, ReleaseFormatError
from .archive import MAX_DEPTH, ArchiveError, FileLookup, folder_files, zip_members
from .email import read_email
from .html import read_html
from .plain import decode_text
from .word import read_docx
from .wordpress import is_wordpress_export, read_wordpress

#: Files in a folder or .zip that are not releases and need no mention (the images of a
#: WordPress export are found by the export itself).
IGNORED = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".pdf", ".css", ".js", ".ico",
           ".doc", ".odt", ".json", ".csv"}  # fmt: skip
TEXT = {"", ".txt", ".text", ".md", ".markdown"}
MAX_FILE = 20 * 1024 * 1024


@dataclass
class Source:
    name: str
    text: str = ""
    hints: Hints = field(default_factory=Hints)
    error: str = ""  # why it cannot be read: then it is reported, not imported
    furniture: list = field(default_factory=list)


def read_path(path):
    """The `Source`s of a file or a folder on disk."""
    path = Path(path)
    if path.is_dir():
        try:
            files = folder_files(path)
        except ArchiveError as error:
            return [Source(str(path), error=str(error))]
        lookup = FileLookup((name, file.read_bytes) for name, file in files)
        sources = []
        for name, file in files:
            if file.suffix.lower() in IGNORED:
                continue
            sources += _read_disk_file(file, f"{path.name}/{name}", lookup)
        return sources
    return _read_disk_file(path, str(path), None)


def _read_disk_file(file, name, lookup):
    try:
        if file.stat().st_size > MAX_FILE:
            return [Source(name, error=f"too large for a release ({file.stat().st_size:,} bytes)")]
        data = file.read_bytes()
    except OSError as error:
        return [Source(name, error=f"cannot read it: {error.strerror or error}")]
    if lookup is None and file.suffix.lower() == ".xml":
        lookup = FileLookup((p, q.read_bytes) for p, q in folder_files(file.parent))
    return read_file(name, data, lookup=lookup)


def read_file(name, data, *, lookup=None, depth=0):
    """The `Source`s in one file's bytes (several for a .zip or a WordPress export)."""
    suffix = Path(name).suffix.lower()
    try:
        if suffix == ".zip" or data[:4] == b"PK\x03\x04" and suffix != ".docx":
            if depth >= MAX_DEPTH:
                return [Source(name, error="an archive inside an archive inside an archive")]
            members = zip_members(data)
            inner = FileLookup(
                (member, (lambda c=content: c))
                for member, content in members
                if isinstance(content, bytes)
            )
            sources = []
            for member, content in members:
                label = f"{name}/{member}"
                if isinstance(content, str):
                    sources.append(Source(label, error=content))
                elif Path(member).suffix.lower() not in IGNORED:
                    sources += read_file(label, content, lookup=inner, depth=depth + 1)
            return sources
        if suffix == ".xml" or is_wordpress_export(data):
            if not is_wordpress_export(data):
                return [Source(name, error="an XML file that is not a WordPress export")]
            return [
                Source(f"{name}: {post}", text, hints)
                for post, text, hints in read_wordpress(data, lookup)
            ]
        if suffix == ".docx":
            return [Source(name, read_docx(data))]
        if suffix in (".html", ".htm", ".xhtml"):
            text, hints = read_html(data)
            return [Source(name, text, hints)]
        if suffix == ".eml":
            sources = []
            for attached, content, hints, furniture in read_email(data):
                label = f"{name}/{attached}" if attached else name
                if attached:
                    for source in read_file(
                        attached,
                        content if isinstance(content, bytes) else content.encode(),
                        depth=depth + 1,
                    ):
                        source.name = label
                        source.hints.date = source.hints.date or hints.date
                        sources.append(source)
                else:
                    sources.append(Source(label, content, hints, furniture=furniture))
            return sources
        if suffix in TEXT or suffix not in IGNORED:
            text, notes = decode_text(data)
            if suffix not in TEXT and text.lstrip()[:1] == "<":
                text, hints = read_html(data)
                return [Source(name, text, hints)]
            return [Source(name, text, Hints(notes=notes))]
        return [Source(name, error=f"a {suffix} file is not a release")]
    except (ReleaseFormatError, ArchiveError) as error:
        return [Source(name, error=str(error))]


def read_text(name, text):
    """A release pasted as text."""
    if len(text) > MAX_TEXT:
        return Source(
            name, error=f"the text is {len(text):,} characters long; at most {MAX_TEXT:,}"
        )
    return Source(name, text)


__all__ = ["Source", "read_file", "read_path", "read_text"]
