"""Profile pages (speaker, topic, outlet), the lists (speakers, corrections), site files and error pages."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.template import loader
from django.urls import reverse

from statements import workflow

from .factories import make_speaker, make_statement
from .public_site import correct, html, publish, seed_like

pytestmark = pytest.mark.django_db

TIMELINE = reverse("statements:timeline")


# ---------------------------------------------------------------- profiles and lists


def test_speaker_page(client, editor, reviewer):
    seed = seed_like(editor, reviewer)
    zelenskyy = seed["zelenskyy"]
    publish(editor, reviewer, "Earlier words.", speaker=zelenskyy, speaker_role="Actor",
            said_on=datetime.date(2018, 3, 1))
    page = html(client.get(zelenskyy.get_absolute_url()))
    for expected in ("Volodymyr Zelenskyy", "Zelenskiy", "Зеленський", "President of Ukraine",
                     "https://www.wikidata.org/wiki/Q3874799", "Roles held", "Actor", "March 2018", "May 2024",
                     reverse("statements:speaker_feed", kwargs={"slug": zelenskyy.slug})):
        assert expected in page, expected
    assert re.search(r"<dt>Published statements</dt><dd>3</dd>", page)
    roles = page.split("Roles held", 1)[1]
    assert roles.index(">Actor<") < roles.index(">President of Ukraine<")  # roles in the order held
    within = html(client.get(zelenskyy.get_absolute_url(), {"q": "defense"}))
    assert "Is it <mark>defense</mark>?" in within and "Earlier words." not in within
    assert "Kopra" not in within


def test_speaker_list_counts_published_only(client, editor, reviewer):
    seed = seed_like(editor, reviewer)
    make_statement(editor, speaker=make_speaker("Draftonly Person"))
    page = html(client.get(reverse("statements:speakers")))
    assert "Volodymyr Zelenskyy" in page and "(2 statements)" in page and "(1 statement)" in page
    assert "Draftonly" not in page
    assert seed["kopra"].get_absolute_url() in page


def test_topic_and_outlet_pages(client, editor, reviewer):
    seed = seed_like(editor, reviewer)
    topic_page = html(client.get(seed["topic"].get_absolute_url()))
    assert "Topic: Air defense" in topic_page and "2 statements" in topic_page
    assert reverse("statements:topic_feed", kwargs={"slug": seed["topic"].slug}) in topic_page
    outlet_page = html(client.get(seed["rferl"].get_absolute_url()))
    assert "Outlet: <bdi>RFE/RL</bdi>" in outlet_page and "Poland had a duty" in outlet_page
    assert "1 statement<" in outlet_page
    assert client.get(reverse("statements:topic", kwargs={"slug": "never-used"})).status_code == 404


def test_corrections_page_lists_notes_newest_first(client, editor, reviewer):
    first = publish(editor, reviewer, "First wording with a typo.")
    correct(first, editor, reviewer, comment="Corrected the typo.", text="First wording, corrected.")
    second = publish(editor, reviewer, "Second statement.")
    workflow.retract(second, actor=reviewer, reason="Misattributed by the outlet.")
    page = html(client.get(reverse("statements:corrections")))
    assert page.index("Misattributed by the outlet.") < page.index("Corrected the typo.")
    assert "Changed: text" in page
    assert reverse("statements:corrections_feed") in page


# ---------------------------------------------------------------- site files and error pages


def test_robots_and_sitemap(client, editor, reviewer):
    statement = publish(editor, reviewer, "In the sitemap.")
    robots = client.get(reverse("statements:robots"))
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: " in robots.content.decode() and "Disallow: /admin/" in robots.content.decode()
    index = html(client.get(reverse("statements:sitemap")))
    section = reverse("statements:sitemap_section", kwargs={"section": "statements"})
    assert section in index
    assert statement.get_absolute_url() in html(client.get(section))


def test_friendly_404_and_static_500():
    assert "Page not found" in loader.get_template("404.html").render({})
    assert "Something went wrong" in loader.get_template("500.html").render()


def test_unknown_url_gets_the_friendly_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404 and b"Page not found" in response.content


def test_pages_have_landmarks_and_a_skip_link(client, editor, reviewer):
    statement = publish(editor, reviewer, "Accessible words.")
    for url in (TIMELINE, statement.get_absolute_url(), statement.speaker.get_absolute_url()):
        page = html(client.get(url))
        assert '<html lang="en">' in page and 'href="#content"' in page
        assert '<main id="content"' in page and "<nav" in page and "<footer" in page
        assert 'application/atom+xml' in page
        assert " style=" not in page and "<script>" not in page


def test_big_topic_and_outlet_pages_list_the_same_rows(client, editor, reviewer, monkeypatch):
    """Past COUNT_CAP the rows come from the date-walking shape of the query: same rows, same order."""
    from statements.views import listing

    from .factories import make_outlet, make_topic
    from .public_site import publish_series

    topic, outlet = make_topic("Air defense"), make_outlet("Breaking Defense")
    publish_series(editor, reviewer, 5, topic_ids=[topic.pk])
    publish(editor, reviewer, "Not on the topic.", said_on=datetime.date(2023, 1, 1))
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)

    def walk(url):
        seen = []
        while url:
            page = html(client.get(url))
            seen += re.findall(r"number (\d+) about", page)
            url = next((u.replace("&amp;", "&") for u in re.findall(r'href="([^"]*[?&]after=[^"]*)"', page)), None)
        return seen

    small = walk(topic.get_absolute_url())
    monkeypatch.setattr(listing, "COUNT_CAP", 3)
    cache.clear()  # the count of 5 is remembered for this generation
    assert walk(topic.get_absolute_url()) == small == ["4", "3", "2", "1", "0"]
    assert "3+ statements" in html(client.get(topic.get_absolute_url()))
    assert walk(outlet.get_absolute_url())[:5] == small
