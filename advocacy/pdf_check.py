"""What a PDF would make its reader's viewer do: parsed with pypdf, not matched as bytes.

A byte pattern misses a name written with escapes (`/J#61vaScript` is `/JavaScript`) and
everything inside a compressed object stream. pypdf reads the file as a viewer does:
names unescaped, object streams unpacked, an encryption with an empty password opened.
Then every object of the file is visited (those the cross-reference table lists, and all
they point to) and its dictionaries looked at.

Active content, and so refused:
- JavaScript anywhere: a `/JS` or `/JavaScript` entry, a JavaScript action;
- actions that start programs or send data away: Launch, SubmitForm, ImportData, and
  those of rich media and renditions (which can carry scripts);
- embedded files (`/EmbeddedFiles`, `/EF`, file attachment annotations), which a viewer
  offers to open: a press release has no use for them;
- XFA forms, which run scripts of their own;
- anything done by itself when the document or a page is opened or closed
  (`/OpenAction`, `/AA`) other than going to a page: opening a website on its own, for
  example, tells someone who read the document and when.

Ordinary links to websites and to pages are kept.
"""

from io import BytesIO

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

#: Every object visited counts; a PDF with more is not a press release.
MAX_OBJECTS = 200_000

_SCRIPT_KEYS = {"/JS": "JavaScript", "/JavaScript": "JavaScript", "/XFA": "an XFA form"}
_EMBEDDED_KEYS = {"/EmbeddedFiles", "/EF", "/EmbeddedFile"}
_ACTIONS = {
    "/JavaScript": "JavaScript",
    "/Launch": "an action that starts a program",
    "/SubmitForm": "a form that sends its data to a website",
    "/ImportData": "an action that imports data",
    "/Rendition": "a media action that can run scripts",
    "/RichMediaExecute": "a rich media action",
    "/GoToE": "a link into an embedded file",
}
_SUBTYPES = {
    "/FileAttachment": "an embedded file",
    "/RichMedia": "rich media (Flash or video with scripts)",
}
#: What a document or page may do by itself when opened: go to a page.
_AUTOMATIC_ALLOWED = {"/GoTo", "/Named"}


class Unreadable(Exception):
    """The file is not a PDF that pypdf can read."""


class Encrypted(Exception):
    """The file is protected by a password, so its content cannot be read."""


def active_content(data):
    """What active content the PDF `data` holds, as phrases (empty: none).

    Raises Unreadable or Encrypted when the content cannot be read."""
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Encrypted
        if len(reader.pages) == 0:  # pypdf mends small faults, but a document has pages
            raise Unreadable("no page")
        return sorted(_visit(reader))
    except (Unreadable, Encrypted):
        raise
    except Exception as error:  # pypdf raises many kinds for a file it cannot read
        if "password" in str(error).lower() or "decrypt" in str(error).lower():
            raise Encrypted from error
        raise Unreadable(str(error)) from error


def _listed_objects(reader):
    """Every object the cross-reference tables list, in object streams too."""
    for generation, numbers in reader.xref.items():
        for number in numbers:
            yield IndirectObject(number, generation, reader)
    for number in reader.xref_objStm:
        yield IndirectObject(number, 0, reader)


def _visit(reader):
    found = set()
    seen = set()
    pending = [reader.trailer, *_listed_objects(reader)]
    visited = 0
    while pending:
        obj = pending.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = reader.get_object(obj)
        visited += 1
        if visited > MAX_OBJECTS:
            raise Unreadable(f"more than {MAX_OBJECTS} objects")
        if isinstance(obj, DictionaryObject):  # streams too
            found.update(_dictionary_findings(obj))
            pending.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            pending.extend(obj)
    return found


def _dictionary_findings(entries):
    for key in entries:
        if key in _SCRIPT_KEYS:
            yield _SCRIPT_KEYS[key]
        elif key in _EMBEDDED_KEYS:
            yield "an embedded file"
    action = entries.get("/S")
    if action in _ACTIONS:
        yield _ACTIONS[action]
    if entries.get("/Type") == "/EmbeddedFile":
        yield "an embedded file"
    if entries.get("/Subtype") in _SUBTYPES:
        yield _SUBTYPES[entries.get("/Subtype")]
    automatic = []
    if "/OpenAction" in entries:
        automatic.append(entries["/OpenAction"])
    if "/AA" in entries:
        triggers = entries["/AA"].get_object()
        if isinstance(triggers, DictionaryObject):
            automatic.extend(triggers.values())
    for value in automatic:
        if not _goes_to_a_page(value):
            yield "an action run by itself when it is opened"


def _goes_to_a_page(value, depth=0):
    """Whether an automatic action (with those it chains to by /Next) only moves the view."""
    value = value.get_object() if value is not None else None
    if isinstance(value, ArrayObject):  # a destination: a page and how to show it
        return True
    if not isinstance(value, DictionaryObject) or depth > 20:
        return False
    if value.get("/S") not in _AUTOMATIC_ALLOWED:
        return False
    following = value.get("/Next")
    if following is None:
        return True
    following = following.get_object()
    chain = following if isinstance(following, ArrayObject) else [following]
    return all(_goes_to_a_page(item, depth + 1) for item in chain)
