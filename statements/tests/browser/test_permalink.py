"""A reader on a statement's permalink: schema.org JSON-LD for machines, an Atom feed to follow."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from statements.models import Statement

from .helpers import json_ld

pytestmark = pytest.mark.browser

ATOM = "{http://www.w3.org/2005/Atom}"


def verdict_statement():
    return next(s for s in Statement.objects.published().select_related("speaker") if s.public_verdict)


def by_type(nodes, kind):
    return [node for node in nodes if node.get("@type") == kind]


def test_permalink_of_a_fact_checked_statement_carries_quotation_and_claimreview(demo, page):
    statement = verdict_statement()
    verdict = statement.public_verdict
    page.goto(reverse("statements:timeline"))
    badge = page.get_by_text(f"Fact-check: {verdict.get_rating_display()}", exact=True)
    entry = page.locator("article.entry").filter(has=badge)
    entry.get_by_role("link", name="Sources and details").click()
    assert urlsplit(page.url).path == statement.get_absolute_url()

    nodes = json_ld(page)
    (quotation,) = by_type(nodes, "Quotation")
    assert quotation["text"] == statement.text
    assert quotation["creator"]["name"] == statement.speaker.name
    (review,) = by_type(nodes, "ClaimReview")
    assert review["claimReviewed"] == verdict.claim
    rating = review["reviewRating"]
    assert rating["alternateName"] == verdict.get_rating_display()
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert review["itemReviewed"]["@type"] == "Claim"
    assert review["itemReviewed"]["author"]["name"] == statement.speaker.name
    assert review["itemReviewed"]["appearance"] and review["itemReviewed"]["firstAppearance"]
    assert review["author"]["name"] and review["datePublished"]
    assert urlsplit(review["url"]).path == statement.get_absolute_url()

    # Another statement, reached by an outdated link: redirected, a Quotation and no ClaimReview.
    statement = Statement.objects.published().filter(verdict__isnull=True).first()
    page.goto(reverse("statements:statement", args=[statement.pk, "an-old-slug"]))
    assert urlsplit(page.url).path == statement.get_absolute_url()

    nodes = json_ld(page)
    assert [node["@type"] for node in nodes] == ["Quotation"]
    assert nodes[0]["text"] == statement.text


def atom_entries(text):
    feed = ET.fromstring(text)  # noqa: S314  (our own feed, from the test server)
    return [
        (entry.findtext(f"{ATOM}title"), entry.find(f"{ATOM}link[@rel='alternate']").get("href"))
        for entry in feed.iter(f"{ATOM}entry")
    ]


def test_the_feed_of_a_search_follows_that_search(demo, page):
    page.goto(reverse("statements:timeline") + "?q=zelensky")
    head_link = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    visible_link = page.get_by_role("link", name="Follow this search with the Atom feed")
    assert head_link.get_attribute("href") == visible_link.get_attribute("href")
    assert "q=zelensky" in head_link.get_attribute("href")

    with page.expect_navigation() as navigation:
        visible_link.click()
    response = navigation.value
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    entries = atom_entries(response.text())
    assert len(entries) == 4
    assert all(title.startswith("Volodymyr Zelenskyy:") for title, _ in entries)

    # Every entry leads to its permalink.
    for _, href in entries:
        assert page.goto(href).status == 200
        assert page.locator("h1").count() == 1
