"""Load the demo data: reference rows by slug, statements by external id, every step through the workflow."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.test.utils import override_settings

from .. import workflow
from ..models import AttributionStatus, Outlet, Speaker, SpeakerAlias, Statement, Topic
from ..normalize import name_key
from . import breaking_defense, rferl, story
from .accounts import demo_actors, ensure_demo_accounts
from .reference import OUTLETS, SPEAKERS, TOPICS

EXTERNAL_PREFIX = "demo:"
ARTICLES = (rferl, breaking_defense)


@dataclass
class Result:
    """What a run did, for the command's summary."""

    created: int = 0
    kept: int = 0
    by_status: dict = field(default_factory=dict)
    accounts: list = field(default_factory=list)


@dataclass
class Refs:
    """Slug -> primary key of the reference rows the statements point to."""

    speakers: dict
    outlets: dict
    topics: dict


def demo_items():
    """(article, statement data) for every demo statement, in reading order."""
    return [(module.ARTICLE, item) for module in ARTICLES for item in module.STATEMENTS]


def external_id(item):
    return EXTERNAL_PREFIX + item["key"]


def load(*, accounts=False):
    """Load what is missing and leave everything already there as it is (safe to run again)."""
    result = Result(accounts=ensure_demo_accounts() if accounts else [])
    # Demo transitions must not mail the real reviewers of an existing archive.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        refs = load_reference()
        editor, reviewer = demo_actors()
        existing = set(Statement.objects.filter(external_id__startswith=EXTERNAL_PREFIX)
                       .values_list("external_id", flat=True))
        for article, item in demo_items():
            if external_id(item) in existing:
                result.kept += 1
                continue
            with transaction.atomic():  # a statement and its whole story, or nothing
                play(item, content_for(item, article, refs), editor, reviewer)
            result.created += 1
    rows = Statement.objects.filter(external_id__startswith=EXTERNAL_PREFIX).values("status").annotate(n=Count("id"))
    result.by_status = {row["status"]: row["n"] for row in rows}
    return result


def load_reference():
    """Speakers (with aliases), outlets and topics, created by slug when missing, never overwritten."""
    speakers = {}
    for spec in SPEAKERS:
        values = {k: v for k, v in spec.items() if k not in ("slug", "aliases")}
        speaker, _ = Speaker.objects.get_or_create(slug=spec["slug"], defaults=values)
        _add_aliases(speaker, spec["aliases"])
        speakers[spec["slug"]] = speaker.pk
    outlets = {spec["slug"]: Outlet.objects.get_or_create(slug=spec["slug"], defaults=spec)[0].pk for spec in OUTLETS}
    topics = {spec["slug"]: Topic.objects.get_or_create(slug=spec["slug"], defaults=spec)[0].pk for spec in TOPICS}
    return Refs(speakers, outlets, topics)


def _add_aliases(speaker, names):
    """Add each spelling whose matching key is new: spellings with one key are one alias."""
    keys = set(speaker.aliases.values_list("key", flat=True))
    for name in names:
        if name_key(name) not in keys:
            SpeakerAlias.objects.create(speaker=speaker, name=name)
            keys.add(name_key(name))


def content_for(item, article, refs):
    """The statement's content dict (the shape statements.content defines), with its article as source."""
    source = {
        "url": article["url"], "citation": article.get("citation", ""), "outlet_id": refs.outlets[article["outlet"]],
        "title": article["title"], "published_on": article["published_on"], "excerpt": item["excerpt"],
        "primary": False,
    }
    recipient = item.get("recipient")
    return {
        "text": item["text"], "kind": item.get("kind", "full_quote"), "language": "en",
        "speaker_id": refs.speakers[item["speaker"]], "speaker_role": item["role"],
        "said_on": item["said_on"], "said_on_precision": item["said_on_precision"],
        "approximate": item["approximate"], "first_reported_on": item.get("first_reported_on"),
        "medium": item.get("medium", ""), "venue": item.get("venue", ""),
        "recipient_outlet_id": refs.outlets[recipient] if recipient else None,
        "context": item.get("context", ""), "topic_ids": [refs.topics[slug] for slug in item.get("topics", [])],
        "sources": [source],
        "relations": _relations(item["key"]),
    }


def _relations(key):
    """story.RELATED for this statement, to those of its targets already in the public archive."""
    targets = {external_id({"key": other}): kind for kind, other in story.RELATED.get(key, [])}
    found = Statement.objects.public().filter(external_id__in=targets).values_list("external_id", "pk")
    return [{"type": targets[ext], "to_statement_id": pk} for ext, pk in found]


def play(item, data, editor, reviewer):
    """Create the statement and take it through the desk to the state story.py gives it."""
    key = item["key"]
    correction = story.CORRECTED.get(key)
    first_version = {**data, **correction["published_with"]} if correction else data
    statement = workflow.create_statement(actor=editor, data=first_version, external_id=external_id(item))
    state = story.state_of(key)
    if state == "draft":
        return statement
    statement = workflow.submit(statement, actor=editor)
    if state == "in_review":
        return statement
    if state == "needs_changes":
        return workflow.request_changes(statement, actor=reviewer, comment=story.RETURNED[key])
    if state == "rejected":
        return workflow.reject(statement, actor=reviewer, reason=story.REJECTED[key])
    statement = _publish(statement, item, editor, reviewer)
    if correction:
        statement = _correct(statement, data, correction["reason"], editor, reviewer)
    if state == "retracted":
        statement = workflow.retract(statement, actor=reviewer, reason=story.RETRACTED[key])
    return statement


def _publish(statement, item, editor, reviewer):
    outlet = statement.sources.select_related("outlet").first().outlet
    note = f"Matches the excerpt in {outlet}; not checked against a primary source."
    statement = workflow.record_attribution(
        statement, actor=reviewer, status=AttributionStatus.REPORTED_SECONDARY, note=note
    )
    statement = workflow.approve(statement, actor=reviewer)
    verdict = story.VERDICTS.get(item["key"])
    if verdict:
        workflow.save_verdict(statement, actor=editor, **verdict)
        workflow.submit_verdict(statement, actor=editor)
        workflow.approve_verdict(statement, actor=reviewer)
    return statement


def _correct(statement, data, reason, editor, reviewer):
    """The editor proposes the corrected content with a reason; the reviewer approves it (public note)."""
    statement = workflow.edit_statement(
        statement, actor=editor, data=data, expected_version=statement.version, comment=reason
    )
    revision = workflow.pending_revision(statement)
    return workflow.approve_revision(statement, actor=reviewer, revision_number=revision.number)
