"""Who said it: attribution verbs, the noun phrase next to them, and back-references.

Reporters name a speaker once ("Ben Hodges, a retired U.S. lieutenant general")
and then write "Hodges", "he", "the official".  A Resolver walks the article in
order, keeps the cast (every person named so far) and the topics (who each
sentence was about), and turns each of those short forms back into the person.
"""

import re

from .names import Cast, Entity, Run, capitalised_runs, looks_like_person, split_title
from .vocab import (
    ATTRIBUTION_VERB,
    NOT_NAMES,
    ORG_HEADS,
    ORG_WORDS,
    PASSIVE_BEFORE,
    PRONOUNS,
    ROLE_WORDS,
    ROLES,
    TITLES,
)

_DET = r"[Tt]he|[Aa]n?|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]ome|[Oo]ne|[Bb]oth|[Oo]ther|[Mm]any|[A-Z][\w-]+[’']s"
# Words of a role phrase before its head noun; never across "who", "for", "to" ...
_MODIFIER = r"(?:(?!(?:who|which|that|for|of|to|at|in|with|from|on|by|speaking|said)\b)[\w’'.-]+\s+)"
_ROLE_NP = re.compile(
    rf"\b(?P<det>{_DET})\s+(?P<core>{_MODIFIER}{{0,6}}(?:{ROLES}|{ORG_HEADS}))\b(?![’']s)"
    r"(?P<tail>[^;:]*)$"
)
_ROLE_NP_START = re.compile(
    rf"^\s*(?P<det>{_DET})\s+(?P<core>{_MODIFIER}{{0,6}}(?:{ROLES}|{ORG_HEADS}))\b(?![’']s)"
    r"(?P<tail>[^,;:.]*)"
)
_ADVERBS = re.compile(
    r"(?:[\s,]+(?:also|recently|later|then|again|previously|earlier|once|has|have|had|would|will|could"
    r"|subsequently|immediately|repeatedly|publicly|privately|separately|further|only|first|last"
    r"|himself|herself|[a-z]+ly|\d+))+[\s,]*$"
)
_OBJECT_BEFORE = re.compile(r"\b(?:told|to|with|for|by|from|on|in|at|of|about|against)\s+(?:the\s+)?$")
_DETERMINER = re.compile(r"\b(?:the|a|an|its|his|her|their)\s", re.IGNORECASE)
_STOP_BACK = {"the", "a", "an", "his", "her", "its", "their", "by", "of", "and", "but", "with", "to", "for"}
_DESCRIPTIVE = TITLES | ROLE_WORDS
_HONORIFICS = {"mr.", "mrs.", "ms.", "dr.", "gen.", "lt.", "col.", "sgt.", "adm.", "capt.", "maj.", "sen.", "gov."}


def same_speaker(topic: Entity | None, entity: Entity) -> bool:
    """The entity itself, or an unnamed 'Moldova's president' whose role is in the entity's title."""
    if topic is entity:
        return True
    if topic is None or not topic.anonymous or entity.anonymous:
        return False
    return topic.name.split()[-1].lower() in re.findall(r"\w+", entity.description.lower())


class Topics:
    """Who each sentence so far was about, most recent last."""

    def __init__(self):
        self.items: list[tuple[int, Entity]] = []

    def add(self, paragraph: int, entity: Entity | None) -> None:
        if entity is not None:
            self.items.append((paragraph, entity))

    def recent(self, paragraph: int, reach: int = 2):
        for where, entity in reversed(self.items):
            if where < paragraph - reach:
                return
            yield entity


class Resolver:
    """Turns the words around a quote into the entity that said it."""

    def __init__(self, cast: Cast, topics: Topics):
        self.cast = cast
        self.topics = topics
        self.sentence_end = 0  # set by the engine: appositives stop at the sentence end
        self.paragraph = 0  # set by the engine: the paragraph being read

    def verbs(self, masked: str, start: int, end: int, passive: bool = False) -> list[re.Match]:
        """Attribution verbs in masked[start:end], leaving out passives like 'was asked by'."""
        found = []
        for match in ATTRIBUTION_VERB.finditer(masked, start, end):
            if passive or not PASSIVE_BEFORE.search(masked[max(start, match.start() - 12) : match.start()]):
                found.append(match)
        return found

    def subject_before(self, masked: str, start: int, verb: re.Match, paragraph: int) -> Entity | None:
        """The speaker in front of a verb: last name, else adjacent organisation, pronoun or role."""
        end = verb.start()
        candidates = self._names(masked, start, end)
        if candidates:
            return candidates[-1]
        region = _ADVERBS.sub("", masked[start:end]).rstrip(" ,")
        words = re.findall(r"[\w’']+", region)
        if words and words[-1].lower() in PRONOUNS:
            return self.pronoun(paragraph)
        role = _ROLE_NP.search(region)
        if role:
            return self.role(role, paragraph)
        return self._subject_word(masked, start, end)

    def _names(self, masked: str, start: int, end: int) -> list[Entity]:
        """People named before a verb, leaving out names inside an earlier name's apposition."""
        found, previous = [], None
        for run in self._subject_runs(masked, start, end):
            inside = previous is not None and re.match(r"\s*,[^,]*$", masked[previous.end : run.start])
            entity = None if inside else self.run_entity(masked, run)
            if entity:
                found.append(entity)
                previous = run
        return found

    def subject_after(self, masked: str, verb: re.Match, end: int, paragraph: int) -> Entity | None:
        """The speaker after an inverted verb: '..., said Olga Lungu, a political scientist'."""
        region = masked[verb.end() : end]
        if re.match(r"\s*(?:he|she|they)\b", region):
            return self.pronoun(paragraph)
        role = _ROLE_NP_START.match(region)
        if role:
            return self.role(role, paragraph)
        for run in capitalised_runs(masked, verb.end(), end):
            entity = self.run_entity(masked, run)
            if entity:
                return entity
            break
        return None

    def _subject_runs(self, masked: str, start: int, end: int, possessive: bool = False) -> list[Run]:
        runs = []
        for run in capitalised_runs(masked, start, end):
            after_preposition = _OBJECT_BEFORE.search(masked[max(start, run.start - 12) : run.start])
            if (possessive or not run.possessive) and not after_preposition:
                runs.append(run)
        return runs

    def run_entity(self, masked: str, run: Run) -> Entity | None:
        """The person a capitalised run names, registering a new one with its description."""
        titles, name = split_title(run.words)
        if looks_like_person(name):
            person = self.cast.person(" ".join(name), describe(masked, run, titles, self.sentence_end))
            self._name_earlier_role(person)
            return person
        low = name[0].lower().rstrip(".") if len(name) == 1 else ""
        if not low or low in NOT_NAMES or low in TITLES or low in ORG_WORDS:
            return None
        found = self.cast.lookup(name[0])
        if found is None and titles and name[0][:1].isupper() and not name[0].isupper():
            found = self.cast.person(name[0], " ".join(titles))
        return found

    def _subject_word(self, masked: str, start: int, end: int) -> Entity | None:
        """'Romania also said', 'Putin, speaking in Vladivostok, said': a lone name as subject."""
        for run in reversed(self._subject_runs(masked, start, end)):
            words = [w for w in run.words if w.lower() != "the"]
            if not words or words[-1].lower().rstrip(".") in NOT_NAMES | TITLES:
                continue
            between = _ADVERBS.sub("", masked[run.end : end]).strip()
            if not between or between.startswith(","):
                return self.cast.organisation(" ".join(words))
        return None

    def sentence_organisation(self, masked: str, start: int, end: int) -> Entity | None:
        """The organisation a sentence opens with, as subject of a trailing 'saying'."""
        runs = capitalised_runs(masked, start, end)
        if not runs or masked[start : runs[0].start].strip().lower() not in ("", "the"):
            return None
        words = [w for w in runs[0].words if w.lower() != "the"]
        return self.cast.organisation(" ".join(words)) if words else None

    def _name_earlier_role(self, person: Entity) -> None:
        """'the chair of the committee warned ...' then 'Sen. Ruth Alvarez, the committee's chair,': one person."""
        if not person.description:
            return
        named = _content_words(person.description)
        for entity in self.topics.recent(self.paragraph, reach=1):
            unnamed = entity.definite and entity.same_as is None
            if unnamed and same_speaker(entity, person) and named <= _content_words(entity.description):
                entity.same_as = person

    def pronoun(self, paragraph: int) -> Entity | None:
        """He/she/they: whoever the nearest earlier sentence was about."""
        return next(iter(self.topics.recent(paragraph)), None)

    def role(self, match: re.Match, paragraph: int) -> Entity:
        """'the official' points back; 'a NATO official who ...' is a new anonymous source."""
        core = " ".join(match.group("core").split())
        tail = " ".join(match.group("tail").split()).strip(" ,")
        head = core.split()[-1].lower()
        if match.group("det").lower() == "the" and len(core.split()) <= 3 and not re.search(r"[’']s\b", core):
            for entity in self.topics.recent(paragraph, reach=6):
                if head in f"{entity.name} {entity.description}".lower():
                    return entity
        name = core if not re.match(r"(?:for|to|of|at)\b", tail) else f"{core} {tail}"
        description = f"{match.group('det')} {core} {tail}".strip()
        if re.fullmatch(ORG_HEADS, head):
            return self.cast.organisation(name)
        definite = match.group("det").lower() == "the" or match.group("det").endswith(("’s", "'s"))
        return self.cast.anonymous(name, description, definite)

    def subject_of_sentence(self, masked: str, start: int, end: int, paragraph: int) -> Entity | None:
        """Who a sentence is about (for later pronouns): first person named, else its speaker phrase."""
        first = None
        for run in self._subject_runs(masked, start, end, possessive=True):
            entity = self.run_entity(masked, run)
            first = first or (None if run.possessive else entity)
        if first:
            return first
        verbs = self.verbs(masked, start, end)
        if verbs:
            return self.subject_before(masked, start, verbs[0], paragraph)
        if re.match(r"\s*(?:He|She|They)\b", masked[start:end]):
            return self.pronoun(paragraph)
        return None


def _content_words(text: str) -> set[str]:
    """Words of a description that must agree before two descriptions name one person."""
    words = re.findall(r"\w+", re.sub(r"[’']s\b", "", text.lower()))
    return set(words) - {"the", "a", "an", "of", "for", "to", "in", "at", "s"}


def describe(masked: str, run: Run, titles: list[str], limit: int) -> str:
    """The description printed with a name: title words, 'the X, Name,' or an appositive."""
    printed = _words_before(masked, run.start) + titles
    if any(w.lower() not in _HONORIFICS for w in printed):
        return " ".join(printed)
    return _chunk_before(masked, run.start) or _appositive(masked, run.end, limit)


def _words_before(masked: str, start: int) -> list[str]:
    """'White House National Security Council spokesman' in front of 'John Kirby'."""
    words = re.findall(r"[\w’'.-]+", masked[max(0, start - 80) : start].split(",")[-1].split(".")[-1])
    if not words or words[-1].lower() not in _DESCRIPTIVE:
        return []
    taken = []
    for word in reversed(words):
        if word.lower() in _STOP_BACK or not (word[0].isupper() or word.lower() in _DESCRIPTIVE):
            break
        taken.insert(0, word)
    return taken[-7:]


def _chunk_before(masked: str, start: int) -> str:
    """'the chair of the Finnish parliament’s defense committee, Jukka Kopra'."""
    head = masked[max(0, start - 160) : start]
    if not head.rstrip().endswith(","):
        return ""
    chunk = re.split(r"[,;:.]\s", head.rstrip()[:-1])[-1]
    if not any(w.lower() in ROLE_WORDS for w in re.findall(r"\w+", chunk)):
        return ""
    determiner = _DETERMINER.search(chunk)
    chunk = chunk[determiner.start() :] if determiner else chunk
    return re.sub(r"^(?:the|The)\s+", "", chunk).strip()


def _appositive(masked: str, end: int, limit: int) -> str:
    """', a retired colonel who lectures at ..., ' after a name, up to where the sentence goes on."""
    tail = masked[end : max(end, limit)]
    if not tail.startswith(", "):
        return ""
    parts = re.split(r",\s+", tail[2:])
    first = parts[0]
    says = ATTRIBUTION_VERB.match(re.sub(r"^\w+ly\s+", "", first)) if first else True
    if says or not (first[0].islower() or re.match(r"(?:a|an|the)\s", first)):
        return ""
    taken = [first]
    for part in parts[1:]:
        if not re.match(r"(?:a|an|and)\s", part):
            break
        taken.append(part)
    return ", ".join(taken).strip().rstrip(".").strip()
