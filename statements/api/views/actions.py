"""Workflow transitions as POST actions on a statement: each one calls one verb of statements.workflow.

Answers: 200 with the statement; 409 {"detail": reason} when the state does not allow it (or the
statement changed since `version`); 403 when the role may not (approving one's own work included);
400 naming the missing comment or reason.
"""

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from ... import workflow
from ..guards import check_data
from ..serializers import (
    CommentRequiredSerializer,
    ReasonSerializer,
    RevisionRejectSerializer,
    RevisionSerializer,
    StatementSerializer,
    TransitionSerializer,
)


def transition(name, body, summary):
    """A detail POST action named `name` (URL with dashes), validated by `body`."""

    def decorate(method):
        method = extend_schema(summary=summary, request=body, responses={200: StatementSerializer})(method)
        return action(detail=True, methods=["post"], url_path=name.replace("_", "-"), url_name=name,
                      serializer_class=body)(method)

    return decorate


class TransitionsMixin:
    def _transition(self, request, body, call):
        check_data(request.data)
        statement = self.get_object()
        serializer = body(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            call(statement, request.user, serializer.validated_data)
        return Response(self.one(statement.pk))

    @transition("submit", TransitionSerializer, "Submit for review (editors)")
    def submit(self, request, pk=None):
        return self._transition(request, TransitionSerializer, lambda s, user, v: workflow.submit(
            s, actor=user, comment=v.get("comment", ""), expected_version=v.get("version")))

    @transition("approve", TransitionSerializer, "Approve and publish (reviewers; not your own work)")
    def approve(self, request, pk=None):
        return self._transition(request, TransitionSerializer, lambda s, user, v: workflow.approve(
            s, actor=user, comment=v.get("comment", ""), expected_version=v.get("version"), require_version=True))

    @transition("request_changes", CommentRequiredSerializer, "Return to the author with a comment (reviewers)")
    def request_changes(self, request, pk=None):
        return self._transition(request, CommentRequiredSerializer, lambda s, user, v: workflow.request_changes(
            s, actor=user, comment=v["comment"], expected_version=v.get("version")))

    @transition("reject", ReasonSerializer, "Reject (reviewers)")
    def reject(self, request, pk=None):
        return self._transition(request, ReasonSerializer, lambda s, user, v: workflow.reject(
            s, actor=user, reason=v["reason"], expected_version=v.get("version")))

    @transition("retract", ReasonSerializer, "Retract a published statement with a public reason (reviewers)")
    def retract(self, request, pk=None):
        return self._transition(request, ReasonSerializer, lambda s, user, v: workflow.retract(
            s, actor=user, reason=v["reason"], expected_version=v.get("version")))

    @transition("approve_revision", RevisionSerializer, "Approve the pending correction (reviewers)")
    def approve_revision(self, request, pk=None):
        return self._transition(request, RevisionSerializer, lambda s, user, v: workflow.approve_revision(
            s, actor=user, revision_number=v["revision"], comment=v.get("comment", "")))

    @transition("reject_revision", RevisionRejectSerializer, "Reject the pending correction (reviewers)")
    def reject_revision(self, request, pk=None):
        return self._transition(request, RevisionRejectSerializer, lambda s, user, v: workflow.reject_revision(
            s, actor=user, revision_number=v["revision"], reason=v["reason"]))

