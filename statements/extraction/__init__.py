"""Article assistant engine: proposes the statements (quotations) in a news article.

Pure Python, no Django: `extract_quotes(text, published_on, known_speakers)`.
"""

from .engine import extract_quotes
from .model import Candidate, KnownSpeaker

__all__ = ["Candidate", "KnownSpeaker", "extract_quotes"]
