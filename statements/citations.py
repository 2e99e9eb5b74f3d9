"""'Cite this': the permalink as a plain-text reference and as a BibTeX entry."""

import re

from django.conf import settings

from .templatetags.archive_tags import precise_date

_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")
_BIBTEX_REPLACE = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bibtex_escape(text):
    """Escape LaTeX specials so any quote, in any script, survives a BibTeX run."""
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_REPLACE.get(m.group(1), "\\" + m.group(1)), text)


def _where(statement):
    parts = [statement.get_medium_display() if statement.medium else "", statement.venue]
    return ", ".join(p for p in parts if p)


def plain_text(statement):
    """One line a reader can paste: who (role), "words", where, when, archive, permalink, version hash."""
    who = statement.speaker.name + (f" ({statement.speaker_role})" if statement.speaker_role else "")
    when = precise_date(statement.said_on, statement.said_on_precision, statement.approximate)
    where = _where(statement)
    pieces = [f"{who}, “{statement.text}”", where, when]
    line = ", ".join(p for p in pieces if p) + "."
    line += f" {settings.SITE_NAME}, {settings.SITE_URL}{statement.get_absolute_url()}"
    if statement.content_hash:
        line += f" (version SHA-256 {statement.content_hash[:12]})"
    return line + "."


def bibtex(statement):
    """A @misc entry keyed by the statement id; the speaker's name is braced so it is not reordered."""
    fields = [
        ("author", "{" + bibtex_escape(statement.speaker.name) + "}"),
        ("title", bibtex_escape(statement.text)),
        ("year", str(statement.said_on.year)),
    ]
    if statement.said_on_precision != "year":
        fields.append(("month", BIBTEX_MONTHS[statement.said_on.month - 1]))
    if _where(statement):
        fields.append(("howpublished", bibtex_escape(_where(statement))))
    fields.append(("url", settings.SITE_URL + statement.get_absolute_url()))
    note = f"{settings.SITE_NAME}, statement {statement.pk}"
    if statement.content_hash:
        note += f", version SHA-256 {statement.content_hash}"
    fields.append(("note", bibtex_escape(note)))
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}" for name, value in fields
    )
    return f"@misc{{statement-archive-{statement.pk},\n{body}\n}}"
