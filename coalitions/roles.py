"""The staff roles: four groups, each with exactly the permissions its work needs.

Defined here in code, not by hand in the admin: the migration that creates the groups,
`manage.py sync_roles` and every `migrate` (a `post_migrate` receiver) all call
`sync_roles()`, which gives each group these permissions and no others. A group made by
hand in the admin under another name is left alone.

This module lives in `coalitions`, the app that may know the other two: it names their
permissions by string and imports nothing from them.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS, transaction

EDITOR = "Editor"
PUBLISHER = "Publisher"
MODERATOR = "Sign-on moderator"
ADMINISTRATOR = "Administrator"

#: The one permission that sets a statement's status and embargo (see `releases.admin`).
PUBLISH = "releases.publish_statement"
#: Sending releases to the press (see `releases.distribution`).
SEND = "releases.send_release"


def _manage(app_label, *model_names):
    """Add, change, delete and view permissions on each model."""
    return [
        f"{app_label}.{action}_{model_name}"
        for model_name in model_names
        for action in ("add", "change", "delete", "view")
    ]


_EDITOR = [
    # Statements as drafts (published ones are read-only without PUBLISH), the import,
    # and what a statement prints: issuers, media contacts, attachments, tags.
    *_manage("releases", "statement", "statementissuer", "mediacontact", "attachment"),
    *_manage("releases", "importnote", "oldaddress"),
    *_manage("taggit", "tag"),
    # The directory.
    *_manage("advocacy", "organization", "person", "phone"),
    # Coalitions, and opening a statement for sign-on (its campaign and its questions).
    *_manage("coalitions", "coalition", "membership", "campaign", "question"),
]

#: Each role and its permissions, as "app_label.codename"; None means every permission.
ROLES = {
    EDITOR: _EDITOR,
    PUBLISHER: [
        *_EDITOR,
        PUBLISH,
        # Sending releases to the press, and the press list it goes to: journalists (their
        # personal data), media lists, the suppression list; the sends and reads to see.
        SEND,
        *_manage("releases", "journalist", "medialist", "suppression"),
        "releases.view_send",
        "releases.view_statementreads",
    ],
    MODERATOR: [
        # The moderation queue, read-only, and its actions: approve, reject, erase a
        # signer's personal data; export the list as CSV and print it for allies.
        "coalitions.view_signatory",
        "coalitions.moderate_signatory",
        "coalitions.export_signatory",
    ],
    ADMINISTRATOR: None,
}


def needs_second_factor(user):
    """Publishers and administrators log in with a second factor (advocacy.two_factor):
    whoever may publish, or change staff accounts (and so give themselves any right)."""
    return user.has_perm(PUBLISH) or user.has_perm("advocacy.change_user")


def sync_roles(*, apps=global_apps, using=DEFAULT_DB_ALIAS, create_missing=True):
    """Create the four groups or bring them back to exactly their permissions.

    First makes sure every installed model's permissions exist (Django creates them only
    after `migrate` has run every migration, later than the migration that calls this).
    Returns the permissions named in ROLES that do not exist, which is empty unless a
    model was renamed or a name is misspelled.
    """
    if create_missing:
        for app_config in global_apps.get_app_configs():
            create_permissions(app_config, apps=apps, verbosity=0, using=using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    by_name = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    missing = set()
    with transaction.atomic(using=using):
        for name, wanted in ROLES.items():
            group, _ = Group.objects.using(using).get_or_create(name=name)
            if wanted is None:
                ids = list(by_name.values())
            else:
                ids = [by_name[perm] for perm in wanted if perm in by_name]
                missing.update(perm for perm in wanted if perm not in by_name)
            group.permissions.set(ids)
    return sorted(missing)


def sync_roles_after_migrate(sender, *, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """post_migrate receiver: keep the groups exact after each migrate (and flush), so
    that the Administrator has the permissions of models added since.

    Connected for coalitions, the last app: Django has created every app's permissions by
    then."""
    sync_roles(apps=apps, using=using, create_missing=False)
