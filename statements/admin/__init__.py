"""The editors' and reviewers' desk, in the Django admin.

statement: the statement form (sources inline, saved through statements.workflow) and list.
review: transition buttons, attribution, corrections, verdicts, review queue, my drafts.
history: audit log and version diffs. people: speakers (with aliases), outlets, topics.
"""

from . import people, statement

__all__ = ["people", "statement"]
