"""The content the production suite works on, made in the set-up's own database.

Run once per session by the suite, inside `bin/prod manage shell` (the production
settings): the two seed releases, published, the 2017 joint statement open for sign-on;
one more statement open for sign-on for each test that signs on, so that no test counts
another's signatories; a sign-on moderator. Prints what it made, as JSON.
"""

import json
from pathlib import Path

import reversion
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command

from coalitions import roles
from coalitions.models import Campaign
from releases.models import Statement
from tests import factories

MODERATOR = "moderator-e2e"
PASSWORD = "correct horse battery staple"  # the factories'
STATEMENTS = ["journey", "forged", "worker", "database", "redis", "app-server", "backup"]


def main():
    seeds = sorted(str(path) for path in Path(settings.BASE_DIR, "seeds").glob("*.txt"))
    call_command("import_release", *seeds, "--publish", verbosity=0)
    statements = {}
    for name in STATEMENTS:
        with reversion.create_revision():
            reversion.set_comment("Made for the production suite.")
            statement = factories.make_statement(
                title=f"Statement for the {name} test", kind="sign-on-letter"
            )
        Campaign.objects.create(statement=statement)
        statements[name] = statement.slug
    joint = Statement.objects.get(title__startswith="Statement from US Civil Society")
    Campaign.objects.get_or_create(statement=joint)
    roles.sync_roles()
    moderator = factories.make_user(
        username=MODERATOR, email="moderator@press.example.org", superuser=False
    )
    moderator.groups.add(Group.objects.get(name=roles.MODERATOR))
    print(json.dumps({"statements": statements, "seed": joint.slug, "moderator": MODERATOR}))
