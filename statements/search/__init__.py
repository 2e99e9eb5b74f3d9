"""Full-text search behind one function; the backend follows the database engine.

    search(queryset, q)       -> the queryset narrowed to matches, annotated with `rank` (higher = better)
    RELEVANCE_ORDER           -> order_by(*RELEVANCE_ORDER): best match first (NULL ranks last), then newest
    parse_query(q)            -> Query (required / excluded terms, ignored chunks); never raises
    highlight(text, q)        -> [(matched, segment), ...] for <mark> in templates (autoescaped)
    count_capped(qs, cap)     -> (n, capped): a count that stops at `cap`
    clean_text(value)         -> text without NUL, control characters or lone surrogates

The index holds published statements only, so a search can never find or count anything
else; `search()` still only narrows the queryset it is given (start from `published()`).
"""

from django.db import connections
from django.db.models import FloatField, Value

from . import postgres, sqlite
from .plan import RELEVANCE_ORDER, lone_match
from .query import Query, clean_text, highlight, parse_query

__all__ = ["RELEVANCE_ORDER", "Query", "clean_text", "count_capped", "highlight", "parse_query", "search"]


def search(queryset, query):
    """Statements of `queryset` matching `query` (a string or a parsed Query), annotated with `rank`.

    `rank` (higher = better) is computed when the query is ordered by it, for the best
    plan.RANKED matches; it is NULL for the rest, and in a query not ordered by rank (scoring
    costs time a date-ordered page should not pay). Order with `order_by(*RELEVANCE_ORDER)`:
    best first, unranked last, then newest first, on both engines.

    An empty or odd query (only punctuation, operators, emoji) leaves the queryset as it is,
    with rank 0, so the page shows the plain timeline and can say which words it ignored.
    """
    parsed = parse_query(query)
    if parsed.is_empty:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    vendor = connections[queryset.db].vendor
    if vendor == "postgresql":
        return _search_postgres(queryset, parsed)
    if vendor == "sqlite":
        return _search_sqlite(queryset, parsed)
    raise NotImplementedError(f"No full-text search backend for {vendor}.")


def _search_sqlite(queryset, parsed):
    required, excluded = sqlite.fts_query(parsed)
    if not required:  # only exclusions: everything except the matches
        return queryset.filter(sqlite.Match(excluded, negated=True)).annotate(
            rank=Value(0.0, output_field=FloatField())
        )
    names = not parsed.excluded
    return queryset.filter(sqlite.Match(required, names=names)).annotate(rank=sqlite.Rank(required))


def _search_postgres(queryset, parsed):
    sql, params = postgres.ts_query(parsed)
    if not parsed.required:
        return queryset.filter(postgres.Match(sql, params, negated=True)).annotate(
            rank=Value(0.0, output_field=FloatField())
        )
    words = [word for term in parsed.required for word in term.words]
    match = postgres.Match(sql, params, words=words, names=not parsed.excluded)
    return queryset.filter(match).annotate(rank=postgres.Rank(sql, params))


def count_capped(queryset, cap=10000):
    """(n, capped): how many rows, counting no further than `cap`.

    Pages and the API show "10,000+" instead of paying for a full COUNT(*) over a big result.
    """
    match = lone_match(queryset.query)
    if match is not None:
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(*match.count_sql(cap + 1))
            n = cursor.fetchone()[0]
    else:
        n = queryset.order_by()[: cap + 1].count()
    return min(n, cap), n > cap
