"""The staff groups Editor, Publisher, Sign-on moderator and Administrator.

Calls the same function as `manage.py sync_roles` (coalitions/roles.py), which also runs
after every `migrate`; reversing leaves the groups in place (users may belong to them).
"""

from django.db import migrations


def create_roles(apps, schema_editor):
    from coalitions.roles import sync_roles

    # Permissions of models added by later migrations are not there yet: the sync after
    # `migrate` adds them.
    sync_roles(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        ('advocacy', '0002_organization_social_card'),
        ('releases', '0006_statement_publish_permission'),
        ('coalitions', '0004_signatory_moderation_permissions'),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop, elidable=False),
    ]
