"""Every change of a statement's state, and every edit, goes through a verb here.

Each verb: lock the row, check the transition map and the actor's role, write the change
and an audit event in one transaction, and schedule side effects (mail, cache) after commit.
Nothing else in the code base sets `status`.
"""

import copy
import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import content, notify, signals, validators
from .content import canonical_json
from .models import (
    AttributionStatus,
    Correction,
    EvidenceLink,
    RelationType,
    Revision,
    RevisionState,
    Statement,
    StatementEvent,
    Status,
    Verdict,
    VerdictStatus,
)
from .roles import is_editor, is_reviewer


class WorkflowError(Exception):
    """A refused change; `code` maps to an HTTP status in the API and to a message on the desk."""

    code = 409

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotAllowed(WorkflowError):
    """The transition is not allowed from the current state."""


class Forbidden(WorkflowError):
    """The actor's role does not allow it (including approving one's own work)."""

    code = 403


class Conflict(WorkflowError):
    """Someone else changed the statement since the actor loaded it."""


# action -> (states it may start from, state it leads to, role check)
TRANSITIONS = {
    "submit": ({Status.DRAFT, Status.NEEDS_CHANGES}, Status.IN_REVIEW, is_editor),
    "approve": ({Status.IN_REVIEW}, Status.PUBLISHED, is_reviewer),
    "request_changes": ({Status.IN_REVIEW}, Status.NEEDS_CHANGES, is_reviewer),
    "reject": ({Status.IN_REVIEW}, Status.REJECTED, is_reviewer),
    "retract": ({Status.PUBLISHED}, Status.RETRACTED, is_reviewer),
}
EDITABLE = {Status.DRAFT, Status.NEEDS_CHANGES, Status.IN_REVIEW}
ROLE_NAMES = {is_editor: "an editor", is_reviewer: "a reviewer"}


def allowed_actions(statement, user):
    """The transitions `user` may take now: the desk shows one button for each."""
    actions = [
        name
        for name, (sources, _, role) in TRANSITIONS.items()
        if statement.status in sources and role(user)
    ]
    if "approve" in actions and _is_own_work(statement, user):
        actions.remove("approve")
    return actions


# ---------------------------------------------------------------- content edits


def create_statement(*, actor, data, now=None, external_id=""):
    """A new draft from a content dict (see statements.content); returns the saved statement."""
    _require(actor, is_editor, "create statements")
    now = now or timezone.now()
    data = content.normalise(data)
    with transaction.atomic():
        statement = Statement(created_by=actor, last_edited_by=actor, updated_at=now, external_id=external_id)
        _validate_and_apply(statement, data)
        revision = _new_revision(statement, data, actor, now, RevisionState.APPLIED, comment="Created")
        _record(statement, "created", actor, now, to_status=statement.status, revision=revision)
        signals.content_changed.send(sender=Statement, statement=statement)
    return statement


def edit_statement(statement, *, actor, data, expected_version, comment="", now=None):
    """Edit a statement's content.

    Unpublished: applied at once. Published: stored as a pending revision; the public keeps
    the approved text until a reviewer approves it. `expected_version` is the version the
    actor loaded: if someone saved since, the edit is refused and nothing of theirs is lost.
    """
    _require(actor, is_editor, "edit statements")
    now = now or timezone.now()
    data = content.normalise(data)
    with transaction.atomic():
        statement = _lock(statement, expected_version)
        if statement.status == Status.PUBLISHED:
            return _propose_revision(statement, data, actor, comment, now)
        if statement.status not in EDITABLE:
            raise NotAllowed(f"A {statement.get_status_display().lower()} statement cannot be edited.")
        _validate(statement, data)
        changes = content.diff(content.snapshot(statement), data)
        if not changes:
            return statement
        content.apply(statement, data)
        statement.last_edited_by, statement.updated_at = actor, now
        _bump(statement, "last_edited_by", "updated_at")
        revision = _new_revision(statement, data, actor, now, RevisionState.APPLIED, comment)
        _record(statement, "edited", actor, now, comment=comment, changes=changes, revision=revision)
        signals.content_changed.send(sender=Statement, statement=statement)
    return statement


def _propose_revision(statement, data, actor, comment, now):
    if not comment.strip():
        raise ValidationError({"comment": ["Say why the published statement needs this correction."]})
    _validate(statement, data)
    live = content.snapshot(statement)
    changes = content.diff(live, data)
    if not changes:
        raise ValidationError({"__all__": ["Nothing changed: the proposal equals the published version."]})
    Revision.objects.filter(statement=statement, state=RevisionState.PENDING).update(
        state=RevisionState.SUPERSEDED
    )
    revision = _new_revision(statement, data, actor, now, RevisionState.PENDING, comment)
    _bump(statement)
    _record(statement, "revision_proposed", actor, now, comment=comment, changes=changes, revision=revision)
    notify.after_commit(notify.revision_proposed, statement.pk)
    return statement


def pending_revision(statement):
    return statement.revisions.filter(state=RevisionState.PENDING).first()


def approve_revision(statement, *, actor, revision_number, comment="", now=None):
    """Apply a pending correction: columns updated, public correction note, audit row, one transaction."""
    _require(actor, is_reviewer, "approve corrections")
    now = now or timezone.now()
    with transaction.atomic():
        statement = _lock(statement)
        revision = _pending(statement, revision_number)
        if revision.created_by_id == actor.pk:
            raise Forbidden("You proposed this correction; another reviewer must approve it.")
        changes = content.diff(content.snapshot(statement), revision.data)
        content.apply(statement, revision.data)
        revision.state, revision.decided_by, revision.decided_at = RevisionState.APPLIED, actor, now
        revision.save(update_fields=["state", "decided_by", "decided_at"])
        statement.last_edited_by, statement.approved_by, statement.updated_at = revision.created_by, actor, now
        statement.live_revision, statement.content_hash = revision, revision.content_hash
        _bump(statement, "last_edited_by", "approved_by", "updated_at", "live_revision", "content_hash")
        Correction.objects.create(
            statement=statement, kind=Correction.Kind.CORRECTION, note=revision.comment,
            changed_fields=sorted(changes), revision=revision, created_at=now, approved_by=actor,
        )
        _record(statement, "revision_approved", actor, now, comment=comment, changes=changes, revision=revision)
        _public_change(statement)
    return statement


def reject_revision(statement, *, actor, revision_number, reason, now=None):
    _require(actor, is_reviewer, "decide on corrections")
    _require_text(reason, "reason")
    now = now or timezone.now()
    with transaction.atomic():
        statement = _lock(statement)
        revision = _pending(statement, revision_number)
        revision.state, revision.decided_by, revision.decided_at = RevisionState.REJECTED, actor, now
        if revision.created_by_id == actor.pk:
            revision.decided_by = None  # withdrawing one's own proposal is not a four-eyes decision
        revision.save(update_fields=["state", "decided_by", "decided_at"])
        _bump(statement)
        _record(statement, "revision_rejected", actor, now, comment=reason, revision=revision)
    return statement


def delete_draft(statement, *, actor, now=None):
    """Only a statement that was never public can be deleted; the audit log keeps the record."""
    _require(actor, is_editor, "delete drafts")
    now = now or timezone.now()
    with transaction.atomic():
        statement = _lock(statement)
        if statement.published_at or statement.status in (Status.PUBLISHED, Status.RETRACTED):
            raise NotAllowed("A statement that was published cannot be deleted; retract it instead.")
        _record(statement, "deleted", actor, now, from_status=statement.status)
        Statement.objects.filter(pk=statement.pk).delete()


# ---------------------------------------------------------------- transitions


def submit(statement, *, actor, comment="", expected_version=None, now=None):
    return _transition("submit", statement, actor, comment, expected_version, now)


def approve(statement, *, actor, comment="", expected_version=None, now=None, require_version=False):
    """Publish. `expected_version` names the version approved: if it changed since, 409.

    `require_version`: refuse an approval that does not name what it approves (the API's rule).
    """
    if require_version and expected_version is None:
        _transition("approve", statement, actor, comment, None, now, dry_run=True)
        raise ValidationError({"version": ["Name the version you reviewed (the statement's `version`)."]})
    return _transition("approve", statement, actor, comment, expected_version, now)


def request_changes(statement, *, actor, comment, expected_version=None, now=None):
    _require_text(comment, "comment")
    return _transition("request_changes", statement, actor, comment, expected_version, now)


def reject(statement, *, actor, reason, expected_version=None, now=None):
    _require_text(reason, "reason")
    return _transition("reject", statement, actor, reason, expected_version, now)


def retract(statement, *, actor, reason, expected_version=None, now=None):
    """Take a statement off the timeline; its page stays with the public reason."""
    _require_text(reason, "reason")
    return _transition("retract", statement, actor, reason, expected_version, now)


def _transition(action, statement, actor, comment, expected_version, now, dry_run=False):
    """Run one transition; with `dry_run`, only the checks (role, state, four eyes), writing nothing."""
    sources, target, role = TRANSITIONS[action]
    _require(actor, role, action.replace("_", " ") + " statements")
    now = now or timezone.now()
    with transaction.atomic():
        statement = _lock(statement, expected_version)
        if statement.status not in sources:
            raise NotAllowed(
                f"Cannot {action.replace('_', ' ')} a statement that is {statement.get_status_display().lower()}."
            )
        if action == "approve":
            _check_four_eyes(statement, actor)
        if dry_run:
            return statement
        before = statement.status
        _APPLY[action](statement, actor, comment, now)
        statement.status = target
        _bump(statement, "status", *_FIELDS[action])
        _record(statement, action, actor, now, from_status=before, to_status=target, comment=comment)
        if target in (Status.PUBLISHED, Status.RETRACTED):
            _public_change(statement)
        notify.after_commit(notify.transition, statement.pk, action)
    return statement


def _on_submit(statement, actor, comment, now):
    statement.submitted_at = now


def _on_approve(statement, actor, comment, now):
    statement.approved_by = actor
    statement.published_at = statement.published_at or now
    statement.updated_at = now
    statement.live_revision = statement.revisions.order_by("-number").first()
    statement.content_hash = statement.live_revision.content_hash


def _on_retract(statement, actor, comment, now):
    statement.retracted_at, statement.retraction_reason, statement.updated_at = now, comment, now
    # A retracted statement's words are final: a correction still waiting can no longer apply.
    statement.revisions.filter(state=RevisionState.PENDING).update(state=RevisionState.SUPERSEDED)
    Correction.objects.create(
        statement=statement, kind=Correction.Kind.RETRACTION, note=comment, created_at=now, approved_by=actor
    )


def _noop(statement, actor, comment, now):
    pass


_APPLY = {
    "submit": _on_submit, "approve": _on_approve, "request_changes": _noop, "reject": _noop, "retract": _on_retract,
}
_FIELDS = {
    "submit": ("submitted_at",),
    "approve": ("approved_by", "published_at", "updated_at", "live_revision", "content_hash"),
    "request_changes": (),
    "reject": (),
    "retract": ("retracted_at", "retraction_reason", "updated_at"),
}


def record_attribution(statement, *, actor, status, note="", expected_version=None, now=None):
    """The reviewer's answer to 'did they say it, in these words?'."""
    _require(actor, is_reviewer, "check attributions")
    if status not in AttributionStatus.values:
        raise ValidationError({"attribution_status": [f"Unknown attribution status {status!r}."]})
    if status == AttributionStatus.DISPUTED:
        _require_text(note, "attribution_note")
    now = now or timezone.now()
    with transaction.atomic():
        statement = _lock(statement, expected_version)
        if statement.status not in EDITABLE:
            raise NotAllowed("Attribution is checked during review, before publication.")
        changes = {"attribution_status": [statement.attribution_status, status]}
        statement.attribution_status, statement.attribution_note = status, note
        _bump(statement, "attribution_status", "attribution_note")
        _record(statement, "attribution_checked", actor, now, comment=note, changes=changes)
    return statement


# ---------------------------------------------------------------- verdicts


def save_verdict(statement, *, actor, claim, rating, summary, evidence=(), now=None):
    """Create or edit the verdict on a statement's claim; it is public only after review."""
    _require(actor, is_editor, "write verdicts")
    now = now or timezone.now()
    with transaction.atomic():
        statement = _lock(statement)
        verdict = Verdict.objects.select_for_update().filter(statement=statement).first()
        if verdict and verdict.status in (VerdictStatus.PUBLISHED, VerdictStatus.IN_REVIEW):
            raise NotAllowed(f"The verdict is {verdict.get_status_display().lower()}; it cannot be edited now.")
        verdict = verdict or Verdict(statement=statement, created_by=actor)
        before = _verdict_data(verdict) if verdict.pk else {}
        verdict.claim, verdict.rating, verdict.summary = claim, rating, summary
        verdict.last_edited_by, verdict.status = actor, VerdictStatus.DRAFT
        verdict.full_clean(exclude=["statement"])
        verdict.version += 1 if verdict.pk else 0
        verdict.save()
        verdict.evidence.all().delete()
        for i, link in enumerate(evidence):
            EvidenceLink(verdict=verdict, position=i, url=link["url"], title=link.get("title", "")).full_clean(
                exclude=["verdict"]
            )
            EvidenceLink.objects.create(verdict=verdict, position=i, url=link["url"], title=link.get("title", ""))
        after = _verdict_data(verdict)
        _record(statement, "verdict_saved", actor, now, changes=content.diff(before, after))
    return verdict


def submit_verdict(statement, *, actor, now=None):
    return _verdict_transition(statement, actor, "verdict_submitted", {VerdictStatus.DRAFT,
                               VerdictStatus.NEEDS_CHANGES}, VerdictStatus.IN_REVIEW, is_editor, "", now)


def approve_verdict(statement, *, actor, comment="", now=None):
    return _verdict_transition(statement, actor, "verdict_approved", {VerdictStatus.IN_REVIEW},
                               VerdictStatus.PUBLISHED, is_reviewer, comment, now)


def request_verdict_changes(statement, *, actor, comment, now=None):
    _require_text(comment, "comment")
    return _verdict_transition(statement, actor, "verdict_changes_requested", {VerdictStatus.IN_REVIEW},
                               VerdictStatus.NEEDS_CHANGES, is_reviewer, comment, now)


def withdraw_verdict(statement, *, actor, reason, now=None):
    """Take a published verdict down with a public note; it can then be rewritten and reviewed again."""
    _require_text(reason, "reason")
    return _verdict_transition(statement, actor, "verdict_withdrawn", {VerdictStatus.PUBLISHED},
                               VerdictStatus.WITHDRAWN, is_reviewer, reason, now)


def _verdict_transition(statement, actor, action, sources, target, role, comment, now):
    _require(actor, role, action.replace("_", " ").replace("verdict", "verdicts", 1))
    now = now or timezone.now()
    with transaction.atomic():
        statement = _lock(statement)
        verdict = Verdict.objects.select_for_update().filter(statement=statement).first()
        if verdict is None or verdict.status not in sources:
            state = verdict.get_status_display().lower() if verdict else "missing"
            raise NotAllowed(f"Not allowed: the verdict is {state}.")
        if target == VerdictStatus.PUBLISHED:
            if actor.pk in (verdict.created_by_id, verdict.last_edited_by_id):
                raise Forbidden("You wrote this verdict; another reviewer must approve it.")
            verdict.approved_by, verdict.published_at = actor, now
        before = verdict.status
        verdict.status = target
        verdict.save()
        if target == VerdictStatus.WITHDRAWN:
            Correction.objects.create(
                statement=statement, kind=Correction.Kind.VERDICT, note=comment, created_at=now, approved_by=actor
            )
        _record(statement, action, actor, now, comment=comment, changes={"verdict_status": [before, target]})
        if statement.status == Status.PUBLISHED and target in (VerdictStatus.PUBLISHED, VerdictStatus.WITHDRAWN):
            statement.updated_at = now
            _bump(statement, "updated_at")
            _public_change(statement)
    return verdict


def _verdict_data(verdict):
    return {
        "claim": verdict.claim, "rating": verdict.rating, "summary": verdict.summary,
        "evidence": [e.url for e in verdict.evidence.all()] if verdict.pk else [],
    }


# ---------------------------------------------------------------- helpers


def _require(actor, role, what):
    if not role(actor):
        raise Forbidden(f"Only {ROLE_NAMES[role]} may {what}.")


def _require_text(value, field):
    if not (value or "").strip():
        raise ValidationError({field: ["This field is required: say why."]})


def _is_own_work(statement, user):
    return user.pk in (statement.created_by_id, statement.last_edited_by_id)


def _check_four_eyes(statement, actor):
    if _is_own_work(statement, actor):
        raise Forbidden("You wrote or last changed this statement; another reviewer must approve it.")


def _lock(statement, expected_version=None):
    pk = statement.pk if isinstance(statement, Statement) else statement
    locked = Statement.objects.select_for_update().select_related("speaker").get(pk=pk)
    if expected_version is not None and int(expected_version) != locked.version:
        raise Conflict(
            "This statement was changed by someone else since you opened it "
            f"(your version {expected_version}, now {locked.version}). Reload it; your text was not saved."
        )
    return locked


def _pending(statement, revision_number):
    if statement.status != Status.PUBLISHED:
        state = statement.get_status_display().lower()
        raise NotAllowed(f"Corrections apply to published statements; this one is {state}.")
    revision = pending_revision(statement)
    if revision is None:
        raise NotAllowed("There is no correction waiting for review.")
    if revision_number is not None and int(revision_number) != revision.number:
        raise Conflict(
            f"The correction under review is now version {revision.number}, not {revision_number}. "
            "Reload and review the current one."
        )
    return revision


def _validate(statement, data):
    """Run the model's own validation on the proposed content without writing it."""
    probe = copy.copy(statement)
    probe._state = copy.copy(statement._state)
    for name in content.FIELDS:
        setattr(probe, name, content._typed(name, data[name]))
    probe.full_clean(exclude=["slug", "text_hash"])
    _check_strings(data)
    if not data["sources"]:
        raise ValidationError({"sources": ["Add at least one source."]})
    for i, source in enumerate(data["sources"]):
        _validate_source(i, source)
    _validate_relations(statement, data.get(content.RELATIONS, []))


def _validate_relations(statement, relations):
    """Each relation names a kind and a statement in the public archive (a draft could be deleted, and a
    reader could not follow the link); the message is the same for a draft and for no statement at all."""
    targets = {relation["to_statement_id"] for relation in relations}
    public = set(Statement.objects.public().filter(pk__in=targets).values_list("pk", flat=True))
    errors = []
    for relation in relations:
        target = relation["to_statement_id"]
        if relation["type"] not in RelationType.values:
            errors.append(f"{relation['type']!r} is not a kind of relation.")
        elif target == statement.pk:
            errors.append("A statement cannot be related to itself.")
        elif target not in public:
            errors.append(f"There is no published statement #{target}: relate published statements only.")
    if errors:
        raise ValidationError({content.RELATIONS: errors})


def _check_strings(data, path=""):
    """NUL bytes and lone surrogates anywhere in the content are refused (PostgreSQL cannot store them)."""
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        name = f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else key)
        if isinstance(value, dict | list):
            _check_strings(value, name)
        elif isinstance(value, str):
            try:
                validators.no_control_characters(value)
            except ValidationError as error:
                raise ValidationError({name: error.messages}) from error


def _validate_source(index, source):
    from .models import Source

    probe = Source(**{k: content._typed(k, v) for k, v in source.items()})
    try:
        probe.full_clean(exclude=["statement"])
    except ValidationError as error:
        raise ValidationError({f"sources[{index}].{k}": v for k, v in error.message_dict.items()}) from error
    if not probe.url and not probe.citation.strip():
        raise ValidationError({f"sources[{index}].url": ["Give a URL or, for print and broadcast, a citation."]})


def _validate_and_apply(statement, data):
    _validate(statement, data)
    content.apply(statement, data)


def _bump(statement, *fields):
    statement.version += 1
    statement.save(update_fields=["version", *fields])


def _new_revision(statement, data, actor, now, state, comment=""):
    number = (statement.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return Revision.objects.create(
        statement=statement, number=number, data=data, state=state, base_version=statement.version,
        comment=comment, content_hash=content.content_hash(data), created_by=actor, created_at=now,
    )


def _public_change(statement):
    signals.content_changed.send(sender=Statement, statement=statement)
    transaction.on_commit(lambda: signals.public_changed.send(sender=Statement, statement_id=statement.pk))


def event_hash(prev_hash, fields):
    return hashlib.sha256((prev_hash + canonical_json(fields)).encode("utf-8")).hexdigest()


def event_fields(event):
    """What an audit row's hash covers; verify_archive recomputes it from the same fields."""
    return {
        "statement": event.statement_id, "action": event.action, "actor": event.actor_id,
        "at": event.at.astimezone(datetime.UTC).isoformat(), "from": event.from_status, "to": event.to_status,
        "comment": event.comment, "changes": event.changes, "revision": event.revision_number,
    }


def _record(statement, action, actor, now, *, from_status="", to_status="", comment="", changes=None,
            revision=None):
    """Append a hash-chained audit row (per statement; the row lock serialises the chain)."""
    prev = StatementEvent.objects.filter(statement_id=statement.pk).order_by("-id").values_list(
        "hash", flat=True
    ).first() or ""
    event = StatementEvent(
        statement_id=statement.pk, action=action, actor=actor, at=now, from_status=from_status,
        to_status=to_status or from_status, comment=comment, changes=changes or {},
        revision_number=revision.number if revision else None, prev_hash=prev,
    )
    event.hash = event_hash(prev, event_fields(event))
    event.save()
    return event
