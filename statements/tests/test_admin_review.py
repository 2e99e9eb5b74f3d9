"""The reviewer's tools on the desk: source check, attribution, verdicts, queue, my drafts, history."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from statements import workflow
from statements.content import snapshot
from statements.models import Statement, Verdict

from .desk import change_url, desk_url, edit_post, messages_of
from .factories import make_published, make_statement, make_user

pytestmark = pytest.mark.django_db

TURKEY = "Turkey shot down a Russian aircraft in 2015."
SU24 = "https://en.wikipedia.org/wiki/2015_Russian_Sukhoi_Su-24_shootdown"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def submitted(editor, **overrides):
    return workflow.submit(make_statement(editor, **overrides), actor=editor)


def test_reviewer_sees_quote_beside_each_excerpt_with_differences(editor, reviewer):
    statement = submitted(editor, text="Why can't we shoot them all down? Is it defense? Yes.")
    page = signed_in(reviewer).get(change_url(statement)).content.decode()
    assert "The quote beside each source" in page
    assert "<del>all</del>" in page  # in the quote, not in the excerpt
    assert "Differs" in page


def test_matching_excerpt_is_word_for_word(editor, reviewer):
    statement = submitted(editor, text="Why can't we shoot them down? Is it defense? Yes.")
    page = signed_in(reviewer).get(change_url(statement)).content.decode()
    assert "Word for word" in page and "<del>" not in page.split("The quote beside each source")[1]


def test_reviewer_records_attribution(editor, reviewer):
    statement = submitted(editor)
    desk = signed_in(reviewer)
    disputed = desk.post(desk_url("attribution", statement), {"status": "disputed", "note": "",
                                                               "version": statement.version}, follow=True)
    assert any("required" in m for m in messages_of(disputed))
    desk.post(desk_url("attribution", statement), {"status": "verified_primary", "version": statement.version})
    fresh = Statement.objects.get(pk=statement.pk)
    assert fresh.attribution_status == "verified_primary"
    assert fresh.events.last().actor == reviewer


def test_editor_cannot_record_attribution(editor):
    statement = submitted(editor)
    response = signed_in(editor).post(desk_url("attribution", statement), {"status": "verified_primary"}, follow=True)
    assert any("Only a reviewer" in m for m in messages_of(response))
    assert Statement.objects.get(pk=statement.pk).attribution_status == "unchecked"


def test_verdict_written_reviewed_and_published_through_the_desk(editor, reviewer, editor_reviewer):
    statement = make_published(editor, reviewer)
    author = signed_in(editor_reviewer)
    bad = author.post(desk_url("verdict", statement), {
        "claim": TURKEY, "rating": "true", "summary": "Su-24, 24 November 2015.",
        "evidence-TOTAL_FORMS": "1", "evidence-INITIAL_FORMS": "0", "evidence-0-url": "javascript:alert(1)",
    })
    assert bad.status_code == 200 and bad.context["links"].forms[0].errors
    assert not Verdict.objects.exists()
    author.post(desk_url("verdict", statement), {
        "claim": TURKEY, "rating": "true", "summary": "Turkish F-16s downed a Russian Su-24 on 24 November 2015.",
        "evidence-TOTAL_FORMS": "1", "evidence-INITIAL_FORMS": "0", "evidence-0-url": SU24,
    })
    verdict = Verdict.objects.get(statement=statement)
    assert verdict.status == "draft" and verdict.evidence.get().url == SU24
    author.post(desk_url("verdict_action", statement, "submit"))
    own = author.post(desk_url("verdict_action", statement, "approve"), follow=True)
    assert any("another reviewer must approve" in m for m in messages_of(own))
    assert Verdict.objects.get(pk=verdict.pk).status == "in_review"
    signed_in(reviewer).post(desk_url("verdict_action", statement, "approve"))
    assert Statement.objects.get(pk=statement.pk).public_verdict.rating_value == 5


def test_verdict_returned_then_withdrawn_needs_reasons(editor, reviewer):
    statement = make_published(editor, reviewer)
    workflow.save_verdict(statement, actor=editor, claim=TURKEY, rating="true", summary="s")
    workflow.submit_verdict(statement, actor=editor)
    review = signed_in(reviewer)
    review.post(desk_url("verdict_action", statement, "request_changes"), {"comment": "Cite the Turkish MoD."})
    assert Verdict.objects.get().status == "needs_changes"
    workflow.submit_verdict(statement, actor=editor)
    workflow.approve_verdict(statement, actor=reviewer)
    refused = review.post(desk_url("verdict_action", statement, "withdraw"), {"comment": ""}, follow=True)
    assert any("required" in m for m in messages_of(refused)) and Verdict.objects.get().status == "published"
    review.post(desk_url("verdict_action", statement, "withdraw"), {"comment": "New evidence."})
    assert Verdict.objects.get().status == "withdrawn"


def test_review_queue_oldest_first_without_own_work(editor, reviewer, editor_reviewer):
    older = submitted(editor, text="First submitted.")
    own = submitted(editor_reviewer, text="Written by the reviewer.")
    newer = submitted(editor, text="Second submitted.")
    published = make_published(editor, reviewer, text="Published earlier.")
    signed_in(editor).post(change_url(published), edit_post(published, venue="elsewhere", comment="Venue."))
    draft = make_statement(editor, text="Still a draft.")
    page = signed_in(editor_reviewer).get(reverse("admin:statements_statement_review_queue"))
    items = page.context["items"]
    assert [(i["kind"], i["statement"].pk) for i in items] == [
        ("Statement", older.pk), ("Statement", newer.pk), ("Correction", published.pk)]
    html = page.content.decode()
    assert change_url(older) in html and change_url(own) not in html and change_url(draft) not in html


def test_my_drafts_and_returned_to_me(editor, reviewer):
    draft = make_statement(editor, text="My draft.")
    returned = submitted(editor, text="Sent back.")
    workflow.request_changes(returned, actor=reviewer, comment="Which interview? Add the date.")
    someone_elses = make_statement(make_user("ed2", "editor"), text="Not mine.")
    page = signed_in(editor).get(reverse("admin:statements_statement_my_drafts"))
    html = page.content.decode()
    assert change_url(draft) in html and change_url(returned) in html and change_url(someone_elses) not in html
    assert "Which interview? Add the date." in html and str(reviewer) in html


def test_history_shows_actor_comment_and_diff(editor, reviewer):
    statement = make_statement(editor, text="Shoot down what is in the sky.")
    signed_in(editor).post(change_url(statement), edit_post(
        statement, text="Shoot down what's in the sky over Ukraine.", comment="Fixed transcription"))
    workflow.submit(statement, actor=editor)
    page = signed_in(reviewer).get(reverse("admin:statements_statement_history", args=[statement.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Fixed transcription" in html and ">ed<" in html
    assert "<del>what is</del>" in html and "<ins>what&#x27;s</ins>" in html
    assert [row["event"].action for row in page.context["events"]] == ["created", "edited", "submit"]


def test_compare_any_two_versions_and_with_live(editor, reviewer):
    statement = make_published(editor, reviewer, venue="interview with The New York Times")
    signed_in(editor).post(change_url(statement), edit_post(statement, venue="video interview", comment="Venue."))
    desk = signed_in(reviewer)
    url = desk_url("compare", statement)
    with_live = desk.get(url, {"a": "live", "b": "2"})
    assert [row["label"] for row in with_live.context["changes"]] == ["venue"]
    assert "<ins>video</ins>" in with_live.content.decode()
    same = desk.get(url, {"a": "1", "b": "live"})
    assert same.context["changes"] == [] and "No differences" in same.content.decode()
    assert desk.get(url, {"a": "99"}).status_code == 404


def test_history_is_for_the_desk_only(client, editor):
    statement = make_statement(editor)
    client.force_login(make_user("staffer", is_staff=True))
    assert client.get(reverse("admin:statements_statement_history", args=[statement.pk])).status_code == 403
    assert client.get(desk_url("compare", statement)).status_code == 403


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_desk_pages_do_not_query_per_row(editor, reviewer, reviewer2):
    """History, compare, queue and my-drafts pages cost the same with 1 or 6 events / items."""
    def pages():
        desk = signed_in(reviewer2)
        return [_queries(desk, url) for url in (
            reverse("admin:statements_statement_history", args=[statement.pk]), desk_url("compare", statement),
            reverse("admin:statements_statement_review_queue"), reverse("admin:statements_statement_my_drafts"))]

    statement = make_published(editor, reviewer)
    submitted(editor)
    few = pages()
    for i in range(5):
        statement = workflow.edit_statement(
            statement, actor=editor, data=snapshot(statement) | {"venue": f"venue {i}"}, comment=f"why {i}",
            expected_version=Statement.objects.get(pk=statement.pk).version)
        submitted(editor, text=f"Another statement {i}.")
    assert pages() == few
