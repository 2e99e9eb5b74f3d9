"""Paragraphs of a pasted article, and which of them are page furniture.

Pasted pages carry navigation, player widgets, photo captions (often twice),
newsletter promos and author bios.  Quotes found there are not statements, and
headlines repeat body quotes, so only body paragraphs are read for quotes.
"""

import re
from dataclasses import dataclass

_NOISE = re.compile(
    r"^(?:accessibility links|skip to (?:main )?content|breaking news|please wait|menu|home\s*[›>/|].*"
    r"|no media source currently available|[\d:/ .]+|xs|sm|md|lg|xl|[•·*]?\s*16x9 image"
    r"|share|advertisement.*|related|read more\b.*|subscribe\b.*|sign up\b.*|newsletter"
    r"|facebook|x|twitter|telegram|whatsapp|e-?mail|print|copy link|listen to this article"
    r"|updated\b[^.]*|to find out more, click here\.?|reporting by .*|editing by .*"
    r"|our standards.*|image source.*|getty images.*|.*©.*)$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^By [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}\s*(?:[|,].*)?$")
# "(file photo)", "(U.S. Army photo by ...)", "Photo: BNS", "File photo", "(Photo: Imago)".
_CAPTION = re.compile(
    r"(?:\([^()]*\b(?:photo|image|file|getty|reuters|afp)\b[^()]*\)|\bphoto:\s*[\w .'-]+|\bfile photo)"
    r"\s*\.?\s*$",
    re.IGNORECASE,
)
# Body text ends a paragraph with sentence punctuation or a closing quote mark;
# headlines, bylines and menu items do not.
_BODY_END = re.compile(r"[.?!…:;)\]][\"”»“’'«)\]]*\s*$")


@dataclass
class Paragraph:
    start: int
    end: int
    body: bool


def split_paragraphs(text: str) -> list[Paragraph]:
    """Each non-empty line is a paragraph; a hard-wrapped line is glued to the next."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = _trim(text, match.start(), match.end())
        if start >= end:
            continue
        if spans and _is_wrapped(text, spans[-1], start):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return _classify(text, spans)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_wrapped(text: str, previous: tuple[int, int], start: int) -> bool:
    """A line that stops mid-sentence and a next line starting in lower case."""
    between = text[previous[1] : start]
    if between.count("\n") != 1:
        return False
    return not _BODY_END.search(text[previous[0] : previous[1]]) and text[start].islower()


def _classify(text: str, spans: list[tuple[int, int]]) -> list[Paragraph]:
    lines = [text[s:e] for s, e in spans]
    seen_twice = {line for i, line in enumerate(lines) if line in lines[max(0, i - 3) : i]}
    paragraphs = []
    for (start, end), line in zip(spans, lines, strict=True):
        furniture = _NOISE.match(line) or _BYLINE.match(line) or _CAPTION.search(line)
        body = not (line in seen_twice or furniture or not _BODY_END.search(line))
        paragraphs.append(Paragraph(start, end, body))
    return paragraphs
