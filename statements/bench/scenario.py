"""What the benchmark asks for, chosen once from the corpus: words, a speaker, a date range, cursors.

The words come from the synthetic vocabulary's ranks (the same in every corpus): the common
word is in about one statement in ten, the rare one in about one in twenty thousand.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse

from ..models import SpeakerAlias, Statement
from ..normalize import name_key
from ..synthetic.vocabulary import WORDS

COMMON_WORD = "government"  # rank 13 of 30,000: ~10% of statements
TWO_WORDS = ("peace", "security")  # ranks ~15 and ~28: each in ~8%, together in ~1%
RARE_RANK = 25_000  # p ~ 4e-6 per word: ~60 statements in a million
DEEP_PAGE, PAGE_SIZE = 500, 25


@dataclass
class Scenario:
    count: int
    common: str = COMMON_WORD
    two: str = " ".join(TWO_WORDS)
    rare: str = ""
    alias: str = ""
    alias_speaker_id: int = 0
    speaker_id: int = 0
    speaker_slug: str = ""
    year: tuple = ()
    deep_cursor: tuple = ()  # (said_on, id) of the last row of page DEEP_PAGE - 1
    permalinks: list = field(default_factory=list)  # (id, url)
    export_after: str = ""  # said_after giving about `export_rows` rows
    export_rows: int = 0


def build(export_rows=100_000, seed=0):
    """Read the corpus once and pick every parameter of every operation."""
    published = Statement.objects.published()
    count = published.count()
    scenario = Scenario(count=count, rare=WORDS[RARE_RANK - 1])
    top = list(published.order_by().values("speaker").annotate(n=Count("id")).order_by("-n", "speaker")[:25])
    scenario.speaker_id = top[0]["speaker"]
    scenario.speaker_slug = Statement.objects.filter(speaker_id=scenario.speaker_id).values_list(
        "speaker__slug", flat=True
    ).first()
    scenario.alias, scenario.alias_speaker_id = _misspelt_alias([row["speaker"] for row in top])
    scenario.year = (datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))
    ordered = published.order_by("-said_on", "-id").values_list("said_on", "id")
    deep = min(count - 1, DEEP_PAGE * PAGE_SIZE - PAGE_SIZE - 1)
    scenario.deep_cursor = ordered[deep] if deep >= 0 else ordered[0]
    scenario.permalinks = _sample_permalinks(published, 300, seed)
    scenario.export_rows = min(export_rows, count)
    cut = ordered[scenario.export_rows - 1][0] if scenario.export_rows else datetime.date(2000, 1, 1)
    scenario.export_after = cut.isoformat()
    return scenario


def _misspelt_alias(speaker_ids):
    """An alias of a prolific speaker whose words are not in their name (a typo, a transliteration)."""
    aliases = SpeakerAlias.objects.filter(speaker_id__in=speaker_ids).select_related("speaker")
    ranked = sorted(aliases, key=lambda a: speaker_ids.index(a.speaker_id))
    for alias in ranked:
        own = set(name_key(alias.speaker.name).split())
        if not set(alias.key.split()) & own and alias.name.isascii():
            return alias.name, alias.speaker_id
    first = ranked[0] if ranked else None
    return (first.name, first.speaker_id) if first else ("", 0)


def _sample_permalinks(published, size, seed):
    """(id, url) spread over the whole table (a permalink request can land anywhere)."""
    low = published.order_by("id").values_list("id", flat=True).first() or 0
    high = published.order_by("-id").values_list("id", flat=True).first() or 0
    rng = random.Random(seed)
    guesses = {rng.randint(low, high) for _ in range(size * 2)}
    found = published.filter(id__in=guesses).order_by("id").values_list("id", "slug")[:size]
    return [(pk, reverse("statements:statement", kwargs={"pk": pk, "slug": slug})) for pk, slug in found]
