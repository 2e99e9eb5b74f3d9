"""Known speakers from the archive's database, for extract_quotes (the engine itself has no Django)."""

from .model import KnownSpeaker


def known_speakers_from_db() -> list[KnownSpeaker]:
    """Every named speaker with its aliases, so proposals link to existing people by id.

    Anonymous sources are left out: "NATO official" names no person, and matching on
    it would tie unrelated unnamed sources together.  The model is imported here, not
    at module level, so the engine stays importable without Django set up.
    """
    from statements.models import Speaker

    speakers = Speaker.objects.prefetch_related("aliases").order_by("id")
    return [
        KnownSpeaker(speaker.id, speaker.name, tuple(alias.name for alias in speaker.aliases.all()))
        for speaker in speakers
        if not getattr(speaker, "anonymous", False)
    ]
