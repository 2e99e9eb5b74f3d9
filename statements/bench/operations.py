"""The operations of issue 7, each as three callables: the app (the real view), the limit, the naive way.

The app is measured in process through Django's test Client: the whole middleware stack, the
view, the template or serializer, but no socket. The public page cache is emptied of the page
after each request, so every timed request renders (the per-generation memo of the chart and
of the capped count stays warm, as it does between two pages of one search in production);
the cold first request after a publish is measured on its own (`timeline_cold`).
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from . import limits, naive


class BenchError(RuntimeError):
    pass


@dataclass
class Operation:
    name: str
    app: object
    limit: object = None  # a callable, or a list of callables (plans): the fastest one counts
    naive: object = None
    target: str = ""  # which target of issue 7 applies (see report.TARGETS)
    reps: int = 40


DATED_CURSOR = datetime.date(2015, 6, 30)  # eight years before the scenario's year: 400,000 rows between


def _drop_page(url):
    try:
        from ..caching import _key
    except ImportError:
        cache.clear()
        return
    cache.delete(_key("page", url))


def get(client, url_for, *, cold=False):
    """A callable requesting `url_for(i)` and checking the answer; the page is never served from cache."""

    def call(i):
        url = url_for(i)
        if cold:
            cache.clear()
        response = client.get(url)
        if response.status_code != 200:
            raise BenchError(f"{url} answered {response.status_code}")
        if response.streaming:
            for _ in response.streaming_content:
                pass
        _drop_page(url)

    return call


def _url(name, params=None, **kwargs):
    path = reverse(name, kwargs=kwargs or None)
    return f"{path}?{urlencode(params)}" if params else path


def build(scenario):
    """Every operation, parameterised by the scenario (see scenario.build)."""
    s, client = scenario, Client()
    start, end = s.year
    said, pk = s.deep_cursor
    range_params = {"speaker": s.speaker_slug, "said_after": start.isoformat(), "said_before": end.isoformat()}
    api_filters = {**range_params, "medium": "interview"}
    permalinks = s.permalinks

    def at(i):
        return permalinks[i % len(permalinks)]

    def page(params):
        return get(client, lambda i: _url("statements:timeline", params))

    return [
        # The framework's own cost on this machine at this moment: a view that reads no data.
        Operation("floor_robots_txt", get(client, lambda i: _url("statements:robots")), target="info", reps=100),
        Operation("timeline_page1", page(None), limits.timeline, naive.timeline, "page"),
        Operation("timeline_cold", get(client, lambda i: "/", cold=True), limits.timeline, naive.timeline,
                  "info", reps=10),
        Operation("timeline_deep", page({"after": f"{said.isoformat()}~{pk}"}),
                  lambda: limits.timeline_after(said, pk), lambda: naive.timeline(500), "page"),
        # Deep in a date-filtered list: the cursor's bound, not the filter's, must start the index scan.
        Operation("timeline_deep_dated", page({"said_before": end.isoformat(), "after": f"{DATED_CURSOR}~{2**62}"}),
                  lambda: limits.timeline_after(DATED_CURSOR, 2**62), target="page"),
        Operation("speaker_date", page(range_params), lambda: limits.speaker_range(s.speaker_id, start, end),
                  lambda: naive.speaker_range(s.speaker_id, start, end), "page"),
        Operation("search_rare", page({"q": s.rare}), limits.search([s.rare]),
                  lambda: naive.search([s.rare]), "rare"),
        Operation("search_common_date", page({"q": s.common}), limits.search([s.common]),
                  lambda: naive.search([s.common]), "common"),
        Operation("search_common_relevance", page({"q": s.common, "ordering": "relevance"}),
                  limits.search([s.common], order="rank"), lambda: naive.search([s.common]), "relevance",
                  reps=20),
        Operation("search_two_words", page({"q": s.two}), limits.search(s.two.split()),
                  lambda: naive.search(s.two.split()), "words"),
        Operation("search_alias", page({"q": s.alias}), lambda: limits.speaker_rows(s.alias_speaker_id),
                  lambda: naive.search_names(s.alias), "rare"),
        Operation("permalink", get(client, lambda i: at(i)[1]), lambda: limits.permalink(at(0)[0]),
                  lambda: naive.permalink(at(0)[0]), "page", reps=100),
        Operation("speaker_page", get(client, lambda i: _url("statements:speaker", slug=s.speaker_slug)),
                  lambda: limits.speaker_page(s.speaker_slug), lambda: naive.speaker_page(s.speaker_slug), "page"),
        Operation("api_list_q", get(client, lambda i: _url("api:statement-list", {"q": s.common})),
                  limits.search([s.common], limit=20), lambda: naive.api_search(s.common), "api"),
        Operation("api_list_filters", get(client, lambda i: _url("api:statement-list", api_filters)),
                  lambda: limits.speaker_range(s.speaker_id, start, end, limit=20, medium="interview"),
                  lambda: naive.api_filters(s.speaker_id, start, end, "interview"), "api"),
        Operation("atom_feed", get(client, lambda i: _url("statements:feed")), limits.feed, naive.feed, "info"),
    ]
