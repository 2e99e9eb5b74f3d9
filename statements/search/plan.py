"""What a compiled query looks like, so a backend can choose the SQL shape that plans well.

Both backends render their search condition at compile time and look at the query around
it: its order, its limit and which columns its other conditions touch.
"""

from django.db.models import BooleanField, Expression, F
from django.db.models.sql.where import WhereNode

from ..caching import cached_outside_transactions

# Relevance order ranks this many best matches; the rest follow newest first. Fifty pages of
# exact relevance, at the cost of one pass over the matches instead of a score lookup per row.
RANKED = 1000
# Best match first; unranked rows (NULL) last on both engines, then newest first.
RELEVANCE_ORDER = (F("rank").desc(nulls_last=True), "-said_on", "-id")
# A search naming speakers (see named_speakers) is planned as a speaker filter up to these sizes.
NAMED_SPEAKERS_MAX = 100
OTHER_MATCHES_MAX = 1000


class OnStatement(Expression):
    """An expression about the row's statement id (`pk`): both backends' match and rank build on it."""

    def __init__(self, pk=None):
        super().__init__()
        self.pk = pk if pk is not None else F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs


def best_matches(compiler, key, fetch):
    """[(id, rank), ...]: a search's RANKED best matches, best first, from `fetch(cursor)`.

    Scoring is the whole cost of a relevance page (bm25 or ts_rank over every match), so it runs
    once per search and public generation: the other pages of the search and the repeat of page 1
    reuse it. The index holds published statements only and any public change starts a new
    generation; the page's own filters (status and the rest) still apply to every row. Inside a
    transaction the index may hold uncommitted rows, so the list is computed afresh and not kept.
    One SQL statement reads one list (the filter and the score of a page always agree).
    """
    memo = compiler.__dict__.setdefault("best_matches", {})
    if key not in memo:
        memo[key] = _scored(compiler.connection, key, fetch)
    return memo[key]


def _scored(connection, key, fetch):
    def compute():
        with connection.cursor() as cursor:
            return [(int(pk), float(rank)) for pk, rank in fetch(cursor)]

    parts = (connection.alias, connection.vendor, key, RANKED)
    return cached_outside_transactions(connection, "best-matches", parts, compute)


class SearchMatch(OnStatement):
    """Both backends' match condition: it also reads the row's speaker and status, for a search
    planned as a speaker filter (named_speakers)."""

    output_field = BooleanField()
    is_search_match = True

    def __init__(self, pk=None, negated=False, names=False):
        super().__init__(pk)
        self.negated = negated
        self.names = names  # may be planned as a speaker filter (required terms only, nothing excluded)
        self.speaker, self.status = F("speaker_id"), F("status")

    def get_source_expressions(self):
        return [self.pk, self.speaker, self.status]

    def set_source_expressions(self, exprs):
        self.pk, self.speaker, self.status = exprs

    def named(self, query, connection):
        """(speaker ids, other ids) if this date-ordered search is planned as a speaker filter, else ()."""
        if not self.names or self.negated or not orders_by_date(query):
            return ()
        return self._named(connection)

    def _named(self, connection):
        """named_speakers with this engine's SQL."""
        raise NotImplementedError


def named_speakers(connection, key, speakers_sql, others_sql):
    """(speaker ids, other ids) for a search naming speakers, or () for any other search.

    A search for a name or an alias ("Eva Rossi") matches every statement of the speakers whose
    names hold all its words, and the few others that hold them in their own text. The words are
    common, so finding that out in the statements' index means reading ~45,000 entries a word;
    the speakers' own index (one row per speaker, the same text as the statements' speaker
    column) finds the speakers in microseconds, and their statements come from the speaker index.
    `speakers_sql` selects the speakers whose names match and `others_sql` the statements that
    match while their speaker's names do not, so the two sets are exactly the matches; each is
    (SQL, params). Kept per public generation, like the ranking; () when either set is too big
    to be worth it.
    """

    def compute():
        with connection.cursor() as cursor:
            speakers = _capped_ids(cursor, *speakers_sql, NAMED_SPEAKERS_MAX)
            if not speakers:
                return ()
            others = _capped_ids(cursor, *others_sql, OTHER_MATCHES_MAX)
            return () if others is None else (speakers, others)

    return cached_outside_transactions(connection, "named", (connection.alias, connection.vendor, key), compute)


def _capped_ids(cursor, sql, params, cap):
    """The ids the query returns, sorted, or None if there are more than `cap`."""
    cursor.execute(f"{sql} LIMIT {cap + 1}", params)
    ids = sorted(int(row[0]) for row in cursor.fetchall())
    return None if len(ids) > cap else ids


def order_names(query):
    """The query's ORDER BY as field names without direction ('said_on', 'rank'...)."""
    names = query.order_by or (query.get_meta().ordering if query.default_ordering else ())
    return [str(getattr(o, "expression", o)).lstrip("-") for o in names]


def orders_by_rank(query):
    return any("rank" in name for name in order_names(query))


def orders_by_date(query):
    """Newest or oldest first (said or published): the orders a walk of a date index serves."""
    names = order_names(query)
    return bool(names) and names[0] in ("said_on", "published_at")


def first_ranked_page(query):
    """A relevance-ordered page within the RANKED best, with no filter but the search (and status).

    Then the page holds only ranked rows, so the search may list just the RANKED best matches
    instead of all of them (exact: every unranked match sorts after them).
    """
    high = query.high_mark
    return high is not None and high <= RANKED and orders_by_rank(query) and lone_match(query) is not None


def lone_match(query):
    """The search condition if it is the query's only filter besides `status` taking in 'published'.

    The index holds exactly the published statements, so such a query's count is the number
    of index matches: count_capped then counts in the index alone (no statement rows read).
    """
    where = query.where
    if where.connector != "AND" or where.negated:
        return None
    found = None
    for child in where.children:
        lhs = getattr(child, "lhs", None)
        if getattr(lhs, "is_search_match", False) and not lhs.negated and child.rhs is True and found is None:
            found = lhs
        elif not _takes_in_published(child, query.get_initial_alias()):
            return None
    return found


def _takes_in_published(child, base):
    lhs, rhs = getattr(child, "lhs", None), getattr(child, "rhs", None)
    if getattr(lhs, "alias", None) != base or getattr(getattr(lhs, "target", None), "column", None) != "status":
        return False
    if child.lookup_name == "exact":
        return rhs == "published"
    return child.lookup_name == "in" and "published" in rhs


def plain_columns(node, base, columns):
    """True if every condition (other than the search itself) is on one of `columns` of the base table."""
    for child in node.children:
        if isinstance(child, WhereNode):
            if not plain_columns(child, base, columns):
                return False
            continue
        lhs = getattr(child, "lhs", None)
        if getattr(lhs, "is_search_match", False):
            continue
        target = getattr(lhs, "target", None)
        if target is None or getattr(lhs, "alias", None) != base or target.column not in columns:
            return False
    return True
