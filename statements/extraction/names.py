"""People in an article: capitalised runs, titles, the article's cast, known speakers.

One person is spelled several ways in real copy (Zelenkyy, Zelenksyy, Zelenskyy),
so surnames are compared with a small edit distance as well as exactly.
"""

import re
from dataclasses import dataclass, field

from statements.normalize import name_key

from .model import KnownSpeaker
from .vocab import NATIONALITIES, NOT_NAMES, ORG_WORDS, PARTICLES, TITLES

_TOKEN = re.compile(r"[^\W\d_][\w’'./-]*")
_POSSESSIVE = re.compile(r"[’']s?$")


@dataclass
class Run:
    """A run of capitalised words, e.g. "Polish Foreign Minister Radek Sikorski"."""

    start: int
    end: int
    words: list[str]
    possessive: bool = False


@dataclass
class Entity:
    """A speaker as the article knows them: a named person, an organisation or an anonymous source."""

    name: str
    description: str = ""
    anonymous: bool = False
    known: KnownSpeaker | None = None
    aliases: set = field(default_factory=set)
    definite: bool = False  # "the chair of the committee": one particular, not yet named, person
    same_as: "Entity | None" = None  # set when the article names that person later

    def resolved(self) -> "Entity":
        return self.same_as.resolved() if self.same_as else self

    @property
    def display(self) -> str:
        return self.known.name if self.known else self.name


def capitalised_runs(text: str, start: int = 0, end: int | None = None) -> list[Run]:
    """Runs of capitalised tokens separated by single spaces (particles allowed inside)."""
    end = len(text) if end is None else end
    runs: list[Run] = []
    current: Run | None = None
    for match in _TOKEN.finditer(text, start, end):
        word = match.group()
        capital = word[0].isupper()
        joined = current is not None and match.start() == current.end + 1 and not current.possessive
        if capital or (word in PARTICLES and joined):
            if joined and current is not None:
                current.words.append(word)
                current.end = match.end()
            else:
                current = Run(match.start(), match.end(), [word])
                runs.append(current)
            current.possessive = bool(_POSSESSIVE.search(word)) and len(word) > 2
        else:
            current = None
    for run in runs:
        while run.words and run.words[-1] in PARTICLES:
            run.words.pop()
    return [r for r in runs if r.words]


def clean(word: str) -> str:
    """A token without trailing sentence period or possessive ending."""
    word = _POSSESSIVE.sub("", word) if len(word) > 2 else word
    return word[:-1] if word.endswith(".") and word.count(".") == 1 and len(word) > 3 else word


def split_title(words: list[str]) -> tuple[list[str], list[str]]:
    """("Agriculture Minister Piotr Zalewski") -> (title words, name words): the name follows the last title."""
    i = 0
    for position, word in enumerate(words[:-1]):
        if _is_title(word):
            i = position + 1
    return words[:i], [clean(w) for w in words[i:]]


def _is_title(word: str) -> bool:
    low = word.lower()
    return low in TITLES or low.rstrip(".") in TITLES or low in NATIONALITIES


def looks_like_person(name_words: list[str]) -> bool:
    """Two or more name-like words with no organisation or place word among them."""
    if len(name_words) < 2 or name_words[0].lower() in NOT_NAMES:
        return False
    if any(w.lower().strip(".") in ORG_WORDS or _is_title(w) for w in name_words):
        return False
    return not all(w.isupper() for w in name_words if len(w) > 1) or len(name_words) == 2


def surname_key(name: str) -> str:
    key = name_key(name)
    return key.split()[-1] if key else ""


def first_key(name: str) -> str:
    parts = name_key(name).split()
    return parts[0] if len(parts) > 1 else ""


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance; names are short, so the plain table is fine."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def close_surnames(a: str, b: str) -> bool:
    """Typo-level variants of one surname (Zelenkyy ~ Zelenskyy), never short names."""
    if a == b:
        return True
    if min(len(a), len(b)) < 6 or a[0] != b[0]:
        return False
    return edit_distance(a, b) <= (2 if min(len(a), len(b)) >= 8 else 1)


class KnownIndex:
    """Known speakers by full-name key and by surname key (name and every alias)."""

    def __init__(self, speakers):
        self.full: dict[str, KnownSpeaker] = {}
        self.surnames: list[tuple[str, str, KnownSpeaker]] = []
        for speaker in speakers:
            for spelling in (speaker.name, *speaker.aliases):
                self.full.setdefault(name_key(spelling), speaker)
                self.surnames.append((surname_key(spelling), first_key(spelling), speaker))

    def match(self, *spellings: str) -> KnownSpeaker | None:
        """The known speaker behind any of these spellings, exact first, then surname, then typo."""
        for spelling in spellings:
            if name_key(spelling) in self.full:
                return self.full[name_key(spelling)]
        for exact in (True, False):
            for spelling in spellings:
                found = self._by_surname(spelling, exact)
                if found:
                    return found
        return None

    def _by_surname(self, spelling: str, exact: bool) -> KnownSpeaker | None:
        surname, first = surname_key(spelling), first_key(spelling)
        hits: dict[int, KnownSpeaker] = {}
        for known_surname, known_first, speaker in self.surnames:
            same = surname == known_surname if exact else close_surnames(surname, known_surname)
            if not same or (not exact and not (first and first == known_first)):
                continue
            if first and known_first and first != known_first:
                continue
            hits[speaker.id] = speaker
        return next(iter(hits.values())) if len(hits) == 1 else None


class Cast:
    """The people and sources of one article, so later mentions resolve to earlier ones."""

    def __init__(self, known: KnownIndex):
        self.known = known
        self.people: list[Entity] = []

    def person(self, name: str, description: str = "") -> Entity:
        """The entity for a full name, merging spelling variants of a known surname."""
        entity = self.by_surname(name)
        if entity is None or _other_first_name(name, entity.name):
            entity = Entity(name, description, known=self.known.match(name))
            self.people.append(entity)
        elif len(name.split()) > len(entity.name.split()):
            entity.name = name
            entity.known = entity.known or self.known.match(name)
        if description and not entity.description:
            entity.description = description
        entity.aliases.add(name_key(name))
        return entity

    def by_surname(self, word: str) -> Entity | None:
        """An earlier person whose surname this is (exact, else a typo away)."""
        key = surname_key(word)
        if not key:
            return None
        for exact in (True, False):
            for entity in reversed(self.people):
                if entity.anonymous:
                    continue
                other = surname_key(entity.name)
                if (other == key) if exact else close_surnames(other, key):
                    return entity
        return None

    def lookup(self, word: str) -> Entity | None:
        """A single-word mention: the article's person, else a known speaker by alias."""
        entity = self.by_surname(word)
        if entity:
            return entity
        known = self.known.match(word)
        if known:
            return self.person(known.name)
        return None

    def organisation(self, name: str) -> Entity:
        for entity in self.people:
            if entity.name == name:
                return entity
        entity = Entity(name, known=self.known.match(name))
        self.people.append(entity)
        return entity

    def anonymous(self, name: str, description: str, definite: bool = False) -> Entity:
        entity = Entity(name, description, anonymous=True, definite=definite)
        self.people.append(entity)
        return entity


def _other_first_name(a: str, b: str) -> bool:
    """Two full names sharing a surname but not a first name are two people."""
    return bool(first_key(a) and first_key(b) and first_key(a) != first_key(b))
