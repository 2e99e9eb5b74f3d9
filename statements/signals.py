"""Signals only for derived data (search index, page cache); state changes live in workflow.py."""

from django.dispatch import Signal

# Sent inside the writing transaction whenever a statement's content or status changes,
# so derived data (the search index) commits or rolls back with it.
content_changed = Signal()
# Sent after commit when what the public sees changed (publish, correction, retraction, verdict).
public_changed = Signal()
