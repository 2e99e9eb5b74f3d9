"""Helpers shared by the desk's own admin pages (review actions, queues, history)."""

import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from .. import workflow
from ..models import Statement
from ..roles import is_desk


def change_url(pk):
    return reverse("admin:statements_statement_change", args=[pk])


def desk_statement(request, pk):
    """The statement a desk page is about; other accounts get 403 before anything is read."""
    if not is_desk(request.user):
        raise PermissionDenied
    return get_object_or_404(Statement.objects.select_related("speaker"), pk=pk)


def post_only(request):
    """Desk actions change state: only a POST (with its CSRF token) may run one."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def attempt(request, call, success):
    """Run a workflow verb; its refusal (wrong state, wrong role, stale version, bad input) becomes a message."""
    try:
        call()
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
        return False
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True


class DeskPages:
    """Renders the desk's own pages inside the admin's frame (header, breadcrumbs, messages)."""

    def desk_page(self, request, template, title, **context):
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, template,
            {**self.admin_site.each_context(request), "title": title, "opts": self.opts, **context},
        )


def desk_action(view):
    """A desk POST on one statement: 404/403 for the statement first, then POST only (CSRF-checked)."""

    @functools.wraps(view)
    def wrapped(self, request, pk, *args, **kwargs):
        statement = desk_statement(request, pk)
        return post_only(request) or view(self, request, statement, *args, **kwargs)

    return wrapped
