"""Accessibility as a reader meets it: axe-core finds nothing serious, the keyboard works, a phone needs
no sideways scroll."""

import pytest
from django.urls import reverse

from statements.models import Statement, Status

from .conftest import PHONE
from .helpers import SERIOUS, axe_violations, describe, focused, horizontal_overflow

pytestmark = pytest.mark.browser


def audited_pages():
    """(name, path) of every kind of public page, with the demo data loaded."""
    published = Statement.objects.published()
    with_verdict = next(s for s in published.select_related("verdict") if s.public_verdict)
    retracted = Statement.objects.public().filter(status=Status.RETRACTED).first()
    return [
        ("timeline", reverse("statements:timeline")),
        ("search results", reverse("statements:timeline") + "?q=nato+air&topic=air-defense"),
        ("search with no result", reverse("statements:timeline") + "?q=nosuchwordanywhere"),
        ("invalid filter", reverse("statements:timeline") + "?said_after=yesterday"),
        ("statement with a verdict", with_verdict.get_absolute_url()),
        ("retracted statement", retracted.get_absolute_url()),
        ("speaker", reverse("statements:speaker", args=["volodymyr-zelenskyy"])),
        ("speakers", reverse("statements:speakers")),
        ("topic", reverse("statements:topic", args=["nato"])),
        ("outlet", reverse("statements:outlet", args=["rferl"])),
        ("corrections", reverse("statements:corrections")),
        ("404", "/no-such-page/"),
    ]


def test_axe_finds_no_serious_or_critical_violation(demo, open_page, axe):
    failures = {}
    for viewport_name, viewport in (("desktop", None), ("phone", PHONE)):
        # axe is injected as a script: only a context that bypasses the CSP lets it in.
        page, watch = open_page(bypass_csp=True, **({"viewport": viewport} if viewport else {}))
        pages = audited_pages() if viewport is None else audited_pages()[:1]
        for name, path in pages:
            page.goto(path)
            serious = [v for v in axe_violations(page, axe) if v["impact"] in SERIOUS]
            if serious:
                failures[f"{name} ({viewport_name}) {path}"] = describe(serious)
        watch.assert_quiet()
    assert not failures, "\n\n".join(f"{page}:\n{lines}" for page, lines in failures.items())


def assert_visible_focus(state):
    assert state["outline"] or state["shadow"], f"no visible focus indicator on {state}"
    assert state["onScreen"], f"focused element is off screen: {state}"


def test_keyboard_reaches_skip_link_then_search_box_with_visible_focus(page):
    page.goto(reverse("statements:timeline"))
    page.keyboard.press("Tab")
    state = focused(page)
    assert (state["tag"], state["text"]) == ("a", "Skip to main content")
    assert_visible_focus(state)

    page.keyboard.press("Enter")
    assert page.url.endswith("#content")
    assert focused(page)["id"] == "content"  # focus moved into <main>, past the header
    page.keyboard.press("Tab")
    state = focused(page)
    assert state["id"] == "id_q"  # the timeline's search box comes first in the main content
    assert_visible_focus(state)
    page.keyboard.type("kyiv")
    assert page.get_by_label("Search statements").input_value() == "kyiv"


def test_keyboard_walks_the_header_to_its_search_box_with_visible_focus(page):
    """On other pages the header holds a search box: every stop on the way shows where focus is."""
    page.goto(reverse("statements:corrections"))
    stops = []
    for _ in range(12):
        page.keyboard.press("Tab")
        state = focused(page)
        assert_visible_focus(state)
        stops.append(state["text"] or state["id"])
        if state["id"] == "site-q":
            break
    assert stops[0] == "Skip to main content"
    assert stops[-1] == "site-q", f"search box not reached by Tab: {stops}"
    assert "Timeline" in stops and "Speakers" in stops


def test_phone_width_needs_no_horizontal_scroll(demo, open_page):
    page, watch = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    with_verdict = next(s for s in Statement.objects.published().select_related("verdict") if s.public_verdict)
    paths = [
        reverse("statements:timeline"),
        reverse("statements:timeline") + "?q=nato&topic=air-defense",  # the filter panel open
        with_verdict.get_absolute_url(),
        reverse("statements:speaker", args=["volodymyr-zelenskyy"]),
    ]
    for path in paths:
        page.goto(path)
        overflow = horizontal_overflow(page)
        assert overflow["scrollWidth"] <= overflow["width"], f"{path} scrolls sideways: {overflow}"
    watch.assert_quiet()
