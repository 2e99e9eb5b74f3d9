"""Mail to the people a change concerns, sent after commit (console backend unless SMTP is configured)."""

import contextlib
import contextvars
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction

from .roles import REVIEWERS

log = logging.getLogger(__name__)
_quiet = contextvars.ContextVar("notify_quiet", default=False)


@contextlib.contextmanager
def suppressed():
    """No mail for changes made inside: a bulk import's report says what happened, not 3,000 mails."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def after_commit(send, *args):
    """`send(*args)` once the transaction commits, unless made inside suppressed() (decided now, not at
    commit: the commit of an outer transaction may come after the suppressed block ends)."""
    if not _quiet.get():
        transaction.on_commit(lambda: send(*args))


def _desk_url(statement_id):
    return f"{settings.SITE_URL}/admin/statements/statement/{statement_id}/change/"


def _reviewer_emails(exclude_id=None):
    users = get_user_model().objects.filter(groups__name=REVIEWERS, is_active=True).exclude(email="")
    return sorted(set(users.exclude(pk=exclude_id).values_list("email", flat=True)))


def _send(subject, body, recipients):
    if not recipients:
        return
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except OSError:  # a mail outage must not undo or hide a committed decision
        log.exception("Could not send mail %r to %s", subject, recipients)


def transition(statement_id, action):
    from .models import Statement

    statement = Statement.objects.select_related("created_by").get(pk=statement_id)
    author = statement.created_by
    link = _desk_url(statement_id)
    if action == "submit":
        _send(f"Awaiting review: statement #{statement_id}", f"Please review it: {link}",
              _reviewer_emails(exclude_id=author.pk if author else None))
    elif action in ("request_changes", "approve", "reject") and author and author.email:
        verb = {"request_changes": "returned to you", "approve": "published", "reject": "rejected"}[action]
        _send(f"Statement #{statement_id} {verb}", f"See {link}", [author.email])


def revision_proposed(statement_id):
    _send(f"Correction proposed for statement #{statement_id}", f"Please review it: {_desk_url(statement_id)}",
          _reviewer_emails())
