"""The timeline and the profile pages (speaker, topic, outlet): one listing each, one template family."""

from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, Min, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import render
from django.views.generic import TemplateView

from ..caching import cached_for, is_cacheable, public_page
from ..models import Outlet, Source, Speaker, Statement, Topic
from ..public_lookups import public_corrections, public_outlets, public_speakers, public_topics, referenced
from ..search import count_capped
from ..templatetags.archive_tags import Menu
from . import listing as lists
from .listing import build_listing, feed_path

SPEAKERS_PER_PAGE = 100


def _published():
    return Statement.objects.published()


def _filter_options(request):
    """Topics and outlets that have published statements, for the filter form's menus."""

    def compute():
        topics, outlets = referenced(Topic, _published()), referenced(Outlet, _published())
        outlet_rows = list(outlets.values_list("pk", "slug", "name"))
        return {
            "topics": Menu.of(topics.values_list("slug", "name")),
            "outlets": Menu.of((slug, name) for _, slug, name in outlet_rows),
            # The list rows' first outlets: every one is an outlet of a published statement, so here.
            "outlet_names": {pk: (slug, name) for pk, slug, name in outlet_rows},
        }

    return cached_for(is_cacheable(request), "options", "filter-menus", compute)


def _render_listing(request, template, queryset, *, feed, feed_params=None, chart_queryset=None, **context):
    listing = build_listing(request, queryset, chart_queryset=chart_queryset)
    options = _filter_options(request)
    listing.outlets = options["outlet_names"]
    context.update(listing=listing, feed_url=listing.feed_url(feed, **(feed_params or {})), options=options)
    # An invalid filter value is the reader's to fix: the page says which, with a 400 (never cached).
    return render(request, template, context, status=200 if listing.valid else 400)


@public_page
def timeline(request):
    """/ — every published statement, newest first, searchable and filterable."""
    return _render_listing(request, "statements/timeline.html", _published(), feed=feed_path("feed"))


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
        return {"roles": list(roles), "total": count_capped(own, lists.COUNT_CAP)}

    # Roles read every row of a prolific speaker: computed once per public change, not per visit.
    facts = cached_for(is_cacheable(request), "profile", speaker.pk, profile)
    return _render_listing(
        request, "statements/speaker_detail.html", own, feed=feed_path("speaker_feed", slug=slug),
        speaker=speaker, subject=speaker, **facts,
    )


@public_page
def topic_detail(request, slug):
    topic = _public_or_404(public_topics(), slug=slug)
    return _render_listing(
        request, "statements/topic_detail.html", feed=feed_path("topic_feed", slug=slug), topic=topic,
        subject=topic, **_shapes(Statement.topics.through.objects.filter(topic=topic)),
    )


def _shapes(links):
    """The published statements that `links` (rows with a statement_id) point at, in the SQL shape
    that suits their number; the planner cannot tell, and the wrong shape costs seconds at 1M rows.

    Few (under COUNT_CAP): list them through the links' index, then sort. Many: walk the date
    index and probe each row with EXISTS, so the first page is found after a few hundred probes.
    The chart reads every match, which the listed shape does best either way.
    """
    listed = _published().filter(pk__in=links.values("statement_id"))
    _, many = count_capped(links.values("statement_id"), lists.COUNT_CAP)  # index only, stops at the cap
    if not many:
        return {"queryset": listed}
    probed = _published().filter(Exists(links.filter(statement_id=OuterRef("pk"))))
    return {"queryset": probed, "chart_queryset": listed}


@public_page
def outlet_detail(request, slug):
    outlet = _public_or_404(public_outlets(), slug=slug)
    return _render_listing(
        request, "statements/outlet_detail.html", feed=feed_path("feed"), feed_params={"outlet": outlet.slug},
        outlet=outlet, subject=outlet, **_shapes(Source.objects.filter(outlet=outlet)),
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
