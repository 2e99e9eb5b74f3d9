"""From the engine's candidates to the rows the editor checks: initial values, speaker options, duplicates."""

import datetime
import logging
import re

from django.db.models import Q

from statements.extraction import extract_quotes
from statements.extraction.django_speakers import known_speakers_from_db
from statements.models import DatePrecision, Kind, Outlet, Speaker, Statement
from statements.normalize import name_key, quote_hash, quote_key

from .forms import MAX_PROPOSALS

log = logging.getLogger(__name__)

_SPEAKER_KEY = re.compile(r"proposals-(\d+)-speaker")
_NAME_KEY = re.compile(r"proposals-(\d+)-(new_speaker|printed_name)")
_MAX_ID_DIGITS = 18  # past this an id overflows PostgreSQL's bigint


class EngineFailed(Exception):
    """The engine raised on a text: the editor gets a form error, the log gets the traceback."""


def extract(article):
    """The engine's candidates for a cleaned ArticleForm, as dicts (Candidate.to_dict())."""
    try:
        candidates = extract_quotes(article["text"], article["published_on"], known_speakers_from_db())
    except Exception as error:
        log.exception("extract_quotes failed on a pasted article")
        raise EngineFailed from error
    return [candidate.to_dict() for candidate in candidates]


def initial_rows(candidates, published_on):
    """Form initial values for the first MAX_PROPOSALS candidates."""
    return [_initial(candidate, published_on) for candidate in candidates[:MAX_PROPOSALS]]


def _initial(candidate, published_on):
    said_on, precision, approximate = said_date(candidate, published_on)
    matched = candidate["speaker_id"] is not None
    return {
        "include": False,
        "text": candidate["text"],
        "kind": candidate["kind"] if candidate["kind"] in Kind.values else Kind.FULL_QUOTE,
        "speaker": candidate["speaker_id"],
        "new_speaker": "" if matched else candidate["speaker"],
        "printed_name": candidate["speaker"],
        "speaker_role": candidate["speaker_description"],
        "anonymous": candidate["anonymous"],
        "medium": candidate["medium"],
        "venue": candidate["venue"],
        "said_on": said_on,
        "said_on_precision": precision,
        "approximate": approximate,
        "excerpt": candidate["excerpt"],
    }


def said_date(candidate, published_on):
    """(date, precision, approximate) from the engine; with no date cue, the article's month, approximate."""
    parsed = _parse_partial_date(candidate["said_date"])
    if parsed:
        return (*parsed, candidate["approximate"])
    if published_on:
        return published_on.replace(day=1), DatePrecision.MONTH, True
    return None, DatePrecision.DAY, True


def _parse_partial_date(value):
    """'2024-05-14' (day), '2024-05' (month) or '2024' (year) -> (date, precision); None if unreadable."""
    if not value:
        return None
    precision = {1: DatePrecision.YEAR, 2: DatePrecision.MONTH, 3: DatePrecision.DAY}
    parts = value.split("-")
    try:
        numbers = [int(part) for part in parts] + [1] * (3 - len(parts))
        return datetime.date(*numbers[:3]), precision[len(parts)]
    except (ValueError, KeyError, TypeError):
        return None


def speaker_options(ids=(), names=()):
    """(id, label) choices: the speakers the rows name by id, name or alias. One query.

    Listing every speaker in every row would make the page grow with the archive; any other
    existing speaker is reached by typing its name or alias as the "new" speaker.
    """
    keys = {key for key in map(name_key, names) if key}
    speakers = (
        Speaker.objects.filter(Q(pk__in=set(ids)) | Q(name_key__in=keys) | Q(aliases__key__in=keys))
        .distinct()
        .order_by("name", "pk")
    )
    return [(speaker.pk, _label(speaker)) for speaker in speakers]


def _label(speaker):
    extra = "anonymous" if speaker.anonymous else speaker.description[:60]
    return f"{speaker.name} ({extra})" if extra else speaker.name


def options_for_rows(rows):
    """Speaker choices for step 2, from its initial rows."""
    return speaker_options(
        [row["speaker"] for row in rows if row["speaker"]], [row["printed_name"] for row in rows]
    )


def options_for_post(data):
    """Speaker choices for step 3, from what was posted (ids checked against the database)."""
    ids = [
        int(value) for key, value in data.items()
        if _row_key(_SPEAKER_KEY, key) and value.isdigit() and len(value) <= _MAX_ID_DIGITS
    ]
    names = [value for key, value in data.items() if _row_key(_NAME_KEY, key)]
    return speaker_options(ids, names)


def _row_key(pattern, key):
    match = pattern.fullmatch(key)
    return bool(match) and int(match.group(1)) < MAX_PROPOSALS


def flag_duplicates(forms):
    """Set form.duplicates to the statements already in the archive with the same words. One query."""
    texts = {form: form["text"].value() or "" for form in forms}
    # Words with no letters or digits have an empty key: they would "match" any punctuation-only quote.
    hashes = {form: quote_hash(text) for form, text in texts.items() if quote_key(text)}
    found = {}
    statements = Statement.objects.filter(text_hash__in=set(hashes.values())).only("pk", "text_hash", "status")
    for statement in statements.order_by("pk"):
        found.setdefault(statement.text_hash, []).append(statement)
    for form in forms:
        form.duplicates = found.get(hashes.get(form), [])


def find_outlet(name):
    """The outlet named (by slug, or name in any case), or None if the archive has none of that name."""
    if not name:
        return None
    return Outlet.objects.filter(Q(slug=name) | Q(name__iexact=name)).order_by("pk").first()
