"""Bulk exports of published statements: JSON Lines, CSV and ClaimReview, streamed with flat memory.

Shared by the API (`/api/v1/statements/export.csv|.jsonl`) and `manage.py export_statements`.
Rows are read in keyset batches of `BATCH` in date order (`said_on, id`), a fixed number of
queries per batch, so memory stays flat however many rows there are.

The JSONL and CSV exports have a throughput target (20,000 rows/s, issue 7), so their per-row
path is lean: statements and sources as plain tuples (no model instances, no Django
converters), speakers/outlets/topics encoded once per export (JSON and CSV), each source encoded
once as JSON text that both formats use, and a line written as one f-string per row, with the
JSON encoder's own string escaping (`QUOTE`) and csv.writer's quoting rules (`csv_line`).
On PostgreSQL, once a first full batch has been read, a reader thread with its own connection
fetches each next batch while the current one is encoded (see `_reads_ahead`).

The JSONL and CSV records are *portable*: the content, the speaker/topic/outlet references by
slug, the public verdict, and an `external_id`, but no local id or timestamp. That is what makes
export -> import into an empty archive -> export give the same bytes. `external_id` is the one
the statement was imported with, or else its permalink URI (`SITE_URL/statements/<id>/`), which
names it uniquely across archives; `import_statements` skips any id it already holds.
"""

import contextlib
import contextvars
import datetime
import json
import queue
import re
import threading
from collections import defaultdict
from json.encoder import encode_basestring
from typing import NamedTuple

from django.conf import settings
from django.db import connections
from django.db.models import BigIntegerField, Expression, TextField
from django.db.models.functions import Cast
from django.db.models.sql.constants import MULTI
from django.urls import reverse

from .api import rows
from .api.pagination import after, filter_first
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
QUOTE = encode_basestring  # a str as JSON text, exactly as JSON.encode writes it (non-ASCII as is)
PUBLISHED = VerdictStatus.PUBLISHED.value
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
    refs = _Refs()
    for batch in _read(queryset, refs, BATCH):
        yield "".join([_jsonl_line(row, batch, refs) for row in batch.rows])


def csv_lines(queryset):
    """CSV with a header row; lists as JSON cells; formula-like cells neutralised (see FORMULA); a chunk per batch."""
    yield csv_line(CSV_COLUMNS)
    refs = _Refs()
    for batch in _read(queryset, refs, BATCH):
        yield "".join([_csv_line(row, batch, refs) for row in batch.rows])


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
    the portable exports read through `_read`, which skips the API's per-row dicts.
    """
    for found in _keyset_batches(queryset, _api_rows, lambda row: [row["said_on"], row["id"]], batch):
        yield from found


def _api_rows(page):
    return rows.attach(rows.fetch(page), corrections=False, evidence=True)


class _Fetched(NamedTuple):
    """What the database gives for one keyset batch, as the driver gives it."""

    rows: list  # STATEMENT_COLUMNS tuples
    sources: list  # SOURCE_COLUMNS tuples, by statement, in (position, id) order
    topics: list  # (statement id, topic id), by statement, in topic slug order
    evidence: list  # (verdict id, url, title), by verdict, in (position, id) order


class _Batch(NamedTuple):
    """One keyset batch as the encoders want it: rows, and each statement's lists as JSON text."""

    rows: list  # STATEMENT_COLUMNS tuples
    sources: dict  # {statement id: JSON array of its sources}
    topics: dict  # {statement id: JSON array of its topic references}
    evidence: dict  # {verdict id: JSON array of its evidence links}


def _read(queryset, refs, batch):
    """The `_Batch`es of `queryset` in (said_on, id) order; from the second on, maybe read ahead in a thread.

    An export of one batch or less (most filtered ones) starts no thread. The reader only reads:
    turning rows into JSON is Python work, which would hold the GIL in either thread.
    """
    fetched = _fetch(queryset, refs, batch)
    first = next(fetched, None)
    if first is None:
        return
    yield _batch(first, refs)
    if len(first.rows) < batch:
        return
    for item in _read_ahead(fetched) if _reads_ahead(queryset.db) else fetched:
        yield _batch(item, refs)


def _reads_ahead(alias):
    """Whether a reader thread should fetch the next batches: on PostgreSQL, outside a transaction.

    psycopg waits for the server's answer in a few long waits without the GIL, and the server, a
    process of its own, works on the next batch while this thread encodes: 1.12x the rows/s here
    (median of 8 paired runs, 100,000 rows). SQLite's engine runs in this process and lets go of
    the GIL for every row, then waits for the busy encoder to give it back: 0.91x, and the reader's
    own connection adds its own page cache (64 MB). Inside a transaction another connection would
    not see its rows (tests, an export run inside atomic()).
    """
    connection = connections[alias]
    return connection.vendor == "postgresql" and connection.get_autocommit()


def _fetch(queryset, refs, batch):
    """A `_Fetched` per keyset batch: a fixed number of queries each, whatever the batch size.

    The statements as tuples (verdict joined), their sources, topic ids and evidence; speakers,
    outlets and topics only for ids not met before (`_Table`).
    """
    for found in _batches(queryset, batch):
        ids = [row[0] for row in found]
        sources, topics = _source_rows(ids), _topic_rows(ids)
        evidence = _evidence_rows([row[VERDICT_ID] for row in found if row[VERDICT_STATUS] == PUBLISHED])
        refs.speakers.load({row[SPEAKER_ID] for row in found})
        refs.outlets.load({row[OUTLET_ID] for row in found} | {source[3] for source in sources})
        refs.topics.load({topic_id for _, topic_id in topics})
        yield _Fetched(found, sources, topics, evidence)


def _batch(fetched, refs):
    return _Batch(fetched.rows, _sources_json(fetched.sources, refs.outlets.json),
                  _topics_json(fetched.topics, refs.topics.json), _evidence_json(fetched.evidence))


def _read_ahead(items):
    """The items of the generator `items`, each produced in a reader thread while the caller handles the one before.

    The thread has its own connections (Django's are per thread) and closes them; it runs in a copy
    of the caller's context, so the database router sends its queries where the caller's would
    go; an error there is raised here; and when the caller stops early (a client that disconnects
    closes this generator) the thread stops after the batch it is reading. At most three batches
    are in memory: one being encoded, one handed over, one being read.
    """
    handoff = queue.Queue(maxsize=1)
    stop = threading.Event()
    context = contextvars.copy_context()
    reader = threading.Thread(target=context.run, args=(_reader, items, handoff, stop), name="export-reader",
                              daemon=True)
    reader.start()
    try:
        while True:
            item, error = handoff.get()
            if error is not None:
                raise error
            if item is None:
                return
            yield item
    finally:
        stop.set()
        _drain(handoff)  # a reader waiting to hand over a batch would otherwise wait for `stop` a while longer
        reader.join()


def _reader(items, handoff, stop):
    try:
        for item in items:
            if not _hand_over(handoff, (item, None), stop):
                return
        _hand_over(handoff, (None, None), stop)
    except BaseException as error:  # everything, so that the caller never waits for a batch that will not come
        _hand_over(handoff, (None, error), stop)
    finally:
        items.close()
        connections.close_all()  # this thread's


def _hand_over(handoff, item, stop):
    """Put `item` in `handoff` once there is room; whether to go on (False once the caller has stopped)."""
    while not stop.is_set():
        try:
            handoff.put(item, timeout=0.1)
        except queue.Full:
            continue
        return not stop.is_set()
    return False


def _drain(handoff):
    with contextlib.suppress(queue.Empty):
        handoff.get_nowait()


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
        page = queryset if last is None else _after(queryset, last)
        found = fetch(page[:batch])
        if found:
            yield found
        if len(found) < batch:
            return
        last = key(found[-1])


def _after(queryset, last):
    """`queryset` from the row after `last` on, in (said_on, id) order (the bound first: see filter_first)."""
    return filter_first(queryset, after(KEYS, last, descending=False))


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


def _json_date(value):
    return "null" if value is None else QUOTE(_iso(value))


def _json_bool(value):
    return "true" if value else "false"  # SQLite gives 0/1, PostgreSQL a bool


def _source_rows(ids):
    queryset = Source.objects.filter(statement_id__in=_Ids(ids)).order_by("statement_id", "position", "id")
    return _tuples(queryset.values_list(*_columns(queryset, SOURCE_COLUMNS)))


def _topic_rows(ids):
    through = Statement.topics.through.objects.filter(statement_id__in=_Ids(ids))
    return _tuples(through.order_by("statement_id", "topic__slug").values_list("statement_id", "topic_id"))


def _evidence_rows(verdict_ids):
    if not verdict_ids:
        return []
    links = EvidenceLink.objects.filter(verdict_id__in=_Ids(verdict_ids)).order_by("verdict_id", "position", "id")
    return list(links.values_list("verdict_id", "url", "title"))


def _sources_json(found, outlets):
    """{statement id: JSON array of its sources}, outlets by reference."""
    by_statement = defaultdict(list)
    for statement_id, url, citation, outlet_id, title, published, accessed, archive_url, excerpt, primary in found:
        by_statement[statement_id].append(
            f'{{"url": {QUOTE(url)}, "citation": {QUOTE(citation)}, "outlet": {outlets.get(outlet_id, "null")}, '
            f'"title": {QUOTE(title)}, "published_on": {_json_date(published)}, '
            f'"accessed_on": {_json_date(accessed)}, "archive_url": {QUOTE(archive_url)}, '
            f'"excerpt": {QUOTE(excerpt)}, "primary": {_json_bool(primary)}}}'
        )
    return _json_arrays(by_statement)


def _topics_json(found, topics):
    """{statement id: JSON array of its topic references}."""
    by_statement = defaultdict(list)
    for statement_id, topic_id in found:
        by_statement[statement_id].append(topics[topic_id])
    return _json_arrays(by_statement)


def _evidence_json(found):
    """{verdict id: JSON array of its evidence links}."""
    by_verdict = defaultdict(list)
    for verdict_id, url, title in found:
        by_verdict[verdict_id].append(JSON.encode({"url": url, "title": title}))
    return _json_arrays(by_verdict)


def _json_arrays(items):
    """{key: [JSON texts]} -> {key: JSON array}, as JSON.encode writes a list."""
    return {key: "[" + ", ".join(texts) + "]" for key, texts in items.items()}


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
    """A small table's rows as JSON objects and CSV cells, read only for ids not seen yet and kept for the export.

    `json[id]` is the reference as a record holds it (`JSON.encode` of its `columns`); `csv[id]`
    its cells, in `columns` order, as `csv_line` writes them.
    """

    def __init__(self, model, *columns):
        self.model, self.columns, self.json, self.csv = model, columns, {}, {}

    def load(self, ids):
        missing = [pk for pk in ids if pk is not None and pk not in self.json]
        if missing:
            for values in self.model.objects.filter(pk__in=_Ids(missing)).values("id", *self.columns):
                pk = values.pop("id")
                self.csv[pk] = csv_line([_json_bool(v) if v.__class__ is bool else v for v in values.values()])[:-2]
                self.json[pk] = JSON.encode(values)


class _Refs:
    """The reference tables of one export; the reader thread loads them, the encoders only read them."""

    def __init__(self):
        self.speakers = _Table(Speaker, "name", "slug", "anonymous", "country")
        self.outlets = _Table(Outlet, "slug", "name")
        self.topics = _Table(Topic, "slug", "name")


# ------------------------------------------------------------ writing


def _jsonl_line(row, batch, refs):
    """One portable record as a JSON line, byte for byte what `JSON.encode` gives for the record's dict."""
    (pk, external, text, kind, language, translation, translated_by, speaker_id, speaker_role, said_on, precision,
     approximate, first_reported_on, medium, venue, outlet_id, context, attribution, verdict_id, verdict_status,
     rating, claim, summary) = row
    verdict = "null"
    if verdict_status == PUBLISHED:
        verdict = (f'{{"rating": {QUOTE(rating)}, "rating_value": {RATING_VALUES[rating]}, "claim": {QUOTE(claim)}, '
                   f'"summary": {QUOTE(summary)}, "evidence": {batch.evidence.get(verdict_id, "[]")}}}')
    return (
        f'{{"external_id": {QUOTE(external or _permalink(pk))}, "text": {QUOTE(text)}, "kind": {QUOTE(kind)}, '
        f'"language": {QUOTE(language)}, "translation": {QUOTE(translation)}, '
        f'"translated_by": {QUOTE(translated_by)}, "speaker": {refs.speakers.json[speaker_id]}, '
        f'"speaker_role": {QUOTE(speaker_role)}, "said_on": {_json_date(said_on)}, '
        f'"said_on_precision": {QUOTE(precision)}, "approximate": {_json_bool(approximate)}, '
        f'"first_reported_on": {_json_date(first_reported_on)}, "medium": {QUOTE(medium)}, "venue": {QUOTE(venue)}, '
        f'"recipient_outlet": {refs.outlets.json.get(outlet_id, "null")}, "context": {QUOTE(context)}, '
        f'"topics": {batch.topics.get(pk, "[]")}, "sources": {batch.sources.get(pk, "[]")}, '
        f'"attribution_status": {QUOTE(attribution)}, "verdict": {verdict}}}\n'
    )


def _csv_line(row, batch, refs):
    """One portable record as a CSV line (CSV_COLUMNS), byte for byte what `csv_line` gives for its cells.

    Dates, booleans and the columns the schema limits to a few identifiers (precision, kind,
    medium, attribution, rating: CHECK constraints) can neither look like a formula nor need quotes.
    """
    (pk, external, text, kind, language, translation, translated_by, speaker_id, speaker_role, said_on, precision,
     approximate, first_reported_on, medium, venue, outlet_id, context, attribution, verdict_id, verdict_status,
     rating, claim, summary) = row
    verdict = ",,,,"
    if verdict_status == PUBLISHED:
        verdict = (f"{rating},{RATING_VALUES[rating]},{_csv_text(claim)},{_csv_text(summary)},"
                   f"{_csv_text(batch.evidence.get(verdict_id, '[]'))}")
    return (
        f"{_csv_text(external or _permalink(pk))},{_iso(said_on)},{precision},{_json_bool(approximate)},"
        f"{refs.speakers.csv[speaker_id]},{_csv_text(speaker_role)},{_csv_text(text)},{kind},"
        f"{_csv_text(language)},{_csv_text(translation)},{_csv_text(translated_by)},{_iso(first_reported_on) or ''},"
        f"{medium},{_csv_text(venue)},{refs.outlets.csv.get(outlet_id, ',')},{_csv_text(context)},"
        f"{_csv_text(batch.topics.get(pk, '[]'))},{_csv_text(batch.sources.get(pk, '[]'))},{attribution},{verdict}\r\n"
    )


def _permalink(pk):
    return f"{settings.SITE_URL}/statements/{pk}/"


# ------------------------------------------------------------ CSV


def csv_line(cells):
    """One CSV line, byte for byte as csv.writer (QUOTE_MINIMAL, CRLF) writes it, text cells neutralised first.

    csv.writer copies a cell one character at a time (it was the export's largest cost); `in` and
    `replace` on a str run at memory speed. None is empty; a number (the rating value, -1
    included) is not text and is written as is, never neutralised.
    """
    return ",".join(["" if value is None else _csv_text(value) if value.__class__ is str else str(value)
                     for value in cells]) + "\r\n"


def _csv_text(value):
    """A text cell: neutralised (see FORMULA), then quoted, quotes doubled, if it holds a quote, a comma, CR or LF."""
    if value[:1] in FORMULA_STARTS and FORMULA.match(value):
        value = "'" + value
    if '"' in value or "," in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


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
