"""Who may call what. Reads are public; the workflow itself decides each write by role and state."""

from rest_framework.permissions import BasePermission

from ..roles import is_desk, is_editor


class IsDesk(BasePermission):
    """Editors and reviewers (and superusers): the only accounts that write. Others get 401/403."""

    message = "Only editors and reviewers may do this."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and is_desk(request.user))


class IsEditor(BasePermission):
    message = "Only editors may do this."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and is_editor(request.user))


def desk_user(request):
    """True when the request carries a desk account: it may see unpublished statements."""
    return bool(request.user and request.user.is_authenticated and is_desk(request.user))
