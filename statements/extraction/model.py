"""The engine's public value types: what callers pass in and what they get back."""

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class KnownSpeaker:
    """A speaker the archive already has, so proposals can link to it by id."""

    id: int
    name: str
    aliases: tuple[str, ...] = ()


@dataclass
class Candidate:
    """One proposed statement, with every field the desk form needs."""

    text: str
    kind: str  # "full_quote" | "partial_quote"
    speaker: str
    speaker_id: int | None
    speaker_description: str
    anonymous: bool
    medium: str
    venue: str
    said_date: str | None
    said_date_precision: str | None
    approximate: bool
    start: int
    end: int
    excerpt: str

    def to_dict(self) -> dict:
        """JSON-able dict with exactly the documented keys (the API contract)."""
        return asdict(self)
