"""A Hypothesis state machine over the whole workflow, with random actors (issue 8, "Fuzzing").

Random editors and reviewers create, edit, submit, approve, request changes, reject, correct
(propose + approve a revision) and retract, sometimes with a stale version. A small shadow
model predicts, for every step, whether the workflow must accept or refuse it and with which
error; after every step the invariants are checked against the database:

- the public set is exactly the approved versions (published statements' columns equal their
  live revision, and the text equals what the shadow says was last approved);
- nobody approved their own work, for statements and corrections alike;
- each statement's history only grows (earlier events unchanged), and verify_archive is clean.
"""

from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)

from statements import content, workflow
from statements.integrity import verify_archive
from statements.models import Revision, RevisionState, Statement, StatementEvent, Status
from statements.roles import is_editor, is_reviewer

from .factories import content_data, make_speaker, make_user

TEXTS = st.sampled_from([
    "We will not give up an inch.",
    "Why can't we shoot them down?",
    "Ми не здамося.",
    "نحن ندعم السلام",
    "Shoot down what's in the sky over Ukraine.",
])
# Actors 0-1 edit, 2-3 review, 4 does both. Steps mostly pick someone with the right role (else
# nearly every step is a refusal), sometimes anyone; versions are mostly fresh, sometimes stale.
ANYONE = st.integers(0, 4)
EDITOR = st.one_of(st.sampled_from([0, 1, 4]), ANYONE)
REVIEWER = st.one_of(st.sampled_from([2, 3, 4]), ANYONE)
STALE = st.sampled_from([False, False, False, True])
# Rejection and retraction end a statement's life: drawn as often as the rest, they would leave
# few statements to correct, so three times in four these steps do nothing.
RARELY = st.sampled_from([True, False, False, False])
EDITABLE = {Status.DRAFT, Status.NEEDS_CHANGES, Status.IN_REVIEW}


@dataclass
class Shadow:
    """What the workflow should hold for one statement, kept by the test alone."""

    status: str
    created_by: int
    last_edited_by: int
    text: str
    public_text: str | None = None
    pending: tuple | None = None  # (text, proposer id)


class WorkflowMachine(RuleBasedStateMachine):
    statements = Bundle("statements")

    def __init__(self, actors, speaker):
        super().__init__()
        self.actors, self.speaker = actors, speaker
        self.shadow, self.history = {}, {}
        # Each example runs in a savepoint rolled back in teardown: examples never see each other.
        self.atomic = transaction.atomic()
        self.atomic.__enter__()

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    # ---------------------------------------------------------------- helpers

    def attempt(self, expected, call):
        """Run one workflow call; it must succeed when `expected` is None, else raise exactly `expected`."""
        try:
            result = call()
        except (workflow.WorkflowError, ValidationError) as error:
            assert expected is not None and isinstance(error, expected), f"unexpected refusal: {error!r}"
            event(f"refused: {type(error).__name__}")
            return None
        assert expected is None, f"expected {expected.__name__}, but the workflow accepted the step"
        event("accepted")
        return result

    def version(self, pk, stale):
        current = Statement.objects.get(pk=pk).version
        return current - 1 if stale and current > 1 else current

    def is_stale(self, pk, stale):
        return stale and Statement.objects.get(pk=pk).version > 1

    # ---------------------------------------------------------------- rules

    @initialize(target=statements, text=TEXTS)
    def published(self, text):
        """Every run starts with one published statement, so corrections and retraction come early."""
        editor, reviewer = self.actors[0], self.actors[2]
        statement = workflow.create_statement(actor=editor, data=content_data(speaker=self.speaker, text=text))
        workflow.submit(statement, actor=editor)
        workflow.approve(statement, actor=reviewer)
        self.shadow[statement.pk] = Shadow(Status.PUBLISHED, editor.pk, editor.pk, text, public_text=text)
        return statement.pk

    @initialize(target=statements, text=TEXTS)
    def in_review(self, text):
        """And one waiting for review, so approval races with edits from the first steps."""
        editor = self.actors[1]
        statement = workflow.create_statement(actor=editor, data=content_data(speaker=self.speaker, text=text))
        workflow.submit(statement, actor=editor)
        self.shadow[statement.pk] = Shadow(Status.IN_REVIEW, editor.pk, editor.pk, text)
        return statement.pk

    @precondition(lambda self: len(self.shadow) < 4)  # a few statements, each taken far along its life
    @rule(target=statements, actor=EDITOR, text=TEXTS)
    def create(self, actor, text):
        user = self.actors[actor]
        data = content_data(speaker=self.speaker, text=text)
        expected = None if is_editor(user) else workflow.Forbidden
        statement = self.attempt(expected, lambda: workflow.create_statement(actor=user, data=data))
        if statement is None:
            return multiple()
        self.shadow[statement.pk] = Shadow(Status.DRAFT, user.pk, user.pk, text)
        return statement.pk

    @rule(pk=statements, actor=EDITOR, text=TEXTS, stale=STALE)
    def edit(self, pk, actor, text, stale):
        user, shadow = self.actors[actor], self.shadow[pk]
        statement = Statement.objects.get(pk=pk)
        data = content.snapshot(statement) | {"text": text}
        expected = self._edit_outcome(user, shadow, text, self.is_stale(pk, stale))
        version = self.version(pk, stale)
        done = self.attempt(expected, lambda: workflow.edit_statement(
            statement, actor=user, data=data, expected_version=version, comment="Transcription checked."))
        if done is None:
            return
        if shadow.status == Status.PUBLISHED:
            shadow.pending = (text, user.pk)
        elif text != shadow.text:
            shadow.text, shadow.last_edited_by = text, user.pk

    def _edit_outcome(self, user, shadow, text, stale):
        if not is_editor(user):
            return workflow.Forbidden
        if stale:
            return workflow.Conflict
        if shadow.status == Status.PUBLISHED:
            return ValidationError if text == shadow.text else None
        return None if shadow.status in EDITABLE else workflow.NotAllowed

    @rule(pk=statements, actor=EDITOR)
    def submit(self, pk, actor):
        self._transition(pk, actor, "submit", {}, is_editor, {Status.DRAFT, Status.NEEDS_CHANGES},
                         Status.IN_REVIEW)

    @rule(pk=statements, actor=REVIEWER, stale=STALE)
    def approve(self, pk, actor, stale):
        self._transition(pk, actor, "approve", {}, is_reviewer, {Status.IN_REVIEW}, Status.PUBLISHED, stale)

    @rule(pk=statements, actor=REVIEWER, go=RARELY)
    def request_changes(self, pk, actor, go):
        if not go:
            return
        self._transition(pk, actor, "request_changes", {"comment": "Add the primary source."}, is_reviewer,
                         {Status.IN_REVIEW}, Status.NEEDS_CHANGES)

    @rule(pk=statements, actor=REVIEWER, go=RARELY)
    def reject(self, pk, actor, go):
        if not go:
            return
        self._transition(pk, actor, "reject", {"reason": "Not a quote."}, is_reviewer, {Status.IN_REVIEW},
                         Status.REJECTED)

    @rule(pk=statements, actor=REVIEWER, go=RARELY)
    def retract(self, pk, actor, go):
        if not go:
            return
        self._transition(pk, actor, "retract", {"reason": "The outlet withdrew its report."}, is_reviewer,
                         {Status.PUBLISHED}, Status.RETRACTED)

    def _transition(self, pk, actor, action, kwargs, role, sources, target, stale=False):
        user, shadow = self.actors[actor], self.shadow[pk]
        if not role(user):
            expected = workflow.Forbidden
        elif self.is_stale(pk, stale):
            expected = workflow.Conflict
        elif shadow.status not in sources:
            expected = workflow.NotAllowed
        elif action == "approve" and user.pk in (shadow.created_by, shadow.last_edited_by):
            expected = workflow.Forbidden
        else:
            expected = None
        version = self.version(pk, stale) if stale else None
        done = self.attempt(expected, lambda: getattr(workflow, action)(
            Statement.objects.get(pk=pk), actor=user, expected_version=version, **kwargs))
        if done is not None:
            shadow.status = target
            if target == Status.PUBLISHED:
                shadow.public_text = shadow.text

    @rule(pk=statements, actor=REVIEWER, stale=STALE)
    def approve_correction(self, pk, actor, stale):
        user, shadow = self.actors[actor], self.shadow[pk]
        if shadow.status == Status.RETRACTED and shadow.pending:
            # What should happen here is still open (test_integrity.py, a retraction ends pending corrections).
            return
        pending = workflow.pending_revision(Statement.objects.get(pk=pk))
        number = (pending.number - 1 if stale else pending.number) if pending else None
        if not is_reviewer(user):
            expected = workflow.Forbidden
        elif shadow.pending is None:
            expected = workflow.NotAllowed
        elif stale:
            expected = workflow.Conflict
        elif shadow.pending[1] == user.pk:
            expected = workflow.Forbidden
        else:
            expected = None
        done = self.attempt(expected, lambda: workflow.approve_revision(
            Statement.objects.get(pk=pk), actor=user, revision_number=number))
        if done is not None:
            shadow.text, shadow.last_edited_by = shadow.pending
            shadow.public_text, shadow.pending = shadow.text, None

    # ---------------------------------------------------------------- invariants

    @invariant()
    def public_set_is_the_approved_versions(self):
        public = dict(Statement.objects.published().values_list("pk", "text"))
        expected = {pk: s.public_text for pk, s in self.shadow.items() if s.status == Status.PUBLISHED}
        assert public == expected
        for statement in Statement.objects.public().select_related("live_revision"):
            assert content.snapshot(statement) == statement.live_revision.data
            assert statement.content_hash == statement.live_revision.content_hash

    @invariant()
    def statuses_match_the_shadow(self):
        assert dict(Statement.objects.values_list("pk", "status")) == {
            pk: s.status for pk, s in self.shadow.items()
        }

    @invariant()
    def nobody_approved_their_own_work(self):
        for approver, author, editor in Statement.objects.exclude(approved_by=None).values_list(
            "approved_by", "created_by", "last_edited_by"
        ):
            assert approver not in (author, editor)
        decided = Revision.objects.filter(state=RevisionState.APPLIED).exclude(decided_by=None)
        for decider, proposer in decided.values_list("decided_by", "created_by"):
            assert decider != proposer

    @invariant()
    def history_only_grows_and_verifies(self):
        for pk in self.shadow:
            events = list(StatementEvent.objects.filter(statement_id=pk).values_list("pk", "hash"))
            before = self.history.get(pk, [])
            assert events[: len(before)] == before
            self.history[pk] = events
        report = verify_archive()
        assert report.ok, report.problems


@pytest.mark.django_db
def test_workflow_state_machine():
    actors = [
        make_user("sm-editor-1", "editor"), make_user("sm-editor-2", "editor"),
        make_user("sm-reviewer-1", "reviewer"), make_user("sm-reviewer-2", "reviewer"),
        make_user("sm-both", "editor", "reviewer"),
    ]
    speaker = make_speaker()
    run_state_machine_as_test(
        lambda: WorkflowMachine(actors, speaker),
        settings=settings(max_examples=30, stateful_step_count=20, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow]),
    )
