"""Statements as plain dicts, loaded in a fixed number of queries whatever the page or batch size.

The API list, the API detail and the bulk exports all read through here. The exports read a batch
of statements with one `.values()` query (speaker, outlet and verdict joined), then their sources,
topics and public notes with one query each (`fetch`, `attach`). The API's pages are small, where a
query costs more in the ORM and the round trip than in the database: `fetch_whole` reads the same
rows with the ORM compiling only the page's conditions, then all three lists in one more query, as
JSON arrays. Plain dicts instead of model instances and DRF fields keep a 20-row page around a
millisecond of Python and let an export stream a million rows with flat memory.
"""

import datetime
import json
from collections import defaultdict

from django.db import connections
from django.utils import timezone

from ..links import Links, link
from ..models import Correction, EvidenceLink, Source, Statement, VerdictStatus
from ..models.choices import RATING_VALUES

COLUMNS = (
    "id", "slug", "text", "kind", "language", "translation", "translated_by", "speaker_role",
    "said_on", "said_on_precision", "approximate", "first_reported_on", "medium", "venue", "context",
    "attribution_status", "published_at", "updated_at", "status", "version", "external_id",
    "speaker_id", "speaker__name", "speaker__slug", "speaker__anonymous", "speaker__country",
    "recipient_outlet__slug", "recipient_outlet__name",
    "verdict__id", "verdict__status", "verdict__rating", "verdict__claim", "verdict__summary",
    "verdict__published_at",
)
# What an API result shows (`represent`) and what a page is ordered by; the exports read all of COLUMNS.
API_COLUMNS = (
    "id", "slug", "text", "kind", "language", "translation", "speaker_role", "said_on", "said_on_precision",
    "approximate", "medium", "venue", "attribution_status", "published_at", "updated_at", "status", "version",
    "speaker_id", "speaker__name", "speaker__slug", "speaker__anonymous",
    "verdict__status", "verdict__rating", "verdict__claim", "verdict__summary",
)
SOURCE_COLUMNS = (
    "statement_id", "url", "citation", "outlet__slug", "outlet__name", "title", "published_on",
    "accessed_on", "archive_url", "excerpt", "primary",
)


def fetch(queryset, columns=COLUMNS):
    """The statement rows of `queryset` (already filtered, ordered and sliced) as dicts."""
    return list(queryset.values(*columns))


def fetch_whole(queryset):
    """API_COLUMNS of `queryset`'s rows with their sources, topics and public notes: two queries (list, detail)."""
    connection = connections[queryset.db]
    found = _statement_rows(queryset, connection)
    if found:
        related = _related([row["id"] for row in found], connection)
        for row in found:
            row["sources"], row["topics"], row["corrections"], row["relations"] = related[row["id"]]
            row["evidence"] = []
    return found


def _statement_rows(queryset, connection):
    """`fetch(queryset, API_COLUMNS)`, with the ORM compiling only the query's conditions and order.

    For a 20-row page, resolving 25 names and two joins and converting each value cost the ORM more
    than the database takes to run the query: the ORM compiles `values("id")`, its select list is
    replaced by API_COLUMNS written out, and the driver's own conversions give the same values.
    A query of another shape (DISTINCT, GROUP BY) goes through `fetch`.
    """
    query = queryset.query
    if query.distinct or query.group_by is not None or query.combinator:
        return fetch(queryset, API_COLUMNS)
    sql, params = queryset.values("id").query.get_compiler(connection=connection).as_sql()
    head, select = _select_sql(connection)
    if not sql.startswith(head):
        return fetch(queryset, API_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(select + sql[len(head):], params)
        found = [dict(zip(API_COLUMNS, values, strict=True)) for values in cursor.fetchall()]
    if connection.vendor == "sqlite":  # its timestamps are naive UTC text; the ORM makes them aware
        for row in found:
            for name in TIMESTAMPS:
                if row[name] is not None:
                    row[name] = timezone.make_aware(row[name], connection.timezone)
    return found


TIMESTAMPS = ("published_at", "updated_at")
# API_COLUMNS' relations: (alias, table, join, alias's column, statement's column). Aliases of their
# own: a filter may join the same tables.
JOINS = {
    "speaker": ("api_speaker", "statements_speaker", "INNER JOIN", "id", "speaker_id"),
    "verdict": ("api_verdict", "statements_verdict", "LEFT OUTER JOIN", "statement_id", "id"),
}


def _select_sql(connection):
    """(the head of a compiled `values("id")` query, the same head selecting API_COLUMNS instead)."""
    if connection.vendor not in _SELECT:
        _SELECT[connection.vendor] = _build_select(connection.ops.quote_name)
    return _SELECT[connection.vendor]


_SELECT = {}


def _build_select(qn):
    table = qn(Statement._meta.db_table)
    columns = []
    for name in API_COLUMNS:
        relation, _, column = name.rpartition("__")
        columns.append(f"{qn(JOINS[relation][0])}.{qn(column)}" if relation else f"{table}.{qn(column)}")
    joins = " ".join(
        f"{join} {qn(other)} {qn(alias)} ON ({qn(alias)}.{qn(theirs)} = {table}.{qn(ours)})"
        for alias, other, join, theirs, ours in JOINS.values()
    )
    # Quoted names from this module's constants: no outside text reaches the SQL.
    head = f"SELECT {table}.{qn('id')} AS {qn('id')} FROM {table} "  # noqa: S608
    return head, f"SELECT {', '.join(columns)} FROM {table} {joins} "  # noqa: S608


# One query for the lists `attach` reads with three, and the relations to public statements: (kind,
# statement id, JSON array) rows, each array in the order and with the values of the readers below. On PostgreSQL a
# correlated subquery per row instead cost ~1.5 ms more for a 20-row page (one small plan run per row).
RELATED_SQL = {
    "sqlite": """
        SELECT 0, so.statement_id, json_group_array(json_array(so.url, so.citation, o.slug, o.name, so.title,
               so.published_on, so.accessed_on, so.archive_url, so.excerpt, so."primary", so.position, so.id))
        FROM statements_source so LEFT JOIN statements_outlet o ON o.id = so.outlet_id
        WHERE so.statement_id IN (SELECT value FROM json_each(%s)) GROUP BY so.statement_id
        UNION ALL
        SELECT 1, st.statement_id, json_group_array(json_array(t.slug, t.name))
        FROM statements_statement_topics st JOIN statements_topic t ON t.id = st.topic_id
        WHERE st.statement_id IN (SELECT value FROM json_each(%s)) GROUP BY st.statement_id
        UNION ALL
        SELECT 2, c.statement_id, json_group_array(json_array(c.kind, c.note, json(c.changed_fields), c.created_at,
               c.id))
        FROM statements_correction c
        WHERE c.statement_id IN (SELECT value FROM json_each(%s)) GROUP BY c.statement_id
        UNION ALL
        SELECT 3, r.from_statement_id, json_group_array(json_array(r.to_statement_id, r.type))
        FROM statements_statementrelation r JOIN statements_statement t ON t.id = r.to_statement_id
        WHERE r.from_statement_id IN (SELECT value FROM json_each(%s)) AND t.status IN ('published', 'retracted')
        GROUP BY r.from_statement_id
    """,
    "postgresql": """
        SELECT 0, so.statement_id, json_agg(json_build_array(so.url, so.citation, o.slug, o.name, so.title,
               so.published_on, so.accessed_on, so.archive_url, so.excerpt, so."primary") ORDER BY so.position, so.id
               )::text
        FROM statements_source so LEFT JOIN statements_outlet o ON o.id = so.outlet_id
        WHERE so.statement_id = ANY(%s) GROUP BY so.statement_id
        UNION ALL
        SELECT 1, st.statement_id, json_agg(json_build_array(t.slug, t.name) ORDER BY t.slug)::text
        FROM statements_statement_topics st JOIN statements_topic t ON t.id = st.topic_id
        WHERE st.statement_id = ANY(%s) GROUP BY st.statement_id
        UNION ALL
        SELECT 2, c.statement_id, json_agg(json_build_array(c.kind, c.note, c.changed_fields, c.created_at)
               ORDER BY c.created_at, c.id)::text
        FROM statements_correction c WHERE c.statement_id = ANY(%s) GROUP BY c.statement_id
        UNION ALL
        SELECT 3, r.from_statement_id, json_agg(json_build_array(r.to_statement_id, r.type)
               ORDER BY r.to_statement_id, r.type)::text
        FROM statements_statementrelation r JOIN statements_statement t ON t.id = r.to_statement_id
        WHERE r.from_statement_id = ANY(%s) AND t.status IN ('published', 'retracted') GROUP BY r.from_statement_id
    """,
}


def _related(ids, connection):
    """{statement id: (sources, topics, corrections, relations)} for `ids`, in one query."""
    # SQLite 3.40 has no ORDER BY inside an aggregate: its arrays carry their sort keys instead.
    unsorted = connection.vendor == "sqlite"
    ids_param = json.dumps(ids) if unsorted else ids
    by_statement = {pk: ([], [], [], []) for pk in ids}
    with connection.cursor() as cursor:
        cursor.execute(RELATED_SQL[connection.vendor], [ids_param] * len(READERS))
        for kind, statement_id, text in cursor.fetchall():
            by_statement[statement_id][kind].extend(READERS[kind](json.loads(text), unsorted))
    return by_statement


def _json_sources(items, unsorted):
    if unsorted:
        items.sort(key=lambda item: (item[10], item[11]))  # position, id
    return [
        {
            "url": url, "citation": citation, "outlet__slug": outlet_slug, "outlet__name": outlet_name,
            "title": title, "published_on": _date(published_on), "accessed_on": _date(accessed_on),
            "archive_url": archive_url, "excerpt": excerpt, "primary": bool(primary),
        }
        for url, citation, outlet_slug, outlet_name, title, published_on, accessed_on, archive_url, excerpt, primary,
        *_ in items
    ]


def _json_topics(items, unsorted):
    if unsorted:
        items.sort()  # by slug: Python's order of str is SQLite's BINARY collation
    return [{"slug": slug, "name": name} for slug, name in items]


def _json_corrections(items, unsorted):
    if unsorted:
        items.sort(key=lambda item: (item[3], item[4]))  # created_at as stored (text), id
    return [
        {"kind": kind, "note": note, "changed_fields": fields, "created_at": _aware(created_at).isoformat()}
        for kind, note, fields, created_at, *_ in items
    ]


def _json_relations(items, unsorted):
    if unsorted:
        items.sort()  # by the related statement's id, then the kind
    return [{"type": kind, "statement_id": target} for target, kind in items]


READERS = (_json_sources, _json_topics, _json_corrections, _json_relations)


def _date(text):
    return datetime.date.fromisoformat(text) if text else None


def _aware(text):
    """A timestamp from JSON: SQLite's stored UTC text, or PostgreSQL's ISO form with its offset."""
    value = datetime.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)


def attach(rows, *, corrections=True, evidence=False):
    """Add `sources`, `topics` (and `corrections`, `evidence`) to each row: one query per kind."""
    ids = [row["id"] for row in rows]
    if not ids:
        return rows
    sources, topics = _sources(ids), _topics(ids)
    notes = _corrections(ids) if corrections else {}
    links = _evidence([r["verdict__id"] for r in rows if _public_verdict(r)]) if evidence else {}
    for row in rows:
        row["sources"] = sources.get(row["id"], [])
        row["topics"] = topics.get(row["id"], [])
        row["corrections"] = notes.get(row["id"], [])
        row["evidence"] = links.get(row["verdict__id"], [])
    return rows


def _sources(ids):
    by_statement = defaultdict(list)
    queryset = Source.objects.filter(statement_id__in=ids).order_by("statement_id", "position", "id")
    for source in queryset.values(*SOURCE_COLUMNS):
        by_statement[source.pop("statement_id")].append(source)
    return by_statement


def _topics(ids):
    by_statement = defaultdict(list)
    through = Statement.topics.through.objects.filter(statement_id__in=ids)
    for statement_id, slug, name in through.order_by("statement_id", "topic__slug").values_list(
        "statement_id", "topic__slug", "topic__name"
    ):
        by_statement[statement_id].append({"slug": slug, "name": name})
    return by_statement


def _corrections(ids):
    by_statement = defaultdict(list)
    queryset = Correction.objects.filter(statement_id__in=ids).order_by("statement_id", "created_at", "id")
    for statement_id, kind, note, fields, created_at in queryset.values_list(
        "statement_id", "kind", "note", "changed_fields", "created_at"
    ):
        by_statement[statement_id].append(
            {"kind": kind, "note": note, "changed_fields": fields, "created_at": iso(created_at)}
        )
    return by_statement


def _evidence(verdict_ids):
    by_verdict = defaultdict(list)
    queryset = EvidenceLink.objects.filter(verdict_id__in=verdict_ids).order_by("verdict_id", "position", "id")
    for verdict_id, url, title in queryset.values_list("verdict_id", "url", "title"):
        by_verdict[verdict_id].append({"url": url, "title": title})
    return by_verdict


def _public_verdict(row):
    return row["verdict__status"] == VerdictStatus.PUBLISHED


def iso(value):
    return value.isoformat() if value is not None else None


def ref(slug, name):
    """A slug-and-name reference (outlet), or None."""
    return {"slug": slug, "name": name} if slug else None


def permalink_path(row):
    return link("statements:statement", pk=row["id"], slug=row["slug"] or "statement")


def verdict(row):
    """The verdict as the public sees it: only once a reviewer has published it."""
    if not _public_verdict(row):
        return None
    rating = row["verdict__rating"]
    return {
        "rating": rating, "rating_value": RATING_VALUES[rating],
        "claim": row["verdict__claim"], "summary": row["verdict__summary"],
    }


class Urls:
    """A result's two absolute links, each URL pattern looked up once per page instead of once per link."""

    def __init__(self, site):
        self.site, self.links = site, Links()
        self.api_path = self.links.by_pk("api:statement-detail")

    def statement(self, row):
        return self.site + self.links.statement(row["id"], row["slug"])

    def api(self, pk):
        return self.site + self.api_path(pk)


def represent(row, urls, *, desk=False, pending=None):
    """One API result; `urls`: Urls for the scheme and host ('https://archive.example'); `desk` adds workflow fields."""
    data = {
        "id": row["id"],
        "url": urls.statement(row),
        "api_url": urls.api(row["id"]),
        "text": row["text"],
        "kind": row["kind"],
        "language": row["language"],
        "translation": row["translation"],
        "speaker": {
            "id": row["speaker_id"], "name": row["speaker__name"], "slug": row["speaker__slug"],
            "anonymous": row["speaker__anonymous"],
        },
        "speaker_role": row["speaker_role"],
        "said_on": iso(row["said_on"]),
        "said_on_precision": row["said_on_precision"],
        "approximate": row["approximate"],
        "medium": row["medium"],
        "venue": row["venue"],
        "topics": row["topics"],
        "sources": [
            {
                "url": s["url"], "citation": s["citation"], "outlet": ref(s["outlet__slug"], s["outlet__name"]),
                "title": s["title"], "published_on": iso(s["published_on"]), "archive_url": s["archive_url"],
                "excerpt": s["excerpt"], "primary": s["primary"],
            }
            for s in row["sources"]
        ],
        "attribution_status": row["attribution_status"],
        "verdict": verdict(row),
        "corrections": row["corrections"],
        "relations": [
            {"type": r["type"], "statement": {"id": r["statement_id"], "api_url": urls.api(r["statement_id"])}}
            for r in row["relations"]
        ],
        "published_at": iso(row["published_at"]),
        "updated_at": iso(row["updated_at"]),
    }
    if desk:
        data.update(status=row["status"], version=row["version"], pending_revision=(pending or {}).get(row["id"]))
    return data


def pending_revisions(ids):
    """{statement id: number of its correction awaiting review}: desk responses show it for approve-revision."""
    from ..models import Revision, RevisionState

    pending = Revision.objects.filter(statement_id__in=ids, state=RevisionState.PENDING)
    return dict(pending.values_list("statement_id", "number"))
