# ruff: noqa: S608  (SQL is built from module constants and compiled columns; user text is always a parameter)
"""PostgreSQL backend: a tsvector per published statement in its own table, GIN-indexed.

Words are folded by `archive_search_text()`: unaccent, then every run of non-letters and
non-digits becomes a space, so words split where SQLite's unicode61 tokenizer splits them
and both engines find the same statements. The 'simple' configuration: no stemming, no stop
words (a search for "and" finds "and", as on SQLite). PostgreSQL's planner sees the constant
tsquery and its statistics, and chooses between walking the date index and the GIN index itself.

Production needs the `unaccent` extension: the migration runs CREATE EXTENSION IF NOT EXISTS,
which needs a superuser or a database owner on PostgreSQL 13+ (unaccent is a trusted extension).
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
)

TABLE = "statements_search"
CONFIG = "'simple'::regconfig"
# Below this share of indexed statements, a date-ordered search lists its matches first instead of
# leaving the planner free to walk the date index: at 1M, 3,152 matches (0.3 %) walked 81 ms and
# listed 25 ms; 10,646 (1.1 %) walked 16 ms and listed 94 (a walk step ~6 µs, a listed row ~9 µs).
LIST_MAX_SHARE = 0.004

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    # IMMUTABLE (unaccent() itself is only STABLE) so it can feed an index and be folded at plan time.
    """CREATE OR REPLACE FUNCTION archive_search_text(value text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT regexp_replace(public.unaccent('public.unaccent'::regdictionary, value),
                                   '[^[:alnum:]]+', ' ', 'g') $$""",
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        statement_id bigint PRIMARY KEY,
        document tsvector NOT NULL)""",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_document ON {TABLE} USING gin (document)",
]
# The words of the text and the translation alone (weights A and B), indexed: the statements that
# hold a searched word outside their speaker's names (see Match._named).
TEXT_WORDS = "ts_filter(document, '{a,b}')"
# Each word of the bound text, any of them; its lexemes are letters and digits only (archive_search_text).
ANY_WORD = (
    f"to_tsquery({CONFIG}, array_to_string(tsvector_to_array(to_tsvector({CONFIG}, archive_search_text(%s))), ' | '))"
)
INDEXES = {
    f"{TABLE}_document": CREATE[-1],
    f"{TABLE}_text": f"CREATE INDEX IF NOT EXISTS {TABLE}_text ON {TABLE} USING gin ({TEXT_WORDS})",
}
DROP = [f"DROP TABLE IF EXISTS {TABLE}", "DROP FUNCTION IF EXISTS archive_search_text(text)"]

NAMES = f"""to_tsvector({CONFIG}, archive_search_text(
    sp.name || ' ' || sp.affiliation || ' ' || COALESCE(
        (SELECT string_agg(a.name, ' ') FROM statements_speakeralias a WHERE a.speaker_id = sp.id), '')))"""
DOCUMENT = f"""
    setweight(to_tsvector({CONFIG}, archive_search_text(s.text)), 'A')
    || setweight(to_tsvector({CONFIG}, archive_search_text(s.translation)), 'B')
    || setweight({NAMES}, 'C')"""
SELECT_ROWS = f"""
    INSERT INTO {TABLE} (statement_id, document)
    SELECT s.id, {DOCUMENT}
    FROM statements_statement s JOIN statements_speaker sp ON sp.id = s.speaker_id
    WHERE s.status = 'published'"""
# Every speaker's names, as the statements' documents hold them (weight C): the speakers a query
# names (see named_speakers). A few thousand rows; kept by statements.search.index.
SPEAKERS = "statements_speaker_search"
SPEAKER_KEY = "speaker_id"
NAMED_CREATE = [
    f"CREATE TABLE IF NOT EXISTS {SPEAKERS} (speaker_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS {SPEAKERS}_document ON {SPEAKERS} USING gin (document)",
    INDEXES[f"{TABLE}_text"],
]
NAMED_DROP = [f"DROP INDEX IF EXISTS {TABLE}_text", f"DROP TABLE IF EXISTS {SPEAKERS}"]
SELECT_SPEAKERS = f"INSERT INTO {SPEAKERS} (speaker_id, document) SELECT sp.id, {NAMES} FROM statements_speaker sp"
SPEAKERS_UPSERT = " ON CONFLICT (speaker_id) DO UPDATE SET document = EXCLUDED.document"
# Reindexing a speaker and publishing one of their statements may race: the later insert wins.
UPSERT = " ON CONFLICT (statement_id) DO UPDATE SET document = EXCLUDED.document"


def tsquery(terms, joiner="&&"):
    """(SQL, params) for a tsquery requiring every term; each term a bound parameter, phrase-aware."""
    sql = f" {joiner} ".join([f"phraseto_tsquery({CONFIG}, archive_search_text(%s))"] * len(terms))
    return f"({sql})", [t.text for t in terms]


def ts_query(query):
    """(SQL, params) of the whole query: required terms AND NOT (any excluded); negated if only excluded."""
    if query.required:
        sql, params = tsquery(query.required)
        if query.excluded:
            excl_sql, excl_params = tsquery(query.excluded, "||")
            sql, params = f"({sql} && !!{excl_sql})", params + excl_params
        return sql, params
    return tsquery(query.excluded, "||")


def ranked(compiler, query_sql, params):
    """[(id, rank), ...]: the RANKED best matches by ts_rank, best first (ties: newest id first)."""
    sql = (
        f"SELECT x.statement_id, ts_rank(x.document, {query_sql})::float8 AS score FROM {TABLE} x"
        f" WHERE x.document @@ {query_sql} ORDER BY score DESC, x.statement_id DESC LIMIT {RANKED}"
    )

    def fetch(cursor):
        cursor.execute(sql, [*params, *params])
        return cursor.fetchall()

    return best_matches(compiler, (query_sql, *params), fetch)


class Match(SearchMatch):
    """WHERE condition: the statement's document matches (negated: does not)."""

    def __init__(self, query_sql, params, negated=False, pk=None, words=(), names=False):
        super().__init__(pk, negated, names)
        self.query_sql, self.params = query_sql, list(params)
        self.words = tuple(words)  # every word a match must contain (the required terms' words)

    def as_sql(self, compiler, connection):
        col, params = compiler.compile(self.pk)
        named = self.named(compiler.query, connection)
        if named:
            return self._by_speakers(compiler, (col, params), named)
        if first_ranked_page(compiler.query):
            ids = [pk for pk, _ in ranked(compiler, self.query_sql, self.params)]
            return f"{col} = ANY(%s::bigint[])", (*params, ids)
        if not self.negated and self._listed(compiler.query, connection):
            # The match list first (an InitPlan through the GIN index), then the rows by id: a word in
            # 3,000 statements walked the date index for 150 ms hoping to meet 25 of them early.
            sql = f"{col} = ANY(ARRAY(SELECT x.statement_id FROM {TABLE} x WHERE x.document @@ {self.query_sql}))"
            return sql, (*params, *self.params)
        op = "NOT EXISTS" if self.negated else "EXISTS"
        sql = f"{op} (SELECT 1 FROM {TABLE} x WHERE x.statement_id = {col} AND x.document @@ {self.query_sql})"
        return sql, (*params, *self.params)

    def _by_speakers(self, compiler, pk, named):
        """The named speakers' published statements (their timeline index), or one of the other matches."""
        speakers, others = named
        speaker, speaker_params = compiler.compile(self.speaker)
        status, status_params = compiler.compile(self.status)
        # One speaker as a plain value: the planner then reads their timeline index.
        one = len(speakers) == 1
        sql = f"({speaker} {'= %s' if one else '= ANY(%s::bigint[])'} AND {status} = %s)"
        params = (*speaker_params, speakers[0] if one else speakers, *status_params, "published")
        if others:
            col, col_params = pk
            sql = f"({sql} OR {col} = ANY(%s::bigint[]))"
            params = (*params, *col_params, others)
        return sql, params

    def _named(self, connection):
        """The speakers' table, then the matches outside their names."""
        query, params = self.query_sql, self.params
        speakers = (f"SELECT speaker_id FROM {SPEAKERS} WHERE document @@ {query}", params)
        # A match its names do not explain has a word of some term in its text or translation
        # (a phrase that runs on into the names starts there), so the text index finds them all.
        others = (
            f"SELECT statement_id FROM {TABLE} WHERE {TEXT_WORDS} @@ {ANY_WORD}"
            f" AND document @@ {query} AND NOT ts_filter(document, '{{c}}') @@ {query}",
            [" ".join(params), *params, *params],
        )
        return named_speakers(connection, (query, *params), speakers, others)

    def _listed(self, query, connection):
        """Date order and few matches: list them (the choice kept per search and public generation)."""
        if not orders_by_date(query):
            return False
        parts = (connection.alias, self.query_sql, tuple(self.params))
        return cached_outside_transactions(connection, "listed", parts, lambda: self._few(connection))

    def _few(self, connection):
        """Are there few matches? The planner's estimate for each searched word, the smallest of them:
        no statement matches without every word, so it bounds the matches from above. (Its estimate
        of the whole query multiplies the words' shares as if they were independent: "Eva Rossi",
        one speaker's 41,603 statements, was estimated at 0.2 % and listed in 250 ms.)"""
        if not self.words:
            return False
        word = f"SELECT 1 FROM {TABLE} WHERE document @@ phraseto_tsquery({CONFIG}, archive_search_text(%s))"
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [TABLE])
            limit = max(cursor.fetchone()[0], 0) * LIST_MAX_SHARE
            for text in self.words:
                cursor.execute(f"EXPLAIN (FORMAT JSON) {word}", [text])
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                if plan[0]["Plan"]["Plan Rows"] < limit:
                    return True
        return False

    def count_sql(self, limit):
        """(SQL, params) counting up to `limit` matches in the index alone (see count_capped)."""
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE document @@ {self.query_sql} LIMIT %s) n"
        return sql, [*self.params, limit]


class Rank(OnStatement):
    """Relevance, higher is better: ts_rank for the RANKED best matches; NULL past them or unless ordered by it."""

    output_field = FloatField()

    def __init__(self, query_sql, params, pk=None):
        super().__init__(pk)
        self.query_sql, self.params = query_sql, list(params)

    def as_sql(self, compiler, connection):
        if not orders_by_rank(compiler.query):
            return "NULL", ()  # as on SQLite: a score only where results are ordered by it
        best = ranked(compiler, self.query_sql, self.params)
        col, params = compiler.compile(self.pk)
        # The scores come from one pass over the matches (`ranked`); rows past them stay NULL.
        sql = f"(%s::float8[])[array_position(%s::bigint[], {col})]"
        return sql, ([rank for _, rank in best], [pk for pk, _ in best], *params)
