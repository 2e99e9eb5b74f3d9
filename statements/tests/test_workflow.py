"""Every allowed transition, every forbidden one, corrections, concurrency and the audit chain."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from statements import workflow
from statements.content import snapshot
from statements.models import Correction, RevisionState, Statement, StatementEvent, Status, Verdict

from .factories import content_data, in_state, make_published, make_statement, make_user

pytestmark = pytest.mark.django_db


def in_review(editor):
    statement = make_statement(editor)
    return workflow.submit(statement, actor=editor)


def test_new_statement_is_a_draft_with_history(editor):
    statement = make_statement(editor)
    assert statement.status == Status.DRAFT
    assert statement.sources.count() == 1
    assert list(statement.events.values_list("action", "actor")) == [("created", editor.pk)]
    assert statement.revisions.get().state == RevisionState.APPLIED


def test_submit_from_draft(editor):
    assert in_review(editor).status == Status.IN_REVIEW


def test_submit_after_changes_requested(editor, reviewer):
    statement = in_review(editor)
    workflow.request_changes(statement, actor=reviewer, comment="Add the NYT link.")
    assert workflow.submit(statement, actor=editor).status == Status.IN_REVIEW


def test_approve_publishes_and_names_approver(editor, reviewer):
    statement = workflow.approve(in_review(editor), actor=reviewer)
    assert statement.status == Status.PUBLISHED
    assert statement.approved_by == reviewer and statement.published_at
    assert statement.content_hash == statement.live_revision.content_hash
    assert Statement.objects.published().filter(pk=statement.pk).exists()


def test_request_changes_needs_a_comment(editor, reviewer):
    statement = in_review(editor)
    with pytest.raises(ValidationError):
        workflow.request_changes(statement, actor=reviewer, comment="  ")
    returned = workflow.request_changes(statement, actor=reviewer, comment="Check the date.")
    assert returned.status == Status.NEEDS_CHANGES
    assert returned.events.last().comment == "Check the date."


def test_reject_needs_a_reason(editor, reviewer):
    statement = in_review(editor)
    with pytest.raises(ValidationError):
        workflow.reject(statement, actor=reviewer, reason="")
    assert workflow.reject(statement, actor=reviewer, reason="Not a quote.").status == Status.REJECTED


def test_retract_keeps_page_and_leaves_timeline(editor, reviewer):
    statement = make_published(editor, reviewer)
    retracted = workflow.retract(statement, actor=reviewer, reason="The outlet withdrew its report.")
    assert retracted.status == Status.RETRACTED
    assert not Statement.objects.published().filter(pk=statement.pk).exists()
    assert Statement.objects.public().filter(pk=statement.pk).exists()
    note = Correction.objects.get(statement=statement)
    assert note.kind == "retraction" and "withdrew" in note.note


@pytest.mark.parametrize(
    ("action", "state"),
    [
        ("submit", Status.IN_REVIEW), ("submit", Status.PUBLISHED), ("submit", Status.REJECTED),
        ("approve", Status.DRAFT), ("approve", Status.PUBLISHED), ("approve", Status.NEEDS_CHANGES),
        ("request_changes", Status.DRAFT), ("request_changes", Status.PUBLISHED),
        ("reject", Status.DRAFT), ("reject", Status.PUBLISHED),
        ("retract", Status.DRAFT), ("retract", Status.IN_REVIEW), ("retract", Status.RETRACTED),
    ],
)
def test_transition_from_wrong_state_is_refused(editor, reviewer, reviewer2, action, state):
    statement = in_state(state, editor, reviewer)
    actor = editor if action == "submit" else reviewer2
    kwargs = {"comment": "why"} if action == "request_changes" else {}
    kwargs |= {"reason": "why"} if action in ("reject", "retract") else {}
    with pytest.raises(workflow.NotAllowed):
        getattr(workflow, action)(statement, actor=actor, **kwargs)
    assert Statement.objects.get(pk=statement.pk).status == state


@pytest.mark.parametrize("action", ["approve", "request_changes", "reject"])
def test_editor_cannot_decide(editor, action):
    statement = in_review(editor)
    other_editor = make_user("ed2", "editor")
    with pytest.raises(workflow.Forbidden):
        getattr(workflow, action)(statement, actor=other_editor, **({"comment": "x"} if action == "request_changes"
                                                                   else {"reason": "x"} if action == "reject" else {}))


def test_reviewer_only_cannot_create_or_submit(reviewer, editor):
    with pytest.raises(workflow.Forbidden):
        make_statement(reviewer)
    with pytest.raises(workflow.Forbidden):
        workflow.submit(make_statement(editor), actor=reviewer)


def test_plain_user_can_do_nothing(editor):
    nobody = make_user("reader")
    with pytest.raises(workflow.Forbidden):
        make_statement(nobody)
    with pytest.raises(workflow.Forbidden):
        workflow.approve(in_review(editor), actor=nobody)


def test_editor_who_is_reviewer_cannot_approve_own_work(editor_reviewer):
    statement = in_review(editor_reviewer)
    assert "approve" not in workflow.allowed_actions(statement, editor_reviewer)
    with pytest.raises(workflow.Forbidden):
        workflow.approve(statement, actor=editor_reviewer)


def test_reviewer_who_last_changed_cannot_approve(editor, editor_reviewer, reviewer):
    statement = in_review(editor)
    workflow.edit_statement(statement, actor=editor_reviewer, data=content_data(text="Edited by the checker."),
                            expected_version=Statement.objects.get(pk=statement.pk).version)
    with pytest.raises(workflow.Forbidden):
        workflow.approve(statement, actor=editor_reviewer)
    assert workflow.approve(statement, actor=reviewer).status == Status.PUBLISHED


def test_four_eyes_enforced_by_the_database(editor, editor_reviewer):
    statement = make_statement(editor_reviewer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(approved_by=editor_reviewer)


def test_approval_of_a_changed_version_is_refused(editor, reviewer):
    statement = in_review(editor)
    seen = statement.version
    workflow.edit_statement(statement, actor=editor, data=content_data(text="A later wording."),
                            expected_version=seen)
    with pytest.raises(workflow.Conflict):
        workflow.approve(statement, actor=reviewer, expected_version=seen)
    assert Statement.objects.get(pk=statement.pk).status == Status.IN_REVIEW


def test_second_concurrent_edit_is_refused_and_first_kept(editor):
    statement = make_statement(editor)
    loaded = statement.version
    workflow.edit_statement(statement, actor=editor, data=content_data(text="First save wins."),
                            expected_version=loaded)
    other = make_user("ed2", "editor")
    with pytest.raises(workflow.Conflict, match="changed by someone else"):
        workflow.edit_statement(statement, actor=other, data=content_data(text="Second save."),
                                expected_version=loaded)
    assert Statement.objects.get(pk=statement.pk).text == "First save wins."


def test_correction_keeps_public_text_until_approved(editor, reviewer):
    statement = make_published(editor, reviewer, text="Shoot down what's in the sky over Ukrane.")
    original = statement.text
    data = content_data(text="Shoot down what's in the sky over Ukraine.", speaker_id=statement.speaker_id)
    data["sources"] = snapshot(statement)["sources"]
    workflow.edit_statement(statement, actor=editor, data=data, comment="Typo in the quote.",
                            expected_version=statement.version)
    live = Statement.objects.get(pk=statement.pk)
    assert live.text == original and live.status == Status.PUBLISHED
    pending = workflow.pending_revision(live)
    corrected = workflow.approve_revision(live, actor=reviewer, revision_number=pending.number)
    assert corrected.text.endswith("over Ukraine.")
    note = Correction.objects.get(statement=statement)
    assert note.note == "Typo in the quote." and note.changed_fields == ["text"]
    assert corrected.content_hash == pending.content_hash


def test_correction_needs_a_reason_and_a_change(editor, reviewer):
    statement = make_published(editor, reviewer)
    same = snapshot(statement)
    with pytest.raises(ValidationError):
        workflow.edit_statement(statement, actor=editor, data=same, comment="", expected_version=statement.version)
    with pytest.raises(ValidationError):
        workflow.edit_statement(statement, actor=editor, data=same, comment="why", expected_version=statement.version)


def test_proposer_cannot_approve_own_correction(editor_reviewer, editor, reviewer):
    statement = make_published(editor, reviewer)
    data = snapshot(statement) | {"venue": "interview with The New York Times (video)"}
    workflow.edit_statement(statement, actor=editor_reviewer, data=data, comment="Venue detail.",
                            expected_version=statement.version)
    number = workflow.pending_revision(statement).number
    with pytest.raises(workflow.Forbidden):
        workflow.approve_revision(statement, actor=editor_reviewer, revision_number=number)


def test_approving_a_superseded_revision_is_a_conflict(editor, reviewer):
    statement = make_published(editor, reviewer)
    first = snapshot(statement) | {"venue": "first proposal"}
    statement = workflow.edit_statement(statement, actor=editor, data=first, comment="a",
                                        expected_version=statement.version)
    old_number = workflow.pending_revision(statement).number
    second = snapshot(Statement.objects.get(pk=statement.pk)) | {"venue": "second proposal"}
    workflow.edit_statement(statement, actor=editor, data=second, comment="b", expected_version=statement.version)
    with pytest.raises(workflow.Conflict):
        workflow.approve_revision(statement, actor=reviewer, revision_number=old_number)
    assert Statement.objects.get(pk=statement.pk).venue == "interview with The New York Times"


def test_published_statement_cannot_be_deleted(editor, reviewer):
    from django.db.models import ProtectedError

    statement = make_published(editor, reviewer)
    with pytest.raises(ProtectedError):
        statement.delete()
    with pytest.raises(ProtectedError):
        Statement.objects.all().delete()
    with pytest.raises(workflow.NotAllowed):
        workflow.delete_draft(statement, actor=editor)
    assert Statement.objects.filter(pk=statement.pk).exists()


def test_draft_can_be_deleted_and_the_log_remembers(editor):
    statement = make_statement(editor)
    workflow.delete_draft(statement, actor=editor)
    assert not Statement.objects.filter(pk=statement.pk).exists()
    assert StatementEvent.objects.filter(statement_id=statement.pk, action="deleted").exists()


def test_audit_log_is_hash_chained_and_append_only(editor, reviewer):
    statement = make_published(editor, reviewer)
    events = list(statement.events.all())
    assert [e.action for e in events] == ["created", "submit", "approve"]
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    assert workflow.event_hash(events[0].prev_hash, workflow.event_fields(events[0])) == events[0].hash
    with pytest.raises(PermissionError):
        events[0].save()
    with pytest.raises(PermissionError):
        StatementEvent.objects.all().delete()


def test_history_records_actor_and_diff(editor):
    statement = make_statement(editor)
    workflow.edit_statement(statement, actor=editor, data=content_data(text="New words."),
                            expected_version=statement.version, comment="Fixed transcription")
    event = statement.events.get(action="edited")
    assert event.actor == editor and event.comment == "Fixed transcription"
    assert event.changes["text"][1] == "New words."


def test_attribution_and_disputed_needs_note(editor, reviewer):
    statement = in_review(editor)
    with pytest.raises(ValidationError):
        workflow.record_attribution(statement, actor=reviewer, status="disputed")
    checked = workflow.record_attribution(statement, actor=reviewer, status="verified_primary")
    assert checked.attribution_status == "verified_primary"


def test_verdict_is_reviewed_by_someone_else(editor, reviewer, editor_reviewer):
    statement = make_published(editor, reviewer)
    workflow.save_verdict(statement, actor=editor_reviewer, claim="Turkey shot down a Russian aircraft in 2015.",
                          rating="true", summary="Turkish F-16s downed a Russian Su-24 on 24 November 2015.",
                          evidence=[{"url": "https://en.wikipedia.org/wiki/2015_Russian_Sukhoi_Su-24_shootdown"}])
    assert Statement.objects.get(pk=statement.pk).public_verdict is None
    workflow.submit_verdict(statement, actor=editor_reviewer)
    with pytest.raises(workflow.Forbidden):
        workflow.approve_verdict(statement, actor=editor_reviewer)
    verdict = workflow.approve_verdict(statement, actor=reviewer)
    assert Statement.objects.get(pk=statement.pk).public_verdict == verdict
    assert verdict.rating_value == 5


def test_verdict_evidence_must_be_http(editor):
    statement = make_statement(editor)
    with pytest.raises(ValidationError):
        workflow.save_verdict(statement, actor=editor, claim="c", rating="false", summary="s",
                              evidence=[{"url": "javascript:alert(1)"}])
    assert not Verdict.objects.filter(statement=statement).exists()  # the whole save rolled back


def test_edit_validation_errors_change_nothing(editor):
    statement = make_statement(editor)
    bad = content_data(said_on=datetime.date(2024, 5, 14), said_on_precision="month")
    with pytest.raises(ValidationError) as error:
        workflow.edit_statement(statement, actor=editor, data=bad, expected_version=statement.version)
    assert "said_on" in error.value.message_dict
    bad_source = content_data()
    bad_source["sources"][0]["url"] = "javascript:alert(1)"
    with pytest.raises(ValidationError):
        workflow.edit_statement(statement, actor=editor, data=bad_source, expected_version=statement.version)
    fresh = Statement.objects.get(pk=statement.pk)
    assert fresh.version == statement.version and fresh.sources.get().url.startswith("https://")
