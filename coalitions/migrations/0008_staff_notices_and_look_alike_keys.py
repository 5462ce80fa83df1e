"""Staff notices of sign-ons go only to staff addresses; signatories' name keys fold
look-alike letters, and a sort key lists them alphabetically.

- Campaign.notify_emails accepts only the addresses of active staff accounts.
- Signatories' name keys recomputed (they now fold invisible characters and look-alike
  letters: advocacy.text.name_key), and a sort key added to list them alphabetically by
  their letters, which the name key no longer keeps ("m" folds to "rn").
  Two signatories of one statement whose names now give one key are both kept: the later
  one's key is marked "#<id> <key>" so that the unique constraint holds, and each such pair
  is printed, for a moderator to reject or delete the duplicate.
"""

import coalitions.models
from django.db import migrations, models

from advocacy.text import marked_key, name_key, sort_key


def recompute_keys(apps, schema_editor):
    Signatory = apps.get_model("coalitions", "Signatory")
    first_with, changed = {}, []
    rows = Signatory.objects.order_by("pk").only("pk", "statement_id", "name", "name_key", "sort_key")
    for row in rows.iterator(chunk_size=2000):
        key = name_key(row.name)
        if (row.statement_id, key) in first_with:
            first = first_with[row.statement_id, key]
            print(
                f"\n  Signatories {first.name!r} (id {first.pk}) and {row.name!r} (id {row.pk}) "
                f"of statement {row.statement_id} now have one name key: keep one of them."
            )
            key = marked_key(key, row.pk)
        else:
            first_with[row.statement_id, key] = row
        readable = sort_key(row.name)
        if (key, readable) != (row.name_key, row.sort_key):
            row.name_key, row.sort_key = key, readable
            changed.append(row)
    final = {row.pk: row.name_key for row in changed}
    for row in changed:
        row.name_key = f"#{row.pk}~"
    Signatory.objects.bulk_update(changed, ["name_key", "sort_key"], batch_size=1000)
    for row in changed:
        row.name_key = final[row.pk]
    Signatory.objects.bulk_update(changed, ["name_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("advocacy", "0005_name_keys_fold_look_alikes"),
        ("coalitions", "0007_signon_questions_phone_and_country_codes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="campaign",
            name="notify_emails",
            field=models.TextField(
                blank=True,
                help_text="Addresses of active staff accounts told of confirmed sign-ons, one "
                "per line. Blank: the site's sign-on moderators. The notices carry signers' "
                "private details, so only moderators and administrators may change this.",
                validators=[coalitions.models.validate_staff_addresses],
            ),
        ),
        migrations.AddField(
            model_name="signatory",
            name="sort_key",
            field=models.CharField(default="", editable=False, max_length=200),
        ),
        migrations.RunPython(recompute_keys, migrations.RunPython.noop, elidable=True),
    ]
