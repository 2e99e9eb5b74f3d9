"""Where and when a statement was made, once its paragraph has been read.

Cues come from the statement's own sentences first, then from sentences about
the same speaker nearby (the same paragraph, or the paragraph before when it
only introduces the speaker), then from the speaker's previous statement:
reporters give the occasion once and quote the same exchange several times.
"""

from dataclasses import dataclass

from .attribution import Resolver, same_speaker
from .dates import DateCue, shifted
from .names import Entity, surname_key
from .quotes import Segment


@dataclass
class Sentence:
    """A sentence span, who it is about, and the cues found in it."""

    start: int
    end: int
    paragraph: int
    topic: Entity | None = None
    date: DateCue | None = None
    medium: tuple[str, str] = ("", "")
    statements: int = 0


@dataclass
class Draft:
    """Quotation segments that make one statement, before it becomes a Candidate."""

    segments: list[Segment]
    kind: str
    sentences: list[int]
    entity: Entity | None = None
    continuation: bool = False


@dataclass
class Context:
    medium: str
    venue: str
    date: DateCue | None


class ContextFinder:
    """Settles medium, venue and date for each statement, remembering each speaker's last one."""

    def __init__(self, sentences: list[Sentence], masked: str, resolver: Resolver):
        self.sentences = sentences
        self.masked = masked
        self.resolver = resolver
        self.history: list[tuple[Entity, Context]] = []

    def settle(self, draft: Draft, first: int) -> tuple[str, str, DateCue | None]:
        """(medium, venue, date): own sentences, then the speaker's sentences nearby, then their last statement."""
        medium, venue, date = "", "", None
        for sentence in self._cue_sentences(draft, first):
            if not medium and sentence.medium[0]:
                medium, venue = sentence.medium
            if date is None and sentence.date is not None:
                date = self._settle(sentence, draft.entity)
        speaker = draft.entity.resolved() if draft.entity else None
        previous = self._previous_context(speaker)
        if previous:
            if not medium:
                medium, venue = previous.medium, previous.venue
            elif not venue and medium == previous.medium:
                venue = previous.venue
            if date is None and previous.medium in ("", medium):
                date = previous.date
        if draft.entity:
            self.history.append((draft.entity, Context(medium, venue, date)))
        return medium, venue, date

    def _previous_context(self, speaker: Entity | None) -> Context | None:
        """The speaker's last statement's context, also when it was filed under a role named later."""
        for entity, context in reversed(self.history):
            if speaker is not None and entity.resolved() is speaker:
                return context
        return None

    def _cue_sentences(self, draft: Draft, first: int) -> list[Sentence]:
        own = [self.sentences[k] for k in sorted(set(draft.sentences))]
        if draft.entity is None:
            return own
        index = own[0].paragraph
        same = [s for s in self.sentences[first:] if s.paragraph == index and s not in own and s.topic is draft.entity]
        before = [s for s in self.sentences[:first] if s.paragraph == index - 1]
        if any(s.statements for s in before):
            before = []
        speaker = draft.entity.resolved()
        nearby = same + [s for s in reversed(before) if s.topic and same_speaker(s.topic.resolved(), speaker)]
        # Another sentence only counts when it reports a speech act ("suggested", "told a conference").
        spoken = [s for s in nearby if s.medium[0] or self.resolver.verbs(self.masked, s.start, s.end, passive=True)]
        return own + spoken

    def _settle(self, sentence: Sentence, entity: Entity | None) -> DateCue:
        """Resolve 'a day after' by whether the speaker is named after the cue or before it."""
        cue = sentence.date
        if not cue.shift:
            return cue
        rest = self.masked[sentence.start + cue.end : sentence.end]
        named_after = bool(entity) and surname_key(entity.name) in surname_key_words(rest)
        return shifted(cue, named_after)


def surname_key_words(text: str) -> set[str]:
    return {surname_key(word) for word in text.split()}
