"""Review on the desk: transition buttons, attribution, corrections, verdicts and the two work lists.

Every button POSTs to a view here that calls one statements.workflow verb; the workflow decides
(state, role, four eyes, version) and its refusal is shown as an error message.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path

from .. import content, workflow
from ..diffing import content_changes, quote_vs_excerpt
from ..forms import AttributionForm, EvidenceFormSet, RevisionDecisionForm, TransitionForm, VerdictForm, evidence_links
from ..models import Revision, RevisionState, Statement, StatementEvent, Status, Verdict, VerdictStatus
from ..roles import is_desk, is_editor, is_reviewer
from .base import DeskPages, attempt, change_url, desk_action, desk_statement

ACTIONS = {  # action: (button, message after it, needs a comment or reason)
    "submit": ("Submit for review", "Submitted for review.", False),
    "approve": ("Approve and publish", "Approved: the statement is published.", False),
    "request_changes": ("Return to the editor", "Returned to the editor with your comment.", True),
    "reject": ("Reject", "Rejected.", True),
    "retract": ("Retract", "Retracted: the page stays and shows your reason.", True),
}
VERDICT_ACTIONS = {
    "submit": (workflow.submit_verdict, "Submit verdict for review", "Verdict submitted for review.", False),
    "approve": (workflow.approve_verdict, "Approve verdict", "Verdict approved and published.", False),
    "request_changes": (workflow.request_verdict_changes, "Return verdict to its author", "Verdict returned.", True),
    "withdraw": (workflow.withdraw_verdict, "Withdraw verdict", "Verdict withdrawn with a public note.", True),
}
QUEUE_LIMIT = 200


def duplicates(statement):
    """Other statements with the same words (normalised for case, punctuation and quote marks)."""
    return list(Statement.objects.filter(text_hash=statement.text_hash).exclude(pk=statement.pk)
                .select_related("speaker").order_by("id")[:10])


def verdict_actions(verdict, user):
    """The verdict buttons to show; the workflow still checks each one when pressed."""
    if verdict is None:
        return []
    own = user.pk in (verdict.created_by_id, verdict.last_edited_by_id)
    names = []
    if verdict.status in (VerdictStatus.DRAFT, VerdictStatus.NEEDS_CHANGES) and is_editor(user):
        names.append("submit")
    if verdict.status == VerdictStatus.IN_REVIEW and is_reviewer(user):
        names += ["request_changes"] if own else ["approve", "request_changes"]
    if verdict.status == VerdictStatus.PUBLISHED and is_reviewer(user):
        names.append("withdraw")
    return [{"name": n, "label": VERDICT_ACTIONS[n][1], "needs_text": VERDICT_ACTIONS[n][3]} for n in names]


def desk_context(request, statement):
    """What the statement page shows around the form: state, buttons, pending correction, verdict, checks."""
    user = request.user
    revision = workflow.pending_revision(statement)
    verdict = Verdict.objects.filter(statement=statement).prefetch_related("evidence").first()
    sources = statement.sources.select_related("outlet")
    return {
        "desk": statement,
        "desk_actions": [
            {"name": a, "label": ACTIONS[a][0], "needs_text": ACTIONS[a][2]}
            for a in workflow.allowed_actions(statement, user)
        ],
        "desk_can_attribute": is_reviewer(user) and statement.status in workflow.EDITABLE,
        "attribution_form": AttributionForm(
            initial={"status": statement.attribution_status, "note": statement.attribution_note}),
        "desk_revision": revision,
        "desk_revision_changes": content_changes(content.snapshot(statement), revision.data) if revision else [],
        "desk_revision_can_approve": bool(revision and is_reviewer(user) and revision.created_by_id != user.pk),
        "desk_revision_can_reject": bool(revision and is_reviewer(user)),
        "desk_verdict": verdict,
        "desk_verdict_actions": verdict_actions(verdict, user),
        "desk_can_edit_verdict": is_editor(user) and (
            verdict is None or verdict.status not in (VerdictStatus.PUBLISHED, VerdictStatus.IN_REVIEW)
        ),
        "desk_comparisons": [
            {"source": s, **quote_vs_excerpt(statement.text, s.excerpt)} for s in sources if s.excerpt.strip()
        ],
        "desk_duplicates": duplicates(statement),
    }


def review_queue(user):
    """Statements, corrections and verdicts waiting for a decision, not written by `user`, oldest first."""
    statements = (Statement.objects.filter(status=Status.IN_REVIEW).exclude(created_by=user)
                  .exclude(last_edited_by=user).select_related("speaker", "created_by")
                  .order_by("submitted_at", "id")[:QUEUE_LIMIT])
    revisions = (Revision.objects.filter(state=RevisionState.PENDING).exclude(created_by=user)
                 .select_related("statement__speaker", "created_by").order_by("created_at", "id")[:QUEUE_LIMIT])
    verdicts = (Verdict.objects.filter(status=VerdictStatus.IN_REVIEW).exclude(created_by=user)
                .exclude(last_edited_by=user).select_related("statement__speaker", "last_edited_by")
                .order_by("updated_at", "id")[:QUEUE_LIMIT])
    items = [{"kind": "Statement", "statement": s, "since": s.submitted_at or s.created_at, "by": s.created_by,
              "note": ""} for s in statements]
    items += [{"kind": "Correction", "statement": r.statement, "since": r.created_at, "by": r.created_by,
               "note": r.comment} for r in revisions]
    items += [{"kind": "Verdict", "statement": v.statement, "since": v.updated_at, "by": v.last_edited_by,
               "note": v.claim} for v in verdicts]
    return sorted(items, key=lambda item: item["since"])


def my_work(user):
    """An editor's drafts, and what reviewers returned to them with the reviewer's latest comment."""
    mine = Q(created_by=user) | Q(last_edited_by=user)
    statements = list(Statement.objects.filter(mine, status__in=[Status.DRAFT, Status.NEEDS_CHANGES])
                      .select_related("speaker").order_by("-updated_at", "-id")[:QUEUE_LIMIT])
    returned_ids = [s.pk for s in statements if s.status == Status.NEEDS_CHANGES]
    comments = {
        e.statement_id: e for e in StatementEvent.objects.filter(
            statement_id__in=returned_ids, action__in=["request_changes", "verdict_changes_requested"]
        ).select_related("actor").order_by("id")
    }
    verdicts = Verdict.objects.filter(mine, status=VerdictStatus.NEEDS_CHANGES).select_related("statement__speaker")
    return {
        "returned": [{"statement": s, "event": comments.get(s.pk)} for s in statements if s.pk in returned_ids],
        "drafts": [s for s in statements if s.status == Status.DRAFT],
        "returned_verdicts": list(verdicts),
    }


def _transition(action, statement, user, text, version):
    kwargs = {"reason": text} if action in ("reject", "retract") else {"comment": text}
    return getattr(workflow, action)(statement, actor=user, expected_version=version, **kwargs)


class ReviewViews(DeskPages):
    """The admin views behind the statement page's buttons, and the review queue / my drafts pages."""

    def review_urls(self):
        wrap, name = self.admin_site.admin_view, "statements_statement_{}".format
        return [
            path("review-queue/", wrap(self.review_queue_view), name=name("review_queue")),
            path("my-drafts/", wrap(self.my_drafts_view), name=name("my_drafts")),
            path("<int:pk>/transition/<slug:action>/", wrap(self.transition_view), name=name("transition")),
            path("<int:pk>/attribution/", wrap(self.attribution_view), name=name("attribution")),
            path("<int:pk>/revision/<slug:decision>/", wrap(self.revision_view), name=name("revision")),
            path("<int:pk>/verdict/", wrap(self.verdict_view), name=name("verdict")),
            path("<int:pk>/verdict/<slug:action>/", wrap(self.verdict_action_view), name=name("verdict_action")),
        ]

    @desk_action
    def transition_view(self, request, statement, action):
        if action not in ACTIONS:
            raise Http404
        form = TransitionForm(request.POST)
        form.is_valid()
        text, version = form.cleaned_data.get("comment", ""), form.cleaned_data.get("version")
        attempt(request, lambda: _transition(action, statement, request.user, text, version), ACTIONS[action][1])
        return redirect(change_url(statement.pk))

    @desk_action
    def attribution_view(self, request, statement):
        form = AttributionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose an attribution status.")
            return redirect(change_url(statement.pk))
        data = form.cleaned_data
        attempt(request, lambda: workflow.record_attribution(
            statement, actor=request.user, status=data["status"], note=data["note"],
            expected_version=data["version"]), "Attribution recorded.")
        return redirect(change_url(statement.pk))

    @desk_action
    def revision_view(self, request, statement, decision):
        if decision not in ("approve", "reject"):
            raise Http404
        form = RevisionDecisionForm(request.POST)
        form.is_valid()
        number, text = form.cleaned_data.get("revision"), form.cleaned_data.get("comment", "")
        if decision == "approve":
            call = lambda: workflow.approve_revision(  # noqa: E731
                statement, actor=request.user, revision_number=number, comment=text)
            done = "Correction approved: the statement now shows it, with a public correction note."
        else:
            call = lambda: workflow.reject_revision(  # noqa: E731
                statement, actor=request.user, revision_number=number, reason=text)
            done = "Correction rejected: the published version stays."
        attempt(request, call, done)
        return redirect(change_url(statement.pk))

    @desk_action
    def verdict_action_view(self, request, statement, action):
        if action not in VERDICT_ACTIONS:
            raise Http404
        form = TransitionForm(request.POST)
        form.is_valid()
        verb, _, done, _ = VERDICT_ACTIONS[action]
        text = form.cleaned_data.get("comment", "")
        kwargs = {} if action == "submit" else {"reason": text} if action == "withdraw" else {"comment": text}
        attempt(request, lambda: verb(statement, actor=request.user, **kwargs), done)
        return redirect(change_url(statement.pk))

    def verdict_view(self, request, pk):
        """Write or rework the verdict on the statement's claim (editors); it is public only after review."""
        statement = desk_statement(request, pk)
        if not is_editor(request.user):
            raise PermissionDenied
        verdict = Verdict.objects.filter(statement=statement).prefetch_related("evidence").first()
        if request.method == "POST":
            form, links = VerdictForm(request.POST), EvidenceFormSet(request.POST, prefix="evidence")
            if form.is_valid() and links.is_valid() and self._save_verdict(request, statement, form, links):
                return redirect(change_url(pk))
        else:
            initial = {"claim": verdict.claim, "rating": verdict.rating, "summary": verdict.summary} if verdict else {}
            evidence = [{"url": e.url, "title": e.title} for e in verdict.evidence.all()] if verdict else []
            form, links = VerdictForm(initial=initial), EvidenceFormSet(initial=evidence, prefix="evidence")
        return self.desk_page(request, "admin/statements/statement/verdict_form.html", "Verdict",
                              statement=statement, verdict=verdict, form=form, links=links)

    def _save_verdict(self, request, statement, form, links):
        data = form.cleaned_data
        try:
            workflow.save_verdict(statement, actor=request.user, claim=data["claim"], rating=data["rating"],
                                  summary=data["summary"], evidence=evidence_links(links))
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            for key, texts in errors.items():
                form.add_error(key if key in form.fields else None, texts)
            return False
        except workflow.WorkflowError as error:
            form.add_error(None, error.message)
            return False
        messages.success(request, "Verdict saved as a draft: submit it for review to publish it.")
        return True

    def review_queue_view(self, request):
        if not is_desk(request.user):
            raise PermissionDenied
        return self.desk_page(request, "admin/statements/statement/review_queue.html", "Awaiting your review",
                              items=review_queue(request.user), is_reviewer=is_reviewer(request.user))

    def my_drafts_view(self, request):
        if not is_desk(request.user):
            raise PermissionDenied
        return self.desk_page(request, "admin/statements/statement/my_drafts.html", "My drafts / returned to me",
                              **my_work(request.user))
