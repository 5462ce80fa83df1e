from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-pressroom"


class Command(BaseCommand):
    help = (
        "Load the demo content: the seed releases in seeds/, published, and a staff login "
        f"({DEMO_USERNAME} / {DEMO_PASSWORD}). Safe to run again: nothing is duplicated. "
        "Development only: refuses to run with DEBUG off."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the site is served, for the addresses printed (default: %(default)s).",
        )

    def handle(self, *args, base_url, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo creates a login with a published password: it runs only with "
                "DEBUG on. Create real accounts with `manage.py createsuperuser`."
            )
        base_url = base_url.rstrip("/")
        seeds = sorted(Path(settings.BASE_DIR, "seeds").glob("*.txt"))
        if seeds:
            self.stdout.write("Seed releases:")
            call_command(
                "import_release",
                *map(str, seeds),
                "--publish",
                base_url=base_url,
                stdout=self.stdout,
            )

        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=DEMO_USERNAME,
            defaults={"is_staff": True, "is_superuser": True, "email": "demo@localhost"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])

        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("The press room is ready:"))
        self.stdout.write(f"  Site:         {base_url}/")
        self.stdout.write(f"  Statements:   {base_url}/statements/")
        self.stdout.write(f"  Orgs:         {base_url}/organizations/")
        self.stdout.write(f"  Admin:        {base_url}/admin/")
        if created:
            login = f"{DEMO_USERNAME} / {DEMO_PASSWORD}"
        else:
            login = f"{DEMO_USERNAME} (the password you last set; first set to {DEMO_PASSWORD})"
        self.stdout.write(f"  Staff login:  {login}")
