"""Bulk exports of published statements: JSON Lines, CSV and ClaimReview, streamed with flat memory.

Shared by the API (`/api/v1/statements/export.csv|.jsonl`) and `manage.py export_statements`.
Rows are read in keyset batches of `BATCH` in date order (`said_on, id`), a fixed number of
queries per batch, so memory stays flat however many rows there are.

The JSONL and CSV records are *portable*: the content, the speaker/topic/outlet references by
slug, the public verdict, and an `external_id`, but no local id or timestamp. That is what makes
export -> import into an empty archive -> export give the same bytes. `external_id` is the one
the statement was imported with, or else its permalink URI (`SITE_URL/statements/<id>/`), which
names it uniquely across archives; `import_statements` skips any id it already holds.
"""

import csv
import json
import re

from django.conf import settings
from django.urls import reverse

from .api import rows
from .api.pagination import after

BATCH = 2000
KEYS = [("said_on", False), ("id", False)]
LINES_PER_CHUNK = 500
CSV_COLUMNS = (
    "external_id", "said_on", "said_on_precision", "approximate", "speaker", "speaker_slug", "speaker_anonymous",
    "speaker_country", "speaker_role", "text", "kind", "language", "translation", "translated_by",
    "first_reported_on", "medium", "venue", "recipient_outlet", "recipient_outlet_name", "context", "topics",
    "sources", "attribution_status", "verdict_rating", "verdict_rating_value", "verdict_claim", "verdict_summary",
    "verdict_evidence",
)
# A spreadsheet runs a cell that starts with one of these as a formula; a leading ' makes it text.
# Cells already starting with quotes before such a character get one more, so import can undo it exactly.
FORMULA = re.compile(r"^'*[=+\-@\t\r]")
JSON_CELL_COLUMNS = ("topics", "sources", "verdict_evidence")


def iter_rows(queryset, batch=BATCH):
    """Every row of `queryset` with sources, topics and evidence attached, in (said_on, id) order."""
    queryset = queryset.order_by("said_on", "id")
    last = None
    while True:
        page = queryset if last is None else queryset.filter(after(KEYS, last, descending=False))
        found = rows.fetch(page[:batch])
        rows.attach(found, corrections=False, evidence=True)
        yield from found
        if len(found) < batch:
            return
        last = [found[-1]["said_on"], found[-1]["id"]]


def external_id(row):
    return row["external_id"] or f"{settings.SITE_URL}/statements/{row['id']}/"


def record(row):
    """The portable record of one statement (the JSONL line; CSV flattens it)."""
    verdict = rows.verdict(row)
    if verdict is not None:
        verdict["evidence"] = row["evidence"]
    return {
        "external_id": external_id(row),
        "text": row["text"],
        "kind": row["kind"],
        "language": row["language"],
        "translation": row["translation"],
        "translated_by": row["translated_by"],
        "speaker": {
            "name": row["speaker__name"], "slug": row["speaker__slug"], "anonymous": row["speaker__anonymous"],
            "country": row["speaker__country"],
        },
        "speaker_role": row["speaker_role"],
        "said_on": rows.iso(row["said_on"]),
        "said_on_precision": row["said_on_precision"],
        "approximate": row["approximate"],
        "first_reported_on": rows.iso(row["first_reported_on"]),
        "medium": row["medium"],
        "venue": row["venue"],
        "recipient_outlet": rows.ref(row["recipient_outlet__slug"], row["recipient_outlet__name"]),
        "context": row["context"],
        "topics": row["topics"],
        "sources": [
            {
                "url": s["url"], "citation": s["citation"], "outlet": rows.ref(s["outlet__slug"], s["outlet__name"]),
                "title": s["title"], "published_on": rows.iso(s["published_on"]),
                "accessed_on": rows.iso(s["accessed_on"]),
                "archive_url": s["archive_url"], "excerpt": s["excerpt"], "primary": s["primary"],
            }
            for s in row["sources"]
        ],
        "attribution_status": row["attribution_status"],
        "verdict": verdict,
    }


def jsonl(queryset):
    """JSON Lines, UTF-8 as is (no \\u escapes): one portable record per line."""
    lines = (json.dumps(record(row), ensure_ascii=False) + "\n" for row in iter_rows(queryset))
    return _chunks(lines)


def csv_lines(queryset):
    """CSV with a header row; lists as JSON cells; formula-like cells neutralised (see FORMULA)."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    lines = (writer.writerow([neutralise(v) for v in csv_cells(record(row))]) for row in iter_rows(queryset))
    yield writer.writerow(CSV_COLUMNS)
    yield from _chunks(lines)


def csv_cells(rec):
    speaker, verdict = rec["speaker"], rec["verdict"] or {}
    outlet = rec["recipient_outlet"] or {}
    flat = {
        **rec, "speaker": speaker["name"], "speaker_slug": speaker["slug"], "speaker_anonymous": speaker["anonymous"],
        "speaker_country": speaker["country"], "recipient_outlet": outlet.get("slug"),
        "recipient_outlet_name": outlet.get("name"), "verdict_rating": verdict.get("rating"),
        "verdict_rating_value": verdict.get("rating_value"), "verdict_claim": verdict.get("claim"),
        "verdict_summary": verdict.get("summary"), "verdict_evidence": verdict.get("evidence"),
    }
    for name in JSON_CELL_COLUMNS:
        flat[name] = json.dumps(flat[name], ensure_ascii=False) if flat[name] is not None else None
    return [_cell(flat[name]) for name in CSV_COLUMNS]


def neutralise(value):
    """Prefix ' to a text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR)."""
    if isinstance(value, str) and FORMULA.match(value):
        return "'" + value
    return value


def unneutralise(value):
    """Undo `neutralise` (import side): exactly one ' added on export is removed."""
    return value[1:] if FORMULA.match(value) and value.startswith("'") else value


def claimreview(queryset):
    """schema.org ClaimReview (JSON array) for each statement with a published verdict."""
    first = True
    yield "[\n"
    for row in iter_rows(queryset.filter(verdict__status="published")):
        yield ("" if first else ",\n") + json.dumps(claimreview_item(row), ensure_ascii=False)
        first = False
    yield "\n]\n"


def claimreview_item(row):
    verdict = rows.verdict(row)
    rating = {
        "@type": "Rating", "bestRating": 5, "worstRating": 1,
        "alternateName": verdict["rating"].replace("_", " ").capitalize(),
    }
    if verdict["rating_value"] > 0:
        rating["ratingValue"] = verdict["rating_value"]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": settings.SITE_URL + rows.permalink_path(row),
        "claimReviewed": verdict["claim"],
        "datePublished": rows.iso(row["verdict__published_at"].date()) if row["verdict__published_at"] else None,
        "author": {"@type": "Organization", "name": settings.SITE_NAME, "url": settings.SITE_URL + reverse(
            "statements:timeline")},
        "reviewBody": verdict["summary"],
        "reviewRating": rating,
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person" if not row["speaker__anonymous"] else "Thing", "name": row["speaker__name"]},
            "datePublished": rows.iso(row["said_on"]),
            "appearance": [{"@type": "CreativeWork", "url": s["url"]} for s in row["sources"] if s["url"]],
        },
    }


WRITERS = {"jsonl": jsonl, "csv": csv_lines, "claimreview": claimreview}
CONTENT_TYPES = {
    "jsonl": "application/x-ndjson; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "claimreview": "application/ld+json; charset=utf-8",
}


class _Echo:
    """csv.writer writes into this and gets the line back (Django's streaming-CSV pattern)."""

    def write(self, value):
        return value


def _chunks(lines, size=LINES_PER_CHUNK):
    # Hand the server a few hundred lines at a time, not one: fewer writes, same flat memory.
    buffer = []
    for line in lines:
        buffer.append(line)
        if len(buffer) >= size:
            yield "".join(buffer)
            buffer.clear()
    if buffer:
        yield "".join(buffer)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
