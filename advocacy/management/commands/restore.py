from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from advocacy import backups


class Command(BaseCommand):
    help = (
        "Replace the database and the files under MEDIA_ROOT by those of an archive written "
        "by `manage.py backup`. Refuses to overwrite existing data without --yes. Stop the "
        "app servers first, and run `manage.py migrate` afterwards if the code is newer "
        "than the backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="A pressroom-*.tar.gz from backup.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Replace the current database and media files (required when there are any).",
        )

    def handle(self, *args, archive, yes, **options):
        database = settings.DATABASES["default"]["NAME"]
        with backups.Unpacked(archive) as backup:
            tables = backups.database_tables()
            files = backups.count_files(backups.media_root())
            if (tables or files) and not yes:
                raise CommandError(
                    f"Restoring replaces the database {database} ({len(tables)} tables) and "
                    f"the {files} file(s) under {settings.MEDIA_ROOT}. Nothing was changed. "
                    "To go ahead, run again with --yes (make restore BACKUP=... CONFIRM=yes)."
                )
            backups.load_database(backup.database)
            backups.replace_media(backup.media)
            backups.restored.send(sender=self.__class__)
            manifest = backup.manifest
        self.stdout.write(
            f"Restored {archive} (made {manifest['created']}) into the database {database} "
            f"and {settings.MEDIA_ROOT}: {manifest['media_files']} media file(s)."
        )
        if backups.pending_migrations():
            self.stdout.write(
                "The code has migrations that this backup predates: run `manage.py migrate`."
            )
