"""Template helpers for the public pages: dates at their precision, highlighting, verdict badges.

Everything here escapes user text first and adds only our own markup (<time>, <mark>, <span>),
so templates never need `|safe`.
"""

import html
from dataclasses import dataclass

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info

from statements.jsonld import script_json
from statements.links import Links
from statements.models import Statement, VerdictStatus
from statements.models.choices import Medium, Rating

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
    """The text, escaped, with the words the search matched wrapped in <mark>: HTML as a plain str,
    for the list rows below (which mark the whole row safe once).

    The standard library's html.escape, which Django's escape() wraps: called directly it costs a
    fifth (no lazy-string check), and a list page escapes some 450 pieces."""
    from statements.search import highlight

    if not query or not text or query.is_empty:
        return html.escape(str(text))
    pieces = highlight(text, query)
    return "".join(f"<mark>{html.escape(piece)}</mark>" if matched else html.escape(piece) for matched, piece in pieces)


ENTRY = """<li><article class="entry{translated_class}">
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
</article></li>"""
TRANSLATION = (
    '\n    <blockquote class="quote quote--translation" lang="en"><p><span class="label">Translation</span> '
    "{}</p></blockquote>"
)
SEP = '<span class="sep" aria-hidden="true">·</span> '
MEDIUM_LABELS = dict(Medium.choices)
RATING_LABELS = dict(Rating.choices)


@register.simple_tag
def periods(listing):
    """The list page's rows under their month and day headings (listing.months), with the rows
    themselves (statements.views.listing.Row tuples). Written here, not in a template: template
    loops and an included template per row cost several times the rest of the page. Every user
    value goes through escape() or highlighted(); headings are our own date words."""
    links = Links()
    parts = []
    for number, month in enumerate(listing.months, 1):
        label = html.escape(month.label)
        parts.append(f'\n<section class="period" aria-labelledby="period-{number}">\n  '
                     f'<h3 class="period__title" id="period-{number}">{label}</h3>\n  ' if label else
                     '\n<section class="period">\n  \n  ')
        for day in month.items:
            parts.append(f"\n    {_day_heading(day)}\n    <ol class=\"entries\">\n    ")
            parts.extend(_entry(row, listing, links) for row in day.items)
            parts.append("\n    </ol>\n  ")
        parts.append("\n</section>\n")
    return mark_safe("".join(parts))  # noqa: S308 (escaped above)


def _day_heading(day):
    if not day.label:
        return ""
    label = html.escape(day.label)
    if day.iso:
        label = f'<time datetime="{day.iso}">{label}</time>'
    return f'<h4 class="period__day">{label}</h4>'


def _entry(row, listing, links):
    query, translation = listing.query, row.translation
    speaker = html.escape(row.speaker_name)
    return ENTRY.format(
        translated_class=" entry--translated" if translation else "", language=html.escape(row.language),
        text=highlighted(row.text, query),
        translation=TRANSLATION.format(highlighted(translation, query)) if translation else "",
        speaker_url=links.speaker(row.speaker_slug), speaker=highlighted(row.speaker_name, query),
        role=f", <bdi>{html.escape(row.speaker_role)}</bdi>" if row.speaker_role else "",
        said=_said(row.said_on, row.said_on_precision, row.approximate), how=_how(row),
        outlet=_outlet_link(listing.outlets.get(row.outlet_id), links), badge=_badge(row),
        url=links.statement(row.pk, row.slug), pk=row.pk, speaker_name=speaker,
    )


def _said(day, precision, approximate):
    """said_date() for a list row; a date's words and digits need no escaping."""
    return f'<time datetime="{machine_date(day, precision)}">{precise_date(day, precision, approximate)}</time>'


def _how(row):
    """' · Interview, with the FT': the medium and the venue, either may be missing."""
    if not (row.medium or row.venue):
        return ""
    medium = html.escape(MEDIUM_LABELS.get(row.medium, row.medium))
    comma = ", " if row.medium and row.venue else ""
    return f"\n    {SEP}{medium}{comma}<bdi>{html.escape(row.venue)}</bdi>"


def _outlet_link(outlet, links):
    if outlet is None:
        return ""
    slug, name = outlet
    return f'\n    {SEP}<a href="{links.outlet(slug)}"><bdi>{html.escape(name)}</bdi></a>'


def _badge(row):
    if row.verdict_status != VerdictStatus.PUBLISHED:
        return ""
    return _badge_html(row.verdict_rating, RATING_LABELS.get(row.verdict_rating, row.verdict_rating))


def _badge_html(rating, label):
    return format_html('<span class="badge badge--{}">Fact-check: {}</span>', rating, label)


@register.simple_tag
def verdict_badge(verdict):
    """A coloured label for a published verdict: text, not only colour, says the rating."""
    if verdict is None:
        return ""
    return _badge_html(verdict.rating, verdict.get_rating_display())


@register.simple_tag
def jsonld(data):
    """<script type="application/ld+json"> with <, > and & escaped, so user text cannot close the tag."""
    return format_html('<script type="application/ld+json">{}</script>', script_json(data))


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
FIELD_LABELS = {"topic_ids": "topics", "sources": "sources", "speaker_id": "speaker", "recipient_outlet_id": "outlet",
                "relations": "related statements"}


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
