"""Bulk import of statements from the export's own formats (JSON Lines or CSV), through the workflow.

Each statement is created by `workflow.create_statement` as a draft for review or, with a
publishing reviewer, submitted and approved by the workflow (audited like any other decision).

- Idempotent: a record's `external_id` (or, without one, a digest of speaker, date and quote) is
  stored on the statement; a record whose id the archive already holds is skipped.
- Transactional in batches: a batch commits whole or not at all, so a crash or a kill leaves no
  half-written statement, and a re-run skips what committed. A bad record is rolled back alone
  (a savepoint) and reported with its line number and reason; the rest of its batch still commits.
"""

import csv
import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.text import slugify

from . import notify, workflow
from .exports import CSV_COLUMNS, JSON_CELL_COLUMNS, unneutralise
from .models import AttributionStatus, Outlet, Speaker, Statement, Topic
from .normalize import name_key, quote_key

BATCH = 100
FAILURES = (ValidationError, ValueError, TypeError, KeyError, AttributeError, DatabaseError, workflow.WorkflowError)


@dataclass
class ImportReport:
    created: int = 0
    skipped: int = 0
    failed: list = field(default_factory=list)  # [(line number, reason)]


# ---------------------------------------------------------------- references (shared with the API)


# Latin letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i"})


def unique_slug(model, text, fallback):
    """A free slug for `text` (transliterated: "Зеленський" -> "zelenskyi"), numbered if taken."""
    base = slugify(name_key(text).translate(_UNDECOMPOSED))[:180].strip("-") or fallback
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def find_or_create_speaker(name, *, field="speaker_name", slug=None, **fields):
    """The speaker with `slug` (created with it if new); without a slug, the one whose name or alias
    matches `name`, else a new one.

    Several speakers matching is an error naming them (the caller must say which, by id).
    Call inside the transaction that uses the speaker.
    """
    if slug:
        # An export names speakers by slug: two people of one name stay two people.
        return Speaker.objects.filter(slug=slug).first() or _new_speaker(name, slug, field, fields)
    matches = list(Speaker.objects.matching(name)[:5])
    if len(matches) > 1:
        ids = ", ".join(str(s.pk) for s in matches)
        raise ValidationError({field: [f"Several speakers match this name (ids {ids}): give speaker_id."]})
    if matches:
        return matches[0]
    return _new_speaker(name, unique_slug(Speaker, name, "speaker"), field, fields)


def _new_speaker(name, slug, field, fields):
    speaker = Speaker(name=name, slug=slug, **fields)
    try:
        speaker.full_clean()
    except ValidationError as error:
        raise ValidationError({field: [" ".join(m) for m in error.message_dict.values()]}) from error
    speaker.save()
    return speaker


def _by_slug(model, ref, what):
    """A topic or outlet named by {"slug", "name"}: the existing one, or a new one with that name."""
    if not isinstance(ref, dict) or not ref.get("slug"):
        raise ValidationError({what: ["Give each one as {\"slug\": ..., \"name\": ...}."]})
    found = model.objects.filter(slug=ref["slug"]).first()
    if found:
        return found
    obj = model(slug=ref["slug"], name=ref.get("name") or ref["slug"])
    obj.full_clean()
    obj.save()
    return obj


# ---------------------------------------------------------------- reading records


def read_records(path, fmt=None):
    """Yield (line number, record dict or an error message) from a JSONL or CSV file."""
    fmt = fmt or ("csv" if str(path).lower().endswith(".csv") else "jsonl")
    with open(path, encoding="utf-8-sig", newline="") as file:
        yield from (_csv_records(file) if fmt == "csv" else _jsonl_records(file))


def _jsonl_records(file):
    for number, line in enumerate(file, start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as error:
            yield number, f"not valid JSON: {error}"
            continue
        yield number, rec if isinstance(rec, dict) else "each line must be a JSON object"


def _csv_records(file):
    reader = csv.DictReader(file)
    missing = {"text", "speaker", "said_on", "sources"} - set(reader.fieldnames or ())
    if missing:
        yield 1, f"the header lacks the columns {', '.join(sorted(missing))} (expected: {', '.join(CSV_COLUMNS)})"
        return
    for row in reader:
        try:
            yield reader.line_num, from_csv(row)
        except ValueError as error:
            yield reader.line_num, f"a JSON cell cannot be read: {error}"


def from_csv(row):
    """A CSV row (as exported) back into the portable record."""
    cells = {k: unneutralise(v or "") for k, v in row.items() if k}
    for name in JSON_CELL_COLUMNS:
        cells[name] = json.loads(cells[name]) if cells.get(name) else None
    rating = cells.get("verdict_rating")
    return {
        **{k: cells.get(k, "") for k in ("external_id", "text", "kind", "language", "translation", "translated_by",
                                          "speaker_role", "said_on_precision", "medium", "venue", "context",
                                          "attribution_status")},
        "said_on": cells.get("said_on"), "first_reported_on": cells.get("first_reported_on") or None,
        "approximate": cells.get("approximate") == "true",
        "speaker": {"name": cells["speaker"], "slug": cells.get("speaker_slug") or None,
                    "anonymous": cells.get("speaker_anonymous") == "true", "country": cells.get("speaker_country", "")},
        "recipient_outlet": {"slug": cells["recipient_outlet"], "name": cells.get("recipient_outlet_name")}
        if cells.get("recipient_outlet") else None,
        "topics": cells["topics"] or [], "sources": cells["sources"] or [],
        "verdict": {"rating": rating, "claim": cells.get("verdict_claim", ""),
                    "summary": cells.get("verdict_summary", ""), "evidence": cells.get("verdict_evidence") or []}
        if rating else None,
    }


# ---------------------------------------------------------------- writing


def record_external_id(rec):
    """The record's own id, or a digest of who, when and what (so a re-run still finds it)."""
    given = (rec.get("external_id") or "").strip()
    if given:
        if len(given) > 200:
            raise ValidationError({"external_id": ["At most 200 characters."]})
        return given
    key = "|".join((name_key(rec["speaker"]["name"]), str(rec["said_on"]), quote_key(rec["text"])))
    return "import:" + hashlib.sha256(key.encode()).hexdigest()[:40]


def content_from_record(rec):
    """The workflow's content dict for a portable record (speaker, topics and outlets resolved or created)."""
    speaker_ref = rec["speaker"]
    if not isinstance(speaker_ref, dict) or not speaker_ref.get("name"):
        raise ValidationError({"speaker": ["Give the speaker as {\"name\": ..., \"slug\": ...}."]})
    speaker = find_or_create_speaker(
        speaker_ref["name"], field="speaker", slug=speaker_ref.get("slug"),
        anonymous=bool(speaker_ref.get("anonymous")), country=speaker_ref.get("country") or "",
    )
    if not isinstance(rec["sources"], list) or not isinstance(rec.get("topics") or [], list):
        raise ValidationError({"sources": ["sources and topics must be lists."]})
    simple = ("text", "kind", "language", "translation", "translated_by", "speaker_role", "said_on",
              "said_on_precision", "approximate", "first_reported_on", "medium", "venue", "context")
    data = {name: rec.get(name) for name in simple}
    data["kind"] = data["kind"] or "full_quote"
    data["language"] = data["language"] or "en"
    data["said_on_precision"] = data["said_on_precision"] or "day"
    data["speaker_id"] = speaker.pk
    outlet = rec.get("recipient_outlet")
    data["recipient_outlet_id"] = _by_slug(Outlet, outlet, "recipient_outlet").pk if outlet else None
    data["topic_ids"] = [_by_slug(Topic, ref, "topics").pk for ref in rec.get("topics") or []]
    data["sources"] = [_source(source) for source in rec["sources"]]
    return data


def _source(source):
    if not isinstance(source, dict):
        raise ValidationError({"sources": ["Each source is an object."]})
    names = ("url", "citation", "title", "published_on", "accessed_on", "archive_url", "excerpt", "primary")
    data = {name: source.get(name) for name in names}
    data["outlet_id"] = _by_slug(Outlet, source["outlet"], "sources.outlet").pk if source.get("outlet") else None
    return data


def import_record(rec, *, actor, publisher=None):
    """Create one statement from a record; returns it, or None when its external id is already here."""
    ext = record_external_id(rec)
    if Statement.objects.filter(external_id=ext).exists():
        return None
    statement = workflow.create_statement(actor=actor, data=content_from_record(rec), external_id=ext)
    verdict = rec.get("verdict")
    if publisher is not None:
        workflow.submit(statement, actor=actor, comment="Imported")
        _attribution(statement, rec.get("attribution_status"), publisher)
    if verdict:
        workflow.save_verdict(statement, actor=actor, claim=verdict.get("claim", ""), rating=verdict.get("rating"),
                              summary=verdict.get("summary", ""), evidence=verdict.get("evidence") or ())
    if verdict and publisher is not None:
        workflow.submit_verdict(statement, actor=actor)
        workflow.approve_verdict(statement, actor=publisher, comment="Imported")
    if publisher is not None:
        workflow.approve(statement, actor=publisher, comment="Imported")
    return statement


def _attribution(statement, status, reviewer):
    if status and status != AttributionStatus.UNCHECKED:
        note = "As recorded in the imported archive." if status == AttributionStatus.DISPUTED else ""
        workflow.record_attribution(statement, actor=reviewer, status=status, note=note)


def import_records(records, *, actor, publisher=None, batch=BATCH, progress=None):
    """Import (line number, record or error) pairs in committed batches; returns an ImportReport."""
    report, pending = ImportReport(), []
    with notify.suppressed():  # one mail per imported statement would bury the desk's real work
        for item in records:
            pending.append(item)
            if len(pending) >= batch:
                _import_batch(pending, actor, publisher, report, progress)
                pending = []
        if pending:
            _import_batch(pending, actor, publisher, report, progress)
    return report


def _import_batch(items, actor, publisher, report, progress):
    with transaction.atomic():
        for number, rec in items:
            if isinstance(rec, str):
                report.failed.append((number, rec))
                continue
            try:
                with transaction.atomic():
                    created = import_record(rec, actor=actor, publisher=publisher)
            except FAILURES as error:
                report.failed.append((number, describe(error)))
                continue
            if created is None:
                report.skipped += 1
            else:
                report.created += 1
    if progress:
        progress(len(items))


def describe(error):
    """A one-line reason for a refused record, naming the field when there is one."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, KeyError):
        return f"missing field {error.args[0]!r}"
    if isinstance(error, workflow.WorkflowError):
        return error.message
    return str(error) or error.__class__.__name__
