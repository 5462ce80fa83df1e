import sys

from django.core.management.base import BaseCommand, CommandError

from releases.importing.batch import import_sources, summary
from releases.importing.readers import read_path, read_text


class Command(BaseCommand):
    help = (
        "Import releases as statements, drafts unless --publish is given: plain text, Word "
        "(.docx), web pages (.html), emails (.eml), WordPress exports (.xml), and folders "
        "or .zip archives of them. Prints one line per release (status, visibility, date, "
        "notes to check, address, title) and a summary. A release already imported is left "
        "unchanged unless --update is given; what is not a release at all is refused, and "
        "the command then exits with an error after importing the others."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="PATH",
            help="A file, a folder or a .zip; '-' reads one release as text from standard input.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the statements it creates or updates (at their embargo time if "
            "they have one, else now).",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Re-apply the text, issuers and contacts of a release already imported.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read everything and report what would happen; save nothing.",
        )
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the site is served, for the addresses printed (default: %(default)s).",
        )

    def handle(self, *args, paths, publish, update, dry_run, base_url, **options):
        sources = []
        for path in paths:
            if path == "-":
                sources.append(read_text("standard input", sys.stdin.read()))
            else:
                sources += read_path(path)
        lines = import_sources(sources, publish=publish, update=update, dry_run=dry_run)
        base = base_url.rstrip("/")
        if options["verbosity"] > 0:
            for line in lines:
                self.stdout.write(self.describe(line, base))
            self.stdout.write(summary(lines, dry_run=dry_run))
        refused = [line for line in lines if line.status == "refused"]
        if refused:
            raise CommandError(
                "\n".join(f"{line.name}: {line.reason}" for line in refused)
                + f"\n{len(refused)} refused (not releases); the others were imported."
            )

    def describe(self, line, base):
        if line.status == "refused":
            return f"{'refused':<9}  {line.name}  {line.reason}"
        statement = line.statement
        visibility = statement.visibility.lower() if statement is not None else "-"
        address = base + line.address if line.address else "(not saved)"
        notes = f"{line.notes} note{'s' if line.notes != 1 else ''}"
        return (
            f"{line.status:<9}  {visibility:<9}  {line.date:%Y-%m-%d}  {notes:<8}  "
            f"{address}  {line.title}"
        )
