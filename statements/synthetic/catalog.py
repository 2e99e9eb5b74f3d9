"""The synthetic corpus's people and places: speakers (with aliases), topics, outlets, two desk users.

Fixed (independent of the corpus seed) and created once: a later run, or a run with another
seed, reuses them by slug. Made with bulk_create, so derived keys are computed here.
"""

import random
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils.text import slugify

from ..models import Outlet, Speaker, SpeakerAlias, Topic
from ..normalize import name_key
from ..roles import EDITORS, REVIEWERS
from .vocabulary import ACCENTED, CONTENT_WORDS, CYRILLIC, FIRST_NAMES, LAST_NAMES, split_words

SPEAKERS = 3_000
TOPICS = 300
OUTLETS = 200
MARK = "Synthetic speaker (generate_statements)"
COUNTRIES = split_words("UA PL DE FR IT ES NL BE SE FI EE LV LT CZ SK HU RO BG GR PT IE GB US CA TR JP CN IN BR MX")
ROLES = (
    "President", "Prime Minister", "Foreign Minister", "Defence Minister", "Finance Minister",
    "Member of Parliament", "Mayor", "Opposition Leader", "Government Spokesperson", "Ambassador",
    "Party Chair", "Central Bank Governor", "Senator", "Governor", "Secretary General",
)
ANONYMOUS = (
    ("A NATO official", "NATO"), ("A senior US official", "US government"),
    ("A European diplomat", "EU"), ("A Ukrainian military source", "Armed Forces of Ukraine"),
    ("A Kremlin source", "Kremlin"), ("An EU official", "European Commission"),
)
CITIES = split_words(
    "Kyiv Warsaw Berlin Paris Rome Madrid Lisbon Vienna Prague Budapest Bucharest Sofia Athens Riga "
    "Vilnius Tallinn Helsinki Stockholm Oslo Copenhagen Amsterdam Brussels Dublin London Geneva Zurich "
    "Lviv Kharkiv Odesa Krakow Munich Hamburg Lyon Milan Barcelona Boston Chicago Toronto Ankara Tokyo"
)
PAPERS = split_words(
    "Times Post Herald Gazette Observer Daily Tribune Courier Radio News Journal Chronicle Review "
    "Telegraph Independent Express Monitor Record Standard Voice"
)


@dataclass
class Catalog:
    """Database ids and the few facts the row generator needs, indexed like the generator's draws."""

    editor_id: int
    reviewer_id: int
    speaker_ids: list
    speaker_names: list
    speaker_roles: list  # per speaker: the roles held, oldest first
    topic_ids: list
    outlet_ids: list
    outlet_domains: list
    outlet_names: list
    extra: dict = field(default_factory=dict)


def speaker_specs(rng=None):
    """(name, aliases, country, roles, anonymous, affiliation) for every synthetic speaker, fixed order."""
    rng = rng or random.Random(7)
    names = sorted({f"{f} {last}" for f in dict.fromkeys(FIRST_NAMES) for last in LAST_NAMES})
    rng.shuffle(names)
    specs = [(name, (), "", [], True, org) for name, org in ANONYMOUS]
    for name in names[: SPEAKERS - len(specs)]:
        shown = " ".join(ACCENTED.get(part, part) for part in name.split())
        roles = [f"{rng.choice(ROLES)}" for _ in range(rng.choice((1, 1, 2, 3)))]
        specs.append((shown, _aliases(shown, rng), rng.choice(COUNTRIES), roles, False, ""))
    return specs


def _aliases(name, rng):
    """Spellings met in sources: surname alone, transliterations, a typo, Cyrillic; unique keys."""
    last = name.split(" ", 1)[1]
    candidates = [last, _transliterate(name), _typo(name, rng), _cyrillic(name)]
    rng.shuffle(candidates)
    wanted = rng.choice((0, 0, 0, 1, 1, 1, 2, 2, 3))
    keys, out = {name_key(name)}, []
    for alias in candidates:
        key = name_key(alias)
        if len(out) < wanted and key and key not in keys:
            keys.add(key)
            out.append(alias)
    return tuple(out)


def _transliterate(name):
    return name.replace("yy", "y").replace("y", "i").replace("w", "v").replace("sch", "sh").replace("ck", "k")


def _typo(name, rng):
    """Two adjacent letters of the surname swapped: 'Zelenskyy' -> 'Zelenksyy'."""
    first, last = name.split(" ", 1)
    if len(last) < 5:
        return last + last[-1]
    i = rng.randrange(2, len(last) - 2)
    return f"{first} {last[:i]}{last[i + 1]}{last[i]}{last[i + 2:]}"


def _cyrillic(name):
    return "".join(CYRILLIC.get(c, CYRILLIC.get(c.lower(), c).upper() if c.isupper() else c) for c in name)


def topic_names():
    rng = random.Random(11)
    words = list(dict.fromkeys(CONTENT_WORDS))
    names = set()
    while len(names) < TOPICS:
        a, b = rng.sample(words, 2)
        names.add(f"{a.capitalize()} and {b}" if rng.random() < 0.2 else f"{a.capitalize()} {b}")
    return sorted(names)


def outlet_names():
    rng = random.Random(13)
    names = set()
    while len(names) < OUTLETS:
        names.add(f"The {rng.choice(CITIES)} {rng.choice(PAPERS)}")
    return sorted(names)


def build_catalog():
    """Create (or find) the fixed speakers, topics, outlets and desk users; return their ids."""
    specs = speaker_specs()
    with transaction.atomic():
        editor, reviewer = _users()
        speakers = _speakers(specs)
        topics = _by_slug(Topic, topic_names())
        outlets = _by_slug(Outlet, outlet_names(), url=lambda slug: f"https://{slug}.example/")
    return Catalog(
        editor_id=editor.pk, reviewer_id=reviewer.pk,
        speaker_ids=[s.pk for s in speakers], speaker_names=[s.name for s in speakers],
        speaker_roles=[spec[3] for spec in specs],
        topic_ids=[t.pk for t in topics], outlet_ids=[o.pk for o in outlets],
        outlet_domains=[o.slug + ".example" for o in outlets], outlet_names=[o.name for o in outlets],
    )


def _users():
    """Two system accounts that can never sign in: the four-eyes rule needs two different people."""
    users = []
    for username, group in (("synthetic-editor", EDITORS), ("synthetic-reviewer", REVIEWERS)):
        user, created = User.objects.get_or_create(username=username, defaults={"is_active": False})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(*Group.objects.filter(name=group))
        users.append(user)
    return users


def _speakers(specs):
    slugs = [_speaker_slug(spec) for spec in specs]
    existing = {s.slug: s for s in Speaker.objects.filter(slug__in=slugs)}
    missing = [
        Speaker(name=name, slug=slug, name_key=name_key(name), country=country, anonymous=anonymous,
                affiliation=affiliation, description=MARK)
        for slug, (name, _, country, _, anonymous, affiliation) in zip(slugs, specs, strict=True)
        if slug not in existing
    ]
    Speaker.objects.bulk_create(missing, batch_size=1000)
    by_slug = {s.slug: s for s in Speaker.objects.filter(slug__in=slugs)}
    aliases = [
        SpeakerAlias(speaker=by_slug[slug], name=alias, key=name_key(alias))
        for slug, spec in zip(slugs, specs, strict=True) if slug not in existing
        for alias in spec[1]
    ]
    SpeakerAlias.objects.bulk_create(aliases, batch_size=1000)
    return [by_slug[slug] for slug in slugs]


def _speaker_slug(spec):
    # A distinct suffix keeps synthetic people apart from real ones of the same name.
    return f"{slugify(spec[0])}-syn"


def _by_slug(model, names, **computed):
    slugs = [slugify(name) for name in names]
    existing = set(model.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    model.objects.bulk_create(
        [
            model(name=name, slug=slug, **{k: f(slug) for k, f in computed.items()})
            for name, slug in zip(names, slugs, strict=True) if slug not in existing
        ],
        batch_size=1000,
    )
    by_slug = {obj.slug: obj for obj in model.objects.filter(slug__in=slugs)}
    return [by_slug[slug] for slug in slugs]
