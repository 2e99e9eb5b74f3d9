"""Small factory functions: real objects through the real workflow, no mocks."""

import datetime
import itertools

from django.contrib.auth.models import Group, User
from django.utils.text import slugify

from statements import workflow
from statements.models import Outlet, Speaker, SpeakerAlias, Status, Topic
from statements.roles import EDITORS, REVIEWERS

_seq = itertools.count(1)


def make_user(username=None, *roles, password="pw-for-tests-only", **fields):  # noqa: S107
    """roles: 'editor', 'reviewer' (both allowed); no role makes a plain signed-up user."""
    username = username or f"user{next(_seq)}"
    user = User.objects.create_user(username, f"{username}@example.org", password, **fields)
    names = {"editor": EDITORS, "reviewer": REVIEWERS}
    user.groups.set(Group.objects.filter(name__in=[names[r] for r in roles]))
    if roles:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return user


def make_speaker(name="Volodymyr Zelenskyy", aliases=(), **fields):
    slug = fields.pop("slug", None) or f"{slugify(name) or 'speaker'}-{next(_seq)}"
    speaker = Speaker.objects.create(name=name, slug=slug, **fields)
    for alias in aliases:
        SpeakerAlias.objects.create(speaker=speaker, name=alias)
    return speaker


def make_outlet(name="Breaking Defense"):
    return Outlet.objects.get_or_create(slug=name.lower().replace(" ", "-"), defaults={"name": name})[0]


def make_topic(name="Air defense"):
    return Topic.objects.get_or_create(slug=name.lower().replace(" ", "-"), defaults={"name": name})[0]


def content_data(speaker=None, **overrides):
    """A valid content dict (the shape statements.content defines)."""
    speaker = speaker or make_speaker()
    data = {
        "text": "Why can't we shoot them down? Is it defense? Yes.",
        "kind": "full_quote",
        "language": "en",
        "speaker_id": speaker.pk,
        "speaker_role": "President of Ukraine",
        "said_on": datetime.date(2024, 5, 20),
        "said_on_precision": "day",
        "medium": "interview",
        "venue": "interview with The New York Times",
        "sources": [
            {
                "url": "https://breakingdefense.example/2024/05/zelenskyy-nato",
                "title": "Zelenskyy's call for NATO nations to shoot down Russian missiles",
                "outlet_id": make_outlet().pk,
                "published_on": datetime.date(2024, 5, 21),
                "excerpt": "“Why can’t we shoot them down? Is it defense? Yes.”",
            }
        ],
    }
    data.update(overrides)
    return data


def make_statement(editor, **overrides):
    return workflow.create_statement(actor=editor, data=content_data(**overrides))


def make_published(editor, reviewer, **overrides):
    statement = make_statement(editor, **overrides)
    workflow.submit(statement, actor=editor)
    return workflow.approve(statement, actor=reviewer)


def in_state(state, editor, reviewer):
    """A statement taken through the workflow to `state` (editor writes, reviewer decides)."""
    statement = make_statement(editor)
    steps = {
        Status.DRAFT: [],
        Status.IN_REVIEW: [("submit", editor, {})],
        Status.NEEDS_CHANGES: [("submit", editor, {}), ("request_changes", reviewer, {"comment": "x"})],
        Status.PUBLISHED: [("submit", editor, {}), ("approve", reviewer, {})],
        Status.REJECTED: [("submit", editor, {}), ("reject", reviewer, {"reason": "x"})],
        Status.RETRACTED: [("submit", editor, {}), ("approve", reviewer, {}), ("retract", reviewer, {"reason": "x"})],
    }[state]
    for action, actor, kwargs in steps:
        statement = getattr(workflow, action)(statement, actor=actor, **kwargs)
    return statement
