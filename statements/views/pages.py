"""The timeline and the profile pages (speaker, topic, outlet): one listing each, one template family."""

from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, Min, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import render
from django.views.generic import TemplateView

from ..caching import cached_value, is_cacheable, public_page
from ..models import Outlet, Source, Speaker, Statement, Topic
from ..public_lookups import public_corrections, public_outlets, public_speakers, public_topics, referenced
from ..search import count_capped
from .listing import COUNT_CAP, build_listing, feed_path

SPEAKERS_PER_PAGE = 100


def _published():
    return Statement.objects.published()


def _filter_options(request):
    """Topics and outlets that have published statements, for the filter form's menus."""

    def compute():
        topics, outlets = referenced(Topic, _published()), referenced(Outlet, _published())
        return {
            "topics": list(topics.values_list("slug", "name")),
            "outlets": list(outlets.values_list("slug", "name")),
        }

    return cached_value("options", "filter-options", compute) if is_cacheable(request) else compute()


def _render_listing(request, template, queryset, feed, feed_params=None, common=None, **context):
    listing = build_listing(request, queryset, common=common)
    context.update(
        listing=listing,
        feed_url=listing.feed_url(feed, **(feed_params or {})),
        options=_filter_options(request),
    )
    # An invalid filter value is the reader's to fix: the page says which, with a 400 (never cached).
    return render(request, template, context, status=200 if listing.valid else 400)


@public_page
def timeline(request):
    """/ — every published statement, newest first, searchable and filterable."""
    return _render_listing(request, "statements/timeline.html", _published(), feed_path("feed"))


def _public_or_404(queryset, **lookup):
    """A speaker, topic or outlet is public once it has a public statement; before that it does not exist."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


@public_page
def speaker_detail(request, slug):
    """/speakers/<slug>/ — profile, roles over time, the speaker's own chart and timeline."""
    speaker = _public_or_404(public_speakers().prefetch_related("aliases"), slug=slug)
    own = _published().by_speaker(speaker)

    def profile():
        roles = (
            own.exclude(speaker_role="").order_by().values("speaker_role")
            .annotate(first=Min("said_on"), last=Max("said_on")).order_by("first", "speaker_role")
        )
        return {"roles": list(roles), "total": count_capped(own, COUNT_CAP)}

    # Roles read every row of a prolific speaker: computed once per public change, not per visit.
    facts = cached_value("profile", speaker.pk, profile) if is_cacheable(request) else profile()
    return _render_listing(
        request, "statements/speaker_detail.html", own, feed_path("speaker_feed", slug=slug),
        speaker=speaker, subject=speaker, **facts,
    )


@public_page
def topic_detail(request, slug):
    topic = _public_or_404(public_topics(), slug=slug)
    listed, probed = _shapes(Statement.topics.through.objects.filter(topic=topic))
    return _render_listing(
        request, "statements/topic_detail.html", listed, feed_path("topic_feed", slug=slug),
        common=probed, topic=topic, subject=topic,
    )


def _shapes(links):
    """The published statements that `links` (rows with a statement_id) point at, written two ways:
    driven by the links' own index (a few thousand: list them, then sort), and as an EXISTS
    probe for walking the date index (common: the first page is found after a few probes)."""
    listed = _published().filter(pk__in=links.values("statement_id"))
    probed = _published().filter(Exists(links.filter(statement_id=OuterRef("pk"))))
    return listed, probed


@public_page
def outlet_detail(request, slug):
    outlet = _public_or_404(public_outlets(), slug=slug)
    listed, probed = _shapes(Source.objects.filter(outlet=outlet))
    return _render_listing(
        request, "statements/outlet_detail.html", listed, feed_path("feed"), {"outlet": outlet.slug},
        common=probed, outlet=outlet, subject=outlet,
    )


@public_page
def speaker_list(request):
    """/speakers/ — everyone with a published statement, with how many."""
    counts = _published().filter(speaker=OuterRef("pk")).order_by().values("speaker").annotate(n=Count("pk"))
    speakers = (
        referenced(Speaker, _published())
        .annotate(statement_count=Subquery(counts.values("n")))
        .order_by("name", "pk")
    )
    page = Paginator(speakers, SPEAKERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "statements/speaker_list.html", {"page": page})


@public_page
def corrections(request):
    """/corrections/ — public correction and retraction notes, newest first, for public statements only."""
    page = Paginator(public_corrections(), 50).get_page(request.GET.get("page"))
    return render(request, "statements/corrections.html", {"page": page, "feed_url": feed_path("corrections_feed")})


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


robots = public_page(RobotsView.as_view())
