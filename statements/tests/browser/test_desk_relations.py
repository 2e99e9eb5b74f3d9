"""The desk's related-statements inline in a real browser: the admin's autocomplete (select2) finds a
published statement, the save becomes a proposed correction, another reviewer approves it, the public sees it."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from statements.models import Statement
from statements.tests.factories import make_published, make_speaker, make_statement, make_user

pytestmark = pytest.mark.browser

PASSWORD = "pw-for-tests-only"


def sign_in(open_page, username):
    page, watch = open_page()
    page.goto(reverse("admin:login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return page, watch


def test_an_editor_relates_a_published_statement_and_a_reviewer_approves_it(open_page):
    editor, reviewer = make_user("desk-ed", "editor"), make_user("desk-rev", "reviewer")
    make_user("desk-rev2", "reviewer")
    target = make_published(editor, reviewer)  # Zelenskyy: "Why can't we shoot them down? …"
    statement = make_published(editor, reviewer, speaker=make_speaker("Dmitry Peskov"),
                               text="Nobody will shoot down our missiles.")
    make_statement(editor, text="A draft nobody may link to: shoot them all.")

    page, watch = sign_in(open_page, "desk-ed")
    page.goto(reverse("admin:statements_statement_change", args=[statement.pk]))
    page.locator("#id_relations-0-type").select_option("contradicts")
    page.locator("#relations-0 .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill("shoot them")
    option = page.locator(".select2-results__option", has_text="Volodymyr Zelenskyy")
    option.wait_for()
    page.locator(".select2-results__option.loading-results").wait_for(state="detached")
    offered = page.locator(".select2-results__option").all_inner_texts()
    assert offered and not [text for text in offered if "draft" in text]  # a draft with the same words is not offered
    option.click()
    page.locator("#id_comment").fill("Peskov answered this statement.")
    page.locator("input[name=_continue]").click()
    expect(page.get_by_text(re.compile("Saved as proposed correction"))).to_be_visible()
    watch.assert_quiet()

    page, watch = sign_in(open_page, "desk-rev2")
    page.goto(reverse("admin:statements_statement_change", args=[statement.pk]))
    row = page.locator(".desk-changes tr", has_text="Related statements")
    assert f"Contradicts #{target.pk} (Volodymyr Zelenskyy)" in row.inner_text()
    page.get_by_role("button", name="Approve correction").click()
    watch.assert_quiet()

    page, watch = open_page()
    page.goto(Statement.objects.get(pk=statement.pk).get_absolute_url())
    related = page.locator("ul.related")
    assert "Contradicts" in related.inner_text() and "Why can" in related.inner_text()
    related.get_by_role("link").click()
    assert page.url.endswith(target.get_absolute_url())
    watch.assert_quiet()
