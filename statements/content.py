"""A statement's content as one plain dict: what a revision stores, what is hashed, what is diffed.

The same shape serves the desk, the API, imports and exports, so a version means one thing everywhere.
"""

import datetime
import hashlib
import json

from .models import Source, StatementRelation

FIELDS = (
    "text", "kind", "language", "translation", "translated_by", "speaker_id", "speaker_role",
    "said_on", "said_on_precision", "approximate", "first_reported_on", "medium", "venue",
    "recipient_outlet_id", "context",
)
SOURCE_FIELDS = (
    "url", "citation", "outlet_id", "title", "published_on", "accessed_on", "archive_url", "excerpt", "primary",
)
DATE_FIELDS = {"said_on", "first_reported_on", "published_on", "accessed_on"}
# A relation is part of the version, so on a published statement it is proposed, reviewed and noted
# like any correction. The key is left out when there are none: contents saved before relations were
# versioned keep their SHA-256 and still equal the live statement.
RELATIONS = "relations"


def _plain(name, value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _typed(name, value):
    if name in DATE_FIELDS and isinstance(value, str) and value:
        return datetime.date.fromisoformat(value)
    return value


def snapshot(statement):
    """The statement's current columns, topics and sources, in canonical order."""
    data = {name: _plain(name, getattr(statement, name)) for name in FIELDS}
    data["topic_ids"] = sorted(statement.topics.values_list("id", flat=True))
    data["sources"] = [
        {name: _plain(name, getattr(source, name)) for name in SOURCE_FIELDS}
        for source in statement.sources.all().order_by("position", "id")
    ]
    return with_relations(data, statement.relations.values("type", "to_statement_id"))


def with_relations(data, relations):
    """`data` with its relations key: [{"type", "to_statement_id"}] sorted, once each; none when empty."""
    rows = sorted({(r["to_statement_id"], r["type"]) for r in relations})
    data.pop(RELATIONS, None)
    if rows:
        data[RELATIONS] = [{"type": kind, "to_statement_id": target} for target, kind in rows]
    return data


def normalise(data):
    """Fill a partial content dict (from a form or the API) into the canonical shape."""
    out = {name: _plain(name, data.get(name)) for name in FIELDS}
    out["topic_ids"] = sorted(int(t) for t in data.get("topic_ids", []))
    out["sources"] = [
        {name: _plain(name, source.get(name)) for name in SOURCE_FIELDS} for source in data.get("sources", [])
    ]
    for source in out["sources"]:
        for name in ("url", "citation", "title", "archive_url", "excerpt"):
            source[name] = source[name] or ""
        for name in ("url", "archive_url"):
            source[name] = _lower_scheme(source[name])
        source["primary"] = bool(source["primary"])
    for name in ("translation", "translated_by", "speaker_role", "medium", "venue", "context"):
        out[name] = out[name] or ""
    out["approximate"] = bool(out["approximate"])
    return with_relations(out, data.get(RELATIONS) or [])


def _lower_scheme(url):
    """'HTTPS://x' and 'https://x' are one link; stored lower-case so both databases judge it alike."""
    scheme, sep, rest = url.partition("://")
    return f"{scheme.lower()}{sep}{rest}" if sep and scheme.isalpha() else url


def apply(statement, data):
    """Write content into the statement's columns, topics and sources (the caller saves and locks)."""
    for name in FIELDS:
        setattr(statement, name, _typed(name, data[name]))
    statement.save()
    statement.topics.set(data["topic_ids"])
    statement.sources.all().delete()
    Source.objects.bulk_create(
        Source(statement=statement, position=i, **{k: _typed(k, v) for k, v in source.items()})
        for i, source in enumerate(data["sources"])
    )
    statement.relations.all().delete()
    StatementRelation.objects.bulk_create(
        StatementRelation(from_statement=statement, **relation) for relation in data.get(RELATIONS, [])
    )


def canonical_json(data):
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(data):
    """SHA-256 of the canonical content: shown on the permalink, rechecked by verify_archive."""
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def diff(old, new):
    """{field: [old, new]} for each changed top-level field; sources and topics compared whole."""
    keys = sorted(set(old or {}) | set(new or {}))
    return {k: [(old or {}).get(k), (new or {}).get(k)] for k in keys if (old or {}).get(k) != (new or {}).get(k)}
