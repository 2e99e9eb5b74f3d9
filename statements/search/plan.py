"""What a compiled query looks like, so a backend can choose the SQL shape that plans well.

Both backends render their search condition at compile time and look at the query around
it: its order, its limit and which columns its other conditions touch.
"""

from django.db.models import Expression, F
from django.db.models.sql.where import WhereNode

# Relevance order ranks this many best matches; the rest follow newest first. Fifty pages of
# exact relevance, at the cost of one pass over the matches instead of a score lookup per row.
RANKED = 1000
# Best match first; unranked rows (NULL) last on both engines, then newest first.
RELEVANCE_ORDER = (F("rank").desc(nulls_last=True), "-said_on", "-id")


class OnStatement(Expression):
    """An expression about the row's statement id (`pk`): both backends' match and rank build on it."""

    def __init__(self, pk=None):
        super().__init__()
        self.pk = pk if pk is not None else F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs


def order_names(query):
    """The query's ORDER BY as field names without direction ('said_on', 'rank'...)."""
    names = query.order_by or (query.get_meta().ordering if query.default_ordering else ())
    return [str(getattr(o, "expression", o)).lstrip("-") for o in names]


def orders_by_rank(query):
    return any("rank" in name for name in order_names(query))


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
