"""The full-text search index: an FTS5 table on SQLite, a GIN-indexed tsvector table on PostgreSQL.

It holds published statements only, keyed by statement id; statements.search.index keeps it
in step. The DDL lives in statements.search (shared with `rebuild_search_index`); each
statement is IF NOT EXISTS, so applying this to a database that already has the index is safe.
On PostgreSQL the unaccent extension is created: that needs a superuser, or the database
owner (unaccent is a trusted extension from PostgreSQL 13).
"""

from django.db import migrations


def create_index(apps, schema_editor):
    from statements.search import postgres, sqlite

    backend = {"sqlite": sqlite, "postgresql": postgres}.get(schema_editor.connection.vendor)
    if backend is None:
        return
    with schema_editor.connection.cursor() as cursor:
        if backend is sqlite and _sqlite_table_exists(cursor, sqlite.TABLE):
            return
        for sql in backend.CREATE:
            cursor.execute(sql)
        cursor.execute(f"DELETE FROM {backend.TABLE}")
        cursor.execute(backend.SELECT_ROWS)  # statements published before this migration


def _sqlite_table_exists(cursor, name):
    cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [name])
    return cursor.fetchone() is not None


def drop_index(apps, schema_editor):
    from statements.search import postgres, sqlite

    backend = {"sqlite": sqlite, "postgresql": postgres}.get(schema_editor.connection.vendor)
    if backend is None:
        return
    with schema_editor.connection.cursor() as cursor:
        for sql in backend.DROP:
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("statements", "0002_desk_groups")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
