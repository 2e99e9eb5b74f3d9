"""The speakers' search index: every speaker's names, tokenised as the statements' index does
(and on PostgreSQL, an index of the statements' own words, without their speaker's names).

A search naming a speaker ("Eva Rossi", "Zelenskyy") finds the speaker here and their statements
through the speaker timeline index (statements.search.plan.named_speakers). The DDL lives in
statements.search; statements.search.index keeps the rows in step with the statements' index.
"""

from django.db import migrations


def _backend(connection):
    from statements.search import postgres, sqlite

    return {"sqlite": sqlite, "postgresql": postgres}.get(connection.vendor)


def create_index(apps, schema_editor):
    backend = _backend(schema_editor.connection)
    if backend is None:
        return
    with schema_editor.connection.cursor() as cursor:
        for sql in backend.NAMED_CREATE:
            cursor.execute(sql)
        cursor.execute(f"DELETE FROM {backend.SPEAKERS}")
        cursor.execute(backend.SELECT_SPEAKERS)


def drop_index(apps, schema_editor):
    backend = _backend(schema_editor.connection)
    for sql in backend.NAMED_DROP if backend is not None else ():
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("statements", "0006_search_statistics_target")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
