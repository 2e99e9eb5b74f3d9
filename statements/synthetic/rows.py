"""Pure row generation: statement i of seed S is always the same, whatever the database holds.

Each chunk of CHUNK statements has its own random stream, so a corpus grown from 30 to 50 is
identical to one made at 50, and chunks can be generated in parallel processes. Rows come out
as tuples in the column order below, with the ids the writer reserved (statement and revision
ids are contiguous; sources, topic links and events take ids from the database).
"""

import datetime
import hashlib
import random
import re
from dataclasses import dataclass, field

from django.utils.text import slugify

from ..content import canonical_json
from ..normalize import quote_hash
from .vocabulary import WORD_TABLE, Zipf

CHUNK = 10_000
FIRST_DAY = datetime.date(2005, 1, 1)
DAYS = (datetime.date(2024, 12, 31) - FIRST_DAY).days + 1  # twenty years
EVENT_COMMENT = "Synthetic corpus (manage.py generate_statements), published in bulk."

STATEMENT_COLUMNS = (
    "id", "text", "kind", "language", "translation", "translated_by", "speaker_id", "speaker_role", "said_on",
    "said_on_precision", "approximate", "first_reported_on", "medium", "venue", "recipient_outlet_id", "context",
    "slug", "status", "attribution_status", "attribution_note", "version", "created_by_id", "created_at",
    "last_edited_by_id", "updated_at", "submitted_at", "approved_by_id", "published_at", "retracted_at",
    "retraction_reason", "live_revision_id", "content_hash", "text_hash", "external_id",
)
SOURCE_FIELDS = (
    "url", "citation", "outlet_id", "title", "published_on", "accessed_on", "archive_url", "excerpt", "primary",
)
SOURCE_COLUMNS = ("statement_id", *SOURCE_FIELDS, "position")
TOPIC_COLUMNS = ("statement_id", "topic_id")
REVISION_COLUMNS = (
    "id", "statement_id", "number", "data", "state", "base_version", "comment", "content_hash", "created_by_id",
    "created_at", "decided_by_id", "decided_at",
)
EVENT_COLUMNS = (
    "statement_id", "action", "actor_id", "at", "from_status", "to_status", "comment", "changes",
    "revision_number", "prev_hash", "hash",
)

KINDS = (("full_quote", 60), ("partial_quote", 25), ("paraphrase", 15))
MEDIA = (
    ("interview", 22), ("speech", 15), ("press_conference", 15), ("social_media_post", 20), ("remarks", 10),
    ("written_statement", 8), ("article", 4), ("broadcast", 4), ("email", 2),
)
ATTRIBUTION = (("verified_primary", 40), ("reported_secondary", 50), ("unchecked", 10))
LANGUAGES = ("de", "fr", "es", "pl", "uk", "it")
PLATFORMS = ("post on X", "Telegram channel", "Facebook post", "video address on Instagram")
CITIES = ("Kyiv", "Brussels", "Warsaw", "Berlin", "Paris", "Washington", "London", "Vilnius", "Rome", "Madrid")
_NON_WORD = re.compile(r"[^\w]+")
_NOT_SLUG = re.compile(r"[^\w\s-]")
_SLUG_GAPS = re.compile(r"[-\s]+")


@dataclass
class Batch:
    """The rows of one chunk, ready for the bulk writer."""

    statements: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    revisions: list = field(default_factory=list)
    events: list = field(default_factory=list)


def weighted(pairs):
    """A sampler for (value, weight) pairs."""
    values, weights = zip(*pairs, strict=True)
    return _Weighted(values, weights)


class _Weighted(Zipf):
    def __init__(self, values, weights):  # not super().__init__: the weights are given, not Zipf's
        self.items, self.cumulative, total = list(values), [], 0.0
        for weight in weights:
            total += weight
            self.cumulative.append(total)
        self.total = total


class Generator:
    """Statement rows for a seed, given the catalog's ids (see catalog.build_catalog)."""

    def __init__(self, seed, catalog):
        self.seed, self.cat = seed, catalog
        order = list(range(len(catalog.speaker_ids)))
        random.Random(17).shuffle(order)  # who is prolific does not follow the catalog's order
        self.speakers = Zipf(order, 0.9)
        self.topics = Zipf(range(len(catalog.topic_ids)), 0.8)
        self.outlets = Zipf(range(len(catalog.outlet_ids)), 0.9)
        self.name_slugs = [slugify(name) for name in catalog.speaker_names]
        self.kinds, self.media, self.attribution = weighted(KINDS), weighted(MEDIA), weighted(ATTRIBUTION)

    def batch(self, start, stop, statement_ids, revision_ids):
        """Rows for statements number start..stop-1, with the given first ids."""
        out = Batch()
        for chunk in range(start // CHUNK, (stop - 1) // CHUNK + 1):
            rng = random.Random(f"synthetic:{self.seed}:{chunk}")
            for number in range(chunk * CHUNK, min((chunk + 1) * CHUNK, stop)):
                draws = self._draw(rng, number)  # drawn even when skipped: later rows must not shift
                if number >= start:
                    offset = number - start
                    self._rows(out, draws, statement_ids + offset, revision_ids + offset)
        return out

    # ------------------------------------------------------------ drawing (all randomness here)

    def _draw(self, rng, number):
        cat = self.cat
        speaker = self.speakers.one(rng)
        day = int(DAYS * rng.random() ** 0.7)  # more statements in recent years, as archives grow
        said_on, precision = _dated(FIRST_DAY + datetime.timedelta(days=day), rng)
        text = _text(rng)
        language = "en" if rng.random() < 0.93 else rng.choice(LANGUAGES)
        medium = self.media.one(rng)
        outlet = self.outlets.one(rng)
        roles = cat.speaker_roles[speaker]
        return {
            "number": number, "speaker": speaker, "said_on": said_on, "precision": precision, "text": text,
            "language": language, "translation": _text(rng) if language != "en" else "",
            "kind": self.kinds.one(rng), "medium": medium, "outlet": outlet,
            "venue": _venue(medium, cat.outlet_names[outlet], rng),
            "role": roles[min(len(roles) - 1, len(roles) * day // DAYS)] if roles else "",
            "approximate": rng.random() < (0.02 if precision == "day" else 0.2),
            "context": _text(rng, 12) if rng.random() < 0.2 else "",
            "topics": sorted({self.topics.one(rng) for _ in range(rng.choice((0, 1, 1, 2, 2, 3)))}),
            "attribution": self.attribution.one(rng),
            "published": _after(said_on, rng.randrange(0, 20), rng),
            "sources": [self._source(rng, said_on, text, j) for j in range(rng.choice((1, 1, 1, 1, 2, 2, 2, 3)))],
        }

    def _source(self, rng, said_on, text, position):
        outlet = self.outlets.one(rng) if position else None
        published_on = said_on + datetime.timedelta(days=rng.randrange(0, 4))
        return {
            "outlet": outlet, "print": rng.random() < 0.05, "published_on": published_on,
            "accessed": published_on + datetime.timedelta(days=rng.randrange(0, 30)) if rng.random() < 0.5 else None,
            "archived": rng.random() < 0.2, "excerpt": position == 0 and rng.random() < 0.3,
            "primary": position == 0 and rng.random() < 0.15, "token": rng.getrandbits(32),
        }

    # ------------------------------------------------------------ rows (deterministic from the draws)

    def _rows(self, out, d, statement_id, revision_id):
        cat = self.cat
        speaker_id = cat.speaker_ids[d["speaker"]]
        outlet_id = cat.outlet_ids[d["outlet"]]
        sources = [self._source_fields(d, s, outlet_id) for s in d["sources"]]
        topic_ids = sorted(cat.topic_ids[t] for t in d["topics"])
        content = {
            "text": d["text"], "kind": d["kind"], "language": d["language"], "translation": d["translation"],
            "translated_by": "", "speaker_id": speaker_id, "speaker_role": d["role"],
            "said_on": d["said_on"].isoformat(), "said_on_precision": d["precision"],
            "approximate": d["approximate"], "first_reported_on": None, "medium": d["medium"],
            "venue": d["venue"], "recipient_outlet_id": outlet_id if d["medium"] == "interview" else None,
            "context": d["context"], "topic_ids": topic_ids, "sources": sources,
        }
        data = canonical_json(content)
        digest = hashlib.sha256(data.encode()).hexdigest()
        published = d["published"]
        created = published - datetime.timedelta(hours=6 + d["number"] % 40)
        submitted = created + datetime.timedelta(hours=2)
        out.statements.append((
            statement_id, d["text"], d["kind"], d["language"], d["translation"], "", speaker_id, d["role"],
            content["said_on"], d["precision"], d["approximate"], None, d["medium"], d["venue"],
            content["recipient_outlet_id"], d["context"],
            self._slug(d["speaker"], d["text"]), "published", d["attribution"], "", 3,
            cat.editor_id, _sql(created), cat.editor_id, _sql(published), _sql(submitted), cat.reviewer_id,
            _sql(published), None, "", revision_id, digest, fast_quote_hash(d["text"]),
            f"synthetic:{self.seed}:{d['number']}",
        ))
        out.topics.extend((statement_id, topic_id) for topic_id in topic_ids)
        out.sources.extend(
            (statement_id, *(s[f] for f in SOURCE_FIELDS), position) for position, s in enumerate(sources)
        )
        out.revisions.append((
            revision_id, statement_id, 1, data, "applied", 1, "Created", digest, cat.editor_id, _sql(created),
            None, None,
        ))
        out.events.append(_event(statement_id, cat.reviewer_id, published))

    def _slug(self, speaker, text):
        """Statement.save()'s slug: slugify(f"{speaker name} {text}")[:80], computed faster."""
        name = self.name_slugs[speaker]
        rest = fast_slugify(text[:200])  # 80 characters of slug never need more
        return (f"{name}-{rest}" if name and rest else name or rest)[:80].strip("-") or "statement"

    def _source_fields(self, d, s, first_outlet_id):
        cat = self.cat
        outlet = d["outlet"] if s["outlet"] is None else s["outlet"]
        outlet_id = first_outlet_id if s["outlet"] is None else cat.outlet_ids[outlet]
        words = d["text"].split()[:7]
        day = s["published_on"]
        iso = day.isoformat()
        url = "" if s["print"] else (
            f"https://{cat.outlet_domains[outlet]}/{iso.replace('-', '/')}/{fast_slugify(' '.join(words[:5]))}"
            f"-{s['token']:x}"
        )
        return {
            "url": url,
            "citation": f"{cat.outlet_names[outlet]}, print edition, {day:%d %B %Y}, p. {s['token'] % 24 + 1}"
            if s["print"] else "",
            "outlet_id": outlet_id, "title": f"{cat.speaker_names[d['speaker']]}: {' '.join(words)}",
            "published_on": iso, "accessed_on": s["accessed"].isoformat() if s["accessed"] else None,
            "archive_url": f"https://web.archive.org/web/{iso.replace('-', '')}120000/{url}"
            if s["archived"] and url else "",
            "excerpt": d["text"] if s["excerpt"] else "", "primary": s["primary"],
        }


def event_fields(statement_id, actor_id, at):
    """What workflow.event_fields gives for this row once it is read back from the database."""
    return {
        "statement": statement_id, "action": "published", "actor": actor_id,
        "at": at.replace(tzinfo=datetime.UTC).isoformat(), "from": "", "to": "published",
        "comment": EVENT_COMMENT, "changes": {}, "revision": 1,
    }


# canonical_json(event_fields(...)) as a template: the same bytes, five times faster.
_EVENT_JSON = (
    '{"action":"published","actor":%d,"at":"%s+00:00","changes":{},"comment":"' + EVENT_COMMENT
    + '","from":"","revision":1,"statement":%d,"to":"published"}'
)


def _event(statement_id, actor_id, at):
    """One audit row per statement, hash-chained like the workflow's own (see workflow.event_hash)."""
    fields = _EVENT_JSON % (actor_id, at.isoformat(), statement_id)
    return (statement_id, "published", actor_id, _sql(at), "", "published", EVENT_COMMENT, "{}", 1, "",
            hashlib.sha256(fields.encode()).hexdigest())


def _sql(moment):
    """A UTC timestamp as both engines read it in bulk (naive text; the connections run in UTC)."""
    return moment.isoformat(" ")


def _dated(day, rng):
    roll = rng.random()
    if roll < 0.85:
        return day, "day"
    if roll < 0.95:
        return day.replace(day=1), "month"
    return day.replace(month=1, day=1), "year"


def _after(day, days, rng):
    return datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(
        days=days, seconds=rng.randrange(6 * 3600, 22 * 3600)
    )


def _text(rng, mean_words=None):
    """Sentences of Zipf-distributed words: 4 to 60 words, a median of about 16."""
    count = mean_words or max(4, min(60, int(rng.lognormvariate(2.8, 0.5))))
    words = WORD_TABLE.draw(rng, count)
    sentences, i = [], 0
    while i < count:
        size = rng.randint(5, 14)
        if count - i - size < 3:
            size = count - i  # no one-word sentence at the end
        part = words[i:i + size]
        i += size
        mark = "?" if rng.random() < 0.1 else "!" if rng.random() < 0.05 else "."
        sentences.append(part[0].capitalize() + (" " + " ".join(part[1:]) if len(part) > 1 else "") + mark)
    return " ".join(sentences)


def _venue(medium, outlet_name, rng):
    if medium == "interview":
        return f"interview with {outlet_name}"
    if medium in ("speech", "press_conference"):
        return f"{medium.replace('_', ' ')} in {rng.choice(CITIES)}"
    if medium == "social_media_post":
        return rng.choice(PLATFORMS)
    return ""


def fast_quote_hash(text):
    """normalize.quote_hash, with a shortcut for ASCII text (casefold is lower(), nothing to fold)."""
    if not text.isascii():
        return quote_hash(text)
    key = " ".join(_NON_WORD.sub(" ", text.lower()).replace("_", " ").split())
    return hashlib.sha1(key.encode()).hexdigest()  # noqa: S324 (a lookup key, as in normalize)


def fast_slugify(text):
    """django.utils.text.slugify, with a shortcut for ASCII text (nothing to decompose)."""
    if not text.isascii():
        return slugify(text)
    return _SLUG_GAPS.sub("-", _NOT_SLUG.sub("", text.lower())).strip("-_")
