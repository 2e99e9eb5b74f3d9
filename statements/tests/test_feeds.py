"""Atom feeds: they parse, hold only published statements, and follow any search."""

import pytest
from django.urls import reverse

from statements import workflow

from .factories import make_speaker, make_statement, make_topic
from .public_site import ATOM, atom, correct, entry_links, html, publish

pytestmark = pytest.mark.django_db

FEED = reverse("statements:feed")


def titles(entries):
    return [e.find(f"{ATOM}title").text for e in entries]


def test_feed_parses_and_lists_published_newest_first(client, editor, reviewer):
    first = publish(editor, reviewer, "First published words.")
    second = publish(editor, reviewer, "Second published words.")
    make_statement(editor, text="A draft stays out of the feed.")
    response = client.get(FEED)
    assert response["Content-Type"].startswith("application/atom+xml")
    root, entries = atom(response)
    assert root.find(f"{ATOM}title").text == "The Statement Archive"
    links = entry_links(entries)
    assert [link.split("testserver", 1)[1] for link in links] == [
        second.get_absolute_url(), first.get_absolute_url()
    ]
    assert "draft" not in response.content.decode()
    entry = entries[0]
    assert entry.find(f"{ATOM}author/{ATOM}name").text == second.speaker.name
    assert entry.find(f"{ATOM}published") is not None and entry.find(f"{ATOM}updated") is not None


def test_feed_escapes_html_in_summaries(client, editor, reviewer):
    publish(editor, reviewer, "<script>alert(1)</script> said in a feed.")
    _, (entry,) = atom(client.get(FEED))
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in summary.text  # the HTML a reader renders shows it as text
    assert "<script>" not in summary.text


def test_search_feed_uses_the_page_filters(client, editor, reviewer):
    kallas = make_speaker("Kaja Kallas", slug="kaja-kallas")
    publish(editor, reviewer, "Trainers in Ukraine are not escalation.", speaker=kallas)
    publish(editor, reviewer, "Trainers are a matter for each ally.")
    publish(editor, reviewer, "Sending troops is escalation.", speaker=kallas)
    _, entries = atom(client.get(FEED, {"q": "trainers", "speaker": "kaja-kallas"}))
    assert titles(entries) == ["Kaja Kallas: “Trainers in Ukraine are not escalation.”"]
    root, _ = atom(client.get(FEED, {"q": "trainers"}))
    assert "trainers" in root.find(f"{ATOM}title").text
    assert root.find(f"{ATOM}link[@rel='self']").get("href").endswith("/feed/?q=trainers")
    timeline = html(client.get(reverse("statements:timeline"), {"q": "trainers", "speaker": "kaja-kallas"}))
    assert 'type="application/atom+xml"' in timeline
    assert 'href="/feed/?q=trainers&amp;speaker=kaja-kallas"' in timeline


def test_invalid_search_feed_is_a_400_not_a_500(client):
    assert client.get(FEED, {"said_after": "soon"}).status_code == 400


def test_speaker_and_topic_feeds(client, editor, reviewer):
    topic = make_topic("Air defense")
    kallas = make_speaker("Kaja Kallas", slug="kaja-kallas")
    publish(editor, reviewer, "On air defence.", speaker=kallas, topic_ids=[topic.pk])
    publish(editor, reviewer, "On something else.")
    _, by_speaker = atom(client.get(reverse("statements:speaker_feed", kwargs={"slug": "kaja-kallas"})))
    assert titles(by_speaker) == ["Kaja Kallas: “On air defence.”"]
    root, by_topic = atom(client.get(reverse("statements:topic_feed", kwargs={"slug": topic.slug})))
    assert titles(by_topic) == ["Kaja Kallas: “On air defence.”"]
    assert root.find(f"{ATOM}title").text.endswith("Air defense")
    assert [c.get("term") for c in by_topic[0].findall(f"{ATOM}category")] == ["Air defense"]
    missing = client.get(reverse("statements:speaker_feed", kwargs={"slug": "nobody"}))
    assert missing.status_code == 404


def test_retracted_statement_leaves_the_feeds(client, editor, reviewer):
    statement = publish(editor, reviewer, "Soon to be retracted.")
    workflow.retract(statement, actor=reviewer, reason="Misquoted.")
    _, entries = atom(client.get(FEED))
    assert entries == []
    _, speaker_entries = atom(client.get(reverse("statements:speaker_feed", kwargs={"slug": statement.speaker.slug})))
    assert speaker_entries == []


def test_corrections_feed(client, editor, reviewer):
    statement = publish(editor, reviewer, "Wording with a tpyo.")
    correct(statement, editor, reviewer, comment="Fixed the typo.", text="Wording with a typo fixed.")
    other = publish(editor, reviewer, "Later retracted.")
    workflow.retract(other, actor=reviewer, reason="The interview was fabricated.")
    _, entries = atom(client.get(reverse("statements:corrections_feed")))
    assert [t.split(":")[0] for t in titles(entries)] == ["Retraction", "Correction"]
    summaries = [e.find(f"{ATOM}summary").text for e in entries]
    assert "The interview was fabricated." in summaries[0]
    assert "Fixed the typo." in summaries[1] and "Changed: text" in summaries[1]


def test_empty_feed_is_stable(client):
    first = client.get(FEED)
    from django.core.cache import cache

    cache.clear()
    assert client.get(FEED).content == first.content
