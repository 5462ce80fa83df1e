from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from coalitions.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = (
        "Create the staff groups (Editor, Publisher, Sign-on moderator, Administrator) or "
        "give them back exactly the permissions of coalitions/roles.py, undoing changes made "
        "to them in the admin. `migrate` does the same after each run."
    )

    def handle(self, *args, **options):
        missing = sync_roles()
        if missing:
            raise CommandError(
                "These permissions named in coalitions/roles.py do not exist: " + ", ".join(missing)
            )
        for group in Group.objects.filter(name__in=ROLES).order_by("name"):
            self.stdout.write(f"{group.name}: {group.permissions.count()} permissions")
