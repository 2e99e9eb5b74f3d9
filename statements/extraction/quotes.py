"""Quotation segments and sentences inside one paragraph.

A segment is the text between an opening and its closing quotation mark.
Marks pair by family: “…” (also „…“ and „…”), «…», »…«, "…", and single marks
‘…’, ‚…‘, ‹…›, '…' only at top level (inside a double quote they are nested
quotes and stay part of its text).  An apostrophe (can’t, nation’s) never opens
a quote because it follows a letter.
"""

import itertools
import re
from dataclasses import dataclass

from .noise import Paragraph
from .vocab import ATTRIBUTION_VERB

_DOUBLE = {"“": '”"', "„": "“”", "«": "»", "»": "«", '"': '"', "”": "”"}
_SINGLE = {"‘": "’'", "‚": "‘’", "‹": "›", "›": "‹", "'": "'’"}
_OPEN_BEFORE = set(" \t([{—–-/:") | set(_DOUBLE) | set(_SINGLE)
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:[A-Za-z]\.){1,}[A-Za-z]|\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sgt|Adm|Capt|Maj|Sen|Rep|Gov"
    r"|Prof|St|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Jr|Sr|Inc|Co|Corp|vs|etc|Rev|Hon"
    r"|Cmdr|Brig|Fig|approx))$"
)
# "MOSCOW, June 12 - ", "PARIS — ", "CHISINAU — ": the place and day the story was filed.
_DATELINE = re.compile(r"[A-Z][A-Z .'/]+(?:, [A-Z][a-z]+\.? \d{1,2})?\s*[-—–]+\s")
_TERMINAL = re.compile(r"[.?!…]+[)\]]?")


@dataclass
class Segment:
    open_at: int  # offset of the opening mark
    start: int  # first character inside the marks
    end: int  # just after the last character inside the marks
    close_at: int | None  # offset of the closing mark; None when the paragraph ends first

    @property
    def outer_end(self) -> int:
        return self.end if self.close_at is None else self.close_at + 1


def find_segments(text: str, start: int, end: int) -> list[Segment]:
    """Top-level quotation segments between start and end, in order."""
    segments, i = [], start
    while i < end:
        mark = text[i]
        segment = None
        if mark in _DOUBLE and _opens(text, i, start, end, single=False):
            segment = _close_double(text, i, end)
        elif mark in _SINGLE and _opens(text, i, start, end, single=True):
            segment = _close_single(text, i, end)
        if segment and segment.start < segment.end:
            segments.append(segment)
            i = segment.outer_end
        else:
            i += 1
    return segments


def _opens(text: str, i: int, start: int, end: int, single: bool) -> bool:
    """An opening mark sits at a word start and is followed by the quoted text."""
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if before not in _OPEN_BEFORE and not before.isspace():
        return False
    if single:
        return after.isalnum() or after in "[…"
    return not after.isspace() or text[i] == "«"


def _close_double(text: str, i: int, end: int) -> Segment:
    opener, closers, depth = text[i], _DOUBLE[text[i]], 0
    for j in range(i + 1, end):
        if text[j] == opener and opener in "«“" and _opens(text, j, i, end, single=False):
            depth += 1
        elif text[j] in closers:
            if depth == 0:
                return Segment(i, i + 1, _rstrip(text, i + 1, j), j)
            depth -= 1
    # Unclosed: news style leaves a quote open when it runs on into the next paragraph.
    return Segment(i, i + 1, _rstrip(text, i + 1, end), None)


def _close_single(text: str, i: int, end: int) -> Segment | None:
    closers = _SINGLE[text[i]]
    for j in range(i + 2, end):
        after = text[j + 1] if j + 1 < end else " "
        if text[j] in closers and not text[j - 1].isspace() and not after.isalnum():
            return Segment(i, i + 1, j, j)
    return None


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def split_sentences(text: str, start: int, end: int, segments: list[Segment]) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph; quoted text never splits a sentence."""
    cuts = [start]
    for match in _TERMINAL.finditer(text, start, end):
        cut = _cut_after(text, match, end, segments)
        if cut is not None and cut > cuts[-1]:
            cuts.append(cut)
    cuts.append(end)
    spans = []
    for a, b in itertools.pairwise(cuts):
        a, b = _strip_span(text, a, b)
        if a < b:
            spans.append((a, b))
    return spans


def _cut_after(text, match, end, segments) -> int | None:
    inside = next((s for s in segments if s.start <= match.start() < s.end), None)
    if inside is None:
        pos = match.end()
        if _ABBREVIATION.search(text[max(0, match.start() - 12) : match.start()]):
            return None
        return pos if _starts_sentence(text, pos, end) else None
    if match.end() != inside.end or inside.close_at is None:
        return None
    # '"It is over." Then he left.' ends a sentence; '"Why?" Hodges asked.' does not.
    pos = inside.close_at + 1
    if not _starts_sentence(text, pos, end):
        return None
    return None if _attribution_follows(text, pos, end) else pos


def _starts_sentence(text: str, pos: int, end: int) -> bool:
    if pos >= end or not text[pos].isspace():
        return False
    rest = text[pos:end].lstrip()
    return bool(rest) and (rest[0].isupper() or rest[0].isdigit() or rest[0] in _DOUBLE or rest[0] in _SINGLE)


def _attribution_follows(text: str, pos: int, end: int) -> bool:
    clause = re.split(r"[.?!,;:“”\"«»„]", text[pos:end], maxsplit=1)[0]
    return len(clause.split()) <= 15 and bool(ATTRIBUTION_VERB.search(clause))


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def mask_quotes(text: str, segments: list[list[Segment]], paragraphs: list[Paragraph]) -> str:
    """The text with every quotation and dateline blanked: their words are never attribution cues."""
    chars = list(text)
    for paragraph in paragraphs:
        dateline = _DATELINE.match(text, paragraph.start, paragraph.end)
        if dateline:
            chars[dateline.start() : dateline.end()] = " " * (dateline.end() - dateline.start())
    for paragraph in segments:
        for segment in paragraph:
            chars[segment.open_at : segment.outer_end] = " " * (segment.outer_end - segment.open_at)
    return "".join(chars)


def join_segments(text: str, segments: list[Segment]) -> str:
    """Segment texts joined by one space; the comma 'he said' forced onto a segment goes."""
    parts = [" ".join(text[s.start : s.end].split()) for s in segments]
    for i, part in enumerate(parts[:-1]):
        if part.endswith(","):
            following = parts[i + 1][:1]
            parts[i] = part[:-1] + ("." if following.isupper() else "")
    parts[-1] = parts[-1].rstrip(",").rstrip()
    return " ".join(parts)
