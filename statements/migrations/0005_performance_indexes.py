"""Indexes found by `make bench` at a million statements (docs/performance.md).

statement_feed: the Atom feeds list the newest *published* statements by published_at; with
only the single-column published_at index, SQLite's planner takes the status index and sorts
the whole table (5 s at 1,000,000 rows). (status, published_at, id) serves the filter and the
order together: 0.02 ms.

statements_search.document (PostgreSQL): statistics on 10,000 lexemes instead of 100. With the
default, a word outside the 100 most common is estimated at ~1,200 matches, so the planner walks
the date index hoping to meet 20 of them soon; for a rare word it reads the whole table (10 s at
a million statements for /api/v1/statements/?q=<rare word>). With 10,000 it knows the real count
and reads the match list first: 14 ms.

On SQLite the table's statistics are refreshed too, when it has any: statistics for the old
indexes and none for the new one make the planner misjudge both (it then took statement_feed
for the timeline's own order and sorted the table).
"""

from django.db import migrations, models


def refresh_statistics(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        _search_statistics(connection)
        return
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone():
            cursor.execute("ANALYZE statements_statement")


def _search_statistics(connection):
    if "statements_search" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE statements_search ALTER COLUMN document SET STATISTICS 10000")
        cursor.execute("ANALYZE statements_search")


class Migration(migrations.Migration):
    dependencies = [("statements", "0004_integrity_triggers")]

    operations = [
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(fields=["status", "-published_at", "-id"], name="statement_feed"),
        ),
        migrations.RunPython(refresh_statistics, migrations.RunPython.noop, elidable=True),
    ]
