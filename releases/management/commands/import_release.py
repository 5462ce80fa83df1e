import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from releases.importer import ReleaseFormatError, import_release, parse_release


class Unreadable(Exception):
    """A file that cannot be read as text."""


class Command(BaseCommand):
    help = (
        "Import plain-text releases (laid out like those in seeds/) as statements, drafts "
        "unless --publish is given, and print each one's status and public address. Every "
        "file is read and checked first, then all are imported in one transaction: if one "
        "cannot be understood, the command says which part is missing and saves nothing. A "
        "release already imported (same release date and title) is left unchanged unless "
        "--update is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files",
            nargs="+",
            metavar="FILE",
            help="A release as UTF-8 text; '-' reads it from standard input.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the statements it creates or updates (now, unless a publish time "
            "is set).",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Re-apply the text, issuers and contacts of a release already imported.",
        )
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the site is served, for the addresses printed (default: %(default)s).",
        )

    def handle(self, *args, files, publish, update, base_url, **options):
        texts, problems = [], []
        for name in files:
            try:
                text = self.read(name)
                parse_release(text)
            except (Unreadable, ReleaseFormatError) as error:
                problems.append(f"{name}: {error}")
            else:
                texts.append((name, text))
        if problems:
            raise CommandError("\n".join([*problems, "Nothing was imported."]))

        lines = []
        with transaction.atomic():
            for name, text in texts:
                try:
                    outcome = import_release(text, publish=publish, update=update)
                except ReleaseFormatError as error:
                    raise CommandError(f"{name}: {error}\nNothing was imported.") from error
                lines.append(self.describe(outcome, base_url))
        if options["verbosity"] > 0:
            for line in lines:
                self.stdout.write(line)

    def read(self, name):
        if name == "-":
            return sys.stdin.read()
        try:
            with open(name, encoding="utf-8-sig") as file:
                return file.read()
        except UnicodeDecodeError:
            raise Unreadable("not UTF-8 text: save it as UTF-8 and try again") from None
        except OSError as error:
            raise Unreadable(f"cannot read it: {error.strerror or error}") from None

    def describe(self, outcome, base_url):
        statement = outcome.statement
        if outcome.created:
            action = "created"
        elif outcome.updated:
            action = "updated"
        else:
            action = "unchanged"
        url = base_url.rstrip("/") + statement.get_absolute_url()
        return f"{action:<9}  {statement.visibility.lower():<9}  {url}  {statement.title}"
