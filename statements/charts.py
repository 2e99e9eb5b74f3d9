"""The activity chart: statements per month for the current search and filters, as server-rendered SVG.

The view hands over a queryset; this module counts by month in one GROUP BY query and lays out
bars in SVG user units. The template draws them, each bar a link to that month (or year), with a
table of the same numbers for screen readers and keyboard users.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Count

from .templatetags.archive_tags import precise_date

WIDTH, HEIGHT = 720, 120  # SVG user units: the drawing scales with the page
MAX_BAR_WIDTH = 40  # a chart of two months should not look like two walls
MAX_MONTH_BARS = 120  # beyond ten years, one bar per year keeps bars wide enough to click


@dataclass
class Bar:
    label: str
    count: int
    start: datetime.date
    end: datetime.date
    href: str = ""
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0


@dataclass
class Chart:
    bars: list = field(default_factory=list)
    unit: str = "month"
    total: int = 0
    peak: int = 0
    width: int = WIDTH
    height: int = HEIGHT + 1  # room for the baseline
    baseline: int = HEIGHT

    @property
    def first(self):
        return self.bars[0] if self.bars else None

    @property
    def last(self):
        return self.bars[-1] if self.bars else None


def monthly_counts(queryset):
    """[(first day of month, n)] in date order: one aggregate query, no rows fetched.

    Grouped by the day said, then summed by month here: the database walks its date index in
    order with no per-row function (TruncMonth on SQLite calls into Python for every row), and
    a day-level result is at most a few thousand rows even over decades.
    """
    rows = queryset.order_by().values("said_on").annotate(n=Count("pk")).values_list("said_on", "n")
    counts = {}
    for day, n in rows:
        first = day.replace(day=1)
        counts[first] = counts.get(first, 0) + n
    return sorted(counts.items())


def _months_between(first, last):
    month = first
    while month <= last:
        yield month
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def buckets(counts):
    """Fill empty months with zeros (time runs evenly along the axis); years when the span is long."""
    if not counts:
        return "month", []
    by_month = dict(counts)
    months = list(_months_between(counts[0][0], counts[-1][0]))
    if len(months) <= MAX_MONTH_BARS:
        return "month", [
            Bar(precise_date(m, "month"), by_month.get(m, 0), m, m.replace(day=calendar.monthrange(m.year, m.month)[1]))
            for m in months
        ]
    years = {}
    for month, n in counts:
        years[month.year] = years.get(month.year, 0) + n
    return "year", [
        Bar(str(y), years.get(y, 0), datetime.date(y, 1, 1), datetime.date(y, 12, 31))
        for y in range(counts[0][0].year, counts[-1][0].year + 1)
    ]


def build_chart(counts, href_for):
    """Lay the bars out; `href_for(start, end)` gives each bar's link (the same filters, that period)."""
    unit, bars = buckets(counts)
    chart = Chart(bars=bars, unit=unit)
    if not bars:
        return chart
    chart.total = sum(b.count for b in bars)
    chart.peak = max(b.count for b in bars) or 1
    slot = WIDTH / len(bars)
    for i, bar in enumerate(bars):
        bar.href = href_for(bar.start, bar.end)
        bar.width = round(min(max(slot * 0.8, 1), MAX_BAR_WIDTH), 2)
        bar.x = round(i * slot + (slot - bar.width) / 2, 2)
        # A month with one statement still shows: at least 2 units tall when not empty.
        bar.height = round(max(HEIGHT * bar.count / chart.peak, 2 if bar.count else 0), 2)
        bar.y = round(HEIGHT - bar.height, 2)
    return chart
