"""Serializers of the API: read.py describes what it answers, write.py validates what the desk sends."""

from .read import (
    ErrorSerializer,
    OutletSerializer,
    SpeakerDetailSerializer,
    SpeakerSerializer,
    StatementSerializer,
    TokenSerializer,
    TopicSerializer,
)
from .write import (
    CommentRequiredSerializer,
    ReasonSerializer,
    RevisionRejectSerializer,
    RevisionSerializer,
    StatementInputSerializer,
    StatementPatchSerializer,
    TokenRequestSerializer,
    TransitionSerializer,
)

__all__ = [
    "CommentRequiredSerializer", "ErrorSerializer", "OutletSerializer", "ReasonSerializer",
    "RevisionRejectSerializer", "RevisionSerializer", "SpeakerDetailSerializer", "SpeakerSerializer",
    "StatementInputSerializer", "StatementPatchSerializer", "StatementSerializer", "TokenRequestSerializer",
    "TokenSerializer", "TopicSerializer", "TransitionSerializer",
]
