"""Public pages: a queryset that starts from Statement.objects.published() (or .public()), a template."""

from .detail import statement_detail
from .pages import corrections, outlet_detail, robots, speaker_detail, speaker_list, timeline, topic_detail

__all__ = [
    "corrections", "outlet_detail", "robots", "speaker_detail", "speaker_list",
    "statement_detail", "timeline", "topic_detail",
]
