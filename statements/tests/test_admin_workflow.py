"""Review through the desk: every allowed and forbidden transition, corrections, concurrency."""

import pytest
from django.test import Client

from statements import workflow
from statements.content import snapshot
from statements.models import Correction, Revision, RevisionState, Statement, Status

from .desk import change_url, desk_url, edit_post, form_post, messages_of, served_post
from .factories import in_state, make_published, make_statement, make_user

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def press(user, statement, action, comment="", version=None):
    """Press a transition button on the statement page, as `user`; returns the page it leads to."""
    version = Statement.objects.get(pk=statement.pk).version if version is None else version
    return signed_in(user).post(desk_url("transition", statement, action),
                                {"comment": comment, "version": version}, follow=True)


def status_of(statement):
    return Statement.objects.get(pk=statement.pk).status


# ---------------------------------------------------------------- allowed


@pytest.mark.parametrize(("start", "action", "actor", "comment", "end"), [
    (Status.DRAFT, "submit", "editor", "", Status.IN_REVIEW),
    (Status.NEEDS_CHANGES, "submit", "editor", "Fixed the date.", Status.IN_REVIEW),
    (Status.IN_REVIEW, "approve", "reviewer2", "Checked against the NYT video.", Status.PUBLISHED),
    (Status.IN_REVIEW, "request_changes", "reviewer2", "Add the NYT link.", Status.NEEDS_CHANGES),
    (Status.IN_REVIEW, "reject", "reviewer2", "Not a statement: a headline.", Status.REJECTED),
    (Status.PUBLISHED, "retract", "reviewer2", "The outlet withdrew its report.", Status.RETRACTED),
])
def test_allowed_transition_through_the_desk(editor, reviewer, reviewer2, start, action, actor, comment, end):
    statement = in_state(start, editor, reviewer)
    user = {"editor": editor, "reviewer2": reviewer2}[actor]
    page = signed_in(user).get(change_url(statement)).content.decode()
    assert desk_url("transition", statement, action) in page  # the button is there
    response = press(user, statement, action, comment)
    assert response.status_code == 200
    assert status_of(statement) == end
    event = Statement.objects.get(pk=statement.pk).events.last()
    assert (event.action, event.actor, event.comment) == (action, user, comment)
    assert not [m for m in messages_of(response) if "cannot" in m.lower() or "only" in m.lower()]


# ---------------------------------------------------------------- forbidden


@pytest.mark.parametrize(("start", "action"), [
    (Status.IN_REVIEW, "submit"), (Status.PUBLISHED, "submit"),
    (Status.DRAFT, "approve"), (Status.PUBLISHED, "approve"),
    (Status.DRAFT, "request_changes"), (Status.REJECTED, "reject"),
    (Status.IN_REVIEW, "retract"), (Status.RETRACTED, "retract"),
])
def test_transition_from_wrong_state_is_refused(editor, reviewer, reviewer2, start, action):
    statement = in_state(start, editor, reviewer)
    user = editor if action == "submit" else reviewer2
    response = press(user, statement, action, comment="because")
    assert any(m.startswith("Cannot") for m in messages_of(response)), messages_of(response)
    assert status_of(statement) == start


@pytest.mark.parametrize("action", ["approve", "request_changes", "reject"])
def test_editor_cannot_decide(editor, action):
    statement = in_state(Status.IN_REVIEW, editor, None)
    other_editor = make_user("ed2", "editor")
    assert desk_url("transition", statement, action) not in signed_in(other_editor).get(
        change_url(statement)).content.decode()
    response = press(other_editor, statement, action, comment="because")
    assert any("Only a reviewer" in m for m in messages_of(response))
    assert status_of(statement) == Status.IN_REVIEW


def test_reviewer_cannot_submit(editor, reviewer):
    statement = make_statement(editor)
    response = press(reviewer, statement, "submit")
    assert any("Only an editor" in m for m in messages_of(response))
    assert status_of(statement) == Status.DRAFT


def test_self_approval_is_refused(editor_reviewer):
    statement = in_state(Status.IN_REVIEW, editor_reviewer, None)
    page = signed_in(editor_reviewer).get(change_url(statement)).content.decode()
    assert desk_url("transition", statement, "approve") not in page
    response = press(editor_reviewer, statement, "approve")
    assert any("another reviewer must approve" in m for m in messages_of(response))
    assert status_of(statement) == Status.IN_REVIEW


def test_comment_is_required_to_return_or_reject(editor, reviewer):
    statement = in_state(Status.IN_REVIEW, editor, None)
    for action in ("request_changes", "reject"):
        response = press(reviewer, statement, action, comment="  ")
        assert any("required" in m for m in messages_of(response))
    assert status_of(statement) == Status.IN_REVIEW


def test_approving_a_version_changed_since_loading_is_refused(editor, reviewer):
    statement = in_state(Status.IN_REVIEW, editor, None)
    seen = statement.version
    signed_in(editor).post(change_url(statement), edit_post(statement, text="A later wording."))
    response = press(reviewer, statement, "approve", version=seen)
    assert any("changed by someone else" in m for m in messages_of(response))
    assert status_of(statement) == Status.IN_REVIEW


def test_transitions_need_post_and_a_desk_account(editor):
    statement = make_statement(editor)
    assert signed_in(editor).get(desk_url("transition", statement, "submit")).status_code == 405
    staffer = make_user("staffer", is_staff=True)
    assert signed_in(staffer).post(desk_url("transition", statement, "submit")).status_code == 403
    assert status_of(statement) == Status.DRAFT


# ---------------------------------------------------------------- corrections


def test_correction_flow_end_to_end(editor, reviewer):
    statement = make_published(editor, reviewer, text="Shoot down what's in the sky over Ukrane.")
    desk = signed_in(editor)
    corrected = "Shoot down what's in the sky over Ukraine."
    missing_why = desk.post(change_url(statement), edit_post(statement, text=corrected))
    assert missing_why.status_code == 200 and "correction" in str(missing_why.context["adminform"].form.errors)
    assert not Revision.objects.filter(state=RevisionState.PENDING).exists()

    response = desk.post(change_url(statement), edit_post(statement, text=corrected, comment="Typo in the quote."),
                         follow=True)
    assert any("proposed correction" in m for m in messages_of(response))
    public = Statement.objects.public().get(pk=statement.pk)
    assert public.text.endswith("Ukrane.") and public.status == Status.PUBLISHED  # public keeps the approved text
    assert not Correction.objects.exists()

    # The reviewer sees the proposal beside the live text, then approves it.
    review = signed_in(reviewer)
    page = review.get(change_url(statement)).content.decode()
    assert "<del>Ukrane.</del>" in page and "<ins>Ukraine.</ins>" in page
    revision = workflow.pending_revision(statement)
    response = review.post(desk_url("revision", statement, "approve"), {"revision": revision.number}, follow=True)
    assert any("Correction approved" in m for m in messages_of(response))
    assert Statement.objects.public().get(pk=statement.pk).text.endswith("Ukraine.")
    note = Correction.objects.get(statement=statement)
    assert (note.note, note.changed_fields, note.approved_by) == ("Typo in the quote.", ["text"], reviewer)


NYT_URL = "https://www.nytimes.com/2024/05/20/world/europe/zelensky-interview.html"


def test_an_editor_reopening_a_proposal_edits_it_and_keeps_its_changes(editor, reviewer):
    statement = make_published(editor, reviewer)
    proposal = snapshot(statement)
    proposal["sources"] = [*proposal["sources"], {**proposal["sources"][0], "url": NYT_URL, "excerpt": ""}]
    desk = signed_in(editor)
    desk.post(change_url(statement), form_post(
        {**proposal, "venue": "interview with The New York Times (video)"},
        version=statement.version, comment="The NYT's own video."))
    assert workflow.pending_revision(statement).number == 2

    served = desk.get(change_url(statement))
    assert served.context["adminform"].form["venue"].value() == "interview with The New York Times (video)"
    assert served.context["adminform"].form["comment"].value() == "The NYT's own video."
    assert NYT_URL in served.content.decode()  # the proposal's second source, not only the live one
    reviewer_page = signed_in(reviewer).get(change_url(statement)).content.decode()
    assert '<div class="readonly">interview with The New York Times</div>' in reviewer_page  # live, read-only

    desk.post(change_url(statement), served_post(served, text="Why can't we shoot them down? Yes."))
    latest = workflow.pending_revision(statement)
    assert latest.number == 3 and latest.data["text"] == "Why can't we shoot them down? Yes."
    assert latest.data["venue"] == "interview with The New York Times (video)"  # the first proposal's change kept
    assert [s["url"] for s in latest.data["sources"]][1] == NYT_URL
    assert Statement.objects.get(pk=statement.pk).venue == "interview with The New York Times"  # live unchanged


def test_proposer_cannot_approve_own_correction(editor_reviewer, editor, reviewer):
    statement = make_published(editor, reviewer)
    signed_in(editor_reviewer).post(change_url(statement), edit_post(
        statement, venue="interview with The New York Times (video)", comment="Venue detail."))
    revision = workflow.pending_revision(statement)
    assert revision is not None
    response = signed_in(editor_reviewer).post(
        desk_url("revision", statement, "approve"), {"revision": revision.number}, follow=True)
    assert any("another reviewer must approve" in m for m in messages_of(response))
    assert Statement.objects.get(pk=statement.pk).venue == "interview with The New York Times"


def test_reviewer_rejects_a_correction(editor, reviewer):
    statement = make_published(editor, reviewer)
    signed_in(editor).post(change_url(statement), edit_post(statement, venue="somewhere else", comment="why"))
    number = workflow.pending_revision(statement).number
    review = signed_in(reviewer)
    response = review.post(desk_url("revision", statement, "reject"), {"revision": number, "comment": ""}, follow=True)
    assert any("required" in m for m in messages_of(response))
    review.post(desk_url("revision", statement, "reject"), {"revision": number, "comment": "The venue was right."})
    assert Revision.objects.get(statement=statement, number=number).state == RevisionState.REJECTED
    assert Statement.objects.get(pk=statement.pk).venue == "interview with The New York Times"


# ---------------------------------------------------------------- concurrency


def test_second_of_two_concurrent_edits_is_refused_and_first_kept(editor):
    statement = make_statement(editor)
    other = make_user("ed2", "editor")
    first, second = signed_in(editor), signed_in(other)
    first_form, second_form = edit_post(statement, text="First save wins."), edit_post(statement, text="Second.")
    assert first.get(change_url(statement)).status_code == second.get(change_url(statement)).status_code == 200

    assert first.post(change_url(statement), first_form).status_code == 302
    response = second.post(change_url(statement), second_form)
    assert response.status_code == 200
    page = response.content.decode()
    assert "changed by someone else" in page
    assert "Second." in page  # the second editor's text is still on the screen
    fresh = Statement.objects.get(pk=statement.pk)
    assert fresh.text == "First save wins." and fresh.sources.count() == 1
    assert fresh.events.filter(action="edited").count() == 1


def test_edit_of_a_rejected_statement_is_refused(editor, reviewer):
    statement = in_state(Status.REJECTED, editor, reviewer)
    response = signed_in(editor).post(change_url(statement), edit_post(statement, text="Try again."))
    assert response.status_code == 403
    assert Statement.objects.get(pk=statement.pk).text != "Try again."
