"""The pipeline: body paragraphs -> quotation segments -> statements -> candidates.

Each paragraph is read sentence by sentence so that pronouns and bare surnames
resolve against what came before, as a reader resolves them.  Where and when a
statement was made is settled after its whole paragraph has been read, because
the cue ("Hodges told RFE/RL") often comes a sentence later.
"""

import datetime
import itertools
from dataclasses import dataclass, field

from .attribution import Resolver, Topics
from .context import ContextFinder, Draft, Sentence
from .cues import find_medium
from .dates import find_date
from .model import Candidate
from .names import Cast, Entity, KnownIndex
from .noise import Paragraph, split_paragraphs
from .quotes import Segment, find_segments, join_segments, mask_quotes, split_sentences
from .vocab import ATTRIBUTION_VERB, PARTICIPLES

FULL, PARTIAL = "full_quote", "partial_quote"
_OPENING = set("[…‘'“\"(«„‚‹")
# Most words a paraphrase puts between its verb and the quoted fragment.
_REACH = 20


@dataclass
class Article:
    """State of one extraction run over one article."""

    text: str
    published: datetime.date | None
    known: KnownIndex
    sentences: list[Sentence] = field(default_factory=list)
    candidates: list[tuple[Candidate, Entity | None]] = field(default_factory=list)
    last_day: datetime.date | None = None
    last_entity: Entity | None = None
    last_statement_paragraph: int = -10

    def __post_init__(self):
        self.cast = Cast(self.known)
        self.topics = Topics()
        self.resolver = Resolver(self.cast, self.topics)
        self.paragraphs = [p for p in split_paragraphs(self.text) if p.body]
        self.segments = [find_segments(self.text, p.start, p.end) for p in self.paragraphs]
        self.masked = mask_quotes(self.text, self.segments, self.paragraphs)
        self.contexts = ContextFinder(self.sentences, self.masked, self.resolver)

    def run(self) -> list[Candidate]:
        for index, paragraph in enumerate(self.paragraphs):
            self._paragraph(index, paragraph)
        for candidate, entity in self.candidates:
            _fill_speaker(candidate, entity.resolved() if entity else None)
        return [candidate for candidate, _ in self.candidates]

    def _paragraph(self, index: int, paragraph: Paragraph) -> None:
        segments = self.segments[index]
        first = len(self.sentences)
        spans = split_sentences(self.text, paragraph.start, paragraph.end, segments)
        self.sentences += [Sentence(a, b, index) for a, b in spans]
        drafts = self._drafts(segments, first)
        kept = []
        for k in range(first, len(self.sentences)):
            kept += self._sentence(k, [d for d in drafts if d.sentences[0] == k], drafts, paragraph)
        for draft in kept:
            self._emit(draft, paragraph, first)
        if kept:
            self.last_statement_paragraph = index
            self.last_entity = kept[-1].entity

    def _sentence(self, k: int, anchored: list[Draft], drafts: list[Draft], paragraph: Paragraph) -> list[Draft]:
        sentence = self.sentences[k]
        masked = self.masked[sentence.start : sentence.end]
        self.resolver.sentence_end = sentence.end
        self.resolver.paragraph = sentence.paragraph
        subject = self.resolver.subject_of_sentence(self.masked, sentence.start, sentence.end, sentence.paragraph)
        sentence.date = find_date(masked, self.published, self.last_day)
        if sentence.date and sentence.date.day:
            self.last_day = sentence.date.day
        sentence.medium = find_medium(masked)
        kept = [d for d in anchored if self._attribute(d, drafts, paragraph)]
        for draft in kept:
            for j in draft.sentences:
                self.sentences[j].statements += 1
                self.sentences[j].topic = draft.entity
        sentence.topic = sentence.topic or subject
        self.topics.add(sentence.paragraph, sentence.topic)
        return kept

    # --- segments into statements -------------------------------------------------

    def _drafts(self, segments: list[Segment], first: int) -> list[Draft]:
        drafts: list[Draft] = []
        for i, segment in enumerate(segments):
            k = self._sentence_of(segment.open_at, first)
            previous = segments[i - 1] if i else None
            kind = self._kind(segment, k, previous)
            if drafts and previous and self._joins(drafts[-1], previous, segment, segments[i + 1 :], first, kind):
                drafts[-1].segments.append(segment)
                drafts[-1].sentences.append(k)
            else:
                drafts.append(Draft([segment], kind, [k]))
        return drafts

    def _sentence_of(self, position: int, first: int) -> int:
        for k in range(first, len(self.sentences)):
            if position < self.sentences[k].end:
                return k
        return len(self.sentences) - 1

    def _kind(self, segment: Segment, k: int, previous: Segment | None) -> str:
        """Full when the quote starts its own sentence; partial when it sits inside a paraphrase."""
        left = self.sentences[k].start
        if previous and previous.outer_end > left:
            left = previous.outer_end
        before = self.text[left : segment.open_at].strip()
        opening = self.text[segment.start : segment.end].lstrip()[:1]
        if not (opening.isupper() or opening.isdigit() or opening in _OPENING):
            return PARTIAL
        if not before or before.endswith(":"):
            return FULL
        return FULL if before.endswith(",") and ATTRIBUTION_VERB.search(before) else PARTIAL

    def _joins(self, draft, previous, segment, rest, first, kind) -> bool:
        """'"A," he said. "B."' is one statement when B has no attribution of its own."""
        if draft.kind != FULL or segment.open_at <= previous.outer_end:
            return False
        gap = self.masked[previous.outer_end : segment.open_at]
        if not self.resolver.verbs(self.masked, previous.outer_end, segment.open_at):
            return False
        if self._sentence_of(segment.open_at, first) - self._sentence_of(previous.open_at, first) > 1:
            return False
        if kind != FULL and not gap.rstrip().endswith(","):
            return False
        k = self._sentence_of(segment.open_at, first)
        if k != self._sentence_of(previous.open_at, first) and self.resolver.verbs(
            self.masked, self.sentences[k].start, segment.open_at
        ):
            return False  # 'He added: "..."' attributes the second quote on its own
        return not self.resolver.verbs(self.masked, *self._after_span(segment, rest, first))

    def _after_span(self, segment: Segment, rest: list[Segment], first: int) -> tuple[int, int]:
        k = self._sentence_of(max(segment.start, segment.outer_end - 1), first)
        end = self.sentences[k].end
        if rest and rest[0].open_at < end:
            end = rest[0].open_at
        return segment.outer_end, max(segment.outer_end, end)

    # --- who said it ------------------------------------------------------------------

    def _attribute(self, draft: Draft, drafts: list[Draft], paragraph: Paragraph) -> bool:
        """Set draft.entity; False when nothing marks the quote as somebody's statement."""
        index = self.sentences[draft.sentences[0]].paragraph
        first_sentence = self._first_sentence(index)
        tries = [self._after, self._before] if draft.kind == FULL else [self._before, self._after]
        for attempt in tries:
            found, entity = attempt(draft, drafts, first_sentence, index)
            if found:
                draft.entity = entity
                return entity is not None or draft.kind == FULL
        if self._is_continuation(draft, paragraph, index):
            draft.entity, draft.kind, draft.continuation = self.last_entity, FULL, True
            return True
        previous = self._follows_statement(draft, drafts)
        if previous is not None and draft.kind == FULL:
            draft.entity = previous.entity
            return True
        return False

    def _follows_statement(self, draft: Draft, drafts: list[Draft]) -> Draft | None:
        """'"would make it difficult," Taylor said. "The best case is ..."': the same speaker goes on."""
        position = drafts.index(draft)
        previous = drafts[position - 1] if position else None
        if previous is None or previous.entity is None:
            return None
        k = draft.sentences[0]
        if k - previous.sentences[-1] != 1 or self.masked[self.sentences[k].start : draft.segments[0].open_at].strip():
            return None
        return previous

    def _first_sentence(self, paragraph_index: int) -> int:
        return next(k for k, s in enumerate(self.sentences) if s.paragraph == paragraph_index)

    def _after(self, draft, drafts, first, index):
        segments = draft.segments
        spans = [(a.outer_end, b.open_at) for a, b in itertools.pairwise(segments)]
        later = [s for d in drafts for s in d.segments if s.open_at > segments[-1].open_at]
        spans.append(self._after_span(segments[-1], later, first))
        for start, end in spans:
            verbs = self.resolver.verbs(self.masked, start, end)
            if not verbs:
                continue
            verb = verbs[0]
            if not self.masked[start : verb.start()].strip(" ,;:—–-\t"):
                return True, self.resolver.subject_after(self.masked, verb, end, index)
            return True, self.resolver.subject_before(self.masked, start, verb, index)
        return False, None

    def _before(self, draft, drafts, first, index):
        segment = draft.segments[0]
        sentence = self.sentences[draft.sentences[0]]
        verbs = self.resolver.verbs(self.masked, sentence.start, segment.open_at)
        if not verbs:
            return False, None
        verb = verbs[-1]
        if len(self.masked[verb.end() : segment.open_at].split()) > _REACH:
            return False, None  # too far to govern the quote: a scare quote in a long sentence
        earlier = [d for d in drafts if d.entity and d.sentences[0] == draft.sentences[0] and d is not draft]
        lead = self.masked[sentence.start : verb.start()]
        clause = lead[max(lead.rfind(","), lead.rfind("  ")) + 1 :].strip()
        if earlier and (verb.group() in PARTICIPLES or clause in ("", "and", "but", "then", "and then")):
            return True, earlier[-1].entity
        if verb.group() in PARTICIPLES and not clause:
            return True, self.resolver.sentence_organisation(self.masked, sentence.start, verb.start())
        if clause in ("and", "but", "but also", "and then") and len(verbs) > 1:
            verb = verbs[-2]  # '..., but warned that': same subject as the verb before
        return True, self.resolver.subject_before(self.masked, sentence.start, verb, index)

    def _is_continuation(self, draft: Draft, paragraph: Paragraph, index: int) -> bool:
        """A paragraph that is nothing but a quote continues the previous paragraph's speaker."""
        outside = self.masked[paragraph.start : paragraph.end].strip(" \t.,;:—–-…")
        starts = draft.segments[0].open_at == paragraph.start
        return not outside and starts and self.last_statement_paragraph == index - 1 and self.last_entity is not None

    # --- where and when -----------------------------------------------------------------

    def _emit(self, draft: Draft, paragraph: Paragraph, first: int) -> None:
        medium, venue, date = self.contexts.settle(draft, first)
        first_segment, last_segment = draft.segments[0], draft.segments[-1]
        own = [self.sentences[k] for k in draft.sentences]
        excerpt_span = (paragraph.start, paragraph.end) if draft.continuation else (own[0].start, own[-1].end)
        candidate = Candidate(
            text=join_segments(self.text, draft.segments),
            kind=draft.kind,
            speaker="",
            speaker_id=None,
            speaker_description="",
            anonymous=False,
            medium=medium,
            venue=venue,
            said_date=date.said_date if date else None,
            said_date_precision=date.precision if date else None,
            approximate=bool(date and date.approximate),
            start=first_segment.start,
            end=last_segment.end,
            excerpt=self.text[excerpt_span[0] : excerpt_span[1]],
        )
        self.candidates.append((candidate, draft.entity))


def _fill_speaker(candidate: Candidate, entity: Entity | None) -> None:
    if entity is None:
        return
    candidate.speaker = entity.display
    candidate.speaker_id = entity.known.id if entity.known else None
    candidate.speaker_description = entity.description
    candidate.anonymous = entity.anonymous


def extract_quotes(text, published_on=None, known_speakers=()) -> list[Candidate]:
    """Every statement in a pasted article, as desk-ready candidates (see docs/extraction.md)."""
    return Article(text or "", published_on, KnownIndex(known_speakers)).run()
