# ruff: noqa: S608 -- the SQL is assembled from constant fragments; every value is a bound parameter.
"""The limit: hand-written SQL returning the same rows as each operation, through the same connection.

No ORM, no template, no serializer: what the database itself needs, with the best plan we know.
The application's time divided by this is the framework's overhead.
"""

from django.db import connection

ROW = (
    "s.id, s.text, s.said_on, s.said_on_precision, s.approximate, s.speaker_role, s.medium, s.venue, "
    "s.language, s.translation, s.slug, sp.name, sp.slug"
)
FROM = "statements_statement s JOIN statements_speaker sp ON sp.id = s.speaker_id"
NEWEST = "ORDER BY s.said_on DESC, s.id DESC"
SEARCH = "statements_search"  # the full-text index table of both backends (statements.search)


def fetch(sql, params=()):
    """Run `sql` and fetch every row (the rows must cross into Python, as the app's do)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def timeline(limit=25):
    return fetch(f"SELECT {ROW} FROM {FROM} WHERE s.status = 'published' {NEWEST} LIMIT %s", [limit])


def timeline_after(said_on, pk, limit=25):
    # The row-value comparison both engines answer with one index range scan.
    return fetch(
        f"SELECT {ROW} FROM {FROM} WHERE s.status = 'published' AND (s.said_on, s.id) < (%s, %s) {NEWEST} LIMIT %s",
        [said_on, pk, limit],
    )


def speaker_range(speaker_id, start, end, limit=25, medium=None):
    extra, params = ("AND s.medium = %s", [medium]) if medium else ("", [])
    return fetch(
        f"SELECT {ROW} FROM {FROM} WHERE s.status = 'published' AND s.speaker_id = %s "
        f"AND s.said_on BETWEEN %s AND %s {extra} {NEWEST} LIMIT %s",
        [speaker_id, start, end, *params, limit],
    )


def speaker_rows(speaker_id, limit=25):
    """The newest statements of one speaker (what a search for their alias returns first)."""
    return fetch(
        f"SELECT {ROW} FROM {FROM} WHERE s.status = 'published' AND s.speaker_id = %s {NEWEST} LIMIT %s",
        [speaker_id, limit],
    )


def permalink(pk):
    statement = fetch(
        f"SELECT {ROW}, s.context FROM {FROM} WHERE s.id = %s AND s.status IN ('published', 'retracted')", [pk]
    )
    sources = fetch("SELECT url, citation, title, outlet_id FROM statements_source WHERE statement_id = %s", [pk])
    return statement, sources


def speaker_page(slug, limit=25):
    speaker = fetch("SELECT id, name FROM statements_speaker WHERE slug = %s", [slug])
    rows = fetch(
        f"SELECT {ROW} FROM {FROM} WHERE s.status = 'published' AND s.speaker_id = %s {NEWEST} LIMIT %s",
        [speaker[0][0], limit],
    )
    return speaker, rows


def feed(limit=50):
    return fetch(
        f"SELECT {ROW} FROM {FROM} WHERE s.status = 'published' ORDER BY s.published_at DESC, s.id DESC LIMIT %s",
        [limit],
    )


# ---------------------------------------------------------------- search


def search(words, *, order="date", limit=25):
    """Every plan worth trying for statements containing every word, as callables; the bench keeps the fastest.

    SQLite: the match list driving (`IN`), or the date index walked with a probe per row
    (`EXISTS`), or FTS5's own rank order. PostgreSQL: the planner's own choice, or the match
    list first (a MATERIALIZED CTE: the planner walks the date index for a rare word otherwise).
    """
    if connection.vendor == "postgresql":
        return [lambda: _search_postgres(words, order, limit), lambda: _search_postgres_listed(words, order, limit)]
    match = " AND ".join(f'"{w}"' for w in words)
    if order == "rank":
        return [lambda: fetch(
            f"SELECT {ROW} FROM {SEARCH} f JOIN statements_statement s ON s.id = f.rowid "
            "JOIN statements_speaker sp ON sp.id = s.speaker_id "
            f"WHERE {SEARCH} MATCH %s AND s.status = 'published' ORDER BY f.rank LIMIT %s", [match, limit]
        )]
    listed = f"s.id IN (SELECT rowid FROM {SEARCH} WHERE {SEARCH} MATCH %s)"
    walked = f"EXISTS (SELECT 1 FROM {SEARCH} WHERE {SEARCH} MATCH %s AND rowid = s.id)"
    return [
        lambda where=where: fetch(
            f"SELECT {ROW} FROM {FROM} WHERE s.status = 'published' AND {where} {NEWEST} LIMIT %s", [match, limit]
        )
        for where in (listed, walked)
    ]


def _search_postgres(words, order, limit):
    order_by = "ORDER BY ts_rank(f.document, q) DESC" if order == "rank" else NEWEST
    return fetch(
        f"SELECT {ROW} FROM {FROM} JOIN {SEARCH} f ON f.statement_id = s.id, to_tsquery('simple', %s) q "
        f"WHERE f.document @@ q AND s.status = 'published' {order_by} LIMIT %s",
        [" & ".join(words), limit],
    )


def _search_postgres_listed(words, order, limit):
    order_by = "ORDER BY m.score DESC" if order == "rank" else NEWEST
    return fetch(
        f"WITH m AS MATERIALIZED (SELECT statement_id, ts_rank(document, q) AS score FROM {SEARCH}, "
        f"to_tsquery('simple', %s) q WHERE document @@ q) "
        f"SELECT {ROW} FROM {FROM} JOIN m ON m.statement_id = s.id WHERE s.status = 'published' {order_by} LIMIT %s",
        [" & ".join(words), limit],
    )
