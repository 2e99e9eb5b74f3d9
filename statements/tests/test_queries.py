"""Query-count pins: each public page costs a fixed number of queries, whether it shows 3 rows or 30.

Measured on a cold page cache (the cost of a miss). If a change adds a query per row, the counts
for 3 and 30 differ and the test says which page grew.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from statements.models import StatementRelation

from .factories import make_outlet, make_topic
from .public_site import correct, publish, publish_series, publish_verdict

pytestmark = pytest.mark.django_db

# page -> queries on a cache miss (filter menus, count, chart, rows with their first outlet, ...).
PINNED = {
    "timeline": 5,
    "search": 6,  # relevance: the best matches are scored in a query of their own (then kept)
    "speaker": 9,
    "topic": 7,
    "outlet": 7,
    "feed": 2,
    "speaker_feed": 3,
    "speakers": 2,
    "corrections": 2,
    "statement": 4,  # the row (with whether it has notes or relations), topics, sources, relations
    "plain_statement": 3,  # no correction note, no relation: those two queries are skipped
}


def queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def grow(editor, reviewer, state, count):
    """Add published statements by one speaker, on one topic, each with a verdict, a correction and a relation."""
    series = publish_series(editor, reviewer, count, speaker=state.get("speaker"), topic_ids=[state["topic"].pk])
    state.setdefault("speaker", series[0].speaker)
    for statement in series:
        publish_verdict(statement, editor, reviewer, rating="mostly_false")
        StatementRelation.objects.create(from_statement=statement, to_statement=state["anchor"], type="repeats")
    correct(series[0], editor, reviewer, comment="Date.", venue="A corrected venue")


def urls(state):
    speaker, topic = state["speaker"], state["topic"]
    return {
        "timeline": reverse("statements:timeline"),
        "search": reverse("statements:timeline") + "?q=number&ordering=relevance",
        "speaker": speaker.get_absolute_url(),
        "topic": topic.get_absolute_url(),
        "outlet": make_outlet().get_absolute_url(),
        "feed": reverse("statements:feed"),
        "speaker_feed": reverse("statements:speaker_feed", kwargs={"slug": speaker.slug}),
        "speakers": reverse("statements:speakers"),
        "corrections": reverse("statements:corrections"),
        "statement": state["anchor"].get_absolute_url(),  # its related list grows with every row
        "plain_statement": state["plain"].get_absolute_url(),
    }


def test_query_counts_do_not_grow_with_rows(client, editor, reviewer):
    topic = make_topic("Air defense")
    state = {"topic": topic, "anchor": publish(editor, reviewer, "The anchor statement.", topic_ids=[topic.pk]),
             "plain": publish(editor, reviewer, "Nothing relates to these words.")}
    grow(editor, reviewer, state, 3)
    small = {name: queries(client, url) for name, url in urls(state).items()}
    grow(editor, reviewer, state, 27)
    large = {name: queries(client, url) for name, url in urls(state).items()}
    assert small == large == PINNED
