# ruff: noqa: S608  (SQL is built from module constants; ids are bound parameters)
"""Keeping the search index in step with what the public sees.

The index holds published statements only. Every content or status change sends
`content_changed` inside the writing transaction; the receiver here replaces that statement's
row (or removes it), so the index commits or rolls back with the change itself.
Bulk loads call `rebuild_index()`: one INSERT ... SELECT, then an optimize and fresh statistics
(or `rebuilt_while_loading()`: the same, chunk by chunk, as the load writes).
"""

import contextlib

from django.db import connections, router, transaction

from . import postgres, sqlite


def _backend(connection):
    return {"sqlite": sqlite, "postgresql": postgres}.get(connection.vendor)


def _key(connection):
    return "rowid" if connection.vendor == "sqlite" else "statement_id"


def _connection(model=None):
    from ..models import Statement

    return connections[router.db_for_write(model or Statement)]


def index_statement(statement):
    """Replace `statement`'s row in the index: present (with current text) if published, absent otherwise."""
    index_statements([statement.pk])


def index_statements(ids, connection=None, speakers=()):
    """Reindex these statement ids, and the names of their speakers and of `speakers`.

    The rows of an indexed statement's speaker are written with the statement's own, so the two
    indexes always hold the same names (search.plan.named_speakers relies on it); each speaker's
    row once per call, however many of their statements it reindexes.
    """
    connection = connection or _connection()
    backend, ids, speakers = _backend(connection), [int(i) for i in ids], set(speakers)
    if backend is None:
        return
    key = _key(connection)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {backend.TABLE} WHERE {key} IN ({marks})", chunk)
            cursor.execute(f"{backend.SELECT_ROWS} AND s.id IN ({marks}){getattr(backend, 'UPSERT', '')}", chunk)
            cursor.execute(f"SELECT DISTINCT speaker_id FROM statements_statement WHERE id IN ({marks})", chunk)
            speakers.update(row[0] for row in cursor.fetchall())
        if speakers:
            _index_speakers(cursor, backend, ", ".join(["%s"] * len(speakers)), sorted(speakers))


def _index_speakers(cursor, backend, ids_sql=None, params=()):
    """Replace the speakers' index rows of the speakers `ids_sql` lists (of every speaker if None)."""
    where = f" WHERE {backend.SPEAKER_KEY} IN ({ids_sql})" if ids_sql else ""
    cursor.execute(f"DELETE FROM {backend.SPEAKERS}{where}", params)
    where = f" WHERE sp.id IN ({ids_sql})" if ids_sql else ""
    cursor.execute(f"{backend.SELECT_SPEAKERS}{where}{getattr(backend, 'SPEAKERS_UPSERT', '')}", params)


def index_speaker(speaker_id):
    """Reindex one speaker's names and every published statement of theirs (the names are part of each row)."""
    from ..models import Statement

    ids = Statement.objects.published().filter(speaker_id=speaker_id).values_list("pk", flat=True)
    index_statements(list(ids), speakers=[speaker_id])


def prune_index(connection=None):
    """Drop rows whose statement is gone or no longer published (after a flush or a restore)."""
    connection = connection or _connection()
    backend = _backend(connection)
    if backend is None or not {backend.TABLE, backend.SPEAKERS} <= set(connection.introspection.table_names()):
        return
    key = _key(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            # NOT EXISTS, not NOT IN: PostgreSQL runs it as an anti-join (seconds at a million rows).
            f"DELETE FROM {backend.TABLE} WHERE NOT EXISTS (SELECT 1 FROM statements_statement s "
            f"WHERE s.id = {backend.TABLE}.{key} AND s.status = 'published')"
        )
        _index_speakers(cursor, backend)  # a few thousand rows: all of them, fresh


def rebuild_index(connection=None):
    """Index every published statement from scratch: one INSERT ... SELECT (a million rows in seconds)."""
    connection = connection or _connection()
    backend = _backend(connection)
    if backend is None:
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        _empty(connection, cursor)
        cursor.execute(backend.SELECT_ROWS)
        _complete(connection, cursor)
    _analyze(connection)


@contextlib.contextmanager
def rebuilt_while_loading(connection):
    """rebuild_index() spread over a bulk load, inside the load's transaction: yields add(first_id, last_id).

    The load calls add() after writing each chunk's statements, so tokenising runs beside the
    processes generating the next chunks instead of after them all. The caller refreshes the
    planner statistics once the load commits (`analyze_index`).
    """
    backend = _backend(connection)
    if backend is None:
        yield lambda first_id, last_id: None
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        _empty(connection, cursor)
        cursor.execute(backend.SELECT_ROWS)  # the statements already there

        def add(first_id, last_id):
            cursor.execute(f"{backend.SELECT_ROWS} AND s.id BETWEEN %s AND %s", [first_id, last_id])

        yield add
        _complete(connection, cursor)


def analyze_index(connection=None):
    """Fresh planner statistics for the index (and on SQLite the statements), after a rebuild."""
    _analyze(connection or _connection())


def _empty(connection, cursor):
    """An empty index, ready for bulk inserts."""
    if connection.vendor == "sqlite":
        for sql in [*sqlite.DROP, *sqlite.CREATE]:
            cursor.execute(sql)
        # No merging while loading (the optimize in _complete merges once; 15% faster at a million rows).
        cursor.execute(f"INSERT INTO {sqlite.TABLE}({sqlite.TABLE}, rank) VALUES ('automerge', 0)")
    else:
        for sql in postgres.CREATE:
            cursor.execute(sql)
        cursor.execute(f"TRUNCATE {postgres.TABLE}")
        # Filling the table before building the GIN indexes is several times faster.
        for name in postgres.INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


def _complete(connection, cursor):
    """After the bulk inserts: one FTS5 segment, or the GIN index built once; every speaker's names."""
    _index_speakers(cursor, _backend(connection))
    if connection.vendor == "sqlite":
        # One segment instead of hundreds: every later probe reads one b-tree, not many.
        cursor.execute(f"INSERT INTO {sqlite.TABLE}({sqlite.TABLE}) VALUES ('optimize')")
        # FTS5's default again, for the one-row updates that follow.
        cursor.execute(f"INSERT INTO {sqlite.TABLE}({sqlite.TABLE}, rank) VALUES ('automerge', 4)")
    else:
        for sql in postgres.INDEXES.values():
            cursor.execute(sql)


def _analyze(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Statistics let the planner see that status='published' is most rows (so a rare
            # word's short match list drives the query instead of the whole timeline index).
            cursor.execute("ANALYZE statements_statement")
        elif connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {postgres.TABLE}")
