"""A filtered, paginated list of published statements: the timeline and every profile page share it.

Pagination is by keyset (the sort value and id of the last row shown), so page 5,000 costs what
page 1 costs and no COUNT(*) runs on the whole set; the result count stops at COUNT_CAP.
Relevance order has no stable key, so it pages by offset, capped at the same COUNT_CAP rows.
"""

import datetime
import itertools
from collections import namedtuple
from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.template.loader import render_to_string
from django.urls import reverse

from ..api.pagination import filter_first
from ..caching import cached_for, is_cacheable
from ..charts import build_chart, monthly_counts
from ..filters import ORDERINGS, StatementFilter
from ..search import count_capped

PAGE_SIZE = 25
COUNT_CAP = 10_000
PAGING_PARAMS = ("after", "before", "page")
# ordering -> (the column its keyset starts with, descending?)
KEYSET = {"-said_on": ("said_on", True), "said_on": ("said_on", False), "-published_at": ("published_at", True)}


# What a list row shows of a statement, read as a tuple: model instances for 26 wide rows with their
# speaker and verdict cost more than the rest of the page on PostgreSQL (docs/performance.md).
ROW_COLUMNS = {
    "pk": "id", "text": "text", "translation": "translation", "language": "language",
    "speaker_role": "speaker_role", "said_on": "said_on", "said_on_precision": "said_on_precision",
    "approximate": "approximate", "medium": "medium", "venue": "venue", "slug": "slug",
    "published_at": "published_at", "speaker_name": "speaker__name", "speaker_slug": "speaker__slug",
    "verdict_status": "verdict__status", "verdict_rating": "verdict__rating", "outlet_id": "first_outlet_id",
}
Row = namedtuple("Row", ROW_COLUMNS)
# The outlet of the first source, as raw SQL: the same subquery through the ORM cost ~0.6 ms a page to build.
FIRST_OUTLET = RawSQL(
    "SELECT outlet_id FROM statements_source WHERE statement_id = statements_statement.id "
    "ORDER BY position, id LIMIT 1", (),
)


def fetch_rows(queryset, start, stop):
    """Rows start to stop of `queryset` as Row tuples."""
    values = queryset.annotate(first_outlet_id=FIRST_OUTLET).values_list(*ROW_COLUMNS.values())
    return [Row._make(row) for row in values[start:stop]]


@dataclass
class Group:
    """A heading on the timeline (a month, a day, a year) and the statements under it."""

    label: str = ""
    iso: str = ""
    items: list = field(default_factory=list)


@dataclass
class Listing:
    filterset: StatementFilter
    path: str
    params: object  # the query parameters without paging ones (a QueryDict)
    rows: list = field(default_factory=list)
    outlets: dict = field(default_factory=dict)  # outlet id -> (slug, name), for the rows' first outlets
    months: list = field(default_factory=list)
    count: int = 0
    capped: bool = False
    chart_html: str = ""
    newer: str = ""
    older: str = ""
    query: object = None

    @property
    def valid(self):
        return not self.filterset.errors

    @property
    def filtered(self):
        """Any filter or search in force (not paging alone)."""
        return any(self.params.get(name) for name in StatementFilter.base_filters if name != "ordering")

    @property
    def speaker_label(self):
        """(slug, name) of the `?speaker=` filter for its chip; the name only once a published row shows it,
        so a speaker known only from drafts is never named."""
        speaker = getattr(self.filterset.form, "cleaned_data", {}).get("speaker")
        if speaker is None:
            return None
        return speaker.slug, (self.rows[0].speaker_name if self.rows else speaker.slug)

    @property
    def url_without_speaker(self):
        return self.url(speaker=None)

    @property
    def narrowed(self):
        """A filter besides the search words (the filter panel opens to show it)."""
        return any(self.params.get(name) for name in StatementFilter.base_filters if name not in ("q", "ordering"))

    def url(self, **changes):
        """This list with some parameters changed (paging always reset): for links and forms."""
        params = self.params.copy()
        for name, value in changes.items():
            params.pop(name, None)
            if value not in (None, ""):
                params[name] = str(value)
        encoded = params.urlencode()
        return f"{self.path}?{encoded}" if encoded else self.path

    def feed_url(self, feed_path, **fixed):
        """The Atom feed that follows this very search (`fixed`: parameters the page itself implies)."""
        params = self.params.copy()
        params.pop("ordering", None)  # a feed is always newest-published first
        for name, value in fixed.items():
            params[name] = value
        encoded = params.urlencode()
        return f"{feed_path}?{encoded}" if encoded else feed_path


def build_listing(request, queryset, *, chart_queryset=None, cacheable=None):
    """Filter `queryset` (already published-only) by the request's parameters and cut one page.

    `chart_queryset`, if given, is the same set written in the shape that suits reading all of it
    (the chart); `queryset` is then the shape that suits finding the first rows (count and page).
    """
    params = request.GET.copy()
    for name in PAGING_PARAMS:
        params.pop(name, None)
    filterset = StatementFilter(data=request.GET, queryset=queryset)
    listing = Listing(filterset=filterset, path=request.path, params=params)
    if not filterset.is_valid():
        return listing
    listing.query = filterset.search_query
    results = filterset.qs
    cacheable = is_cacheable(request) if cacheable is None else cacheable

    def count():
        return count_capped(results.values("pk"), COUNT_CAP)  # values("pk"): no search rank per row

    listing.count, listing.capped = cached_for(cacheable, "count", _memo_key(listing), count)

    def chart():
        charted = results if chart_queryset is None else StatementFilter(data=request.GET, queryset=chart_queryset).qs
        bars = build_chart(monthly_counts(charted), lambda start, end: listing.url(said_after=start, said_before=end))
        # Kept rendered: the same on every page of this search, and most of the page's template work.
        return render_to_string("statements/_chart.html", {"chart": bars, "listing": listing})

    listing.chart_html = cached_for(cacheable, "chart-html", _memo_key(listing), chart)
    ordering = filterset.ordering_value()
    if ordering in KEYSET:
        _keyset_page(listing, results, ordering, request.GET)
    else:
        _offset_page(listing, results, request.GET)
    listing.months = group_rows(listing.rows) if ordering in ("-said_on", "said_on") else [
        Group(items=[Group(items=listing.rows)])
    ]
    return listing


def _memo_key(listing):
    """One search and filter set, whatever the page: its count and chart are the same on every page."""
    return listing.path, sorted(listing.params.lists())


# ---------------------------------------------------------------- keyset pages


def encode_cursor(row, column):
    return f"{getattr(row, column).isoformat()}~{row.pk}"


def decode_cursor(value, column):
    """(sort value, id) from 'after=2024-05-20~123'; None for anything malformed."""
    try:
        raw, pk = value.rsplit("~", 1)
        parse = datetime.date.fromisoformat if column == "said_on" else datetime.datetime.fromisoformat
        value, pk = parse(raw), int(pk)
    except (ValueError, AttributeError):
        return None
    return (value, pk) if 0 <= pk < 2**63 else None  # beyond a bigint, PostgreSQL would refuse the query


def _beyond(column, value, pk, forward):
    """Rows strictly after (value, pk) in the direction of travel; the first bound is index-friendly."""
    op = "lt" if forward else "gt"
    bound = "lte" if forward else "gte"
    return Q(**{f"{column}__{bound}": value}) & (Q(**{f"{column}__{op}": value}) | Q(**{f"pk__{op}": pk}))


def _keyset_page(listing, results, ordering, get):
    column, descending = KEYSET[ordering]
    after = decode_cursor(get.get("after", ""), column)
    before = None if after else decode_cursor(get.get("before", ""), column)
    if before:
        # Walk backwards from the cursor, then show the rows in reading order.
        reverse_order = [o[1:] if o.startswith("-") else f"-{o}" for o in ORDERINGS[ordering]]
        backwards = filter_first(results, _beyond(column, *before, not descending)).order_by(*reverse_order)
        rows = fetch_rows(backwards, 0, PAGE_SIZE + 1)
        more_before, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE][::-1]
        more_after = bool(rows)
    else:
        if after:
            results = filter_first(results, _beyond(column, *after, descending))
        rows = fetch_rows(results, 0, PAGE_SIZE + 1)
        more_after, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE]
        more_before = bool(after) and bool(rows)
    listing.rows = rows
    if more_after:
        listing.older = listing.url(after=encode_cursor(rows[-1], column))
    if more_before:
        listing.newer = listing.url(before=encode_cursor(rows[0], column))


def _offset_page(listing, results, get):
    """Best-match order: numbered pages, no deeper than COUNT_CAP rows."""
    last_page = max(1, -(-COUNT_CAP // PAGE_SIZE))
    try:
        page = min(max(int(get.get("page", "1")), 1), last_page)
    except ValueError:
        page = 1
    start = (page - 1) * PAGE_SIZE
    rows = fetch_rows(results, start, start + PAGE_SIZE + 1)
    listing.rows = rows[:PAGE_SIZE]
    if len(rows) > PAGE_SIZE and page < last_page:
        listing.older = listing.url(page=page + 1)
    if page > 1:
        listing.newer = listing.url(page=page - 1 if page > 2 else None)


# ---------------------------------------------------------------- grouping


def _month_key(statement):
    day = statement.said_on
    return (day.year,) if statement.said_on_precision == "year" else (day.year, day.month)


def _day_key(statement):
    return statement.said_on if statement.said_on_precision == "day" else None


def group_rows(rows):
    """Month headings, then day headings; month- and year-precision dates sit under their month or year."""
    from ..templatetags.archive_tags import machine_date, precise_date

    months = []
    for key, in_month in itertools.groupby(rows, key=_month_key):
        in_month = list(in_month)
        first = in_month[0]
        precision = "year" if len(key) == 1 else "month"
        month = Group(precise_date(first.said_on, precision), machine_date(first.said_on, precision))
        for day, in_day in itertools.groupby(in_month, key=_day_key):
            label = precise_date(day) if day else f"Sometime in {month.label}"
            month.items.append(Group(label, day.isoformat() if day else "", list(in_day)))
        months.append(month)
    return months


def feed_path(name, **kwargs):
    return reverse(f"statements:{name}", kwargs=kwargs or None)
