"""/sitemap.xml: an index of sections; each section lists only what the public may reach."""

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.urls import reverse

from .models import Outlet, Speaker, Statement, Topic
from .public_lookups import referenced


class IdRangePaginator:
    """Sitemap pages as id ranges: page n lists ids ((n-1)*size, n*size], found by the primary key.

    Django's Paginator pages with OFFSET, which reads and skips every earlier row (seconds for the
    last page of a million). A range may hold fewer than `size` statements (drafts leave gaps).
    """

    def __init__(self, queryset, size):
        self.queryset, self.per_page = queryset, size
        last = queryset.order_by("-pk").values_list("pk", flat=True).first() or 0
        self.num_pages = max(1, -(-last // size))

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer.") from None
        if not 1 <= number <= self.num_pages:
            raise EmptyPage("That page contains no results.")
        low, high = (number - 1) * self.per_page, number * self.per_page
        return Page(self.queryset.filter(pk__gt=low, pk__lte=high), number, self)


class StatementSitemap(Sitemap):
    """Published statements (retracted pages stay reachable but are not advertised)."""

    changefreq = "monthly"
    limit = 10_000  # rendering 50,000 URLs (the protocol's maximum) takes seconds; crawlers page anyway

    def items(self):
        return Statement.objects.published().only("pk", "slug", "updated_at", "published_at").order_by("pk")

    @property
    def paginator(self):
        return IdRangePaginator(self.items(), self.limit)

    def lastmod(self, item):
        return item.updated_at or item.published_at

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every item; the index can do without this date.
        return None


class SpeakerSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return referenced(Speaker, Statement.objects.published()).order_by("pk")


class TopicSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return referenced(Topic, Statement.objects.published()).order_by("pk")


class OutletSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return referenced(Outlet, Statement.objects.published()).order_by("pk")


class PageSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["statements:timeline", "statements:speakers", "statements:corrections"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": PageSitemap,
    "statements": StatementSitemap,
    "speakers": SpeakerSitemap,
    "topics": TopicSitemap,
    "outlets": OutletSitemap,
}
