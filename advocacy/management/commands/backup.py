from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from advocacy import backups


class Command(BaseCommand):
    help = (
        "Write the database (pg_dump on PostgreSQL, SQLite's online backup on SQLite) and "
        "every file under MEDIA_ROOT into one archive, pressroom-<UTC time>.tar.gz, in "
        "BACKUP_DIR. Safe while the site runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            help="Where to write the archive (default: the BACKUP_DIR setting).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="Afterwards, delete all but the newest N archives in that folder.",
        )

    def handle(self, *args, output_dir=None, keep=None, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep must be 1 or more: the new archive is always kept.")
        directory = output_dir or settings.BACKUP_DIR
        if not backups.media_on_disk():
            self.stderr.write(
                "Uploads are not stored under MEDIA_ROOT on this machine: back them up "
                "where they are stored; this archive holds the database only."
            )
        path, manifest = backups.create(directory)
        self.stdout.write(
            f"Backup written: {path} ({filesizeformat(path.stat().st_size)}): "
            f"{backups.ENGINE_NAMES[manifest['database']['engine']]} database, "
            f"{manifest['media_files']} media file(s)."
        )
        if keep is not None:
            for old in backups.prune(directory, keep):
                self.stdout.write(f"Deleted the older backup {old}")
