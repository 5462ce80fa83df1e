"""Backups of the database and the uploaded files, in one archive; and their restoration.

An archive (`pressroom-YYYYmmdd-HHMMSS.tar.gz`, the time in UTC) holds:

- `manifest.json`: when, which database engine, the migrations applied, the media count;
- `database.pgdump` (PostgreSQL: `pg_dump`'s custom format, for `pg_restore`) or
  `database.sqlite3` (SQLite: a consistent copy by SQLite's online backup API);
- `media/`: everything under MEDIA_ROOT (logos, social cards, attachments).

Used by `manage.py backup` and `manage.py restore` (and `make backup`, `make restore`).
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

import django
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.dispatch import Signal
from django.utils import timezone

FORMAT = 1
PREFIX = "pressroom-"
SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
ENGINE_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
CLIENT_MISSING = (
    "{program} was not found on PATH. It comes with PostgreSQL's client programs: on Debian "
    "or Ubuntu, `apt-get install postgresql-client` (the server's major version or newer)."
)

# Sent once a restore has replaced the database and media: cached pages are stale.
restored = Signal()


def vendor():
    if connection.vendor not in DATABASE_FILES:
        raise CommandError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def media_root():
    return Path(settings.MEDIA_ROOT)


def media_on_disk():
    """False when uploads go to a storage other than MEDIA_ROOT on this machine."""
    return (
        isinstance(default_storage, FileSystemStorage)
        and Path(default_storage.location).resolve() == media_root().resolve()
    )


def count_files(folder):
    return sum(1 for path in Path(folder).rglob("*") if path.is_file()) if folder.exists() else 0


# --- PostgreSQL's client programs ---------------------------------------------------------


def find_client(program):
    path = shutil.which(program)
    if path is None:
        raise CommandError(CLIENT_MISSING.format(program=program))
    return path


def _pg_environment():
    """The connection of DATABASES['default'] as libpq's variables (no password on argv)."""
    db = connection.settings_dict
    env = dict(os.environ)
    for variable, value in [
        ("PGHOST", db.get("HOST")),
        ("PGPORT", str(db.get("PORT") or "")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGSSLMODE", db.get("OPTIONS", {}).get("sslmode")),
    ]:
        if value:
            env[variable] = value
    return env


def _run_client(args, what):
    result = subprocess.run(args, env=_pg_environment(), capture_output=True, text=True)
    if result.returncode != 0:
        raise CommandError(f"{what} failed:\n{result.stderr.strip()}")


# --- The database ---------------------------------------------------------------------------


def dump_database(target):
    """Copy the whole database into the file `target`."""
    if vendor() == "postgresql":
        pg_dump = find_client("pg_dump")
        name = connection.settings_dict["NAME"]
        _run_client([pg_dump, "--format=custom", f"--file={target}", f"--dbname={name}"], "pg_dump")
    else:
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()


def load_database(source):
    """Replace the whole database by the copy in the file `source`."""
    if vendor() == "postgresql":
        pg_restore = find_client("pg_restore")
        name = connection.settings_dict["NAME"]
        connection.close()
        _run_client(
            [
                pg_restore,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={name}",
                str(source),
            ],
            "pg_restore",
        )
    else:
        copy = sqlite3.connect(source)
        try:
            connection.ensure_connection()
            copy.backup(connection.connection)
        finally:
            copy.close()


def database_tables():
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def applied_migrations():
    latest = {}
    if MigrationRecorder(connection).has_table():
        for app, name in MigrationRecorder.Migration.objects.values_list("app", "name"):
            latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


def pending_migrations():
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


# --- Archives -------------------------------------------------------------------------------


def create(directory):
    """Write a new archive into `directory`; return its path and its manifest."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    engine = vendor()
    now = timezone.now()
    path = directory / f"{PREFIX}{now:%Y%m%d-%H%M%S}{SUFFIX}"
    if path.exists():
        path = directory / f"{PREFIX}{now:%Y%m%d-%H%M%S-%f}{SUFFIX}"
    media = media_root()
    manifest = {
        "format": FORMAT,
        "created": now.isoformat(),
        "site": settings.SITE_NAME,
        "django": django.get_version(),
        "database": {"engine": engine, "file": DATABASE_FILES[engine]},
        "migrations": applied_migrations(),
        "media_files": count_files(media),
    }
    partial = directory / f".{path.name}.partial"
    try:
        with tempfile.TemporaryDirectory(dir=directory) as work:
            database_copy = Path(work) / DATABASE_FILES[engine]
            dump_database(database_copy)
            (Path(work) / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(Path(work) / MANIFEST, arcname=MANIFEST)
                archive.add(database_copy, arcname=DATABASE_FILES[engine])
                if media.is_dir():
                    archive.add(media, arcname="media")
                else:
                    archive.addfile(_as_folder())
        os.replace(partial, path)  # a half-written archive never carries the final name
    finally:
        partial.unlink(missing_ok=True)
    return path, manifest


def _as_folder():
    info = tarfile.TarInfo("media")
    info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, int(timezone.now().timestamp())
    return info


def prune(directory, keep):
    """Delete all but the newest `keep` archives in `directory`; return those deleted."""
    archives = sorted(Path(directory).glob(f"{PREFIX}*{SUFFIX}"))
    old = archives[:-keep] if keep else archives
    for path in old:
        path.unlink()
    return old


class Unpacked:
    """An archive opened and checked in a temporary folder, before anything is replaced."""

    def __init__(self, path):
        self.path = Path(path)
        if not self.path.is_file():
            raise CommandError(f"No backup at {self.path}.")
        self._work = tempfile.TemporaryDirectory()
        self.folder = Path(self._work.name)
        try:
            with tarfile.open(self.path, "r:*") as archive:
                archive.extractall(self.folder, filter="data")
        except (tarfile.TarError, OSError, EOFError) as error:
            self.close()
            raise CommandError(f"{self.path} is not a readable backup archive: {error}") from error
        try:
            self.manifest = json.loads((self.folder / MANIFEST).read_text())
            engine = self.manifest["database"]["engine"]
            self.database = self.folder / self.manifest["database"]["file"]
        except (OSError, ValueError, KeyError, TypeError) as error:
            self.close()
            raise CommandError(f"{self.path} has no valid {MANIFEST}: not a backup.") from error
        if engine != vendor():
            self.close()
            raise CommandError(
                f"{self.path} holds a {ENGINE_NAMES.get(engine, engine)} database, but "
                f"DATABASE_URL points at {ENGINE_NAMES[vendor()]}: set DATABASE_URL to the kind "
                "of database the backup was made from."
            )
        if not self.database.is_file():
            self.close()
            raise CommandError(f"{self.path} lacks its database file ({self.database.name}).")
        self.media = self.folder / "media"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self._work.cleanup()


def replace_media(source):
    """Make MEDIA_ROOT hold exactly the files of the folder `source`."""
    media = media_root()
    media.mkdir(parents=True, exist_ok=True)
    for child in media.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    if source.is_dir():
        for child in source.iterdir():
            shutil.move(child, media / child.name)
