"""Template helpers for the public pages: dates at their precision, highlighting, verdict badges.

Everything here escapes user text first and adds only our own markup (<time>, <mark>, <span>),
so templates never need `|safe`.
"""

from dataclasses import dataclass

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info

from statements.jsonld import script_json
from statements.models import Outlet, Statement

register = template.Library()

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def precise_date(day, precision="day", approximate=False):
    """'14 May 2024', 'May 2024' or '2024', with 'c. ' in front when the date is approximate."""
    if day is None:
        return ""
    if precision == "year":
        text = str(day.year)
    elif precision == "month":
        text = f"{MONTHS[day.month - 1]} {day.year}"
    else:
        text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"c. {text}" if approximate else text


def machine_date(day, precision="day"):
    """The ISO form a <time datetime> takes at this precision: 2024-05-14, 2024-05 or 2024."""
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


@register.simple_tag
def said_date(statement):
    """<time> for when a statement was said, written at the precision the sources allow."""
    day, precision = statement.said_on, statement.said_on_precision
    text = precise_date(day, precision, statement.approximate)
    return format_html('<time datetime="{}">{}</time>', machine_date(day, precision), text)


@register.filter
def long_date(day):
    """A plain date (source published, correction made) as '14 May 2024'."""
    if day is None:
        return ""
    if hasattr(day, "date"):
        day = day.date()
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), precise_date(day))


@register.filter
def month_label(day):
    return precise_date(day, "month")


def highlighted(text, query):
    """The text, escaped, with the words the search matched wrapped in <mark>."""
    from statements.search import highlight

    if not query or not text or query.is_empty:
        return conditional_escape(text)
    return render_segments(highlight(text, query))


def render_segments(segments):
    """Escape each piece of text; wrap the matched ones in <mark>. Takes highlight()'s (matched, text) pairs."""
    if isinstance(segments, str):
        return conditional_escape(segments)
    parts = [
        format_html("<mark>{}</mark>", piece) if matched else conditional_escape(piece)
        for matched, piece in segments
    ]
    # Every piece above went through format_html or conditional_escape: the join is safe.
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308


ENTRY = """<article class="entry{translated_class}">
  <div class="quotes">
    <blockquote class="quote" lang="{language}" dir="auto"><p>{text}</p></blockquote>{translation}
  </div>
  <p class="entry__meta">
    <a class="entry__speaker" href="{speaker_url}"><bdi>{speaker}</bdi></a>{role}
    <span class="sep" aria-hidden="true">·</span> {said}{how}{outlet}
  </p>
  <p class="entry__foot">
    {badge}
    <a class="entry__link" href="{url}">Sources and details<span class="visually-hidden">: \
statement {pk} by {speaker_name}</span></a>
  </p>
</article>"""
SEP = '<span class="sep" aria-hidden="true">·</span> '


@register.simple_tag
def entry(statement, query):
    """One row of a list page. Written here, not in a template: a page shows 25 of them, and an
    included template cost three times as much per row as the whole rest of the page's markup."""
    speaker = statement.speaker
    translation = statement.translation and format_html(
        '\n    <blockquote class="quote quote--translation" lang="en"><p><span class="label">Translation</span> '
        "{}</p></blockquote>", highlighted(statement.translation, query),
    )
    return format_html(
        ENTRY, translated_class=" entry--translated" if statement.translation else "", language=statement.language,
        text=highlighted(statement.text, query), translation=translation or "", speaker_url=speaker.get_absolute_url(),
        speaker=highlighted(speaker.name, query), role=statement.speaker_role and format_html(
            ", <bdi>{}</bdi>", statement.speaker_role),
        said=said_date(statement), how=_how(statement), outlet=_outlet_link(statement),
        badge=verdict_badge(statement.public_verdict), url=statement.get_absolute_url(), pk=statement.pk,
        speaker_name=speaker.name,
    )


def _how(statement):
    """' · Interview, with the FT': the medium and the venue, either may be missing."""
    if not (statement.medium or statement.venue):
        return ""
    medium = statement.get_medium_display() if statement.medium else ""
    comma = ", " if statement.medium and statement.venue else ""
    return format_html("\n    " + SEP + "{}{}<bdi>{}</bdi>", medium, comma, statement.venue)


def _outlet_link(statement):
    outlet = first_outlet(statement)
    if outlet is None:
        return ""
    return format_html("\n    " + SEP + '<a href="{}"><bdi>{}</bdi></a>', outlet.get_absolute_url(), outlet.name)


@register.simple_tag
def verdict_badge(verdict):
    """A coloured label for a published verdict: text, not only colour, says the rating."""
    if verdict is None:
        return ""
    return format_html(
        '<span class="badge badge--{}">Fact-check: {}</span>', verdict.rating, verdict.get_rating_display()
    )


@register.simple_tag
def jsonld(data):
    """<script type="application/ld+json"> with <, > and & escaped, so user text cannot close the tag."""
    return format_html('<script type="application/ld+json">{}</script>', script_json(data))


def first_outlet(statement):
    """The outlet of the statement's first source, as annotated on list rows (see for_listing)."""
    slug = getattr(statement, "first_outlet_slug", None)
    return Outlet(slug=slug, name=statement.first_outlet_name) if slug else None


def render_options(pairs, current):
    """<option>s from (value, label) pairs, the one equal to `current` selected."""
    return format_html_join(
        "", '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == current else "", label) for value, label in pairs),
    )


@dataclass(frozen=True)
class Menu:
    """A long menu (hundreds of topics or outlets): its pairs, and its <option>s with none selected,
    rendered once per public change; a template loop over them cost more than the rest of the page."""

    pairs: tuple
    html: str

    @classmethod
    def of(cls, pairs):
        pairs = tuple(pairs)
        return cls(pairs, render_options(pairs, None))


@register.simple_tag
def menu_options(menu, current):
    return menu.html if current in (None, "") else render_options(menu.pairs, current)


@register.filter
def thousands(number):
    """10000 -> '10,000' (the site is in English; no locale machinery needed)."""
    try:
        return f"{int(number):,}"
    except (TypeError, ValueError):
        return number


# Content keys that are not model fields (see statements.content).
FIELD_LABELS = {"topic_ids": "topics", "sources": "sources", "speaker_id": "speaker", "recipient_outlet_id": "outlet"}


def field_label(name):
    """'said_on' -> 'date said': what a correction note says changed, in words."""
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    try:
        return str(Statement._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name.replace("_", " ")


@register.filter
def field_labels(names):
    """A correction's changed fields, in words: 'text, date said, sources'."""
    return ", ".join(field_label(name) for name in names or ())


@register.filter
def language_name(code):
    """'uk' -> 'Ukrainian (uk)'; a tag Django does not know is shown as it is."""
    try:
        return f"{get_language_info(code.split('-')[0])['name']} ({code})"
    except KeyError:
        return code
