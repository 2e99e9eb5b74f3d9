"""A statement's full history on the desk: every audit event, every version, and a diff of any two."""

from django.contrib.admin.utils import unquote
from django.http import Http404
from django.urls import path

from .. import content
from ..diffing import Names, content_changes, event_changes
from .base import DeskPages, desk_statement

LIVE = "live"


def _version(value, revisions, statement):
    """(label, content dict) for "live" or a revision number; Http404 for anything else."""
    if value == LIVE:
        return "what the public sees now" if statement.is_public else "current", content.snapshot(statement)
    try:
        revision = revisions[int(value)]
    except (KeyError, TypeError, ValueError) as error:
        raise Http404("No such version.") from error
    return f"version {revision.number} ({revision.get_state_display().lower()})", revision.data


class HistoryViews(DeskPages):
    """Replaces the admin's generic history page with the statement's own audit log and versions."""

    def history_urls(self):
        wrap = self.admin_site.admin_view
        return [path("<int:pk>/compare/", wrap(self.compare_view), name="statements_statement_compare")]

    def history_view(self, request, object_id, extra_context=None):
        """Who did what, when and why, with the changes each event made; desk users only."""
        try:
            pk = int(unquote(object_id))
        except ValueError as error:
            raise Http404 from error
        statement = desk_statement(request, pk)
        events = list(statement.events.select_related("actor"))
        revisions = list(statement.revisions.select_related("created_by", "decided_by").order_by("-number"))
        names = Names.for_events(events)
        return self.desk_page(
            request, "admin/statements/statement/history.html", f"History: {statement}",
            statement=statement, revisions=revisions, live=LIVE,
            events=[{"event": e, "changes": event_changes(e.changes, names)} for e in events],
        )

    def compare_view(self, request, pk):
        """The difference between two versions, or between a version and the live statement."""
        statement = desk_statement(request, pk)
        revisions = {r.number: r for r in statement.revisions.select_related("created_by")}
        first = min(revisions, default=None)
        a = request.GET.get("a") or (str(first) if first else LIVE)
        b = request.GET.get("b") or LIVE
        (a_label, a_data), (b_label, b_data) = _version(a, revisions, statement), _version(b, revisions, statement)
        return self.desk_page(
            request, "admin/statements/statement/compare.html", f"Compare versions: {statement}",
            statement=statement, revisions=sorted(revisions.values(), key=lambda r: r.number), live=LIVE,
            a=a, b=b, a_label=a_label, b_label=b_label, changes=content_changes(a_data, b_data),
        )
