"""`manage.py backup` and `restore`: a restored copy serves the same statements and files.

The copy is restored into a scratch database of its own (an SQLite file, or on PostgreSQL a
database named after the test database with `_restore`), by the commands run as an operator
would, in another process; the test database in use is only read. On SQLite the suite also
restores over its own, altered, database, to show that nothing of the alteration is left.
"""

import io
import json
import os
import subprocess
import sys
import tarfile

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image

from advocacy import backups
from releases.models import Statement
from tests.factories import make_organization, make_statement

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = settings.BASE_DIR


def png_bytes(color):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), color).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def media(tmp_path, settings):
    """Uploads on disk under a MEDIA_ROOT of the test's own, as in production."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return root


@pytest.fixture
def press_room(media):
    org = make_organization(name="Alianza Americas")
    org.logo.save("alianza.png", ContentFile(png_bytes("red")))
    published = [
        make_statement(title="Defeat of US Candidate to lead IOM", issuers=[org]),
        make_statement(title="Statement on the Global Compact", tags=["compact"]),
    ]
    draft = make_statement(title="Unpublished draft statement", published=False)
    return {"org": org, "published": published, "draft": draft}


def make_backup(tmp_path):
    out = io.StringIO()
    call_command("backup", output_dir=tmp_path / "backups", stdout=out)
    [archive] = (tmp_path / "backups").glob("pressroom-*.tar.gz")
    assert f"Backup written: {archive}" in out.getvalue()
    return archive


# --- A scratch copy, restored and served by other processes ---------------------------------


@pytest.fixture
def scratch(tmp_path):
    """The environment of a second site: its own database (empty) and MEDIA_ROOT."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "advocacy.settings.dev",
        "DEBUG": "1",  # so that it serves /media/ itself
        "MEDIA_ROOT": str(tmp_path / "restored-media"),
        "LOG_LEVEL": "WARNING",
    }
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        name = f"{db['NAME']}_restore"
        assert name != db["NAME"]
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
            f"/{name}"
        )
        yield env
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        yield env


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


READ_PAGES = """
import json
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client, pages = Client(), {}
for url in %r:
    response = client.get(url)
    body = b"".join(response) if response.streaming else response.content
    pages[url] = [response.status_code, body.decode("latin-1")]
print(json.dumps(pages))
"""


def read_pages(env, urls):
    result = manage(env, "shell", "--no-imports", "-c", READ_PAGES % (urls,))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def check_same_press_room(env, press_room):
    org, draft = press_room["org"], press_room["draft"]
    details = [statement.get_absolute_url() for statement in press_room["published"]]
    pages = read_pages(env, ["/statements/", *details, draft.get_absolute_url(), org.logo.url])
    listing = pages["/statements/"][1]
    for statement, url in zip(press_room["published"], details, strict=True):
        assert statement.title in listing
        assert pages[url][0] == 200 and statement.title in pages[url][1]
    assert "Alianza Americas" in pages[details[0]][1]
    assert "Altered title" not in listing
    assert draft.title not in listing
    assert pages[draft.get_absolute_url()][0] == 404
    assert pages[org.logo.url][0] == 200
    assert pages[org.logo.url][1].encode("latin-1") == png_bytes("red")


ALTER = """
from releases.models import Statement
Statement.objects.filter(title__startswith="Defeat").delete()
Statement.objects.filter(title__startswith="Statement on").update(title="Altered title")
"""


def test_a_restored_copy_serves_the_same_statements_and_files(press_room, tmp_path, scratch):
    archive = make_backup(tmp_path)
    restored = manage(scratch, "restore", str(archive))  # an empty site: no --yes needed
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout
    check_same_press_room(scratch, press_room)

    # Altered since: a statement deleted, one retitled, a file uploaded.
    assert manage(scratch, "shell", "--no-imports", "-c", ALTER).returncode == 0
    stray = tmp_path / "restored-media" / "stray.txt"
    stray.write_text("uploaded after the backup")

    refused = manage(scratch, "restore", str(archive))
    assert refused.returncode != 0
    assert "Restoring replaces the database" in refused.stderr
    assert "Nothing was changed" in refused.stderr and "--yes" in refused.stderr
    assert "Altered title" in read_pages(scratch, ["/statements/"])["/statements/"][1]
    assert stray.exists()

    again = manage(scratch, "restore", str(archive), "--yes")
    assert again.returncode == 0, again.stderr
    check_same_press_room(scratch, press_room)
    assert not stray.exists()


# --- The archive and the commands' refusals ---------------------------------------------------


def test_the_archive_holds_a_manifest_the_database_and_the_media(press_room, tmp_path):
    archive = make_backup(tmp_path)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    database_file = backups.DATABASE_FILES[connection.vendor]
    assert {"manifest.json", database_file, f"media/{press_room['org'].logo.name}"} <= set(names)
    assert manifest["database"] == {"engine": connection.vendor, "file": database_file}
    assert manifest["media_files"] == backups.count_files(settings.MEDIA_ROOT) >= 1
    assert "releases" in manifest["migrations"]


def test_keep_deletes_all_but_the_newest_archives(press_room, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for stamp in ("20250101-000000", "20250102-000000", "20250103-000000"):
        (folder / f"pressroom-{stamp}.tar.gz").write_bytes(b"old")
    (folder / "notes.txt").write_text("not a backup")
    call_command("backup", output_dir=folder, keep=2, stdout=io.StringIO())
    left = sorted(path.name for path in folder.iterdir())
    assert left[0] == "notes.txt"
    assert left[1] == "pressroom-20250103-000000.tar.gz"
    assert len(left) == 3 and left[2] > left[1]


def test_an_archive_of_the_other_engine_is_refused_before_anything_changes(media, tmp_path):
    make_statement(title="Still here")
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in [
            ("manifest.json", json.dumps({"database": {"engine": other, "file": "db"}})),
            ("db", "x"),
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data.encode()))
    with pytest.raises(CommandError, match="DATABASE_URL points at"):
        call_command("restore", str(archive), yes=True)
    assert Statement.objects.filter(title="Still here").exists()


def test_a_file_that_is_no_backup_is_refused(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_text("not an archive")
    with pytest.raises(CommandError, match="not a readable backup archive"):
        call_command("restore", str(junk), yes=True)
    with pytest.raises(CommandError, match="No backup at"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), yes=True)


def test_missing_postgresql_client_programs_are_named_with_their_package(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CommandError) as error:
        backups.find_client("pg_dump")
    assert "pg_dump was not found" in str(error.value)
    assert "apt-get install postgresql-client" in str(error.value)


# --- SQLite: restoring over the database in use ---------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="on PostgreSQL only scratch databases are restored"
)
def test_restoring_over_an_altered_database_brings_back_the_pages(press_room, tmp_path, client):
    archive = make_backup(tmp_path)
    first, second = press_room["published"]
    client.get("/statements/")  # now in the page cache
    first.delete()
    Statement.objects.filter(pk=second.pk).update(title="Altered title")
    make_statement(title="Written after the backup")
    (settings.MEDIA_ROOT / press_room["org"].logo.name).write_bytes(b"overwritten")
    assert "Altered title" in client.get("/statements/").text

    call_command("restore", str(archive), yes=True, stdout=io.StringIO())

    listing = client.get("/statements/").text
    assert first.title in listing and second.title in listing
    assert "Altered title" not in listing and "Written after the backup" not in listing
    assert client.get(first.get_absolute_url()).status_code == 200
    logo = settings.MEDIA_ROOT / press_room["org"].logo.name
    assert logo.read_bytes() == png_bytes("red")
