"""The walk: with every kind of unpublished material present, no public URL shows any of it.

Each unpublished thing carries a unique lower-case canary word. The test requests every public page
(named URLs, searches for each canary, feeds, sitemap, robots) and then crawls every link it finds, and
asserts that no canary appears anywhere and that counts cover published statements only. Searches
are typed in capitals (search folds case), so the page echoing the query is not mistaken for a leak.
"""

import datetime
import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from statements import workflow
from statements.content import snapshot
from statements.models import Outlet, StatementRelation

from .factories import content_data, make_speaker, make_statement, make_topic
from .public_site import correct, publish, publish_verdict

pytestmark = pytest.mark.django_db

CANARIES = {
    "draft": "canaryalpha", "draft_speaker": "canarybeta", "draft_topic": "canarygamma",
    "draft_outlet": "canarydelta", "in_review": "canaryepsilon", "needs_changes": "canaryzeta",
    "rejected": "canaryeta", "revision": "canarytheta", "revision_reason": "canaryiota",
    "verdict_claim": "canarykappa", "verdict_summary": "canarylambda", "hidden_note": "canarymu",
}
CRAWL_LIMIT = 400
SKIP = ("/admin/", "/api/", "/static/")


def hidden_statements(editor, reviewer, published):
    """One of each unpublished kind; returns the statements that must stay invisible."""
    c = CANARIES
    speaker = make_speaker(f"{c['draft_speaker']} person", slug=c["draft_speaker"])
    topic = make_topic(c["draft_topic"])
    outlet = Outlet.objects.create(name=f"{c['draft_outlet']} Times", slug=c["draft_outlet"])
    data = content_data(speaker=speaker, text=f"Draft words {c['draft']}.", topic_ids=[topic.pk])
    data["sources"][0]["outlet_id"] = outlet.pk
    draft = workflow.create_statement(actor=editor, data=data)
    in_review = workflow.submit(make_statement(editor, text=f"Under review {c['in_review']}."), actor=editor)
    returned = workflow.submit(make_statement(editor, text=f"Sent back {c['needs_changes']}."), actor=editor)
    workflow.request_changes(returned, actor=reviewer, comment="Add a source.")
    rejected = workflow.submit(make_statement(editor, text=f"Refused {c['rejected']}."), actor=editor)
    workflow.reject(rejected, actor=reviewer, reason="Not a quote.")
    # A verdict approved then withdrawn while its statement is still in review: its note must not show.
    workflow.save_verdict(in_review, actor=editor, claim="c", rating="true", summary="s")
    workflow.submit_verdict(in_review, actor=editor)
    workflow.approve_verdict(in_review, actor=reviewer)
    workflow.withdraw_verdict(in_review, actor=reviewer, reason=f"Withdrawn {c['hidden_note']}.")
    # A proposed correction of a published statement, waiting for review.
    live = published["corrected"]
    proposal = {**snapshot(live), "text": f"Proposed wording {c['revision']}."}
    workflow.edit_statement(live, actor=editor, data=proposal, comment=f"Because {c['revision_reason']}.",
                            expected_version=type(live).objects.get(pk=live.pk).version)
    # An unreviewed verdict on a published statement.
    workflow.save_verdict(published["plain"], actor=editor, claim=f"Claim {c['verdict_claim']}.", rating="false",
                          summary=f"Summary {c['verdict_summary']}.")
    workflow.submit_verdict(published["plain"], actor=editor)
    # A public statement related to a draft: the relation must not reveal the draft.
    StatementRelation.objects.create(from_statement=published["plain"], to_statement=draft, type="responds_to")
    return [draft, in_review, returned, rejected]


def published_world(editor, reviewer):
    speaker = make_speaker("Volodymyr Zelenskyy", aliases=["Zelenskiy"], slug="zelenskyy")
    topic = make_topic("Air defense")
    plain = publish(editor, reviewer, "Why can't we shoot them down?", speaker=speaker, topic_ids=[topic.pk])
    checked = publish(editor, reviewer, "Turkey shot down a Russian plane.", speaker=speaker,
                      said_on=datetime.date(2024, 4, 15))
    publish_verdict(checked, editor, reviewer, rating="true")
    corrected = correct(publish(editor, reviewer, "Wording with a tpyo."), editor, reviewer,
                        text="Wording with a typo fixed.")
    retracted = publish(editor, reviewer, "Retracted words.")
    workflow.retract(retracted, actor=reviewer, reason="Fabricated.")
    return {"plain": plain, "checked": checked, "corrected": corrected, "retracted": retracted,
            "speaker": speaker, "topic": topic}


def named_urls(world):
    urls = [
        reverse("statements:timeline"), reverse("statements:speakers"), reverse("statements:corrections"),
        reverse("statements:feed"), reverse("statements:corrections_feed"), reverse("statements:sitemap"),
        reverse("statements:robots"),
        reverse("statements:speaker_feed", kwargs={"slug": world["speaker"].slug}),
        reverse("statements:topic_feed", kwargs={"slug": world["topic"].slug}),
    ]
    for canary in CANARIES.values():
        typed = canary.upper()
        urls += [f"/?q={typed}", f"/feed/?q={typed}", f"/?q={typed}&ordering=relevance",
                 f"{world['speaker'].get_absolute_url()}?q={typed}"]
    return urls


def internal_links(body):
    for href in re.findall(r'(?:href="|<loc>|<id>)([^"<\s]+)', body):
        parts = urlsplit(href.replace("&amp;", "&"))
        internal = parts.netloc in ("", "testserver") and parts.path.startswith("/")
        if internal and not parts.path.startswith(SKIP):
            yield parts.path + (f"?{parts.query}" if parts.query else "")


def walk(client, start):
    """GET every URL in `start` and every internal link found, breadth first; {url: response body}."""
    seen, queue, bodies = set(start), deque(start), {}
    while queue and len(bodies) < CRAWL_LIMIT:
        url = queue.popleft()
        response = client.get(url, follow=True)
        assert response.status_code in (200, 404), (url, response.status_code)
        body = response.content.decode()
        bodies[url] = body
        for link in internal_links(body):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return bodies


def test_nothing_unpublished_appears_on_any_public_url(client, editor, reviewer):
    world = published_world(editor, reviewer)
    hidden = hidden_statements(editor, reviewer, world)
    bodies = walk(client, named_urls(world))
    assert len(bodies) > 40  # the crawl really went through the site
    for url, body in bodies.items():
        found = [c for c in CANARIES.values() if c in body]
        assert not found, f"{found} leaked on {url}"
    missing = client.get(reverse("statements:statement", kwargs={"pk": 10**9, "slug": "x"})).content
    for statement in hidden:
        for name, kwargs in (("statement", {"pk": statement.pk, "slug": statement.slug}),
                             ("statement_noslug", {"pk": statement.pk})):
            response = client.get(reverse(f"statements:{name}", kwargs=kwargs))
            assert response.status_code == 404 and response.content == missing
    for name in ("speaker", "topic", "outlet", "speaker_feed", "topic_feed"):
        slug = {"speaker": "canarybeta", "outlet": "canarydelta"}.get(name.split("_")[0], "canarygamma")
        assert client.get(reverse(f"statements:{name}", kwargs={"slug": slug})).status_code == 404


def test_counts_cover_published_statements_only(client, editor, reviewer):
    world = published_world(editor, reviewer)
    hidden_statements(editor, reviewer, world)
    timeline = client.get(reverse("statements:timeline")).content.decode()
    assert "3 statements" in timeline  # plain, checked, corrected; not the retracted one nor the four hidden
    assert "Statements per month: 3 from" in timeline
    speaker_page = client.get(world["speaker"].get_absolute_url()).content.decode()
    assert "<dt>Published statements</dt><dd>2</dd>" in speaker_page
    assert "2 statements" in client.get(reverse("statements:speakers")).content.decode()
    assert "1 statement<" in client.get(world["topic"].get_absolute_url()).content.decode()
    assert "Fact-check: True" in timeline and timeline.count("Fact-check:") == 1
