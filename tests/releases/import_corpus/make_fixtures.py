"""Write the corpus's binary files from the text beside them, so they can be made again:

    python -m tests.releases.import_corpus.make_fixtures

- files/*.docx: Word files typed the two ways people type them (a line per paragraph with
  empty paragraphs between, or one paragraph each with soft line breaks), with an italic
  subtitle and a contact block in a table;
- files/*.eml: releases as sent to journalists (plain text and HTML alternatives; one with
  the release as an attached Word file);
- files/*.zip: an archive of releases in several formats, and a WordPress export with the
  site's wp-content/uploads beside it.

Each written file's expected fields are the .yaml next to it (written by hand).
"""

import io
import zipfile
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import docx
from PIL import Image

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
# A fixed time for the members of the .zip files, so that they come out the same.
STAMP = (2024, 1, 1, 0, 0, 0)


def lines_of(path):
    return (HERE / path).read_text(encoding="utf-8").splitlines()


def docx_line_per_paragraph(source, *, italic_line=None):
    """A Word paragraph per line, an empty paragraph for each blank line."""
    document = docx.Document()
    for line in lines_of(source):
        paragraph = document.add_paragraph()
        if line:
            run = paragraph.add_run(line)
            run.italic = line == italic_line
    return document


def docx_spaced_paragraphs(source, *, table_after=None, table_rows=()):
    """A Word paragraph per paragraph (lines joined by soft breaks), no empty paragraphs;
    a table after the paragraph that begins with `table_after`."""
    document = docx.Document()
    blocks = "\n".join(lines_of(source)).split("\n\n")
    for block in blocks:
        lines = block.split("\n")
        paragraph = document.add_paragraph()
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            if index + 1 < len(lines):
                run.add_break()
        if table_after and block.startswith(table_after):
            table = document.add_table(rows=0, cols=2)
            for row in table_rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
    return document


def save_docx(document, name):
    out = io.BytesIO()
    document.save(out)
    # python-docx stamps the time of writing into the package: rewrite it fixed.
    return _fixed_zip(out.getvalue(), FILES / name)


def _fixed_zip(data, path):
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            member = zipfile.ZipInfo(info.filename, STAMP)
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, content)
    path.write_bytes(out.getvalue())
    return out.getvalue()


def write_zip(path, members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    path.write_bytes(out.getvalue())


def email_message(subject, sent, text, html=None):
    message = EmailMessage()
    message["From"] = "Press Office <press@pnwsanctuary.example.org>"
    message["To"] = "newsdesk@example.org"
    message["Subject"] = subject
    message["Date"] = format_datetime(sent)
    message["Message-ID"] = f"<{sent:%Y%m%d%H%M}@pnwsanctuary.example.org>"
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    return message


def jpeg(color):
    out = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(out, format="JPEG")
    return out.getvalue()


def main():
    FILES.mkdir(exist_ok=True)
    heat = "immediate/2022-02-15-farmworker-heat.txt"
    save_docx(
        docx_line_per_paragraph(
            heat, italic_line="New rule requires shade, water and rest breaks above 85 degrees"
        ),
        "2022-02-15-farmworker-heat.docx",
    )
    daca = (HERE / "ap_date_elsewhere/2021-03-03-desert-dreamers-daca.txt").read_text()
    daca = daca.replace("Maria Lopez, 602-555-0143\nTom Baker, 602-555-0177\n", "")
    (FILES / "_daca-source.txt").write_text(daca, encoding="utf-8")
    save_docx(
        docx_spaced_paragraphs(
            "files/_daca-source.txt",
            table_after="CONTACT",
            table_rows=[("Maria Lopez", "602-555-0143"), ("Tom Baker", "602-555-0177")],
        ),
        "2021-03-03-desert-dreamers-daca.docx",
    )
    (FILES / "_daca-source.txt").unlink()

    clinic = (HERE / "immediate/2023-05-02-asylum-clinic.txt").read_text(encoding="utf-8")
    paragraphs = clinic.strip().split("\n\n")
    html = (
        "<html><body>"
        + "".join(f"<p>{par.replace(chr(10), '<br>')}</p>" for par in paragraphs)
        + (
            "<hr><p style='font-size:small'>You are receiving this email because you are on the "
            "press list of the Pacific Northwest Sanctuary Coalition.<br>"
            "<a href='https://pnwsanctuary.example.org/unsubscribe'>Unsubscribe</a></p>"
            "</body></html>"
        )
    )
    footer = (
        "\n\n--\nYou are receiving this email because you are on the press list of the "
        "Pacific Northwest Sanctuary Coalition.\nUnsubscribe: "
        "https://pnwsanctuary.example.org/unsubscribe\n"
    )
    message = email_message(
        "PRESS RELEASE: Sanctuary Coalition Opens Free Asylum Clinic in South Seattle",
        datetime(2023, 5, 2, 15, 30, tzinfo=UTC),
        clinic + footer,
        html,
    )
    message.set_boundary("==press-room-fixture-alternative==")
    (FILES / "2023-05-02-asylum-clinic.eml").write_bytes(message.as_bytes())

    jornaleras = docx_line_per_paragraph("immediate/2022-03-08-mujeres-jornaleras.txt")
    attached = io.BytesIO(save_docx(jornaleras, "_attached.docx"))
    (FILES / "_attached.docx").unlink()
    message = email_message(
        "Comunicado: jornaleras marchan en Culiacán",
        datetime(2022, 3, 8, 18, 0, tzinfo=UTC),
        "Estimados colegas:\n\nLes compartimos en el archivo adjunto nuestro comunicado de "
        "hoy.\n\nSaludos,\nAlejandra Ruiz\n",
    )
    message.add_attachment(
        attached.getvalue(),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="comunicado-jornaleras.docx",
    )
    message.set_boundary("==press-room-fixture-mixed==")
    (FILES / "2022-03-08-comunicado-adjunto.eml").write_bytes(message.as_bytes())

    write_zip(
        FILES / "archive-2019.zip",
        [
            (
                "2019/abril/bond-fund.txt",
                (HERE / "classic/2019-04-11-detention-bond-fund.txt").read_bytes(),
            ),
            (
                "2019/agosto/poultry-raids.html",
                (FILES / "2019-08-06-poultry-raids.html").read_bytes(),
            ),
            (
                "2019/octubre/tps-hearing.txt",
                (HERE / "ap_style/2019-10-02-tps-hearing.txt").read_bytes(),
            ),
            ("__MACOSX/2019/._bond-fund.txt", b"\x00\x05\x16\x07"),
            ("2019/logo.png", jpeg("navy")),
        ],
    )
    write_zip(
        FILES / "wordpress-site.zip",
        [
            (
                "export/pressroom.WordPress.2024-01-01.xml",
                (FILES / "wordpress-export.xml").read_bytes(),
            ),
            ("wp-content/uploads/2019/07/vigil-el-paso.jpg", jpeg("orange")),
            ("wp-content/uploads/2020/12/huracanes.jpg", jpeg("teal")),
        ],
    )


if __name__ == "__main__":
    main()
