"""The files an archive is kept in: Word, web pages, emails, .zip archives, folders and
WordPress exports, read into releases; the old addresses that redirect to them."""

import io
import zipfile
from io import StringIO
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from django.test import Client

from releases.importing import import_release
from releases.importing.models import OldAddress
from releases.importing.readers import read_file, read_path
from releases.importing.readers.archive import MAX_RATIO
from releases.models import Statement

FILES = Path(__file__).resolve().parent / "import_corpus" / "files"
CORPUS = FILES.parent


def docx_bytes(build):
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bytes(members, compression=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in members:
            archive.writestr(name, content)
    return out.getvalue()


def run(*args):
    out = StringIO()
    call_command("import_release", *map(str, args), stdout=out)
    return out.getvalue().splitlines()


# Word


@pytest.mark.django_db
def test_word_keeps_italic_words_and_reads_tables_in_order():
    def build(document):
        document.add_paragraph("A title")
        document.add_paragraph("")
        body = document.add_paragraph("Chicago — June 29, 2018 — We read the ")
        body.add_run("New York Declaration").italic = True
        body.add_run(" again.")
        document.add_paragraph("")
        document.add_paragraph("###")
        document.add_paragraph("")
        document.add_paragraph("Media contact:")
        table = document.add_table(rows=1, cols=3)
        for cell, text in zip(
            table.rows[0].cells, ["Jane Doe", "(312) 555-0101", "jane@example.org"], strict=True
        ):
            cell.text = text

    [source] = read_file("release.docx", docx_bytes(build))
    assert "We read the *New York Declaration* again." in source.text
    release = import_release(source.text, dry_run=True).release
    assert release.body == "We read the *New York Declaration* again."
    [jane] = release.contacts
    assert (jane.person, jane.email, jane.phones[0].number) == (
        "Jane Doe",
        "jane@example.org",
        "(312) 555-0101",
    )


def test_a_damaged_word_file_is_refused_with_the_reason():
    [source] = read_file("release.docx", b"PK\x03\x04 not really a Word file")
    assert source.error


# Web pages


@pytest.mark.django_db
def test_a_saved_wordpress_page_gives_its_article_without_the_site_around_it():
    [source] = read_path(FILES / "2019-08-06-poultry-raids.html")
    for chrome in ("Recent Posts", "Leave a Reply", "Donate", "Back-to-school", "Twitter", "©"):
        assert chrome not in source.text
    assert source.hints.date.isoformat() == "2019-08-06"
    release = import_release(source.text, hints=source.hints, dry_run=True).release
    assert release.title.startswith("Workers Rally After Immigration Raids")
    assert release.issuers[0].name == "Gulf Coast Interfaith Council"


def test_an_old_page_laid_out_with_tables_in_windows_1252():
    [source] = read_path(FILES / "2018-12-12-vigil-old-site.html")
    assert "Ana Belén Cruz" in source.text  # the page's own encoding
    assert "Inicio" not in source.text and "Visitas" not in source.text


# Emails


@pytest.mark.django_db
def test_an_email_as_sent_to_journalists():
    [source] = read_path(FILES / "2023-05-02-asylum-clinic.eml")
    assert source.hints.title == "Sanctuary Coalition Opens Free Asylum Clinic in South Seattle"
    assert "Unsubscribe" not in source.text and "receiving this email" not in source.text
    assert "Unsubscribe: https://pnwsanctuary.example.org/unsubscribe" in source.furniture


def test_an_email_whose_release_is_attached_reads_the_attachment():
    [source] = read_path(FILES / "2022-03-08-comunicado-adjunto.eml")
    assert source.name.endswith("comunicado-adjunto.eml/comunicado-jornaleras.docx")
    assert "Jornaleras agrícolas marchan" in source.text
    assert "Les compartimos" not in source.text


# Archives and folders


def test_a_zip_of_releases_in_several_formats():
    sources = read_path(FILES / "archive-2019.zip")
    assert [Path(s.name).name for s in sources] == [
        "bond-fund.txt",
        "poultry-raids.html",
        "tps-hearing.txt",
    ]
    assert not any(s.error for s in sources)


def test_zip_bombs_traversal_and_nesting_are_contained(tmp_path):
    release = (CORPUS / "classic" / "2020-09-30-census-count.txt").read_bytes()
    inner = zip_bytes([("deeper.zip", zip_bytes([("r.txt", release)]))])
    archive = zip_bytes(
        [
            ("../../../etc/cron.d/evil.txt", release),
            ("bomb.txt", b"A" * (MAX_RATIO * 20_000)),
            ("nested.zip", inner),
        ]
    )
    sources = {source.name: source for source in read_file("upload.zip", archive)}
    assert not sources["upload.zip/../../../etc/cron.d/evil.txt"].error  # a name, no more
    assert "zip bomb" in sources["upload.zip/bomb.txt"].error
    assert "inside an archive" in sources["upload.zip/nested.zip/deeper.zip"].error
    assert not (tmp_path / "etc").exists() and not Path("/etc/cron.d/evil.txt").exists()


def test_a_folder_is_read_file_by_file_and_images_are_skipped(tmp_path):
    (tmp_path / "2020").mkdir()
    (tmp_path / "2020" / "census.txt").write_bytes(
        (CORPUS / "classic" / "2020-09-30-census-count.txt").read_bytes()
    )
    (tmp_path / "2020" / "logo.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00")
    (tmp_path / "notes.odt").write_bytes(b"PK\x03\x04")
    [source] = read_path(tmp_path)
    assert source.name.endswith("2020/census.txt") and not source.error


# WordPress


@pytest.mark.django_db
def test_a_wordpress_export_with_its_uploads_becomes_statements_tagged_and_illustrated():
    lines = run(FILES / "wordpress-site.zip")
    assert lines[-1] == "2 releases: 2 created; 0 notes to check."
    vigil = Statement.objects.get(release_date="2019-08-10")
    assert vigil.status == Statement.Status.DRAFT
    assert sorted(tag.name for tag in vigil.tags.all()) == ["El Paso", "Press Releases"]
    [photo] = vigil.attachments.all()
    assert photo.is_image and photo.title == "vigil-el-paso"
    assert set(vigil.old_addresses.values_list("path", flat=True)) == {
        "/2019/08/10/vigil-el-paso/",
        "/?p=412",
    }
    hurricanes = Statement.objects.get(release_date="2020-12-18")
    assert hurricanes.language == Statement.Language.SPANISH
    assert [tag.name for tag in hurricanes.tags.all()] == ["Comunicados"]
    assert hurricanes.attachments.count() == 1
    assert not Statement.objects.filter(title__in=["About us", "Draft: march schedule"]).exists()

    again = run(FILES / "wordpress-site.zip")
    assert again[-1] == "2 releases: 2 unchanged; 0 notes to check."
    assert Statement.objects.count() == 2 and vigil.attachments.count() == 1


@pytest.mark.django_db
def test_an_export_without_its_uploads_notes_the_missing_images():
    run(FILES / "wordpress-export.xml")
    vigil = Statement.objects.get(release_date="2019-08-10")
    assert not vigil.attachments.exists()
    [note] = vigil.import_notes.values_list("text", flat=True)
    assert "vigil-el-paso" in note and "not found" in note


def test_an_export_with_entities_is_refused():
    export = (FILES / "wordpress-export.xml").read_bytes()
    evil = export.replace(
        b"<rss ", b'<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<rss ', 1
    ).replace(b"<title>Frontera", b"<title>&x; Frontera", 1)
    [source] = read_file("export.xml", evil)
    assert "cannot be read" in source.error


# Old addresses


@pytest.mark.django_db
def test_old_addresses_redirect_to_the_statement_once_it_is_public():
    run(FILES / "wordpress-export.xml")
    vigil = Statement.objects.get(release_date="2019-08-10")
    reader = Client()
    # A draft: the old address is a 404 like any other, its new address not given away.
    for old in ("/2019/08/10/vigil-el-paso/", "/?p=412"):
        response = reader.get(old)
        assert "Location" not in response
        assert vigil.slug not in response.text

    vigil.publish()

    response = reader.get("/2019/08/10/vigil-el-paso/")
    assert response.status_code == 301 and response["Location"] == vigil.get_absolute_url()
    assert reader.get("/?p=412")["Location"] == vigil.get_absolute_url()
    assert reader.get("/2019/08/10/VIGIL-EL-PASO")["Location"] == vigil.get_absolute_url()
    assert reader.get(response["Location"]).status_code == 200

    vigil.unpublish()
    assert reader.get("/2019/08/10/vigil-el-paso/").status_code == 404


@pytest.mark.django_db
def test_the_front_page_cached_under_a_wordpress_query_does_not_hide_the_redirect():
    run(FILES / "wordpress-export.xml")
    vigil = Statement.objects.get(release_date="2019-08-10")
    reader = Client()
    assert reader.get("/?p=412").status_code == 200  # the front page, cached now
    vigil.publish()
    assert reader.get("/?p=412").status_code == 301


@pytest.mark.django_db
def test_old_addresses_are_edited_in_the_admin(staff_client):
    run(FILES / "wordpress-export.xml")
    vigil = Statement.objects.get(release_date="2019-08-10")
    vigil.publish()
    response = staff_client.post(
        "/admin/releases/oldaddress/add/", {"path": "/news/vigil.html", "statement": vigil.pk}
    )
    assert response.status_code == 302
    assert OldAddress.objects.filter(path="/news/vigil.html/").exists()
    assert Client().get("/news/vigil.html")["Location"] == vigil.get_absolute_url()
