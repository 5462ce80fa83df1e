import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from advocacy.two_factor import policy
from coalitions.roles import ADMINISTRATOR, sync_roles

PASSWORD_VARIABLE = "ADMIN_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a staff account in the Administrator group (every permission), or put an "
        "existing account in it. Asks for the new account's password, or reads "
        f"{PASSWORD_VARIABLE} with --no-input."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="", help="The account's email address.")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"Do not prompt: a new account's password comes from ${PASSWORD_VARIABLE}.",
        )

    def handle(self, *args, username, email, interactive, **options):
        sync_roles()
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = User(username=username, email=email)
            try:
                user.full_clean(exclude=["password"])
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            password = self.ask_password(user) if interactive else self.env_password(user)
            user.set_password(password)
        elif email:
            user.email = email
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get(name=ADMINISTRATOR))
        if created:
            self.stdout.write(f"Created {username}, an administrator: log in at /admin/.")
        else:
            self.stdout.write(
                f"{username} is now an administrator (password unchanged): log in at /admin/."
            )
        if policy.required_for(user):
            self.stdout.write(
                "Administrators log in with a second factor: have an authenticator app ready "
                "(on a phone or in a password manager) to set it up after the password."
            )

    def env_password(self, user):
        password = os.environ.get(PASSWORD_VARIABLE, "")
        if not password:
            raise CommandError(f"Set {PASSWORD_VARIABLE} to the new account's password.")
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        return password

    def ask_password(self, user):
        while True:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The two passwords differ. Try again.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            return password
