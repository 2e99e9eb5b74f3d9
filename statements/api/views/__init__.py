"""The API's views: statements (read, write, transitions, export), reference lists, tokens."""

from .auth import TokenView
from .exports import export_view
from .extract import ExtractView
from .reference import OutletViewSet, SpeakerViewSet, TopicViewSet
from .statements import StatementViewSet

__all__ = [
    "ExtractView", "OutletViewSet", "SpeakerViewSet", "StatementViewSet", "TokenView", "TopicViewSet", "export_view",
]
