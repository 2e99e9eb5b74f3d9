# ruff: noqa: S608  (SQL is built from module constants and compiled columns; user text is always a parameter)
"""SQLite backend: an FTS5 table keyed by statement id, holding published statements only.

Plan choice matters more than anything else at a million rows, and SQLite's planner cannot
see how common a word is. So the filter picks the SQL shape itself when the query is compiled:

- a word that is rare, or any query not ordered by date (relevance, counts): `id IN (SELECT
  rowid ... MATCH)` — FTS5 lists the few matches, then the statements are fetched by key;
- a common word in date order: `EXISTS (... MATCH ... AND rowid = id)` — walk the date index
  newest first and probe the index for each row; 20 hits arrive after a few dozen probes.

How common the query is: count its matches in the index, stopping at the threshold (≤ 1 ms).
"""

import json

from django.db.models import FloatField

from ..caching import cached_outside_transactions
from .plan import (
    RANKED,
    OnStatement,
    SearchMatch,
    best_matches,
    first_ranked_page,
    named_speakers,
    orders_by_date,
    orders_by_rank,
    plain_columns,
)
from .query import EXTRA_FOLDS, extra_fold

TABLE = "statements_search"
VOCAB = "statements_search_vocab"
# Walk the date order when at least this share of indexed statements match every word:
# 20 hits then need ~20/share probes (~40 µs each), cheaper than listing all matches.
WALK_MIN_SHARE = 0.02
WALK_MIN_DOCS = 2000
# Columns on the statement table whose filters the date walk serves well (indexed or the order itself).
WALK_FRIENDLY_COLUMNS = {"status", "said_on", "id", "speaker_id", "published_at"}
# bm25 weights of the columns (text, translation, speaker), also FTS5's `rank` for this table.
WEIGHTS = "4.0, 2.0, 1.0"

CREATE = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(
        text, translation, speaker, tokenize = "unicode61 remove_diacritics 2")""",
    # Text weighs most, then the translation, then the speaker's names.
    f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('rank', 'bm25({WEIGHTS})')",
    # Term statistics for people choosing benchmark words (not used on the request path: slow for common terms).
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB} USING fts5vocab({TABLE}, row)",
]
DROP = [f"DROP TABLE IF EXISTS {VOCAB}", f"DROP TABLE IF EXISTS {TABLE}"]

# Every speaker's names, as the index's speaker column holds them: the speakers a query names
# (see named_speakers). A few thousand rows; kept by statements.search.index.
SPEAKERS = "statements_speaker_search"
NAMED_CREATE = [
    f'CREATE VIRTUAL TABLE IF NOT EXISTS {SPEAKERS} USING fts5(speaker, tokenize = "unicode61 remove_diacritics 2")'
]
NAMED_DROP = [f"DROP TABLE IF EXISTS {SPEAKERS}"]
SPEAKER_KEY = "rowid"


def _folded(expr):
    """SQL applying EXTRA_FOLDS to `expr`; the nested replace() runs only on text holding such a letter."""
    folded = expr
    for letter, plain in EXTRA_FOLDS.items():
        folded = f"replace({folded}, '{letter}', '{plain}')"
    return f"CASE WHEN {expr} GLOB '*[{''.join(EXTRA_FOLDS)}]*' THEN {folded} ELSE {expr} END"


_SPEAKER = """sp.name || ' ' || sp.affiliation || ' ' || COALESCE(
    (SELECT group_concat(a.name, ' ') FROM statements_speakeralias a WHERE a.speaker_id = sp.id), '')"""
SELECT_ROWS = f"""
    INSERT INTO {TABLE}(rowid, text, translation, speaker)
    SELECT s.id, {_folded("s.text")}, {_folded("s.translation")}, {_folded(f"({_SPEAKER})")}
    FROM statements_statement s JOIN statements_speaker sp ON sp.id = s.speaker_id
    WHERE s.status = 'published'"""
SELECT_SPEAKERS = f"""
    INSERT INTO {SPEAKERS}(rowid, speaker) SELECT sp.id, {_folded(f"({_SPEAKER})")} FROM statements_speaker sp"""


def match_string(terms):
    """FTS5 query text: every term a quoted string, so nothing typed can be FTS5 syntax."""
    return " AND ".join('"' + extra_fold(term.text).replace('"', '""') + '"' for term in terms)


def fts_query(query):
    """(match text for the required terms, match text for the excluded ones); either may be ''."""
    required, excluded = match_string(query.required), " OR ".join(f"({match_string([t])})" for t in query.excluded)
    if required and excluded:
        return f"({required}) NOT ({excluded})", ""
    return required, excluded


class Match(SearchMatch):
    """WHERE condition: the statement is in the index and matches `match` (negated: does not)."""

    def __init__(self, match, negated=False, pk=None, names=False):
        super().__init__(pk, negated, names)
        self.match = match
        self.density = {}  # shared by clones: one density count per search, not per compile

    def as_sql(self, compiler, connection):
        col, params = compiler.compile(self.pk)
        named = self.named(compiler.query, connection)
        if named:
            return self._by_speakers(compiler, connection, (col, params), named)
        if not self.negated and self._walk(compiler.query, connection):
            sql = f"EXISTS (SELECT 1 FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid = {col})"
            return sql, (self.match, *params)
        if first_ranked_page(compiler.query):
            ids = [pk for pk, _ in ranked(compiler, self.match)]
            return f"{col} IN (SELECT value FROM json_each(%s))", (*params, json.dumps(ids))
        op = "NOT IN" if self.negated else "IN"
        return f"{col} {op} (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s)", (*params, self.match)

    def _by_speakers(self, compiler, connection, pk, named):
        """The named speakers' published statements, or one of the other matches.

        One speaker alone: their timeline index answers in date order. Several, or other matches
        too, and many matches: walk the date index, checking each row's speaker against the list
        ("+" keeps SQLite from gathering and sorting every match through the indexes instead).
        """
        speakers, others = named
        many = (len(speakers) > 1 or others) and self._walk(compiler.query, connection)
        plus = "+" if many else ""
        speaker, speaker_params = compiler.compile(self.speaker)
        status, status_params = compiler.compile(self.status)
        marks = ", ".join(["%s"] * len(speakers))
        sql = f"({plus}{speaker} IN ({marks}) AND {status} = %s)"
        params = (*speaker_params, *speakers, *status_params, "published")
        if others:
            col, col_params = pk
            sql = f"({sql} OR {plus}{col} IN (SELECT value FROM json_each(%s)))"
            params = (*params, *col_params, json.dumps(others))
        return sql, params

    def _named(self, connection):
        """The speakers' index, then the matches outside their names."""
        match = self.match
        speakers = (f"SELECT rowid FROM {SPEAKERS} WHERE {SPEAKERS} MATCH %s", [match])
        others = (f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [f"({match}) NOT {{speaker}} : ({match})"])
        return named_speakers(connection, match, speakers, others)

    def count_sql(self, limit):
        """(SQL, params) counting up to `limit` matches in the index alone (see count_capped)."""
        return f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {TABLE} MATCH %s LIMIT %s)", [self.match, limit]

    def _walk(self, query, connection):
        """Walk the date index? Only for date order, index-friendly filters and a common word."""
        if not orders_by_date(query) or not walk_friendly(query):
            return False
        if "common" not in self.density:
            self.density["common"] = _kept_is_common(self.match, connection)
        return self.density["common"]


class Rank(OnStatement):
    """Relevance, higher is better: FTS5's bm25 negated, for the RANKED best matches; NULL for the rest.

    Computed only in a query ordered by rank; NULL otherwise (as on PostgreSQL).
    """

    output_field = FloatField()

    def __init__(self, match, pk=None):
        super().__init__(pk)
        self.match = match

    def as_sql(self, compiler, connection):
        if not orders_by_rank(compiler.query):
            # FTS5 recomputes bm25's document frequencies on every probe (tens of ms for a common
            # word), so the score is only computed when results are ordered by it.
            return "NULL", ()
        best = ranked(compiler, self.match)
        if not best:
            return "NULL", ()
        col, params = compiler.compile(self.pk)
        # The scores come from one pass over the matches (`ranked`); each row looks its own up.
        # A CASE of bound values: exact floats, and ~2 µs a row (a lookup in json_each or a
        # correlated subquery re-reads the whole list per row in SQLite).
        whens = " ".join(["WHEN %s THEN %s"] * len(best))
        return f"CASE {col} {whens} END", (*params, *(value for pair in best for value in pair))


def ranked(compiler, match):
    """[(id, rank), ...]: the RANKED best matches, best first (ties: newest id first, as on PostgreSQL)."""
    sql = (
        f"SELECT rowid, -bm25({TABLE}, {WEIGHTS}) AS score FROM {TABLE} WHERE {TABLE} MATCH %s"
        f" ORDER BY score DESC, rowid DESC LIMIT {RANKED}"
    )

    def fetch(cursor):
        cursor.execute(sql, [match])
        return cursor.fetchall()

    return best_matches(compiler, match, fetch)


# How many matches make a query "common": WALK_MIN_SHARE of all statements, at least WALK_MIN_DOCS.
_ENOUGH = "(SELECT max(%s, CAST(COALESCE(max(id), 0) * %s AS INTEGER)) FROM statements_statement)"


def _kept_is_common(match, connection):
    """_is_common, kept per public generation: it only chooses a plan, and every page of a search asks."""
    parts = (connection.alias, match)
    return cached_outside_transactions(connection, "common", parts, lambda: _is_common(match, connection))


def _is_common(match, connection):
    """Does the query match enough statements to walk the date order? One query, counting up to 'enough'."""
    sql = f"SELECT count(*) >= {_ENOUGH} FROM (SELECT 1 FROM {TABLE} WHERE {TABLE} MATCH %s LIMIT {_ENOUGH})"
    enough = [WALK_MIN_DOCS, WALK_MIN_SHARE]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*enough, match, *enough])
        return bool(cursor.fetchone()[0])


def walk_friendly(query):
    """Only filters the date index can serve (else a selective filter would make the walk long).

    Joins for select_related are fine; a condition on a joined table (country, topic) is not.
    """
    return plain_columns(query.where, query.get_initial_alias(), WALK_FRIENDLY_COLUMNS)
