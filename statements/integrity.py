"""Recompute what the archive promises and report every place where the stored data disagrees.

Three independent checks, all read-only:

0. the database guards of migration 0004 are installed;
1. every public statement's columns equal the snapshot of its live (approved) revision, and its
   `content_hash` equals that revision's hash, recomputed from the revision's data;
2. every revision's stored hash matches its data;
3. every statement's audit log is an unbroken hash chain (`workflow.event_hash`), agrees with the
   statement's current status, and records every revision.

`manage.py verify_archive` prints the report; tests and the workflow state machine call
`verify_archive()` directly.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from . import content
from .guards import missing_guards
from .models import Revision, Source, Statement, StatementEvent, StatementRelation, Topic
from .workflow import event_fields, event_hash


@dataclass
class Report:
    """What was checked and what disagreed: `problems` holds (statement id or None, message) pairs."""

    statements: int = 0
    revisions: int = 0
    events: int = 0
    problems: list = field(default_factory=list)

    def add(self, statement_id, message):
        self.problems.append((statement_id, message))

    @property
    def ok(self):
        return not self.problems

    def summary(self):
        verdict = "archive intact" if self.ok else f"{len(self.problems)} problem(s) found"
        return (
            f"Checked {self.statements} public statements, {self.revisions} revisions, "
            f"{self.events} audit events: {verdict}."
        )


def verify_archive(batch_size=1000):
    """Run every check over the whole archive and return a Report (never raises on a mismatch)."""
    report = Report()
    for name in missing_guards():
        report.add(None, f"database guard {name!r} (migration 0004) is missing: re-run the migration")
    _check_public_statements(report, batch_size)
    _check_revisions(report, batch_size)
    _check_event_chains(report, batch_size)
    report.problems.sort(key=lambda problem: (problem[0] or 0, problem[1]))
    return report


# ---------------------------------------------------------------- published content


def prefetched_snapshot(statement):
    """content.snapshot() from prefetched topics, sources and relations: the same dict, three queries per
    batch, not per row.

    tests/test_integrity.py pins that it equals content.snapshot() for the same statement.
    """
    data = {name: content._plain(name, getattr(statement, name)) for name in content.FIELDS}
    data["topic_ids"] = sorted(topic.pk for topic in statement.topics.all())
    data["sources"] = [
        {name: content._plain(name, getattr(source, name)) for name in content.SOURCE_FIELDS}
        for source in statement.sources.all()
    ]
    relations = [{"type": r.type, "to_statement_id": r.to_statement_id} for r in statement.relations.all()]
    return content.with_relations(data, relations)


def _public_statements():
    return (
        Statement.objects.public()
        .select_related("live_revision")
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.only("id")),
            Prefetch("sources", queryset=Source.objects.order_by("position", "id")),
            Prefetch("relations", queryset=StatementRelation.objects.only("from_statement", "type", "to_statement")),
        )
        .order_by("pk")
    )


def _check_public_statements(report, batch_size):
    for statement in _public_statements().iterator(chunk_size=batch_size):
        report.statements += 1
        _check_statement(report, statement)


def _check_statement(report, statement):
    revision = statement.live_revision
    if revision is None:
        report.add(statement.pk, "public but has no approved (live) revision")
        return
    label = f"approved revision v{revision.number}"
    if revision.statement_id != statement.pk:
        report.add(statement.pk, f"live revision belongs to statement #{revision.statement_id}")
    if content.content_hash(revision.data) != revision.content_hash:
        report.add(statement.pk, f"{label}: stored data does not match its SHA-256 (revision altered)")
    if statement.content_hash != revision.content_hash:
        report.add(statement.pk, f"content_hash differs from the hash of {label}")
    changed = sorted(content.diff(revision.data, prefetched_snapshot(statement)))
    if changed:
        report.add(statement.pk, f"public columns differ from {label} in: {', '.join(changed)}")


# ---------------------------------------------------------------- revisions


def _check_revisions(report, batch_size):
    rows = Revision.objects.order_by("statement_id", "number").values_list(
        "statement_id", "number", "data", "content_hash"
    )
    for statement_id, number, data, stored_hash in rows.iterator(chunk_size=batch_size):
        report.revisions += 1
        if content.content_hash(data) != stored_hash:
            report.add(statement_id, f"revision v{number}: stored data does not match its SHA-256")


# ---------------------------------------------------------------- audit log


@dataclass
class _Chain:
    """What one statement's log says: its last status and the revisions it recorded."""

    last_hash: str = ""
    status: str = ""
    deleted: bool = False
    revision_numbers: set = field(default_factory=set)


def _check_event_chains(report, batch_size):
    chains = defaultdict(_Chain)
    events = StatementEvent.objects.order_by("statement_id", "id")
    for event in events.iterator(chunk_size=batch_size):
        report.events += 1
        _check_event(report, chains[event.statement_id], event)
    _check_chains_against_rows(report, chains)


def _check_event(report, chain, event):
    where = f"audit event #{event.pk} ({event.action})"
    if event.prev_hash != chain.last_hash:
        report.add(event.statement_id, f"{where} does not follow the one before it (log cut or reordered)")
    if event_hash(event.prev_hash, event_fields(event)) != event.hash:
        report.add(event.statement_id, f"{where} was altered: its hash does not match its fields")
    chain.last_hash = event.hash
    chain.status = event.to_status or chain.status
    chain.deleted = event.action == "deleted"
    if event.revision_number is not None:
        chain.revision_numbers.add(event.revision_number)


def _check_chains_against_rows(report, chains):
    rows = dict(Statement.objects.values_list("pk", "status").iterator())
    revisions = defaultdict(set)
    for statement_id, number in Revision.objects.values_list("statement_id", "number").iterator():
        revisions[statement_id].add(number)
    for pk, status in rows.items():
        chain = chains.get(pk)
        if chain is None:
            report.add(pk, "has no audit history")
            continue
        if chain.status != status:
            report.add(pk, f"status is {status!r} but its audit log ends at {chain.status!r}")
        missing = sorted(revisions[pk] - chain.revision_numbers)
        if missing:
            report.add(pk, f"revisions {missing} have no audit event")
    for pk, chain in chains.items():
        if pk not in rows and not chain.deleted:
            report.add(pk, "row is gone but its audit log records no deletion")
