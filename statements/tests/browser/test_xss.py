"""Issue 8 item 17 in a real browser: script-like text in every field is shown as text, and never runs.

The pages are loaded in a context that bypasses the Content-Security-Policy, so that escaping alone
is under test (the CSP is the second wall; its header is checked separately on every response).
"""

import pytest
from django.urls import reverse

from statements.models import Speaker
from statements.tests.factories import content_data, make_published, make_user

from .helpers import entry_speakers, json_ld

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '"><img src=x onerror="window.__xss=1">',
    "{{7*7}}",
]
PASSWORD = "pw-for-tests-only"

INJECTED_JS = """() => ({
  flag: typeof window.__xss,
  scripts: [...document.scripts].filter(s => s.type !== 'application/ld+json' && s.text.includes('__xss')).length,
  images: document.querySelectorAll('img[src="x"], [onerror]').length,
})"""


@pytest.fixture
def payload_statements():
    """One published statement per payload, with the payload in its text, speaker, role, venue and source title."""
    editor, reviewer = make_user("xss-ed", "editor"), make_user("xss-rev", "reviewer")
    statements = []
    for n, payload in enumerate(PAYLOADS):
        speaker = Speaker.objects.create(name=payload, slug=f"xss-speaker-{n}")
        data = content_data(
            speaker=speaker, text=f"Statement {n}: {payload}", speaker_role=payload, venue=payload, context=payload,
        )
        data["sources"][0]["title"] = payload
        statements.append(make_published(editor, reviewer, **data))
    return statements


def assert_nothing_ran(page, response):
    """No payload ran or became an element, and the Content-Security-Policy header is there."""
    assert page.evaluate(INJECTED_JS) == {"flag": "undefined", "scripts": 0, "images": 0}, page.url
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy, (page.url, policy)


def assert_inert(page, response, payload):
    """Nothing ran, and the payload reads as text."""
    assert_nothing_ran(page, response)
    assert payload in page.locator("body").inner_text(), f"payload not shown as text on {page.url}"


def test_payloads_are_shown_as_text_and_never_run_on_public_pages(payload_statements, open_page):
    page, watch = open_page(bypass_csp=True)
    response = page.goto(reverse("statements:timeline"))
    for payload in PAYLOADS:
        assert_inert(page, response, payload)
    assert sorted(entry_speakers(page)) == sorted(PAYLOADS)

    for statement, payload in zip(payload_statements, PAYLOADS, strict=True):
        response = page.goto(statement.get_absolute_url())
        assert_inert(page, response, payload)
        assert page.locator("blockquote.quote").first.inner_text() == statement.text
        quotation = next(node for node in json_ld(page) if node["@type"] == "Quotation")
        assert quotation["text"] == statement.text and quotation["creator"]["name"] == payload

        response = page.goto(statement.speaker.get_absolute_url())
        assert_inert(page, response, payload)
        assert page.locator("h1").inner_text() == payload

        page.goto(reverse("statements:timeline"))
        page.get_by_role("search", name="Search and filter statements").get_by_label("Search statements").fill(payload)
        with page.expect_navigation() as navigation:
            page.get_by_label("Search statements").press("Enter")
        assert_inert(page, navigation.value, payload)
        assert page.get_by_label("Search statements").input_value() == payload
    watch.assert_quiet()


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_payloads_are_inert_on_the_desk_change_page(payload_statements, open_page, role):
    """A reviewer sees the statement read-only; an editor gets form fields holding the payloads as values."""
    make_user("xss-desk", role, password=PASSWORD)
    page, watch = open_page(bypass_csp=True)
    page.goto(reverse("admin:login"))
    page.get_by_label("Username").fill("xss-desk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    for statement, payload in zip(payload_statements, PAYLOADS, strict=True):
        response = page.goto(reverse("admin:statements_statement_change", args=[statement.pk]))
        assert response.status == 200
        if role == "editor":
            assert_nothing_ran(page, response)
            assert page.locator("#id_text").input_value() == statement.text
            assert page.locator("#id_venue").input_value() == payload
            assert page.locator("#id_speaker_role").input_value() == payload
        else:
            assert_inert(page, response, payload)
    watch.assert_quiet()
