"""/sitemap.xml: an index of sections; each section lists only what the public may reach."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Outlet, Speaker, Statement, Topic
from .public_lookups import referenced


class StatementSitemap(Sitemap):
    """Published statements (retracted pages stay reachable but are not advertised)."""

    changefreq = "monthly"

    def items(self):
        return Statement.objects.published().only("pk", "slug", "updated_at", "published_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at or item.published_at

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every item: one aggregate instead of a million rows.
        return Statement.objects.published().aggregate(latest=Max("updated_at"))["latest"]


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
