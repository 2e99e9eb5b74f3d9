"""Bulk exports of published statements: JSON Lines, CSV and ClaimReview, streamed with flat memory.

Shared by the API (`/api/v1/statements/export.csv|.jsonl`) and `manage.py export_statements`.
Rows are read in keyset batches of `BATCH` in date order (`said_on, id`), a fixed number of
queries per batch, so memory stays flat however many rows there are.

The JSONL and CSV exports have a throughput target (20,000 rows/s, issue 7), so their per-row
path is lean: statements and sources as plain tuples (no model instances, no Django
converters), speakers/outlets/topics looked up in dicts kept for the export, one C-encoded
JSON line per record, CSV lines joined directly (see `csv_line`), one chunk per batch.

The JSONL and CSV records are *portable*: the content, the speaker/topic/outlet references by
slug, the public verdict, and an `external_id`, but no local id or timestamp. That is what makes
export -> import into an empty archive -> export give the same bytes. `external_id` is the one
the statement was imported with, or else its permalink URI (`SITE_URL/statements/<id>/`), which
names it uniquely across archives; `import_statements` skips any id it already holds.
"""

import datetime
import json
import re
from collections import defaultdict

from django.conf import settings
from django.db import connections
from django.db.models import BigIntegerField, Expression, TextField
from django.db.models.functions import Cast
from django.db.models.sql.constants import MULTI
from django.urls import reverse

from .api import rows
from .api.pagination import after
from .models import EvidenceLink, Outlet, Source, Speaker, Statement, Topic, VerdictStatus
from .models.choices import RATING_VALUES

BATCH = 2000
KEYS = [("said_on", False), ("id", False)]
# What a portable record needs of a statement, as a tuple (the verdict is one-to-one: joined).
STATEMENT_COLUMNS = (
    "id", "external_id", "text", "kind", "language", "translation", "translated_by", "speaker_id", "speaker_role",
    "said_on", "said_on_precision", "approximate", "first_reported_on", "medium", "venue", "recipient_outlet_id",
    "context", "attribution_status", "verdict__id", "verdict__status", "verdict__rating", "verdict__claim",
    "verdict__summary",
)
SOURCE_COLUMNS = (
    "statement_id", "url", "citation", "outlet_id", "title", "published_on", "accessed_on", "archive_url", "excerpt",
    "primary",
)
DATE_COLUMNS = {"said_on", "first_reported_on", "published_on", "accessed_on"}
SPEAKER_ID, SAID_ON, OUTLET_ID, VERDICT_ID, VERDICT_STATUS = (
    STATEMENT_COLUMNS.index(name)
    for name in ("speaker_id", "said_on", "recipient_outlet_id", "verdict__id", "verdict__status")
)
JSON = json.JSONEncoder(ensure_ascii=False)  # json.dumps(..., ensure_ascii=False) without a new encoder per call
_TRUE_FALSE = {True: "true", False: "false"}
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
FORMULA_STARTS = frozenset("'=+-@\t\r")  # what FORMULA can match first: the cheap test
JSON_CELL_COLUMNS = ("topics", "sources", "verdict_evidence")


def jsonl(queryset):
    """JSON Lines, UTF-8 as is (no \\u escapes): one portable record per line, a chunk per batch."""
    encode = JSON.encode
    for batch in records(queryset):
        yield "".join([encode(record) + "\n" for record in batch])


def csv_lines(queryset):
    """CSV with a header row; lists as JSON cells; formula-like cells neutralised (see FORMULA); a chunk per batch."""
    yield csv_line(CSV_COLUMNS)
    for batch in records(queryset):
        yield "".join([csv_line(csv_cells(record)) for record in batch])


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


# ------------------------------------------------------------ reading


def iter_rows(queryset, batch=BATCH):
    """Every row of `queryset` as the API's dicts (sources, topics, evidence attached), in (said_on, id) order.

    For the ClaimReview export, which keeps only the few statements with a published verdict;
    the portable exports read through `records`, which skips the API's per-row dicts.
    """
    for found in _keyset_batches(queryset, _api_rows, lambda row: [row["said_on"], row["id"]], batch):
        yield from found


def _api_rows(page):
    return rows.attach(rows.fetch(page), corrections=False, evidence=True)


def records(queryset, batch=BATCH):
    """The portable records of `queryset` (the JSONL lines' dicts), a list per keyset batch, in (said_on, id) order.

    A fixed number of queries per batch: the statements as tuples (verdict joined), their sources,
    topic ids and evidence. Speakers, outlets and topics are small tables: each is read once, by
    the ids a batch meets for the first time, and kept for the whole export.
    """
    tables = _Tables()
    for found in _batches(queryset, batch):
        ids = [row[0] for row in found]
        sources = _sources(ids, tables)
        topics = _topic_ids(ids)
        evidence = _evidence([row[VERDICT_ID] for row in found if row[VERDICT_STATUS] == VerdictStatus.PUBLISHED])
        speakers = tables.speakers.load({row[SPEAKER_ID] for row in found})
        outlets = tables.outlets.load({row[OUTLET_ID] for row in found})
        topic_refs = tables.topics.load({topic for ids_ in topics.values() for topic in ids_})
        yield [
            _record(row, speakers, outlets, topic_refs, topics.get(row[0], ()), sources.get(row[0], []), evidence)
            for row in found
        ]


def _batches(queryset, batch):
    """Keyset batches of STATEMENT_COLUMNS tuples; memory holds one batch whatever the export's size."""
    columns = queryset.values_list(*_columns(queryset, STATEMENT_COLUMNS))
    return _keyset_batches(columns, _tuples, _tuple_key, batch)


def _tuple_key(row):
    said_on = row[SAID_ON]
    return [datetime.date.fromisoformat(said_on) if isinstance(said_on, str) else said_on, row[0]]


def _keyset_batches(queryset, fetch, key, batch):
    """`fetch(slice)` for each batch of `queryset` in (said_on, id) order; `key(row)` is where the next starts."""
    queryset = queryset.order_by("said_on", "id")
    last = None
    while True:
        page = queryset if last is None else queryset.filter(after(KEYS, last, descending=False))
        found = fetch(page[:batch])
        if found:
            yield found
        if len(found) < batch:
            return
        last = key(found[-1])


def _tuples(queryset):
    """The rows of a `values_list` queryset as the database driver gives them, without Django's converters.

    The converters are a Python call per value, and the export only turns the values back into
    text: `_iso` and `bool` take what either driver gives (a date or, see `_columns`, ISO text).
    """
    compiler = queryset.query.get_compiler(using=queryset.db)
    return [row for chunk in compiler.execute_sql(MULTI) for row in chunk]


def _columns(queryset, names):
    """`values_list` arguments for `names`; on SQLite, the date columns as the ISO text they are stored as.

    Django has SQLite's driver parse every date column into a date (a Python call per value),
    which the export would only format back into the same text.
    """
    if connections[queryset.db].vendor != "sqlite":
        return names
    return [Cast(name, TextField()) if name in DATE_COLUMNS else name for name in names]


def _iso(value):
    """A date as ISO text (as `_columns` reads it on SQLite), or None."""
    return value if value is None or value.__class__ is str else value.isoformat()


def _record(row, speakers, outlets, topic_refs, topic_ids, sources, evidence):
    (pk, external, text, kind, language, translation, translated_by, speaker_id, speaker_role, said_on, precision,
     approximate, first_reported_on, medium, venue, outlet_id, context, attribution, verdict_id, verdict_status,
     rating, claim, summary) = row
    verdict = None
    if verdict_status == VerdictStatus.PUBLISHED:
        verdict = {"rating": rating, "rating_value": RATING_VALUES[rating], "claim": claim, "summary": summary,
                   "evidence": evidence.get(verdict_id, [])}
    return {
        "external_id": external or f"{settings.SITE_URL}/statements/{pk}/",
        "text": text,
        "kind": kind,
        "language": language,
        "translation": translation,
        "translated_by": translated_by,
        "speaker": speakers[speaker_id],
        "speaker_role": speaker_role,
        "said_on": _iso(said_on),
        "said_on_precision": precision,
        "approximate": bool(approximate),
        "first_reported_on": _iso(first_reported_on),
        "medium": medium,
        "venue": venue,
        "recipient_outlet": outlets.get(outlet_id),
        "context": context,
        "topics": [topic_refs[topic] for topic in topic_ids],
        "sources": sources,
        "attribution_status": attribution,
        "verdict": verdict,
    }


def _sources(ids, tables):
    """{statement id: [source dicts]} in (position, id) order, outlets by reference."""
    queryset = Source.objects.filter(statement_id__in=_Ids(ids)).order_by("statement_id", "position", "id")
    found = _tuples(queryset.values_list(*_columns(queryset, SOURCE_COLUMNS)))
    outlets = tables.outlets.load({source[3] for source in found})
    by_statement = defaultdict(list)
    for statement_id, url, citation, outlet_id, title, published, accessed, archive_url, excerpt, primary in found:
        by_statement[statement_id].append({
            "url": url, "citation": citation, "outlet": outlets.get(outlet_id), "title": title,
            "published_on": _iso(published), "accessed_on": _iso(accessed), "archive_url": archive_url,
            "excerpt": excerpt, "primary": bool(primary),
        })
    return by_statement


def _topic_ids(ids):
    """{statement id: [topic ids]} in topic slug order (the database's, as the API lists them)."""
    through = Statement.topics.through.objects.filter(statement_id__in=_Ids(ids))
    through = through.order_by("statement_id", "topic__slug")
    by_statement = defaultdict(list)
    for statement_id, topic_id in _tuples(through.values_list("statement_id", "topic_id")):
        by_statement[statement_id].append(topic_id)
    return by_statement


def _evidence(verdict_ids):
    if not verdict_ids:
        return {}
    links = EvidenceLink.objects.filter(verdict_id__in=_Ids(verdict_ids)).order_by("verdict_id", "position", "id")
    by_verdict = defaultdict(list)
    for verdict_id, url, title in links.values_list("verdict_id", "url", "title"):
        by_verdict[verdict_id].append({"url": url, "title": title})
    return by_verdict


class _Ids(Expression):
    """`field__in=_Ids(ids)`: `(%s, %s, ...)` for ids read from the database.

    They need none of the preparation Django gives each value of a Python list, which cost
    several percent of the export (2,000 ids in each of two queries a batch).
    """

    def __init__(self, ids):
        super().__init__(output_field=BigIntegerField())
        self.ids = list(ids)

    def as_sql(self, compiler, connection):
        if not self.ids:
            return "(NULL)", []  # matches nothing, as an empty list does
        return "(" + ", ".join(["%s"] * len(self.ids)) + ")", self.ids

    def as_postgresql(self, compiler, connection):
        # One array parameter: psycopg parses a query with 2,000 placeholders anew on every execution.
        return "(SELECT unnest(%s::bigint[]))", [self.ids]


class _Table:
    """{id: reference dict} of a small table, read only for ids not seen yet; the dicts are shared, never changed."""

    def __init__(self, model, *columns):
        self.model, self.columns, self.known = model, columns, {}

    def load(self, ids):
        missing = [pk for pk in ids if pk is not None and pk not in self.known]
        if missing:
            for values in self.model.objects.filter(pk__in=_Ids(missing)).values("id", *self.columns):
                self.known[values.pop("id")] = values
        return self.known


class _Tables:
    def __init__(self):
        self.speakers = _Table(Speaker, "name", "slug", "anonymous", "country")
        self.outlets = _Table(Outlet, "slug", "name")
        self.topics = _Table(Topic, "slug", "name")


# ------------------------------------------------------------ CSV


def csv_cells(rec):
    """The cells of one portable record, in CSV_COLUMNS order: text (or None), and the verdict's rating value."""
    speaker, verdict, outlet = rec["speaker"], rec["verdict"], rec["recipient_outlet"]
    cells = [
        rec["external_id"], rec["said_on"], rec["said_on_precision"], _TRUE_FALSE[rec["approximate"]],
        speaker["name"], speaker["slug"], _TRUE_FALSE[speaker["anonymous"]], speaker["country"],
        rec["speaker_role"], rec["text"], rec["kind"], rec["language"], rec["translation"], rec["translated_by"],
        rec["first_reported_on"], rec["medium"], rec["venue"],
        outlet and outlet["slug"], outlet and outlet["name"], rec["context"],
        JSON.encode(rec["topics"]), JSON.encode(rec["sources"]), rec["attribution_status"],
    ]
    if verdict is None:
        cells += (None, None, None, None, None)
    else:
        cells += (verdict["rating"], verdict["rating_value"], verdict["claim"], verdict["summary"],
                  JSON.encode(verdict["evidence"]))
    return cells


def csv_line(cells):
    """One CSV line, byte for byte as csv.writer (QUOTE_MINIMAL, CRLF) writes it, text cells neutralised first.

    csv.writer copies a cell one character at a time (it was the export's largest cost); `in` and
    `replace` on a str run at memory speed. A cell is quoted, its quotes doubled, when it holds a
    quote, a comma, CR or LF; None is empty; a number (the rating value, -1 included) is not text
    and is written as is, never neutralised.
    """
    out = []
    for value in cells:
        if value is None:
            value = ""
        elif value.__class__ is not str:
            value = str(value)
        else:
            if value[:1] in FORMULA_STARTS and FORMULA.match(value):
                value = "'" + value
            if '"' in value or "," in value or "\n" in value or "\r" in value:
                value = '"' + value.replace('"', '""') + '"'
        out.append(value)
    return ",".join(out) + "\r\n"


def neutralise(value):
    """Prefix ' to a text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR); `csv_line` inlines it."""
    if isinstance(value, str) and FORMULA.match(value):
        return "'" + value
    return value


def unneutralise(value):
    """Undo `neutralise` (import side): exactly one ' added on export is removed."""
    return value[1:] if FORMULA.match(value) and value.startswith("'") else value


WRITERS = {"jsonl": jsonl, "csv": csv_lines, "claimreview": claimreview}
CONTENT_TYPES = {
    "jsonl": "application/x-ndjson; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "claimreview": "application/ld+json; charset=utf-8",
}
