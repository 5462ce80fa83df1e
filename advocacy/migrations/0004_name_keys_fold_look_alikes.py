"""Organizations' name keys recomputed: they now fold invisible characters and look-alike
letters (advocacy.text.name_key, Unicode TR39's skeleton).

Two organizations whose names now give one key (an "Аcme Org" with a Cyrillic "А" next to
"Acme Org") are both kept: the later one's key is marked "#<id> <key>" so that the
unique constraint holds, and each such pair is printed, for staff to merge them in the
admin. New names are matched to the first one.
"""

from django.db import migrations, models

from advocacy.text import marked_key, name_key


def recompute_keys(apps, schema_editor):
    Organization = apps.get_model("advocacy", "Organization")
    rows = list(Organization.objects.order_by("pk").only("pk", "name", "name_key"))
    first_with, changed = {}, []
    for row in rows:
        key = name_key(row.name)
        if key in first_with:
            print(
                f"\n  Organizations {first_with[key].name!r} (id {first_with[key].pk}) and "
                f"{row.name!r} (id {row.pk}) now have one name key: merge them in the admin."
            )
            key = marked_key(key, row.pk)
        else:
            first_with[key] = row
        if key != row.name_key:
            row.name_key = key
            changed.append(row)
    # Through temporary keys, so that no row takes a key another still holds.
    final = {row.pk: row.name_key for row in changed}
    for row in changed:
        row.name_key = f"#{row.pk}~"
    Organization.objects.bulk_update(changed, ["name_key"], batch_size=500)
    for row in changed:
        row.name_key = final[row.pk]
    Organization.objects.bulk_update(changed, ["name_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("advocacy", "0003_logo_checked_by_content"),
    ]

    operations = [
        migrations.AlterField(
            model_name="organization",
            name="name_key",
            field=models.CharField(
                editable=False,
                help_text="The name with case, accents, punctuation, invisible characters and "
                "a leading 'The' removed and look-alike letters folded "
                "(advocacy.text.name_key).",
                max_length=200,
            ),
        ),
        migrations.RunPython(recompute_keys, migrations.RunPython.noop, elidable=True),
    ]
