"""The archive's data model: who said what, when, how, and the sources that prove it."""

from .choices import (
    AttributionStatus,
    DatePrecision,
    Kind,
    Medium,
    Rating,
    RelationType,
    RevisionState,
    Status,
    VerdictStatus,
)
from .history import Correction, Revision, StatementEvent
from .people import Outlet, Speaker, SpeakerAlias, Topic
from .statement import Source, Statement, StatementRelation
from .verdict import EvidenceLink, Verdict

__all__ = [
    "AttributionStatus", "Correction", "DatePrecision", "EvidenceLink", "Kind", "Medium",
    "Outlet", "Rating", "RelationType", "Revision", "RevisionState", "Source", "Speaker",
    "SpeakerAlias", "Statement", "StatementEvent", "StatementRelation", "Status", "Topic",
    "Verdict", "VerdictStatus",
]
