"""`manage.py extract_quotes FILE [--published YYYY-MM-DD] [--outlet NAME]`: propose an article's statements.

Prints {"quotes": [...]} as UTF-8 JSON, each quote a Candidate.to_dict(); FILE "-" reads standard input.
"""

import datetime
import json
import re
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from statements.extraction import extract_quotes
from statements.extraction.django_speakers import known_speakers_from_db

# How articles refer to themselves; with --outlet the venue names the outlet instead.
_SELF_REFERENCE = re.compile(r"\b(?:this|the) (?:newspaper|outlet|website|publication|paper|site)\b")


class Command(BaseCommand):
    help = "Propose the statements (quotations) in a news article, as JSON for the desk."

    def add_arguments(self, parser):
        parser.add_argument("file", help="UTF-8 text of the article; '-' reads standard input")
        parser.add_argument("--published", help="publication date YYYY-MM-DD, to resolve 'on May 14', 'last week'")
        parser.add_argument(
            "--outlet", default="", help="the outlet's name, used where the article says 'this newspaper'"
        )

    def handle(self, *args, file, published=None, outlet="", **options):
        published_on = _date(published)
        text = _read(file)
        quotes = [quote.to_dict() for quote in extract_quotes(text, published_on, known_speakers_from_db())]
        if outlet:
            for quote in quotes:
                quote["venue"] = _SELF_REFERENCE.sub(outlet, quote["venue"])
        _utf8(self.stdout)
        self.stdout.write(json.dumps({"quotes": quotes}, ensure_ascii=False, indent=2))


def _read(file: str) -> str:
    try:
        if file == "-":
            return sys.stdin.buffer.read().decode("utf-8")
        return Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"Cannot read the article {file!r} as UTF-8 text: {error}") from error


def _date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--published must be a date as YYYY-MM-DD, not {value!r}") from error


def _utf8(output) -> None:
    """JSON with ensure_ascii=False must not die on a terminal or pipe set to ASCII."""
    stream = getattr(output, "_out", None)
    if stream is sys.stdout and hasattr(stream, "reconfigure"):
        stream.reconfigure(encoding="utf-8")
