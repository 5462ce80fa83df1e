"""Organizations' name keys recomputed: they now fold invisible characters and look-alike
letters (advocacy.text.name_key, Unicode TR39's skeleton); acronyms get such a key too.

Two organizations whose names (or acronyms) now give one key (an "Аcme Org" with a
Cyrillic "А" next to "Acme Org") are both kept: the later one's key is marked
"#<id> <key>" so that the unique constraints hold, and each such pair is printed, for
staff to merge them in the admin. New names are matched to the first one.
"""

from django.db import migrations, models

from advocacy.text import acronym_key, marked_key, name_key


def _keys(rows, value, stored, what, key_of):
    """{row: key} for the rows' `value`s, the later of two equal keys marked."""
    first_with, keys = {}, {}
    for row in rows:
        key = key_of(getattr(row, value))
        if key and key in first_with:
            first = first_with[key]
            print(
                f"\n  Organizations {first.name!r} (id {first.pk}) and {row.name!r} "
                f"(id {row.pk}) now have one {what}: merge them in the admin."
            )
            key = marked_key(key, row.pk)
        elif key:
            first_with[key] = row
        if key != getattr(row, stored):
            keys[row] = key
    return keys


def recompute_keys(apps, schema_editor):
    Organization = apps.get_model("advocacy", "Organization")
    rows = list(Organization.objects.order_by("pk"))
    for value, stored, what, key_of in (
        ("name", "name_key", "name key", name_key),
        ("acronym", "acronym_key", "acronym", acronym_key),
    ):
        keys = _keys(rows, value, stored, what, key_of)
        # Through temporary keys, so that no row takes a key another still holds.
        for row in keys:
            setattr(row, stored, f"#{row.pk}~")
        Organization.objects.bulk_update(list(keys), [stored], batch_size=500)
        for row, key in keys.items():
            setattr(row, stored, key)
        Organization.objects.bulk_update(list(keys), [stored], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("advocacy", "0004_task_worker_leases"),
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
        migrations.AddField(
            model_name="organization",
            name="acronym_key",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="The acronym with case and look-alike letters folded "
                "(advocacy.text.acronym_key); blank: none.",
                max_length=200,
            ),
        ),
        migrations.RunPython(recompute_keys, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="organization",
            constraint=models.UniqueConstraint(
                condition=models.Q(("acronym_key", ""), _negated=True),
                fields=("acronym_key",),
                name="organization_unique_acronym_key",
            ),
        ),
    ]
