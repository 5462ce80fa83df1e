"""Keep the small ranking vector inside the statement's row (PostgreSQL).

A statement's row is wide (body, HTML body, search vector), so PostgreSQL's TOAST moved
`search_rank_vector` out of line with the rest, and ranking a common word's thousands of
matches read two TOAST pages per match: 34 ms for "asylum detention" on the benchmark's
archive, 13 ms once the vector is stored in the row (`STORAGE MAIN`: compressed, kept
inline while the row has room). The update stores the existing values anew.
"""

from django.db import migrations


def store_inline(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE releases_statement ALTER COLUMN search_rank_vector SET STORAGE MAIN"
    )
    # Concatenating an empty vector makes a new value, which is stored by the new rule
    # (an unchanged value would keep its out-of-line copy).
    schema_editor.execute(
        "UPDATE releases_statement SET search_rank_vector = search_rank_vector || ''::tsvector "
        "WHERE search_rank_vector IS NOT NULL"
    )


def store_out_of_line(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE releases_statement ALTER COLUMN search_rank_vector SET STORAGE EXTENDED"
        )


class Migration(migrations.Migration):
    dependencies = [("releases", "0010_attachment_checked_by_content")]

    operations = [migrations.RunPython(store_inline, store_out_of_line, elidable=True)]
