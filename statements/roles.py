"""Who may do what on the desk. Groups are created by a data migration."""

EDITORS = "Editors"
REVIEWERS = "Reviewers"


def _groups(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_archive_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._archive_groups = cached
    return cached


def is_editor(user):
    return bool(getattr(user, "is_superuser", False) and user.is_active) or EDITORS in _groups(user)


def is_reviewer(user):
    return bool(getattr(user, "is_superuser", False) and user.is_active) or REVIEWERS in _groups(user)


def is_desk(user):
    return is_editor(user) or is_reviewer(user)
