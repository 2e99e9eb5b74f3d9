"""Atom feeds: the timeline, any search (same FilterSet as the page), a speaker, a topic, the corrections.

Every feed starts from Statement.objects.published() (retracted statements leave the feeds) and
lists the newest-published first, so a reader following a query sees each new match once.
"""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join

from .filters import StatementFilter
from .models import Statement
from .public_lookups import public_corrections, public_speakers, public_topics
from .templatetags.archive_tags import field_label, precise_date

FEED_SIZE = 50
# An empty feed still needs an <updated>: a fixed instant keeps its body (and ETag) stable.
EMPTY_FEED_DATE = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


class ArchiveAtomFeed(Atom1Feed):
    def latest_post_date(self):
        return super().latest_post_date() if self.items else EMPTY_FEED_DATE


class Subject:
    """What a feed is about: its title, the page it mirrors and the statements in it."""

    def __init__(self, title, link, queryset, request):
        self.title, self.link, self.queryset = title, link, queryset
        self.feed_url = request.get_full_path()  # the feed's own address, query included


def _filtered(request, queryset):
    filterset = StatementFilter(data=request.GET, queryset=queryset)
    if not filterset.is_valid():
        raise BadRequest("Invalid filter: " + "; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items()))
    return filterset


def _query_suffix(request):
    encoded = request.GET.urlencode()
    return f"?{encoded}" if encoded else ""


class StatementFeed(Feed):
    """/feed/ and /feed/?q=...&speaker=...: the timeline or any search, as Atom."""

    feed_type = ArchiveAtomFeed

    def get_object(self, request, *args, **kwargs):
        filterset = _filtered(request, Statement.objects.published())
        query = str(filterset.search_query)
        title = f"{settings.SITE_NAME}: “{query}”" if query else settings.SITE_NAME
        if len(request.GET) and not query:
            title += " (filtered)"
        return Subject(title, reverse("statements:timeline") + _query_suffix(request), filterset.qs, request)

    def title(self, obj):
        return obj.title

    def link(self, obj):
        return obj.link

    def feed_url(self, obj):
        return obj.feed_url

    def subtitle(self, obj):
        return "Public statements by public figures, with their sources and fact-checks."

    def items(self, obj):
        rows = obj.queryset.select_related("speaker", "verdict").prefetch_related("topics")
        return rows.order_by("-published_at", "-id")[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.speaker.name}: “{_shorten(item.text)}”"

    def item_description(self, item):
        # Atom <summary type="html">: readers parse it as HTML, so every piece is escaped here.
        when = precise_date(item.said_on, item.said_on_precision, item.approximate)
        parts = [format_html("<blockquote>{}</blockquote>", item.text)]
        if item.translation:
            parts.append(format_html("<p>Translation: {}</p>", item.translation))
        parts.append(format_html("<p>{}, {}. {}</p>", item.speaker.name, item.speaker_role or "", when))
        verdict = item.public_verdict
        if verdict:
            parts.append(format_html("<p>Fact-check: {} — {}</p>", verdict.get_rating_display(), verdict.claim))
        return "".join(str(p) for p in parts)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_author_name(self, item):
        return item.speaker.name

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at or item.published_at

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]


class SpeakerFeed(StatementFeed):
    """/speakers/<slug>/feed/"""

    def get_object(self, request, slug):
        speaker = _public_one(public_speakers(), slug)
        filterset = _filtered(request, Statement.objects.published().by_speaker(speaker))
        return Subject(f"{settings.SITE_NAME}: {speaker.name}", speaker.get_absolute_url(), filterset.qs, request)


class TopicFeed(StatementFeed):
    """/topics/<slug>/feed/"""

    def get_object(self, request, slug):
        topic = _public_one(public_topics(), slug)
        filterset = _filtered(request, Statement.objects.published().filter(topics=topic))
        return Subject(f"{settings.SITE_NAME}: {topic.name}", topic.get_absolute_url(), filterset.qs, request)


def _public_one(queryset, slug):
    found = queryset.filter(slug=slug).first()
    if found is None:
        raise Http404
    return found


def _shorten(text, limit=100):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class CorrectionsFeed(Feed):
    """/corrections/feed/: every public correction and retraction note, newest first."""

    feed_type = ArchiveAtomFeed
    title = f"{settings.SITE_NAME}: corrections and retractions"
    subtitle = "What we changed in published statements, and why."

    def link(self):
        return reverse("statements:corrections")

    def items(self):
        return public_corrections()[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.get_kind_display()}: {item.statement.speaker.name}, “{_shorten(item.statement.text, 80)}”"

    def item_description(self, item):
        changed = format_html_join(", ", "{}", ((field_label(f),) for f in item.changed_fields))
        note = format_html("<p>{}</p>", item.note)
        return str(note) + (str(format_html("<p>Changed: {}</p>", changed)) if item.changed_fields else "")

    def item_link(self, item):
        return item.statement.get_absolute_url() + "#corrections"

    def item_guid(self, item):
        return f"{settings.SITE_URL}{item.statement.get_absolute_url()}#correction-{item.pk}"

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.created_at

