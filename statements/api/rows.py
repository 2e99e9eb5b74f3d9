"""Statements as plain dicts, loaded in a fixed number of queries whatever the page or batch size.

The API list, the API detail and the bulk exports all read through here: one `.values()` query for
the statements (with speaker, outlet and verdict joined), then one query each for their sources,
topics and public notes. Plain dicts instead of model instances and DRF fields keep a 20-row page
around a millisecond of Python and let an export stream a million rows with flat memory.
"""

from collections import defaultdict

from ..links import link
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
SOURCE_COLUMNS = (
    "statement_id", "url", "citation", "outlet__slug", "outlet__name", "title", "published_on",
    "accessed_on", "archive_url", "excerpt", "primary",
)


def fetch(queryset):
    """The statement rows of `queryset` (already filtered, ordered and sliced) as dicts."""
    return list(queryset.values(*COLUMNS))


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


def represent(row, site, *, desk=False, pending=None):
    """One API result. `site` is the scheme and host ('https://archive.example'); `desk` adds workflow fields."""
    data = {
        "id": row["id"],
        "url": site + permalink_path(row),
        "api_url": site + link("api:statement-detail", pk=row["id"]),
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
