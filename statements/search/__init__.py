"""Full-text search behind one function; the backend follows the database engine.

Public API: search(), parse_query(), highlight(), clean_text(), count_capped(), Query.
"""

from django.db.models import FloatField, Value

from .query import Query, clean_text, highlight, parse_query

__all__ = ["Query", "clean_text", "count_capped", "highlight", "parse_query", "search"]


def search(queryset, query):
    """Placeholder until the search backends land: a plain case-insensitive match, rank 0."""
    parsed = parse_query(query)
    queryset = queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    for term in parsed.required:
        queryset = queryset.filter(text__icontains=term.text)
    return queryset


def count_capped(queryset, cap=10000):
    """(n, capped): the number of rows, counting no further than `cap` (never a full COUNT on big sets)."""
    n = queryset.order_by()[: cap + 1].count()
    return min(n, cap), n > cap
