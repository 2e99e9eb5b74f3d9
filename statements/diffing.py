"""Word-level differences for the desk: a quote beside its sources, and one version beside another.

Everything here returns plain data, lists of (op, text) segments with op in "equal", "delete",
"insert" and "context". Templates render the segments with <del>/<ins>, so autoescaping covers
all user text and no HTML is built here.
"""

import difflib

from django.core.exceptions import FieldDoesNotExist

from .content import FIELDS, RELATIONS, SOURCE_FIELDS
from .normalize import quote_key

# Fields long enough that a word diff says more than "old → new".
PROSE_FIELDS = {"text", "translation", "context", "excerpt", "citation", "title", "venue", "summary", "claim"}


def _tokens(text):
    return (text or "").split()


def _key(token, loose):
    """Loose comparison ignores case, accents, punctuation and quote marks ("Why" == “why")."""
    if not loose:
        return token
    return quote_key(token) or token


def _opcodes(old_tokens, new_tokens, loose):
    matcher = difflib.SequenceMatcher(
        None, [_key(t, loose) for t in old_tokens], [_key(t, loose) for t in new_tokens], autojunk=False
    )
    return matcher.get_opcodes()


def _join(segments):
    """Merge neighbouring segments with the same op, so the template shows phrases, not single words."""
    merged = []
    for op, text in segments:
        if not text:
            continue
        if merged and merged[-1][0] == op:
            merged[-1] = (op, f"{merged[-1][1]} {text}")
        else:
            merged.append((op, text))
    return merged


def word_diff(old, new, loose=False):
    """One list of segments turning `old` into `new`: equal words, deleted words, inserted words."""
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    segments = []
    for tag, i1, i2, j1, j2 in _opcodes(old_tokens, new_tokens, loose):
        if tag == "equal":
            segments.append(("equal", " ".join(new_tokens[j1:j2])))
            continue
        segments.append(("delete", " ".join(old_tokens[i1:i2])))
        segments.append(("insert", " ".join(new_tokens[j1:j2])))
    return _join(segments)


def quote_vs_excerpt(quote, excerpt):
    """The reviewer's check "did they say it, in these words?" for one source.

    Returns the quote's segments (words missing from the excerpt are "delete"), the excerpt's
    segments (words inside the quoted passage but not in the quote are "insert"; the text
    around the passage is "context") and `verbatim`: every word found, in order, nothing added.
    Case, accents, punctuation and quote marks are ignored: sources print the same words differently.
    """
    quote_tokens, excerpt_tokens = _tokens(quote), _tokens(excerpt)
    opcodes = _opcodes(quote_tokens, excerpt_tokens, loose=True)
    matched = [(j1, j2) for tag, _, _, j1, j2 in opcodes if tag == "equal"]
    start, end = (matched[0][0], matched[-1][1]) if matched else (len(excerpt_tokens), len(excerpt_tokens))
    quote_side, excerpt_side = [], []
    for tag, i1, i2, j1, j2 in opcodes:
        quote_side.append(("equal" if tag == "equal" else "delete", " ".join(quote_tokens[i1:i2])))
        for j in range(j1, j2):
            op = "equal" if tag == "equal" else "insert" if start <= j < end else "context"
            excerpt_side.append((op, excerpt_tokens[j]))
    quote_side, excerpt_side = _join(quote_side), _join(excerpt_side)
    verbatim = bool(quote_tokens) and all(op in ("equal", "context") for op, _ in quote_side + excerpt_side)
    return {"quote": quote_side, "excerpt": excerpt_side, "verbatim": verbatim}


# ---------------------------------------------------------------- versions


class Names:
    """Display names for the ids inside content dicts, fetched once per page (no query per row)."""

    def __init__(self, *datas):
        from .models import Outlet, Speaker, Statement, Topic

        speakers, outlets, topics, statements = set(), set(), set(), set()
        for data in datas:
            data = data or {}
            speakers.add(data.get("speaker_id"))
            outlets.add(data.get("recipient_outlet_id"))
            outlets.update(s.get("outlet_id") for s in data.get("sources") or [] if isinstance(s, dict))
            topics.update(data.get("topic_ids") or [])
            statements.update(r.get("to_statement_id") for r in data.get(RELATIONS) or [] if isinstance(r, dict))
        self.speakers = dict(Speaker.objects.filter(pk__in=speakers - {None}).values_list("pk", "name"))
        self.outlets = dict(Outlet.objects.filter(pk__in=outlets - {None}).values_list("pk", "name"))
        self.topics = dict(Topic.objects.filter(pk__in=topics - {None}).values_list("pk", "name"))
        self.statements = dict(Statement.objects.filter(pk__in=statements - {None}).values_list("pk", "speaker__name"))

    @classmethod
    def for_events(cls, events):
        """Names for every id in the old and new values of a list of audit events."""
        datas = [{k: v[i] for k, v in (e.changes or {}).items() if isinstance(v, list) and len(v) == 2}
                 for e in events for i in (0, 1)]
        return cls(*datas)

    def show(self, name, value):
        """A value as an editor reads it: names for ids, "—" for empty."""
        if name == "speaker_id" and value is not None:
            return self.speakers.get(value, f"speaker #{value}")
        if name in ("recipient_outlet_id", "outlet_id") and value is not None:
            return self.outlets.get(value, f"outlet #{value}")
        if name == "topic_ids":
            return ", ".join(self.topics.get(t, f"topic #{t}") for t in value or []) or "—"
        if name == RELATIONS:
            return "; ".join(self._relation(r) for r in value or []) or "—"
        if value in (None, "", []):
            return "—"
        if value is True or value is False:
            return "yes" if value else "no"
        return str(value)

    def _relation(self, relation):
        from .models import RelationType

        kind, target = relation.get("type"), relation.get("to_statement_id")
        label = RelationType(kind).label if kind in RelationType.values else kind
        speaker = self.statements.get(target)
        return f"{label} #{target}" + (f" ({speaker})" if speaker else "")


def _label(name, model=None):
    from .models import Statement

    model = model or Statement
    if name == RELATIONS:
        return "related statements"
    field = "topics" if name == "topic_ids" else name.removesuffix("_id")
    try:
        return str(model._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:  # a key outside the model (verdict or workflow data): its name reads well
        return name.replace("_", " ")


def _row(label, name, old, new, names):
    row = {"label": label, "old": names.show(name, old), "new": names.show(name, new), "segments": None}
    if name in PROSE_FIELDS and isinstance(old or "", str) and isinstance(new or "", str):
        row["segments"] = word_diff(old or "", new or "")
    return row


def _source_rows(old_sources, new_sources, names):
    from .models import Source

    rows = []
    for i in range(max(len(old_sources), len(new_sources))):
        old = old_sources[i] if i < len(old_sources) else None
        new = new_sources[i] if i < len(new_sources) else None
        if old is None or new is None:
            rows.append({"label": f"Source {i + 1} " + ("removed" if new is None else "added"),
                         "old": _describe(old), "new": _describe(new), "segments": None})
            continue
        for name in SOURCE_FIELDS:
            if old.get(name) != new.get(name):
                label = f"Source {i + 1}: {_label(name, Source)}"
                rows.append(_row(label, name, old.get(name), new.get(name), names))
    return rows


def _describe(source):
    if source is None:
        return "—"
    return source.get("url") or source.get("citation") or source.get("title") or "(empty source)"


def content_changes(old, new, names=None):
    """Rows (label, old, new, segments) for every field that differs between two content dicts.

    Works for whole versions and for the partial {field: value} dicts an audit event stores.
    """
    old, new = old or {}, new or {}
    names = names or Names(old, new)
    order = [*FIELDS, "topic_ids"]
    keys = [k for k in order if k in old or k in new]
    keys += sorted(k for k in set(old) | set(new) if k not in order and k != "sources")
    rows = [_row(_label(k), k, old.get(k), new.get(k), names) for k in keys if old.get(k) != new.get(k)]
    if old.get("sources") != new.get("sources") and ("sources" in old or "sources" in new):
        rows += _source_rows(old.get("sources") or [], new.get("sources") or [], names)
    return rows


def event_changes(changes, names):
    """An audit event's {field: [old, new]} as rows like content_changes."""
    pairs = {k: v for k, v in (changes or {}).items() if isinstance(v, list | tuple) and len(v) == 2}
    return content_changes({k: v[0] for k, v in pairs.items()}, {k: v[1] for k, v in pairs.items()}, names)
