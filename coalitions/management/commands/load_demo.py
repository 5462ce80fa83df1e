from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone

from coalitions import roles
from coalitions.models import Campaign, Coalition, Membership
from releases.distribution.models import Journalist, MediaList
from releases.models import Statement

DEMO_SIGN_ON_SLUG = (
    "statement-from-us-civil-society-participants-during-the-un-stocktaking-meeting-on-the-"
    "global-compact"
)

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-pressroom"

#: One login per role, all with DEMO_PASSWORD, to try what each may do.
DEMO_ROLES = {
    DEMO_USERNAME: roles.ADMINISTRATOR,
    "demo-editor": roles.EDITOR,
    "demo-publisher": roles.PUBLISHER,
    "demo-moderator": roles.MODERATOR,
}


class Command(BaseCommand):
    help = (
        "Load the demo content: the seed releases in seeds/, published, the 2017 joint "
        "statement open for sign-on, a coalition of its signatories, and staff logins "
        f"({DEMO_USERNAME} / {DEMO_PASSWORD}, an administrator, and demo-editor, "
        "demo-publisher, demo-moderator with the same password). Safe to run again: "
        "nothing is duplicated. "
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
                "DEBUG on. Create real accounts with `manage.py create_admin`."
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

        sign_on = self.open_demo_sign_on()

        logins = self.create_demo_logins()
        press_list = self.create_demo_press_list()

        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("The press room is ready:"))
        self.stdout.write(f"  Site:         {base_url}/")
        self.stdout.write(f"  Statements:   {base_url}/statements/")
        self.stdout.write(f"  Orgs:         {base_url}/organizations/")
        self.stdout.write(f"  Admin:        {base_url}{reverse('admin:index')}")
        if sign_on is not None:
            self.stdout.write(f"  Sign on:      {base_url}{sign_on.get_absolute_url()}")
            self.stdout.write("                (confirmation emails are printed in this terminal)")
        self.stdout.write(
            f"  Press list:   {press_list.members.count()} demo reporters in “{press_list}” "
            "(a statement's admin page: Send to the press; the mail is printed here)"
        )
        self.stdout.write("  Staff logins, one per role:")
        for username, (role, created) in logins.items():
            if created:
                login = f"{username} / {DEMO_PASSWORD}"
            else:
                login = f"{username} (the password you last set; first set to {DEMO_PASSWORD})"
            self.stdout.write(f"    {role + ':':19} {login}")
        if settings.TWO_FACTOR_REQUIRED:
            self.stdout.write(
                "  Two-factor login is required: the publisher and the administrator set up "
                "an authenticator app (a phone, or a password manager) after their password."
            )
        else:
            self.stdout.write(
                "  Two-factor login is off for this demo, so these logins need no phone "
                "(TWO_FACTOR_REQUIRED=1 make run requires it of publishers and administrators,"
                " as production does); anyone may turn it on under Two-factor login in the "
                "admin."
            )

    def create_demo_logins(self):
        """A staff login in each role's group; an existing one keeps its password."""
        roles.sync_roles()
        User = get_user_model()
        logins = {}
        for username, role in DEMO_ROLES.items():
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": True, "email": f"{username}@localhost"}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=role))
            logins[username] = (role, created)
        return logins

    def create_demo_press_list(self):
        """A media list of three reporters at example.org addresses, to try sending."""
        media_list, _ = MediaList.objects.get_or_create(
            name="Demo reporters", defaults={"description": "Made by load_demo, to try sending."}
        )
        for email, name, language in [
            ("ana.perez@example.org", "Ana Pérez", "es"),
            ("ben.lee@example.org", "Ben Lee", "en"),
            ("carla.ruiz@example.org", "Carla Ruiz", "en"),
        ]:
            journalist, _ = Journalist.objects.get_or_create(
                email=email,
                defaults={"name": name, "language": language, "outlet": "Demo News"},
            )
            media_list.members.add(journalist)
        return media_list

    def open_demo_sign_on(self):
        """Open the 2017 joint statement for sign-on: its seven printed signatories
        stand first, new partners sign through the form and a moderator approves them."""
        statement = Statement.objects.filter(slug=DEMO_SIGN_ON_SLUG).first()
        if statement is None:
            return None
        campaign, _ = Campaign.objects.get_or_create(
            statement=statement,
            defaults={
                "opens_at": timezone.now(),
                "goal": 50,
                "requires_moderation": True,
                "introduction": (
                    "US civil society organizations: add your organization's name to this "
                    "statement. We will email you a link to confirm; a moderator then adds "
                    "you to the list."
                ),
                "thank_you": "Thank you for standing with migrants and refugees.",
                "notify_emails": "demo-moderator@localhost",
            },
        )
        coalition, created = Coalition.objects.get_or_create(
            name="US Civil Society for the Global Compact",
            defaults={
                "description": (
                    "US organizations taking part in the Global Compact for Migration process."
                )
            },
        )
        if created:
            for position, signatory in enumerate(statement.signatories.exclude(organization=None)):
                Membership.objects.create(
                    coalition=coalition, organization=signatory.organization, position=position
                )
            coalition.statements.add(statement)
        return campaign
