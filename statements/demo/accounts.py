"""Who acts in the demo: the demo logins (DEBUG only) or two system users that cannot log in.

The workflow's four-eyes rule needs two people: one editor who writes and submits, one
reviewer who checks and publishes. With DEBUG on and the demo logins present, they are
`editor` and `reviewer`, so a person trying the desk sees their own history. Otherwise
(production, or DEBUG without --accounts) the actors are `demo-editor` and `demo-reviewer`:
active (roles.py refuses inactive users), in the right group, but with unusable passwords
and no staff flag, so nobody can sign in as them.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ..roles import EDITORS, REVIEWERS, is_editor, is_reviewer


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    group: str = ""
    superuser: bool = False


# Fixed and published on purpose: they exist only on a developer's machine (DEBUG).
DEMO_ACCOUNTS = (
    DemoAccount("editor", "editor-demo-pass", "editor", group=EDITORS),
    DemoAccount("reviewer", "reviewer-demo-pass", "reviewer", group=REVIEWERS),
    DemoAccount("admin", "admin-demo-pass", "superuser", superuser=True),
)
SYSTEM_ACTORS = (("demo-editor", EDITORS), ("demo-reviewer", REVIEWERS))


def ensure_demo_accounts():
    """Create the demo logins that are missing; existing ones are kept exactly as they are.

    Returns [(DemoAccount, created)]. Refuses to run without DEBUG: these passwords are public.
    """
    if not settings.DEBUG:
        raise RuntimeError("Demo accounts have published passwords; they are created only with DEBUG on.")
    return [(account, _ensure_account(account)) for account in DEMO_ACCOUNTS]


def _ensure_account(account):
    users = get_user_model().objects
    if users.filter(username=account.username).exists():
        return False
    if account.superuser:
        users.create_superuser(account.username, "", account.password)
        return True
    user = users.create_user(account.username, "", account.password, is_staff=True)
    user.groups.set([Group.objects.get(name=account.group)])
    return True


def demo_actors():
    """(editor, reviewer) who write and approve the demo statements."""
    if settings.DEBUG:
        logins = {u.username: u for u in get_user_model().objects.filter(username__in=["editor", "reviewer"])}
        editor, reviewer = logins.get("editor"), logins.get("reviewer")
        if editor and reviewer and is_editor(editor) and is_reviewer(reviewer):
            return editor, reviewer
    return tuple(_system_actor(username, group) for username, group in SYSTEM_ACTORS)


def _system_actor(username, group_name):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_active": True, "is_staff": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.set([Group.objects.get(name=group_name)])
    return user
