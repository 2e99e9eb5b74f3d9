"""When a statement was made, from the date words around it.

Every rule resolves relative to the article's publication date and never past
it: "on April 15" in a September article is this year's April 15, in a
February article last year's.  Precision says how much the words pin down.
"""

import datetime
import re
from dataclasses import dataclass

from .vocab import MONTHS, WEEKDAYS

_MONTH = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_WEEKDAY = "|".join(WEEKDAYS)
_RULES = [
    ("days_apart", r"\b(?P<count>a|an|one|two|three|four|five|six|\d) days? (?P<direction>after|before)\b"),
    ("same_day", r"\b(?:later |earlier )?(?:that|the) same day\b|\blater that day\b"),
    ("month_day", rf"\b(?:on )?(?P<month>{_MONTH})\.? (?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? (?P<year>\d{{4}}))?"),
    ("day_month", rf"\b(?:on )?(?P<day>\d{{1,2}}) (?P<month>{_MONTH})\.?(?: (?P<year>\d{{4}}))?\b"),
    (
        "part_month",
        rf"\b(?P<part>early|mid|late|the middle of|the end of|the beginning of|the start of)"
        rf"[ -](?P<month>{_MONTH})\b\.?(?: (?P<year>\d{{4}}))?",
    ),
    ("in_month", rf"\bin (?P<month>{_MONTH})\b\.?(?: (?P<year>\d{{4}}))?"),
    ("weekday", rf"\b(?P<last>last |this past )?(?P<weekday>{_WEEKDAY})\b"),
    ("today", r"\btoday\b|^Today\b|\bthis (?:morning|afternoon|evening)\b|\btonight\b"),
    ("yesterday", r"\b[Yy]esterday\b"),
    ("this_week", r"\b(?:[Ee]arlier |[Ll]ater )?this week\b"),
    ("last_week", r"\b[Ll]ast week(?:end)?\b"),
    ("this_month", r"\b(?:[Ee]arlier )?this month\b"),
    ("last_month", r"\b[Ll]ast month\b"),
    ("this_year", r"\b(?:[Ee]arlier )?this year\b"),
    ("last_year", r"\b[Ll]ast year\b"),
    ("in_year", r"\b[Ii]n (?P<year>(?:19|20)\d{2})\b"),
    ("recent", r"\b[Rr]ecent(?:ly)?\b|\bthe other day\b"),
]
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_COMPILED = [(name, re.compile(rule)) for name, rule in _RULES]


@dataclass
class DateCue:
    said_date: str | None
    precision: str | None
    approximate: bool
    day: datetime.date | None = None  # the resolved day, for "that same day" later on
    shift: int = 0  # "a day after": days from `anchor` when the speaker is named after the cue
    anchor: datetime.date | None = None
    end: int = 0  # where the cue ends in the searched text


def find_date(text: str, published: datetime.date | None, last_day: datetime.date | None) -> DateCue | None:
    """The first date cue in text, resolved against publication; None if there is none."""
    best = None
    for name, rule in _COMPILED:
        match = rule.search(text)
        if match and (best is None or match.start() < best[1].start()):
            best = (name, match)
    if not best:
        return None
    cue = _resolve(*best, published, last_day)
    cue.end = best[1].end()
    return cue


def _resolve(name, match, published, last_day) -> DateCue:
    if name == "recent":
        return DateCue(None, None, True)
    if name == "days_apart":
        count = _COUNTS.get(match.group("count"), 0) or int(match.group("count"))
        sign = -1 if match.group("direction") == "after" else 1
        return DateCue(None, None, False, shift=sign * count, anchor=last_day)
    if name == "same_day":
        return _day(last_day, False)
    if name in ("month_day", "day_month", "part_month", "in_month", "in_year"):
        return _calendar(name, match, published)
    if published is None:
        return DateCue(None, None, True)
    return _relative(name, match, published)


def _calendar(name, match, published) -> DateCue:
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    if name == "in_year":
        return DateCue(str(year), "year", False)
    month = MONTHS[groups["month"]]
    if name in ("part_month", "in_month"):
        year = year or _year_of(month, 1, published)
        if year is None:
            return DateCue(None, None, True)
        return DateCue(f"{year:04d}-{month:02d}", "month", name == "part_month")
    day = int(groups["day"])
    year = year or _year_of(month, day, published)
    try:
        return _day(datetime.date(year, month, day), False) if year else DateCue(None, None, False)
    except ValueError:
        return DateCue(None, None, False)


def _year_of(month: int, day: int, published: datetime.date | None) -> int | None:
    """The year that puts month/day on or before publication (None without a publication date)."""
    if published is None:
        return None
    return published.year if (month, day) <= (published.month, published.day) else published.year - 1


def _relative(name, match, published: datetime.date) -> DateCue:
    week_ago = published - datetime.timedelta(days=7)
    if name == "weekday":
        target = WEEKDAYS.index(match.group("weekday"))
        back = (published.weekday() - target) % 7 or (7 if match.group("last") else 0)
        return _day(published - datetime.timedelta(days=back), False)
    fixed = {
        "today": (published, False),
        "yesterday": (published - datetime.timedelta(days=1), False),
        "this_week": (published, True),
        "last_week": (week_ago, True),
    }
    if name in fixed:
        return _day(*fixed[name])
    if name in ("this_month", "last_month"):
        first = published.replace(day=1)
        when = first if name == "this_month" else (first - datetime.timedelta(days=1))
        return DateCue(f"{when.year:04d}-{when.month:02d}", "month", name == "this_month")
    year = published.year if name == "this_year" else published.year - 1
    return DateCue(str(year), "year", name == "this_year")


def _day(day: datetime.date | None, approximate: bool) -> DateCue:
    if day is None:
        return DateCue(None, None, approximate)
    return DateCue(day.isoformat(), "day", approximate, day)


def shifted(cue: DateCue, named_after_cue: bool) -> DateCue:
    """'X came a day after Kelly wrote': Kelly spoke a day before the last date; X a day after it."""
    if cue.anchor is None:
        return DateCue(None, None, False)
    days = cue.shift if named_after_cue else -cue.shift
    return _day(cue.anchor + datetime.timedelta(days=days), False)
